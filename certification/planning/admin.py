from django.contrib import admin

from .models import Adjustments, AgreementConfirmation, AssessmentPlan


class ReadOnly(admin.ModelAdmin):
    """Read-only: plans, confirmations and adjustments are recorded in the portal (audited)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssessmentPlan)
class AssessmentPlanAdmin(ReadOnly):
    list_display = ["booking", "approach", "assessor", "updated_at"]


@admin.register(AgreementConfirmation)
class AgreementConfirmationAdmin(ReadOnly):
    list_display = ["booking", "party", "user", "confirmed_at"]


@admin.register(Adjustments)
class AdjustmentsAdmin(ReadOnly):
    list_display = ["application", "extra_minutes", "reader", "large_print", "separate_room", "interpreter", "updated_at"]
