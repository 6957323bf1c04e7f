"""Business rules of the registry. Views call these; certification and accreditation call
`eligibility_facts` and `AssessorProfile.conflicts_with`."""

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.accounts.roles import Role
from portal.audit.services import record
from portal.documents.services import atomic_with_uploads, store_upload

from . import totals as totals_rules
from .choices import DOC_DIPLOMA, DOC_EMPLOYMENT_LETTER, DOC_PHOTO, DOC_TRAINING_CERTIFICATE
from .models import Education, Employment, Training, WorkerProfile

#: Which upload field each history model has, and the document kind it is stored as.
HISTORY_DOCUMENTS = {
    Education: ("diploma", DOC_DIPLOMA),
    Employment: ("letter", DOC_EMPLOYMENT_LETTER),
    Training: ("certificate", DOC_TRAINING_CERTIFICATE),
}

PERSONAL_FIELDS = [
    "nik", "full_name", "birth_place", "birth_date", "gender", "phone", "province", "regency", "address", "str_number",
]


# ---- worker profile ------------------------------------------------------------------------------
def profile_for(user):
    """The user's own worker profile, created empty on first use (name taken from the account)."""
    profile, _created = WorkerProfile.objects.select_related("province", "photo").get_or_create(
        user=user, defaults={"full_name": user.full_name}
    )
    return profile


def _changed(before, after):
    return sorted(name for name in after if before.get(name) != after.get(name))


def _snapshot(profile):
    return {name: str(getattr(profile, name + "_id" if name == "province" else name) or "") for name in PERSONAL_FIELDS}


@atomic_with_uploads()
def save_profile(form, *, actor, request=None):
    """Save the owner's personal data (form: forms.ProfileForm) and the new photo if one was chosen.
    The account's name follows the KTP name. Audited with the names of the changed fields only."""
    profile = form.instance
    before = _snapshot(WorkerProfile.objects.get(pk=profile.pk)) if profile.pk else {}
    photo = form.cleaned_data.get("photo_upload")
    if photo:
        profile.photo = store_upload(profile.user, photo, kind=DOC_PHOTO, images_only=True)
    profile = form.save()
    if profile.user.full_name != profile.full_name:
        profile.user.full_name = profile.full_name
        profile.user.save(update_fields=["full_name"])
    changed = _changed(before, _snapshot(profile)) + (["photo"] if photo else [])
    if changed:
        record(actor, "registry.profile.update", profile, after={"fields": changed}, request=request)
    return profile


@atomic_with_uploads()
def save_history_item(form, *, profile, actor, request=None):
    """Add or change one education / employment / training row, store its document, refresh the totals."""
    item = form.instance
    created = item.pk is None
    item.profile = profile
    field, kind = HISTORY_DOCUMENTS[type(item)]
    upload = form.cleaned_data.get(field + "_upload")
    if upload:
        setattr(item, field, store_upload(profile.user, upload, kind=kind))
    item = form.save()
    refresh_totals(profile)
    action = f"registry.{type(item).__name__.lower()}.{'add' if created else 'change'}"
    record(actor, action, profile, note=str(item), request=request)
    return item


@transaction.atomic
def delete_history_item(item, *, actor, request=None):
    profile = item.profile
    note = str(item)
    item.delete()
    refresh_totals(profile)
    record(actor, f"registry.{type(item).__name__.lower()}.delete", profile, note=note, request=request)


def refresh_totals(profile):
    """Recompute the derived totals from the histories and store them on the profile."""
    result = totals_rules.compute(
        profile.educations.all(), profile.employments.all(), profile.trainings.all(), today=timezone.localdate()
    )
    fields = ["highest_education", "social_work_education", "role_type", "employer", "practice_years",
              "practice_hours", "training_hours"]
    for name in fields:
        setattr(profile, name, getattr(result, name))
    profile.save(update_fields=fields)
    return result


def with_completeness(queryset):
    """Annotate what `missing_items` needs about the histories, so the dashboard costs one query."""
    return queryset.annotate(
        has_education=Exists(Education.objects.filter(profile=OuterRef("pk"))),
        lacks_diploma=Exists(Education.objects.filter(profile=OuterRef("pk"), diploma__isnull=True)),
        has_employment=Exists(Employment.objects.filter(profile=OuterRef("pk"))),
    )


def missing_items(profile):
    """What the owner still has to fill, as translated sentences, and the share done (0–100)."""
    if profile is None:
        return 0, [_("Fill in your personal data, education and work experience.")]
    if not hasattr(profile, "has_education"):
        profile.has_education = profile.educations.exists()
        profile.lacks_diploma = profile.educations.filter(diploma__isnull=True).exists()
        profile.has_employment = profile.employments.exists()
    checks = [
        (bool(profile.nik), _("NIK")),
        (bool(profile.birth_place and profile.birth_date), _("Place and date of birth")),
        (bool(profile.gender), _("Gender")),
        (bool(profile.phone), _("Mobile phone number")),
        (bool(profile.province_id and profile.regency and profile.address), _("Address (province, regency/city, street)")),
        (bool(profile.photo_id), pgettext("registry", "Photo")),
        (profile.has_education, _("At least one education entry")),
        (profile.has_education and not profile.lacks_diploma, _("A diploma (ijazah) for every education entry")),
        (profile.has_employment, _("At least one job (employment history)")),
    ]
    missing = [label for ok, label in checks if not ok]
    return round(100 * (len(checks) - len(missing)) / len(checks)), missing


def eligibility_facts(user):
    """The facts certification checks an applicant's eligibility against, computed fresh from the
    histories. Keys: highest_education_level, social_work_education, practice_years, practice_hours,
    training_hours, age, province, profile_complete, missing."""
    profile = WorkerProfile.objects.select_related("province").filter(user=user).first()
    if profile is None:
        _percent, missing = missing_items(None)
        return {
            "highest_education_level": None,
            "social_work_education": False,
            "practice_years": 0.0,
            "practice_hours": 0,
            "training_hours": 0,
            "age": None,
            "province": None,
            "profile_complete": False,
            "missing": missing,
        }
    result = totals_rules.compute(
        profile.educations.all(), profile.employments.all(), profile.trainings.all(), today=timezone.localdate()
    )
    _percent, missing = missing_items(profile)
    return {
        "highest_education_level": result.highest_education or None,
        "social_work_education": result.social_work_education,
        "practice_years": result.practice_years_float,
        "practice_hours": result.practice_hours,
        "training_hours": result.training_hours,
        "age": profile.age,
        "province": profile.province,
        "profile_complete": not missing,
        "missing": missing,
    }


def record_profile_view(viewer, profile, request=None):
    """Every staff view of a full profile leaves an audit event (the owner's own views do not)."""
    if viewer.pk != profile.user_id:
        record(viewer, "registry.profile.view", profile, request=request)


# ---- assessors ---------------------------------------------------------------------------------
@transaction.atomic
def create_assessor(form, *, actor, request=None):
    """Create an assessor account and profile (admins only). The assessor sets a password through
    the password-reset page and enrols TOTP at first sign-in; they are told so by notification."""
    from allauth.account.models import EmailAddress

    from portal.accounts.models import User
    from portal.notifications.services import notify

    data = form.cleaned_data
    user = User.objects.create_user(
        email=data["email"].strip().lower(),
        password=None,
        full_name=data["full_name"],
        role=Role.ASSESSOR,
        language=settings.LANGUAGE_CODE,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    # The admin vouches for the address; the password-reset link sent to it proves it works.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = form.save(commit=False)
    profile.user = user
    profile.save()
    record(actor, "registry.assessor.create", profile, after={"email": user.email}, request=request)
    notify(
        user,
        "registry/assessor_created",
        {"reset_url": settings.SITE_URL + reverse("account_reset_password"), "profile": profile},
        url=reverse("registry:assessor_me"),
    )
    return profile


@transaction.atomic
def update_assessor(form, *, actor, request=None):
    profile = form.save()
    record(actor, "registry.assessor.update", profile, after={"fields": sorted(form.changed_data)}, request=request)
    return profile


@transaction.atomic
def add_declaration(form, *, assessor, actor, request=None):
    declaration = form.save(commit=False)
    declaration.assessor = assessor
    declaration.save()
    assessor.declarations_confirmed_at = timezone.now()
    assessor.save(update_fields=["declarations_confirmed_at", "updated_at"])
    record(actor, "registry.declaration.add", assessor, note=str(declaration), request=request)
    return declaration


@transaction.atomic
def remove_declaration(declaration, *, actor, request=None):
    assessor = declaration.assessor
    note = str(declaration)
    declaration.delete()
    assessor.declarations_confirmed_at = timezone.now()
    assessor.save(update_fields=["declarations_confirmed_at", "updated_at"])
    record(actor, "registry.declaration.remove", assessor, note=note, request=request)


def confirm_declarations(assessor, *, actor, request=None):
    assessor.declarations_confirmed_at = timezone.now()
    assessor.save(update_fields=["declarations_confirmed_at", "updated_at"])
    record(actor, "registry.declaration.confirm", assessor, request=request)



# ---- profiles imported from the register kept before the portal (issue 18, item 6) ------------------------
#: the domain of the accounts that hold imported profiles until their person claims them (RFC 2606: no mail)
PLACEHOLDER_DOMAIN = "register.invalid"


def is_placeholder(user):
    return user is not None and not user.is_active and user.email.endswith("@" + PLACEHOLDER_DOMAIN)


class ClaimRefused(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def claim_imported_profile(user, *, nik, number, request=None):
    """Hand a profile imported from the old register to the person who signs up with its NIK. Proof: the NIK
    and the number of one of the certificates imported with it (printed on the paper certificate only its
    holder keeps). The profile and its certificates move to `user`; the placeholder account is deleted; the
    user's own empty profile (made on first visit) gives way. Audited (`registry.profile.claim`). Raises
    ClaimRefused with a translated reason."""
    from portal.credentials import numbering, vc
    from portal.credentials.models import Credential

    from . import nik as nik_rules

    nik = nik_rules.normalize(nik)
    compact = numbering.normalise(number)
    with transaction.atomic():
        imported = (
            WorkerProfile.objects.select_for_update().select_related("user")
            .filter(nik=nik, user__is_active=False, user__email__endswith="@" + PLACEHOLDER_DOMAIN).first()
        )
        if imported is None or not compact or not Credential.objects.filter(holder=imported.user, lookup=compact).exists():
            raise ClaimRefused(_(
                "No certificate imported from before the portal has this NIK and this number. Check both against "
                "your certificate, or contact the secretariat."
            ))
        own = WorkerProfile.objects.select_for_update().filter(user=user).first()
        if own is not None:
            if own.nik or own.educations.exists() or own.employments.exists() or own.trainings.exists():
                raise ClaimRefused(_(
                    "Your profile already has a NIK or a history of its own: the secretariat can join the imported "
                    "record to it."
                ))
            own.delete()
        placeholder = imported.user
        imported.user = user
        imported.save(update_fields=["user", "updated_at"])
        ids = list(Credential.objects.filter(holder=placeholder).order_by("pk").values_list("pk", flat=True))
        moved = Credential.objects.filter(pk__in=ids).update(holder=user, updated_at=timezone.now())
        # The VCs signed at the import name the placeholder account: each is signed again for its holder now
        # (same number, status-list entries and dates), in this transaction, so no moment serves the old one.
        for credential in Credential.objects.filter(pk__in=ids).order_by("pk"):
            vc.reissue(credential, actor=user, reason="registry.profile.claim", request=request)
        if not user.full_name:
            user.full_name = imported.full_name
            user.save(update_fields=["full_name"])
        record(user, "registry.profile.claim", imported, after={"credentials": moved}, request=request)
        placeholder.delete()
    return imported
