from django.contrib import admin

from .models import Province, RegionalOffice


class ProvinceInline(admin.TabularInline):
    model = Province
    extra = 0
    fields = ["code", "name", "capital"]


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city"]
    inlines = [ProvinceInline]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "capital", "regional_office"]
    list_filter = ["regional_office"]
    list_editable = ["regional_office"]
    search_fields = ["name", "capital", "code"]
