from django.contrib import admin

from .models import Application, ApplicationDocument, EssayPrompt, RequiredDocument, Round, Route, Scheme


class RouteInline(admin.StackedInline):
    model = Route
    extra = 0
    fields = [
        "kind", "description", "min_education_level", "social_work_education_required", "alt_training_hours",
        "no_social_work_education", "min_practice_years", "min_practice_hours", "min_training_hours", "min_age",
        "components", "is_active",
    ]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "credential_code", "is_active", "order"]
    list_editable = ["is_active", "order"]
    inlines = [RouteInline]


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class EssayPromptInline(admin.TabularInline):
    model = EssayPrompt
    extra = 0
    fields = ["area", "order", "prompt", "min_chars", "max_chars"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "min_education_level", "social_work_education_required", "min_practice_years", "is_active"]
    list_filter = ["scheme", "kind", "is_active"]
    inlines = [RequiredDocumentInline, EssayPromptInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "opens_at", "closes_at", "quota", "is_published"]
    list_filter = ["scheme", "is_published", "regional_offices"]
    filter_horizontal = ["regional_offices"]
    search_fields = ["name"]
    date_hierarchy = "opens_at"


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    fields = ["requirement", "document", "review_status", "review_note", "reviewed_by", "reviewed_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: every change of an application goes through the workflow (the portal's pages)."""

    list_display = ["reference", "applicant", "round", "route", "status", "regional_office", "submitted_at"]
    list_filter = ["status", "regional_office", "round__scheme"]
    search_fields = ["applicant__full_name", "applicant__email"]
    list_select_related = ["applicant", "round", "route__scheme", "regional_office"]
    inlines = [ApplicationDocumentInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Application._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
