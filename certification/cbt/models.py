"""The computer-based written test (CBT, FR.IA.05): the item bank with versions, the blueprint per
scheme, each candidate's form (attempt) with its answers and the receipts that make answers idempotent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: The permission that makes a user an item writer (docs/cbt.md, "Who"): given through the group
#: "Penulis soal" (created by migration 0002) to assessors or staff who write items.
WRITE_ITEMS = "cbt.write_items"
ITEM_WRITERS_GROUP = "Penulis soal"
MIN_OPTIONS, MAX_OPTIONS = 4, 5


class Domain(models.TextChoices):
    """The cognitive test's domains; the values are the exam's `PartKind` values (the parts scored)."""

    KNOWLEDGE = "knowledge", _("Knowledge")
    VALUES = "values", _("Values")
    SKILLS = "skills", _("Skills")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items are confidential: item writers and LSP admins see them, nobody else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_lsp_admin or user.has_perm(WRITE_ITEMS):
            return self
        return self.none()


class Item(models.Model):
    """A multiple-choice item: its identity across versions. What a candidate sees is a version."""

    scheme = models.ForeignKey(
        "certification.Scheme", on_delete=models.PROTECT, related_name="cbt_items", verbose_name=_("scheme")
    )
    is_active = models.BooleanField(
        _("in the pool"), default=True, help_text=_("Only items in the pool are drawn for new forms.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "id"]
        permissions = [("write_items", "Can write and see CBT items (item writer)")]
        verbose_name = _("test item")
        verbose_name_plural = _("test items")

    def __str__(self):
        return _("Item %(n)s") % {"n": self.pk}


class ItemLocked(ValidationError):
    pass


class ItemVersion(models.Model):
    """One state of an item. A version that is on a candidate's form is never changed: editing the item
    makes a new version (`bank.edit_item`); `save()` refuses a change to a used version."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(default=True)
    unit = models.ForeignKey(
        "competency.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit of competency"),
    )
    domain = models.CharField(_("domain"), max_length=10, choices=Domain.choices)
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    stem = models.TextField(_("question (stem)"), max_length=4000)
    options = models.JSONField(_("options"))
    key = models.PositiveSmallIntegerField(_("key"), help_text=_("The correct option: 0 is A, 1 is B…"))
    rationale = models.TextField(_("rationale"), blank=True, max_length=4000)
    image = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("image")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="cbt_item_version_once"),
            models.UniqueConstraint(fields=["item"], condition=Q(is_current=True), name="cbt_item_one_current"),
            models.CheckConstraint(condition=Q(key__lte=4), name="cbt_item_key_in_range"),
        ]
        indexes = [models.Index(fields=["is_current", "domain"], name="cbt_item_pool_idx")]
        verbose_name = _("item version")
        verbose_name_plural = _("item versions")

    def __str__(self):
        return _("Item %(item)s, version %(n)s") % {"item": self.item_id, "n": self.number}

    @property
    def letters(self):
        return [(chr(65 + i), text) for i, text in enumerate(self.options)]

    @property
    def key_letter(self):
        return chr(65 + self.key)

    def is_used(self):
        return self.pk is not None and AttemptItem.objects.filter(version_id=self.pk).exists()

    CONTENT = ("unit_id", "domain", "difficulty", "stem", "options", "key", "rationale", "image_id")

    def save(self, *args, **kwargs):
        if self.pk is not None and self.is_used():
            stored = ItemVersion.objects.filter(pk=self.pk).values(*self.CONTENT).first()
            if stored and any(stored[name] != getattr(self, name) for name in self.CONTENT):
                raise ItemLocked(_("This version is on a candidate's test and cannot be changed; edit the item to make a new version."))
        super().save(*args, **kwargs)


class Blueprint(models.Model):
    """The test definition of a scheme: how many items, how long, the pass mark, the share per domain."""

    scheme = models.OneToOneField(
        "certification.Scheme", on_delete=models.PROTECT, related_name="cbt_blueprint", verbose_name=_("scheme")
    )
    item_count = models.PositiveSmallIntegerField(
        _("number of items"), validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    pass_mark = models.DecimalField(
        _("pass mark of the test (0–100)"), max_digits=5, decimal_places=2, default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    share_knowledge = models.PositiveSmallIntegerField(_("knowledge (%)"), default=30, validators=[MaxValueValidator(100)])
    share_values = models.PositiveSmallIntegerField(_("values (%)"), default=30, validators=[MaxValueValidator(100)])
    share_skills = models.PositiveSmallIntegerField(_("skills (%)"), default=40, validators=[MaxValueValidator(100)])
    shuffle_options = models.BooleanField(_("shuffle the options"), default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(share_knowledge__gte=0, share_values__gte=0, share_skills__gte=0), name="cbt_blueprint_shares"
            ),
        ]
        verbose_name = _("test blueprint")
        verbose_name_plural = _("test blueprints")

    def __str__(self):
        return str(self.scheme)

    @property
    def shares(self):
        return {Domain.KNOWLEDGE: self.share_knowledge, Domain.VALUES: self.share_values, Domain.SKILLS: self.share_skills}


class BlueprintUnit(models.Model):
    """A unit quota of a blueprint: every form holds exactly `items` items of this unit of competency
    (a unit of the scheme's published version). Units without a row have no quota."""

    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="unit_quotas")
    unit = models.ForeignKey("competency.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit of competency"))
    items = models.PositiveSmallIntegerField(_("number of items"), validators=[MaxValueValidator(300)])

    class Meta:
        ordering = ["blueprint", "unit__order", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["blueprint", "unit"], name="cbt_blueprint_unit_once")]
        verbose_name = _("unit quota")
        verbose_name_plural = _("unit quotas")

    def __str__(self):
        return f"{self.unit_id}: {self.items}"


class AttemptStatus(models.TextChoices):
    #: the form is drawn (at check-in) but the candidate has not started: no clock, no device, nothing shown
    READY = "ready", pgettext_lazy("cbt attempt", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("cbt attempt", "In progress")
    SUBMITTED = "submitted", pgettext_lazy("cbt attempt", "Submitted")


class SubmitReason(models.TextChoices):
    CANDIDATE = "candidate", _("Submitted by the candidate")
    TIME = "time", _("Time ran out")
    PROCTOR = "proctor", _("Ended by the proctor")


class AttemptQuerySet(models.QuerySet):
    def of_candidate(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(booking__application__applicant=user)


class Attempt(models.Model):
    """A candidate's sitting of the test: their own form, the server's clock, the active device, the scores.
    The form is drawn when the candidate is checked in (status `ready`: no start, no deadline, no device yet)
    or, failing that, when they start; starting sets the clock and the device."""

    Status = AttemptStatus

    booking = models.OneToOneField("exams.ExamBooking", on_delete=models.PROTECT, related_name="cbt_attempt")
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="attempts")
    seed = models.BigIntegerField()
    status = models.CharField(max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField(null=True, blank=True)
    time_limit_minutes = models.PositiveSmallIntegerField()
    extra_minutes = models.PositiveSmallIntegerField(default=0)
    #: minutes the proctor added (`proctoring.extend`, each time with a reason in the audit event)
    proctor_minutes = models.PositiveSmallIntegerField(default=0)
    deadline = models.DateTimeField(null=True, blank=True)
    #: set while the proctor has paused the test: the clock stands still; on resume the deadline moves
    #: by the time paused (`proctoring.resume`), which is added to `paused_seconds`
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submit_reason = models.CharField(max_length=10, choices=SubmitReason.choices, blank=True)
    #: sha256 of the active device's token (a cookie); another device is refused unless `device_switch_allowed`
    device_hash = models.CharField(max_length=64, blank=True)
    device_switch_allowed = models.BooleanField(default=False)
    device_switches = models.PositiveSmallIntegerField(default=0)
    pass_mark = models.DecimalField(max_digits=5, decimal_places=2)
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    score_knowledge = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    score_values = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    score_skills = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gt=models.F("started_at")), name="cbt_attempt_deadline_after_start"),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="cbt_attempt_due_idx")]
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")

    def __str__(self):
        return str(self.booking_id)

    @property
    def is_open(self):
        return self.status == AttemptStatus.IN_PROGRESS

    @property
    def is_ready(self):
        return self.status == AttemptStatus.READY

    @property
    def is_paused(self):
        return self.is_open and self.paused_at is not None

    def seconds_left(self, now=None):
        """The time left on the server's clock; while paused, what was left when the pause began; 0 before the start."""
        if self.deadline is None:
            return 0
        now = self.paused_at or now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))

    @property
    def passed(self):
        return self.total is not None and self.total >= self.pass_mark


class AttemptItem(models.Model):
    """One question of a candidate's form: the item version, the order its options are shown in, the answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT, related_name="placements")
    #: the shown order: original option indexes, e.g. [2, 0, 3, 1]
    order = models.JSONField()
    #: the chosen option's original index; None while unanswered
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    #: the highest sequence number of the browser's answers applied; older ones are stale replays
    seq = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="cbt_attempt_item_position_once"),
            models.UniqueConstraint(fields=["attempt", "version"], name="cbt_attempt_item_version_once"),
        ]

    @property
    def is_correct(self):
        return self.choice is not None and self.choice == self.version.key

    @property
    def shown_choice(self):
        """The position (0…) of the chosen option as the candidate sees them."""
        return None if self.choice is None else self.order.index(self.choice)


class AnswerReceipt(models.Model):
    """Each answer the browser sent, by its idempotency key: a replay of the same key changes nothing."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="receipts")
    key = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField()
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    flagged = models.BooleanField(null=True)
    seq = models.PositiveIntegerField()
    applied = models.BooleanField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "key"], name="cbt_receipt_key_once")]
