"""The breach register in the Django admin, to read: the officer's pages are where it is kept."""

from django.contrib import admin

from .models import AffectedPerson, Breach


class AffectedInline(admin.TabularInline):
    model = AffectedPerson
    fields = ("person", "source", "added_at", "notified_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "status", "discovered_at", "due_at", "authority_notified_at",
                    "subjects_notified_at")
    list_filter = ("status",)
    search_fields = ("title",)
    inlines = [AffectedInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Breach._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
