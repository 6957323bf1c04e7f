"""LKS institutions, the versioned accreditation instrument, accreditations (self-assessment, desk
review, visitation, decision)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import normalize_name

from .choices import (
    LEGAL_ENTITY_FORMS,
    OPEN_STATES,
    VISITING_STATES,
    AccreditationStatus,
    Grade,
    LegalDocument,
    LegalForm,
    ReviewStatus,
    ServiceField,
    StaffRole,
)


# ---- institutions --------------------------------------------------------------------------------
class InstitutionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Operators their own LKS; a secretariat the LKS of its regional office's provinces; BALKS
        admins all; assessors the LKS whose visitation they are on while it is open (scheduled, not
        yet complete: `Accreditation.objects.being_visited_by`), not an LKS they visited once;
        everyone else none."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_balks_admin:
            return self.all()
        if user.is_lks_operator:
            return self.filter(operators=user)
        if user.is_secretariat and user.regional_office_id:
            return self.filter(province__regional_office_id=user.regional_office_id)
        if user.is_assessor:
            return self.filter(pk__in=Accreditation.objects.being_visited_by(user).values("institution_id"))
        return self.none()

    def accredited(self):
        """The public register: LKS whose current accreditation's certificate is valid today."""
        return self.filter(
            accredited_until__gte=timezone.localdate(),
            current_accreditation__credential__status="valid",
        )


class Institution(models.Model):
    """A social welfare institution (Lembaga Kesejahteraan Sosial), registered by its operators."""

    name = models.CharField(_("name of the LKS"), max_length=200)
    name_search = models.CharField(max_length=200, editable=False, default="")
    legal_entity_name = models.CharField(
        _("name of the legal entity"),
        max_length=200,
        blank=True,
        help_text=_("The foundation or association that runs the LKS, if its name differs, e.g. Yayasan Kasih Bunda."),
    )
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    province = models.ForeignKey(
        "regions.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    regency = models.CharField(_("regency / city"), max_length=100)
    address = models.TextField(_("street address"))
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("email of the LKS"), blank=True)
    leader_name = models.CharField(_("name of the leader"), max_length=200)
    leader_position = models.CharField(_("leader's position"), max_length=100, default="Ketua")
    capacity = models.PositiveIntegerField(_("capacity (beneficiaries that can be served)"))
    beneficiaries = models.PositiveIntegerField(_("beneficiaries served now"))

    # Legal standing: each item has its number, date and document.
    deed_number = models.CharField(_("notarial deed number"), max_length=100)
    deed_date = models.DateField(_("date of the notarial deed"))
    deed_document = models.ForeignKey(
        "documents.Document", verbose_name=_("notarial deed"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    decree_number = models.CharField(_("Kemenkumham decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("date of the Kemenkumham decree"), null=True, blank=True)
    decree_document = models.ForeignKey(
        "documents.Document", verbose_name=_("Kemenkumham decree"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    registration_number = models.CharField(_("Tanda Daftar number"), max_length=100)
    registration_date = models.DateField(_("date of the Tanda Daftar"))
    registration_document = models.ForeignKey(
        "documents.Document", verbose_name=_("Tanda Daftar"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    licence_number = models.CharField(_("operating licence number"), max_length=100)
    licence_date = models.DateField(_("date of the operating licence"))
    licence_document = models.ForeignKey(
        "documents.Document", verbose_name=_("operating licence"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    npwp = models.CharField(_("NPWP"), max_length=16)
    npwp_document = models.ForeignKey(
        "documents.Document", verbose_name=_("NPWP card"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="InstitutionOperator", through_fields=("institution", "user"),
        related_name="lks_institutions",
        verbose_name=_("operators"),
    )
    # Derived from the staff list (services.refresh_staff_totals); never typed.
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    social_worker_count = models.PositiveIntegerField(_("social workers"), default=0)
    # The public register, set when a certificate is issued (denormalised for the public list).
    current_accreditation = models.ForeignKey(
        "Accreditation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True, editable=False)
    accredited_until = models.DateField(_("accredited until"), null=True, blank=True, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name_search", "id"]
        verbose_name = _("LKS")
        verbose_name_plural = _("LKS")
        indexes = [
            models.Index(fields=["name_search", "id"], name="lks_name_idx"),
            models.Index(fields=["province", "name_search", "id"], name="lks_province_name_idx"),
            models.Index(fields=["accredited_until", "province"], name="lks_accredited_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = normalize_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_search"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accreditation:institution_detail", args=[self.pk])

    @property
    def is_legal_entity(self):
        return self.legal_form in LEGAL_ENTITY_FORMS

    @property
    def npwp_display(self):
        from .validators import format_npwp

        return format_npwp(self.npwp)

    @property
    def beneficiaries_per_social_worker(self):
        """The social-worker ratio: beneficiaries per social worker (None without social workers)."""
        if not self.social_worker_count:
            return None
        return round(self.beneficiaries / self.social_worker_count, 1)

    @property
    def social_worker_share(self):
        """Social workers as a percentage of all staff."""
        if not self.staff_count:
            return None
        return round(100 * self.social_worker_count / self.staff_count)

    def legal_items(self):
        """(key, label, number, date, document) of each legal document that applies."""
        items = [
            (LegalDocument.DEED, self.deed_number, self.deed_date, self.deed_document),
            (LegalDocument.DECREE, self.decree_number, self.decree_date, self.decree_document),
            (LegalDocument.REGISTRATION, self.registration_number, self.registration_date, self.registration_document),
            (LegalDocument.LICENCE, self.licence_number, self.licence_date, self.licence_document),
            (LegalDocument.NPWP, self.npwp_display, None, self.npwp_document),
        ]
        return [
            (key.value, key.label, number, date, document)
            for key, number, date, document in items
            if key != LegalDocument.DECREE or self.is_legal_entity
        ]

    def service_labels(self):
        labels = dict(ServiceField.choices)
        return [labels.get(s.field, s.field) for s in self.services.all()]


class InstitutionOperator(models.Model):
    """An operator account of an LKS. An LKS may have several; an operator may manage several LKS."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lks_memberships")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "institution"], name="lks_operator_once")]
        verbose_name = _("LKS operator")
        verbose_name_plural = _("LKS operators")

    def __str__(self):
        return f"{self.user} · {self.institution}"


class InstitutionService(models.Model):
    """One service field of an LKS (a row per field, indexed for the public list's filter)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="services")
    field = models.CharField(_("service field"), max_length=20, choices=ServiceField.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["institution", "field"], name="lks_service_once")]
        indexes = [models.Index(fields=["field", "institution"], name="lks_service_field_idx")]
        verbose_name = _("service field")
        verbose_name_plural = _("service fields")

    def __str__(self):
        return self.get_field_display()


class Staff(models.Model):
    """A member of an LKS's staff, linked to the registry's worker profile where one exists."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="staff")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    social_work_education = models.BooleanField(
        _("social-work education"), default=False,
        help_text=_("A social-work or social-welfare degree (D3, D4, S1 or higher)."),
    )
    worker = models.ForeignKey(
        "registry.WorkerProfile", verbose_name=_("registry profile"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "full_name", "id"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self):
        return self.full_name

    @property
    def is_social_worker(self):
        return self.role == StaffRole.SOCIAL_WORKER


# ---- the instrument ---------------------------------------------------------------------------------
class InstrumentFrozen(ValidationError):
    pass


class InstrumentVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self):
        """The newest published version: what a new accreditation is assessed with."""
        return self.published().order_by("-number").first()


class InstrumentVersion(models.Model):
    """A version of the accreditation instrument. Once published it is frozen: a change is a new
    version, and every accreditation keeps a snapshot of the version it was assessed with."""

    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")

    def __str__(self):
        return f"v{self.number} · {self.title}"

    @property
    def is_published(self):
        return self.published_at is not None


class VersionPart(models.Model):
    """A part of an instrument version; refuses changes once the version is published."""

    class Meta:
        abstract = True

    def version_of(self):
        """The version this part belongs to; parts that hang below another part override this."""
        return InstrumentVersion.objects.filter(pk=self.version_id).first() if self.version_id else None

    def _check_frozen(self):
        version = self.version_of()
        if version is not None and version.is_published:
            raise InstrumentFrozen(
                _("Version %(n)s of the instrument is published and cannot change; copy it as a new version.")
                % {"n": version.number}
            )

    def clean(self):
        super().clean()
        self._check_frozen()

    def save(self, *args, **kwargs):
        self._check_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_frozen()
        return super().delete(*args, **kwargs)


class GradeRule(VersionPart):
    """A grade's cut-off (minimum score of 100) and validity. Defaults: A ≥ 86 → 5 years,
    B ≥ 71 → 3 years, C ≥ 56 → 2 years; below C: not accredited."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="grades")
    grade = models.CharField(_("grade"), max_length=1, choices=[c for c in Grade.choices if c[0] != "X"])
    min_score = models.DecimalField(_("minimum score"), max_digits=5, decimal_places=2)
    validity_years = models.PositiveSmallIntegerField(_("valid for (years)"))

    class Meta:
        ordering = ["-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["version", "grade"], name="grade_rule_once"),
            models.CheckConstraint(condition=Q(min_score__gte=0, min_score__lte=100), name="grade_rule_range"),
        ]
        verbose_name = _("grade rule")
        verbose_name_plural = _("grade rules")

    def __str__(self):
        return f"{self.grade} ≥ {self.min_score}"


class ScaleLevel(VersionPart):
    """A point of the score scale (e.g. 1 Kurang … 4 Sangat baik)."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="scale")
    value = models.PositiveSmallIntegerField(_("score"))
    label = models.CharField(_("label"), max_length=50)

    class Meta:
        ordering = ["value"]
        constraints = [models.UniqueConstraint(fields=["version", "value"], name="scale_level_once")]
        verbose_name = _("score level")
        verbose_name_plural = _("score scale")

    def __str__(self):
        return f"{self.value} {self.label}"


class Standard(VersionPart):
    """One of the six standards (program, proses, manajemen, SDM, sarana prasarana, hasil)."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="standard_once")]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Indicator(VersionPart):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=10, help_text=_("E.g. 2.3"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("indicator"))
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    required_evidence = models.TextField(
        _("required evidence"), blank=True, help_text=_("What the LKS must upload (Formulir B). Leave empty if none.")
    )
    allows_not_applicable = models.BooleanField(
        _("may be “not applicable”"), default=False,
        help_text=_("E.g. residential care indicators for an LKS without residential services."),
    )

    class Meta:
        ordering = ["standard__number", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="indicator_code_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight_positive"),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.code} {self.text[:80]}"

    def version_of(self):
        if not self.standard_id:
            return None
        return InstrumentVersion.objects.filter(standards__pk=self.standard_id).first()

    @property
    def needs_evidence(self):
        return bool(self.required_evidence.strip())


class Descriptor(VersionPart):
    """What a score means for one indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="descriptors")
    value = models.PositiveSmallIntegerField(_("score"))
    text = models.TextField(_("descriptor"))

    class Meta:
        ordering = ["indicator", "value"]
        constraints = [models.UniqueConstraint(fields=["indicator", "value"], name="descriptor_once")]
        verbose_name = _("descriptor")
        verbose_name_plural = _("descriptors")

    def __str__(self):
        return f"{self.value}: {self.text[:60]}"

    def version_of(self):
        if not self.indicator_id:
            return None
        return InstrumentVersion.objects.filter(standards__indicators__pk=self.indicator_id).first()


# ---- accreditations ----------------------------------------------------------------------------------
class AccreditationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Operators their LKS's accreditations; assessors those they visit; a secretariat its
        regional office's (not drafts); BALKS admins all; nobody else any."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_balks_admin:
            return self.all()
        if user.is_lks_operator:
            return self.filter(institution__operators=user)
        if user.is_secretariat and user.regional_office_id:
            return self.filter(regional_office_id=user.regional_office_id).exclude(status=AccreditationStatus.DRAFT)
        if user.is_assessor:
            return self.filter(visitation__team__assessor__user=user)
        return self.none()

    def being_visited_by(self, user):
        """The accreditations whose visitation `user` is on while it is open: from scheduling to the
        team lead completing it. The team works on the LKS's papers then, and only then."""
        if user is None or not user.is_authenticated or not user.is_assessor:
            return self.none()
        return self.filter(status__in=VISITING_STATES, visitation__team__assessor__user=user)


class Accreditation(models.Model):
    """One accreditation of one LKS, from the self-assessment to the certificate."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("LKS"), on_delete=models.PROTECT, related_name="accreditations"
    )
    instrument = models.ForeignKey(
        InstrumentVersion, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="accreditations"
    )
    #: the instrument as it was when the accreditation started (weights, scale, grade rules): the
    #: decision is computed from it, so a later version never rewrites a past result
    snapshot = models.JSONField(default=dict, editable=False)
    status = models.CharField(
        _("status"), max_length=30, choices=AccreditationStatus.choices, default=AccreditationStatus.DRAFT
    )
    province = models.ForeignKey(
        "regions.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    regional_office = models.ForeignKey(
        "regions.RegionalOffice", verbose_name=_("regional office"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", db_index=False,
    )
    # The Dinas Sosial recommendation (required before submission).
    recommendation_number = models.CharField(_("number of the recommendation letter"), max_length=100, blank=True)
    recommendation_date = models.DateField(_("date of the recommendation letter"), null=True, blank=True)
    recommendation_issuer = models.CharField(
        _("issued by"), max_length=200, blank=True, help_text=_("E.g. Dinas Sosial Kota Bandung.")
    )
    recommendation_document = models.ForeignKey(
        "documents.Document", verbose_name=_("recommendation letter"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    desk_accepted_at = models.DateTimeField(_("accepted for visitation"), null=True, blank=True)
    visited_at = models.DateTimeField(_("visitation completed"), null=True, blank=True)
    # The decision.
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    suggested_grade = models.CharField(_("suggested grade"), max_length=1, choices=Grade.choices, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    grade_reason = models.TextField(_("reason for overriding the suggested grade"), blank=True)
    result = models.JSONField(default=dict, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    credential = models.ForeignKey(
        "credentials.Credential", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccreditationQuerySet.as_manager()
    #: ACCREDITATION_WORKFLOW (workflows.py), set by AccreditationConfig.ready(): its guards use the
    #: services, which use this model
    workflow = None

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(status__in=OPEN_STATES) | (Q(status="decided") & ~Q(grade="X")),
                name="accreditation_one_open_per_lks",
            )
        ]
        indexes = [
            models.Index(fields=["regional_office", "status", "submitted_at"], name="accreditation_queue_idx"),
            models.Index(fields=["status", "visited_at"], name="accreditation_plenary_idx"),
            models.Index(fields=["institution", "status"], name="accreditation_lks_idx"),
        ]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")

    def __str__(self):
        return _("Accreditation %(ref)s") % {"ref": self.reference}

    @property
    def reference(self):
        return f"AKR-{self.created_at:%Y}-{self.pk:06d}" if self.pk and self.created_at else "AKR-new"

    def get_absolute_url(self):
        return reverse("accreditation:detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in (AccreditationStatus.DRAFT, AccreditationStatus.REVISION_REQUESTED)

    @property
    def days_waiting(self):
        if not self.submitted_at:
            return None
        return (timezone.now() - self.submitted_at).days

    @property
    def grade_overridden(self):
        return bool(self.grade and self.suggested_grade and self.grade != self.suggested_grade)


class Answer(models.Model):
    """The LKS's self-assessment of one indicator (Formulir A), with its evidence (Formulir B)."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    explanation = models.TextField(_("explanation"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__standard__number", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["accreditation", "indicator"], name="answer_once")]
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")

    def __str__(self):
        return f"{self.indicator.code}: {self.score if not self.not_applicable else 'N/A'}"

    @property
    def is_answered(self):
        return self.not_applicable or self.score is not None


class Evidence(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return str(self.document)


class ReviewItem(models.Model):
    """One line of the desk-review checklist: an indicator (answer and evidence), a legal document
    of the LKS, or the Dinas Sosial recommendation."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="review_items")
    key = models.CharField(max_length=40)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(_("check"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    note = models.TextField(_("note for the LKS"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    #: when the LKS last changed the item (a revision counts when it is after `reviewed_at`)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["accreditation", "key"], name="review_item_once")]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist")

    def __str__(self):
        return self.label

    @property
    def label(self):
        from .choices import RECOMMENDATION_KEY

        if self.indicator_id:
            return f"{self.indicator.code} {self.indicator.text}"
        if self.key == RECOMMENDATION_KEY:
            return str(_("Dinas Sosial recommendation letter"))
        kind = self.key.removeprefix("legal:")
        return str(LegalDocument(kind).label) if kind in LegalDocument.values else self.key

    @property
    def needs_revision(self):
        return self.status == ReviewStatus.NEEDS_REVISION

    @property
    def is_revised(self):
        return bool(self.revised_at and self.reviewed_at and self.revised_at > self.reviewed_at)


# ---- visitation -----------------------------------------------------------------------------------------
class Visitation(models.Model):
    """The on-site visit: a date and a team of at least two assessors, one of them the lead."""

    accreditation = models.OneToOneField(Accreditation, on_delete=models.CASCADE, related_name="visitation")
    date = models.DateField(_("date of the visit"))
    start_time = models.TimeField(_("start time"), default="09:00")
    duration_hours = models.PositiveSmallIntegerField(_("duration (hours)"), default=6)
    notes = models.TextField(_("notes for the team and the LKS"), blank=True)
    #: the calendar file's SEQUENCE: a rescheduled visit updates the event in the calendars
    sequence = models.PositiveIntegerField(default=0)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reconciled_at = models.DateTimeField(_("reconciled"), null=True, blank=True)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["date"], name="visitation_date_idx")]
        verbose_name = _("visitation")
        verbose_name_plural = _("visitations")

    def __str__(self):
        return _("Visitation of %(lks)s") % {"lks": self.accreditation.institution.name}

    def get_absolute_url(self):
        return reverse("accreditation:visitation_detail", args=[self.pk])


class TeamMember(models.Model):
    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="team")
    assessor = models.ForeignKey(
        "registry.AssessorProfile", on_delete=models.PROTECT, related_name="visitation_memberships"
    )
    is_lead = models.BooleanField(_("team lead"), default=False)
    submitted_at = models.DateTimeField(_("scores submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visitation", "assessor"], name="team_member_once"),
            models.UniqueConstraint(fields=["visitation"], condition=Q(is_lead=True), name="team_one_lead"),
        ]
        indexes = [models.Index(fields=["assessor", "visitation"], name="team_assessor_idx")]
        verbose_name = _("team member")
        verbose_name_plural = _("team")

    def __str__(self):
        return str(self.assessor)


class VisitScore(models.Model):
    """One assessor's score of one indicator on site (Formulir C). Saved as it is given: the score
    and the note are saved separately, each with the time the assessor gave it on the device, so a
    late replay from a phone's offline queue never overwrites a newer answer."""

    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey("registry.AssessorProfile", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True)
    score_at = models.BigIntegerField(default=0)
    note_at = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__standard__number", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["visitation", "assessor", "indicator"], name="visit_score_once")
        ]
        verbose_name = _("visitation score")
        verbose_name_plural = _("visitation scores")

    def __str__(self):
        return f"{self.assessor} {self.indicator.code}: {self.score}"

    @property
    def is_answered(self):
        return self.not_applicable or self.score is not None


class VisitPhoto(models.Model):
    score = models.ForeignKey(VisitScore, on_delete=models.CASCADE, related_name="photos")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return str(self.document)


class ReconciledScore(models.Model):
    """The team's one score of an indicator, settled by the team lead."""

    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="reconciled")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__standard__number", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["visitation", "indicator"], name="reconciled_once")]
        verbose_name = _("reconciled score")
        verbose_name_plural = _("reconciled scores")

    def __str__(self):
        return f"{self.indicator.code}: {self.score}"


class RenewalReminder(models.Model):
    """A reminder to re-apply, sent once per accreditation and threshold (days before it lapses)."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["accreditation", "days_before"], name="renewal_reminder_once")
        ]

    def __str__(self):
        return f"{self.accreditation}: {self.days_before}"
