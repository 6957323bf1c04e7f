from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "owner", "kind", "content_type", "size", "created_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "owner__email", "sha256"]
    readonly_fields = ["id", "owner", "kind", "original_name", "content_type", "size", "sha256", "storage_name", "created_at"]

    def has_add_permission(self, request):
        return False
