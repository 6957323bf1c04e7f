from django.contrib import admin

from .models import AssessorLicence, Assignment, Criterion, LicenceReminder, Reconciliation, RoundAssessment, Rubric


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = ["area", "order", "title", "description", "weight", "required", "descriptors"]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "scale_min", "scale_max", "is_active"]
    list_filter = ["scheme", "is_active"]
    inlines = [CriterionInline]


@admin.register(RoundAssessment)
class RoundAssessmentAdmin(admin.ModelAdmin):
    list_display = ["round", "assessors_per_application", "blind", "days_to_assess", "reconciliation_threshold"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "assessor", "role", "status", "due_at", "total", "recommendation"]
    list_filter = ["status", "role"]
    list_select_related = ["application", "assessor"]
    readonly_fields = [f.name for f in Assignment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Reconciliation)
class ReconciliationAdmin(admin.ModelAdmin):
    list_display = ["application", "status", "recommendation", "decided_by", "decided_at"]
    readonly_fields = [f.name for f in Reconciliation._meta.fields]

    def has_add_permission(self, request):
        return False


class LicenceReminderInline(admin.TabularInline):
    model = LicenceReminder
    extra = 0
    can_delete = False
    readonly_fields = ["days", "valid_until", "sent_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssessorLicence)
class AssessorLicenceAdmin(admin.ModelAdmin):
    list_display = ["met_number", "assessor", "valid_from", "valid_until"]
    list_filter = ["schemes", "valid_until"]
    search_fields = ["met_number", "assessor__user__full_name", "assessor__user__email"]
    list_select_related = ["assessor__user"]
    raw_id_fields = ["assessor"]
    filter_horizontal = ["schemes"]
    inlines = [LicenceReminderInline]
