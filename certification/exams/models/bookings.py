"""Bookings with a waitlist, check-in, attendance, scores and the plenary's result."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .common import card_storage, format_code, new_code
from .sessions import ComponentPart, ExamSession, SessionKind


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Seat booked")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Did not attend")


class Result(models.TextChoices):
    COMPETENT = "competent", _("Kompeten")
    NOT_YET_COMPETENT = "not_yet_competent", _("Belum Kompeten")


LIVE = (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED)


class ExamBookingQuerySet(models.QuerySet):
    def live(self):
        """Seats and waitlist places still ahead: once attendance is recorded a booking is history."""
        return self.filter(status__in=LIVE, attendance="")

    def confirmed(self):
        return self.filter(status=BookingStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=BookingStatus.WAITLISTED)

    def of_candidate(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(application__applicant=user)


class ExamBooking(models.Model):
    """A candidate's seat (or waitlist place) in a session; one live booking per application and
    session type. Carries the check-in code, attendance, the assessor, the result and the card."""

    Status = BookingStatus

    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="bookings")
    application = models.ForeignKey(
        "certification.Application", on_delete=models.PROTECT, related_name="exam_bookings", verbose_name=_("application")
    )
    kind = models.CharField(max_length=10, choices=SessionKind.choices, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices)
    seat = models.PositiveIntegerField(_("seat"), null=True, blank=True)
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)

    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    assessor = models.ForeignKey(
        "registry.AssessorProfile", on_delete=models.PROTECT, null=True, blank=True, related_name="exam_bookings",
        verbose_name=_("assessor"),
    )
    assessor_note = models.TextField(_("assessor's note"), blank=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    scores_complete = models.BooleanField(_("scores complete"), default=False)

    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    result_reason = models.TextField(_("reason"), blank=True)
    feedback = models.TextField(_("feedback for the candidate"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    card = models.FileField(storage=card_storage, blank=True, max_length=200)
    card_sha256 = models.CharField(max_length=64, blank=True)
    card_fingerprint = models.CharField(max_length=64, blank=True)
    card_rendered_at = models.DateTimeField(null=True, blank=True)

    objects = ExamBookingQuerySet.as_manager()

    class Meta:
        ordering = ["session", "seat", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "seat"], condition=Q(status="confirmed"), name="exam_booking_one_per_seat"
            ),
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(status__in=["confirmed", "waitlisted"], attendance=""),
                name="exam_booking_one_live_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(status="confirmed", seat__isnull=False) | ~Q(status="confirmed"),
                name="exam_booking_confirmed_has_seat",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="exam_booking_queue_idx"),
            models.Index(fields=["status", "session"], name="exam_booking_status_idx"),
        ]
        verbose_name = _("exam booking")
        verbose_name_plural = _("exam bookings")

    def __str__(self):
        return f"{self.session} · {self.application.reference}"

    def get_absolute_url(self):
        return reverse("exams:booking", args=[self.pk])

    @property
    def display_code(self):
        return format_code(self.code)

    @property
    def is_confirmed(self):
        return self.status == BookingStatus.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == BookingStatus.WAITLISTED

    @property
    def is_live(self):
        return self.status in LIVE and not self.attendance

    @property
    def checked_in(self):
        return self.attendance == Attendance.PRESENT


class ExamScore(models.Model):
    """One part's score (0–100) for one candidate; empty until entered (partial saves)."""

    booking = models.ForeignKey(ExamBooking, on_delete=models.CASCADE, related_name="scores")
    part = models.ForeignKey(ComponentPart, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "part"], name="exam_score_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=100), name="exam_score_in_range"
            ),
        ]
        verbose_name = _("exam score")
        verbose_name_plural = _("exam scores")
