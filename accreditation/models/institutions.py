"""The LKS itself: the institution with its legal standing, its operator accounts, its service fields
and its staff list. Who may see an LKS is decided here (`InstitutionQuerySet.visible_to`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import normalize_name

from ..choices import LEGAL_ENTITY_FORMS, Grade, LegalDocument, LegalForm, ServiceField, StaffRole
from ..validators import format_npwp
from .accreditations import Accreditation


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
