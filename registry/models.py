"""The registry: social-worker (and TKS) profiles with their histories, and assessor profiles.

Totals the rest of the portal needs (years and hours of practice, training hours, highest education,
social-work education, current role and employer) are derived from the histories by
`services.refresh_totals` and stored on the profile so the staff search can filter and sort on them
with plain indexes. They are never typed.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import nik as nik_rules
from .choices import CertificationStatus, EducationLevel, Expertise, Gender, RoleType


def has_field(model, name):
    """Whether `model` has a field (the kernel's Credential grows; the registry reads what is there)."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def normalize_name(value):
    """Lower case, accents stripped, punctuation and runs of spaces folded: the search key of a name
    (and the comparison key for institutions in conflict-of-interest checks)."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(char for char in value if not unicodedata.combining(char)).casefold()
    value = re.sub(r"[^\w]+", " ", value)
    return " ".join(value.split())


class WorkerProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The workers `user` may see in staff pages, decided before any filter is applied: LSP admins
        all, a secretariat the provinces of its regional office, everyone else none (BALKS admins run
        accreditation: they have no need of the workers' personal data)."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_lsp_admin:
            return self.all()
        if user.is_secretariat and user.regional_office_id:
            from portal.regions.models import Province

            # A literal id list (one tiny query) rather than a subquery: PostgreSQL then estimates the
            # scope's share of rows from its statistics and walks the right index in sort order.
            provinces = list(Province.objects.filter(regional_office_id=user.regional_office_id).values_list("pk", flat=True))
            return self.filter(province_id__in=provinces)
        return self.none()


class WorkerProfile(models.Model):
    """A social worker's or TKS's registry entry, edited by its owner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="worker_profile"
    )
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The 16-digit number on your KTP (Nomor Induk Kependudukan)."),
    )
    full_name = models.CharField(_("full name (as on your KTP)"), max_length=200)
    name_search = models.CharField(max_length=200, editable=False, default="")
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        db_index=False,  # worker_province_name_idx leads with province
        help_text=_("Where you live and work now; it decides which regional office serves you."),
    )
    regency = models.CharField(_("regency / city"), max_length=100, blank=True)
    address = models.TextField(_("street address"), blank=True)
    photo = models.ForeignKey(
        "documents.Document", verbose_name=_("photo"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    str_number = models.CharField(
        _("STR number"), max_length=50, blank=True, help_text=_("Registration (STR) issued through IPSPI, if you have one.")
    )

    # Derived from the histories (services.refresh_totals); never typed.
    highest_education = models.CharField(
        _("highest education"), max_length=3, choices=EducationLevel.choices, blank=True
    )
    social_work_education = models.BooleanField(_("social-work education"), default=False)
    role_type = models.CharField(_("current role"), max_length=20, choices=RoleType.choices, blank=True)
    employer = models.CharField(_("current employer"), max_length=255, blank=True)
    practice_years = models.DecimalField(_("years of practice"), max_digits=4, decimal_places=1, default=0)
    practice_hours = models.PositiveIntegerField(_("hours of practice"), default=0)
    training_hours = models.PositiveIntegerField(_("training hours"), default=0)

    certification_status = models.CharField(
        _("certification status"), max_length=12, choices=CertificationStatus.choices, default=CertificationStatus.NONE
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = WorkerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker profile")
        verbose_name_plural = _("worker profiles")
        # Each filter of the staff search has an index that also serves the default sort (name, id),
        # so a filtered first page is an ordered index walk with LIMIT. Name search uses a pg_trgm
        # GIN index on name_search (migration 0002, PostgreSQL only). NIK prefix search uses the
        # unique index on nik as a range.
        indexes = [
            models.Index(fields=["name_search", "id"], name="worker_name_idx"),
            models.Index(fields=["province", "name_search", "id"], name="worker_province_name_idx"),
            models.Index(fields=["role_type", "name_search", "id"], name="worker_role_name_idx"),
            models.Index(fields=["highest_education", "name_search", "id"], name="worker_edu_name_idx"),
            models.Index(fields=["social_work_education", "name_search", "id"], name="worker_sw_name_idx"),
            models.Index(fields=["certification_status", "name_search", "id"], name="worker_cert_name_idx"),
        ]

    def __str__(self):
        return self.full_name or str(self.user)

    def save(self, *args, **kwargs):
        self.name_search = normalize_name(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_search"}
        super().save(*args, **kwargs)

    @property
    def masked_nik(self):
        return nik_rules.mask(self.nik)

    def nik_for(self, viewer):
        """The NIK as `viewer` may see it: whole for the owner and LSP admins, masked otherwise."""
        if viewer is not None and viewer.is_authenticated and (viewer.pk == self.user_id or viewer.is_lsp_admin):
            return self.nik or ""
        return self.masked_nik

    @property
    def age(self):
        if not self.birth_date:
            return None
        today = timezone.localdate()
        return today.year - self.birth_date.year - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))


class Education(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="educations")
    level = models.CharField(_("level"), max_length=3, choices=EducationLevel.choices)
    institution = models.CharField(_("school / university"), max_length=200)
    study_programme = models.CharField(_("study programme"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    social_work = models.BooleanField(
        _("social-work / social-welfare education"),
        default=False,
        help_text=_("Tick if the programme is social work, social welfare (kesejahteraan sosial) or pekerjaan sosial."),
    )
    diploma = models.ForeignKey(
        "documents.Document", verbose_name=_("diploma (ijazah)"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-graduation_year", "-id"]
        verbose_name = _("education")
        verbose_name_plural = _("education history")

    def __str__(self):
        return f"{self.level} {self.institution} ({self.graduation_year})"


class Employment(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="employments")
    employer = models.CharField(_("employer"), max_length=255)
    position = models.CharField(_("position"), max_length=200)
    role_type = models.CharField(_("role type"), max_length=20, choices=RoleType.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty if you still work there."))
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    letter = models.ForeignKey(
        "documents.Document",
        verbose_name=_("work-experience letter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("employment")
        verbose_name_plural = _("employment history")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.position}, {self.employer}"

    @property
    def is_current(self):
        return self.end_date is None


class Training(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"))
    year = models.PositiveSmallIntegerField(_("year"))
    certificate = models.ForeignKey(
        "documents.Document", verbose_name=_("certificate"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self):
        return f"{self.title} ({self.year})"


class AssessorProfile(models.Model):
    """An assessor (lecturer or practitioner). Admins create it; the assessor keeps the conflict
    declarations current. Assessment, exams and visitations exclude conflicts through `conflicts_with`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="assessor_profile"
    )
    expertise = models.JSONField(_("fields of expertise"), default=list, blank=True)
    institution = models.CharField(_("institution"), max_length=255)
    regional_office = models.ForeignKey(
        "regions.RegionalOffice", verbose_name=_("home regional office"), on_delete=models.PROTECT, related_name="assessors"
    )
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    declarations_confirmed_at = models.DateTimeField(_("declarations last confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["user__full_name", "id"]
        verbose_name = _("assessor profile")
        verbose_name_plural = _("assessor profiles")

    def __str__(self):
        return str(self.user)

    def get_expertise_display(self):
        labels = dict(Expertise.choices)
        return [labels.get(code, code) for code in self.expertise]

    def conflicts_with(self, person):
        """True when this assessor must not assess `person` (a user, or their `ConflictFacts` read once
        for a whole list of assessors): the assessor themself, a worker employed (now or before) by the
        assessor's institution or a declared institution, or a declared person (matched by NIK, email or
        name)."""
        if person is None:
            return False
        facts = person if isinstance(person, ConflictFacts) else ConflictFacts.of(person)
        if facts.user_id == self.user_id:
            return True
        if normalize_name(self.institution) in facts.employers:
            return True
        for declaration in self.declarations.all():
            if declaration.kind == ConflictDeclaration.Kind.INSTITUTION:
                if normalize_name(declaration.name) in facts.employers:
                    return True
            else:
                if declaration.email and declaration.email.lower() == facts.email:
                    return True
                if declaration.nik and declaration.nik == facts.nik:
                    return True
                if normalize_name(declaration.name) in facts.names:
                    return True
        return False


class ConflictFacts:
    """What the conflict-of-interest rules need to know of a person (`AssessorProfile.conflicts_with`),
    read once — two queries — however many assessors are judged against them."""

    def __init__(self, user_id, email, nik, employers, names):
        self.user_id, self.email, self.nik = user_id, email, nik
        self.employers, self.names = frozenset(employers) - {""}, frozenset(names) - {""}

    @classmethod
    def of(cls, user):
        employers = {
            normalize_name(name)
            for name in Employment.objects.filter(profile__user=user).values_list("employer", flat=True)
        }
        profile = WorkerProfile.objects.filter(user=user).only("nik", "full_name").first()
        names = {normalize_name(user.full_name)} | ({normalize_name(profile.full_name)} if profile else set())
        return cls(user.pk, (user.email or "").lower(), profile.nik if profile else None, employers, names)


class ConflictDeclaration(models.Model):
    """An institution or a person an assessor declares a conflict of interest with."""

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Institution")
        PERSON = "person", _("Person")

    assessor = models.ForeignKey(AssessorProfile, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    nik = models.CharField(_("NIK (optional)"), max_length=16, blank=True)
    email = models.EmailField(_("email (optional)"), blank=True)
    reason = models.CharField(_("reason"), max_length=255, help_text=_("E.g. family member, former employer, thesis supervisor."))
    created_at = models.DateTimeField(_("declared on"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"
