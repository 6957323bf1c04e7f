"""Admin: the instrument is configured here (versions, standards, indicators, descriptors, scale,
grade cut-offs and validity). A published version is read-only; copy it to change it."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import instrument
from .models import (
    Accreditation,
    Descriptor,
    GradeRule,
    Indicator,
    Institution,
    InstitutionOperator,
    InstrumentVersion,
    ScaleLevel,
    Standard,
)


class FrozenWhenPublished:
    """Inlines and admins of version parts: read-only once the version is published."""

    def _published(self, obj):
        if obj is None:
            return False
        version = obj if isinstance(obj, InstrumentVersion) else obj.version_of()
        return version is not None and version.is_published

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._published(obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.ModelAdmin):  # a model admin's signature has no obj
            return super().has_add_permission(request)
        return super().has_add_permission(request, obj) and not self._published(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._published(obj)


class ScaleInline(FrozenWhenPublished, admin.TabularInline):
    model = ScaleLevel
    extra = 0


class GradeInline(FrozenWhenPublished, admin.TabularInline):
    model = GradeRule
    extra = 0


class StandardInline(FrozenWhenPublished, admin.TabularInline):
    model = Standard
    extra = 0
    fields = ["number", "name", "description"]
    show_change_link = True


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "published_at", "created_at"]
    readonly_fields = ["published_at", "created_at"]
    inlines = [ScaleInline, GradeInline, StandardInline]
    actions = ["copy_as_new_version", "publish_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return ["number", "title", "description", "published_at", "created_at"]
        return self.readonly_fields

    @admin.action(description=_("Copy as a new draft version"))
    def copy_as_new_version(self, request, queryset):
        for version in queryset:
            new = instrument.copy_version(version, actor=request.user)
            self.message_user(request, _("Version %(n)s was created as a draft.") % {"n": new.number}, messages.SUCCESS)

    @admin.action(description=_("Publish (new accreditations use it)"))
    def publish_version(self, request, queryset):
        for version in queryset:
            try:
                instrument.publish(version, actor=request.user)
            except instrument.InstrumentError as error:
                self.message_user(request, f"v{version.number}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("Version %(n)s is published.") % {"n": version.number}, messages.SUCCESS)


class IndicatorInline(FrozenWhenPublished, admin.StackedInline):
    model = Indicator
    extra = 0
    fields = ["code", "order", "text", "weight", "required_evidence", "allows_not_applicable", "guidance"]
    show_change_link = True


@admin.register(Standard)
class StandardAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["__str__", "version"]
    list_filter = ["version"]
    inlines = [IndicatorInline]


class DescriptorInline(FrozenWhenPublished, admin.TabularInline):
    model = Descriptor
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "text", "weight", "allows_not_applicable", "standard"]
    list_filter = ["standard__version", "standard__number"]
    search_fields = ["code", "text"]
    inlines = [DescriptorInline]


class OperatorInline(admin.TabularInline):
    model = InstitutionOperator
    fk_name = "institution"
    extra = 0
    raw_id_fields = ["user", "added_by"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "regency", "legal_form", "grade", "accredited_until"]
    list_filter = ["legal_form", "grade", "province__regional_office"]
    search_fields = ["name", "legal_entity_name", "npwp"]
    readonly_fields = [
        "staff_count", "social_worker_count", "grade", "accredited_until", "current_accreditation", "created_by",
        "deed_document", "decree_document", "registration_document", "licence_document", "npwp_document",
    ]
    inlines = [OperatorInline]


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):
    """Read-only: accreditations move only through their workflow."""

    list_display = ["__str__", "institution", "status", "score", "suggested_grade", "grade", "submitted_at"]
    list_filter = ["status", "grade", "regional_office"]
    search_fields = ["institution__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
