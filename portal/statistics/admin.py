from django.contrib import admin

from .models import ProvinceNeed


@admin.register(ProvinceNeed)
class ProvinceNeedAdmin(admin.ModelAdmin):
    list_display = ("province", "welfare_population", "need")
    list_editable = ("welfare_population", "need")
    ordering = ("province__code",)
