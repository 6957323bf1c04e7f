from django.urls import path, register_converter

from . import staff_views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "export_format")

app_name = "dashboards"
urlpatterns = [
    path("", staff_views.index, name="index"),
    path("<slug:key>/", staff_views.page, name="page"),
    path("<slug:key>/<slug:panel>.<export_format:fmt>", staff_views.download, name="download"),
]
