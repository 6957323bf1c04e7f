from django.contrib import admin

from .models import Credential, CredentialCounter, IssuanceBatch


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    """Read-only: credentials are issued by the service and change status through the workflow
    (the admin screens at /credentials/manage/), never by editing fields here."""

    list_display = ["number", "kind", "holder_name", "subject", "status", "issued_on", "valid_until"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "lookup", "holder_name"]
    readonly_fields = [f.name for f in Credential._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CredentialCounter)
class CredentialCounterAdmin(admin.ModelAdmin):
    list_display = ["prefix", "year", "last"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuanceBatch)
class IssuanceBatchAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "total", "processed", "created_at"]
    exclude = ["items", "credentials"]
    readonly_fields = ["kind", "title", "created_by", "status", "total", "processed", "errors", "finished_at"]

    def has_add_permission(self, request):
        return False
