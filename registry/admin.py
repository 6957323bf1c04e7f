"""Django admin for the registry (kept close to the defaults: it is also the benchmark's yardstick)."""

from django.contrib import admin

from .models import AssessorProfile, ConflictDeclaration, Education, Employment, Training, WorkerProfile
from .services import record_profile_view


class EducationInline(admin.TabularInline):
    model = Education
    extra = 0
    raw_id_fields = ["diploma"]


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    raw_id_fields = ["letter"]


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0
    raw_id_fields = ["certificate"]


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    list_display = [
        "full_name", "nik", "province", "role_type", "highest_education", "social_work_education",
        "certification_status",
    ]
    list_filter = ["province", "role_type", "highest_education", "social_work_education", "certification_status"]
    search_fields = ["full_name", "^nik"]
    list_select_related = ["province"]
    raw_id_fields = ["user", "photo"]
    readonly_fields = [
        "highest_education", "social_work_education", "role_type", "employer", "practice_years", "practice_hours",
        "training_hours", "created_at", "updated_at",
    ]
    inlines = [EducationInline, EmploymentInline, TrainingInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A full profile opened in the admin is audited like one opened in the portal."""
        if request.method == "GET":
            profile = self.get_object(request, object_id)
            if profile is not None:
                record_profile_view(request.user, profile, request=request)
        return super().change_view(request, object_id, form_url, extra_context)


class ConflictDeclarationInline(admin.TabularInline):
    model = ConflictDeclaration
    extra = 0


@admin.register(AssessorProfile)
class AssessorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "regional_office", "is_active", "declarations_confirmed_at"]
    list_filter = ["regional_office", "is_active"]
    search_fields = ["user__full_name", "user__email", "institution"]
    list_select_related = ["user", "regional_office"]
    raw_id_fields = ["user"]
    inlines = [ConflictDeclarationInline]
