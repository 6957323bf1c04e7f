from django.contrib import admin

from .models import Assignment, Criterion, Reconciliation, RoundAssessment, Rubric


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
