from django.contrib import admin

from .models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints are handled on the portal's own pages, through the workflow."""

    list_display = ("reference", "subject_kind", "status", "handler_role", "created_at", "due_at")
    list_filter = ("status", "handler_role", "subject_kind")
    readonly_fields = [f.name for f in Complaint._meta.fields]
    exclude = ("evidence",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
