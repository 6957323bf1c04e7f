from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("organisation", "contact_email", "scopes", "created_at", "revoked_at")
    readonly_fields = ("application", "created_at", "created_by", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # `manage.py register_partner` makes the client and shows its secret once

    @admin.action(description=_("Revoke the selected partners (their tokens stop working at once)"))
    def revoke(self, request, queryset):
        for partner in queryset:
            services.revoke_partner(request.user, partner, reason="admin")
        messages.success(request, _("Revoked."))
