from django.contrib import admin

from .models import AssessmentRecord, UnitDecision, UnitSource


@admin.register(UnitSource)
class UnitSourceAdmin(admin.ModelAdmin):
    """Which exam component or rubric criterion informs which unit (per scheme version, through its units)."""

    list_display = ("unit", "component", "criterion")
    list_filter = ("unit__version__scheme", "component")
    raw_id_fields = ("unit", "criterion")


class UnitDecisionInline(admin.TabularInline):
    model = UnitDecision
    extra = 0
    readonly_fields = ("unit", "decision", "methods", "note", "updated_at")
    can_delete = False


@admin.register(AssessmentRecord)
class AssessmentRecordAdmin(admin.ModelAdmin):
    list_display = ("application", "assessor", "submitted_at")
    readonly_fields = ("booking", "application", "assessor", "submitted_at")
    inlines = [UnitDecisionInline]

    def has_add_permission(self, request):
        return False
