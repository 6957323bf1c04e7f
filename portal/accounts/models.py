from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN_ROLES, STAFF_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.LSP_ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account, identified by its email address."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.APPLICANT, db_index=True)
    regional_office = models.ForeignKey(
        "regions.RegionalOffice",
        verbose_name=_("regional office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Required for secretariat accounts: the office whose queues they work."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.role == Role.SECRETARIAT and not self.regional_office_id:
            raise ValidationError({"regional_office": _("A secretariat account must belong to a regional office.")})

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]

    # Role helpers used by templates, rules and the dashboard.
    @property
    def is_applicant(self):
        return self.role == Role.APPLICANT

    @property
    def is_lks_operator(self):
        return self.role == Role.LKS_OPERATOR

    @property
    def is_assessor(self):
        return self.role == Role.ASSESSOR

    @property
    def is_secretariat(self):
        return self.role == Role.SECRETARIAT

    @property
    def is_lsp_admin(self):
        return self.role == Role.LSP_ADMIN

    @property
    def is_balks_admin(self):
        return self.role == Role.BALKS_ADMIN

    @property
    def is_dpo(self):
        return self.role == Role.DPO

    @property
    def is_portal_admin(self):
        return self.role in ADMIN_ROLES

    @property
    def is_portal_staff(self):
        return self.role in STAFF_ROLES

    @property
    def mfa_required(self):
        return self.role in settings.MFA_REQUIRED_ROLES
