from django.contrib import admin

from .models import ComponentPart, ExamBooking, ExamComponent, ExamPolicy, ExamSession, Tuk, TukVerification


class ComponentInline(admin.TabularInline):
    model = ExamComponent
    extra = 0


@admin.register(ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "regional_office", "starts_at", "capacity", "is_published"]
    list_filter = ["kind", "regional_office", "mode", "is_published"]
    search_fields = ["title", "venue_name"]
    raw_id_fields = ["created_by", "tuk"]
    filter_horizontal = ["assessors"]
    inlines = [ComponentInline]


@admin.register(ComponentPart)
class ComponentPartAdmin(admin.ModelAdmin):
    list_display = ["__str__", "weight", "order"]


@admin.register(ExamBooking)
class ExamBookingAdmin(admin.ModelAdmin):
    list_display = ["code", "session", "application", "status", "seat", "attendance", "result"]
    list_filter = ["status", "attendance", "result", "kind"]
    search_fields = ["code", "application__applicant__email", "application__applicant__full_name"]
    raw_id_fields = ["session", "application", "booked_by", "cancelled_by", "checked_in_by", "assessor", "decided_by"]
    readonly_fields = ["card", "card_sha256", "card_fingerprint", "card_rendered_at"]


@admin.register(ExamPolicy)
class ExamPolicyAdmin(admin.ModelAdmin):
    list_display = ["round", "allow_other_regions", "max_attempts", "rebook_after_no_show", "rebook_after_not_yet_competent"]


class TukVerificationInline(admin.TabularInline):
    model = TukVerification
    extra = 0
    raw_id_fields = ["verifier"]


@admin.register(Tuk)
class TukAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "capacity"]
    list_filter = ["kind", "province__regional_office"]
    search_fields = ["name", "address"]
    raw_id_fields = ["created_by"]
    inlines = [TukVerificationInline]
