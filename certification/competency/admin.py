from django.contrib import admin

from .models import SchemeVersion, SelfAssessment


@admin.register(SchemeVersion)
class SchemeVersionAdmin(admin.ModelAdmin):
    """Read-only: versions are made by the import (`/schemes/units/`) and never changed once published."""

    list_display = ["scheme", "number", "kind", "scheme_number", "illustrative", "published_at"]
    list_filter = ["scheme", "illustrative"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["application", "version", "created_at"]
    list_select_related = ["application", "version", "version__scheme"]
    readonly_fields = ["application", "version", "created_at"]

    def has_add_permission(self, request):
        return False
