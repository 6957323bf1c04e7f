import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.documents.forms import DocumentField
from portal.regions.models import Province, RegionalOffice

from . import nik as nik_rules
from .choices import EducationLevel, Expertise, Gender, RoleType
from .models import AssessorProfile, ConflictDeclaration, Education, Employment, Training, WorkerProfile

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
MIN_YEAR = 1950
MIN_AGE = 17  # the age a KTP (and so a NIK card) is issued
PHONE_RE = re.compile(r"^(?:\+62|62|0)8\d{7,11}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(form_field):
    form_field.input_formats = DATE_FORMATS
    form_field.widget = DateInput()
    return form_field


def upload_help(images_only=False):
    """The upload hint in the language of the request (the kernel field fixes it at import time)."""
    limit = filesizeformat(settings.DOCUMENT_MAX_BYTES)
    if images_only:
        return gettext("JPEG or PNG, at most %(limit)s.") % {"limit": limit}
    return gettext("PDF, JPEG or PNG, at most %(limit)s.") % {"limit": limit}


def _not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")
    return value


def _year_in_range(value):
    if value is None:
        return value
    this_year = timezone.localdate().year
    if value > this_year:
        raise ValidationError(_("%(year)s is in the future.") % {"year": value}, code="future")
    if value < MIN_YEAR:
        raise ValidationError(_("Enter a year from %(min)s on.") % {"min": MIN_YEAR}, code="too_old")
    return value


class ProfileForm(forms.ModelForm):
    photo_upload = DocumentField(label=pgettext_lazy("registry", "Photo"), images_only=True, required=False)

    class Meta:
        model = WorkerProfile
        fields = [
            "nik", "full_name", "birth_place", "birth_date", "gender", "phone", "province", "regency", "address",
            "str_number",
        ]
        widgets = {
            "gender": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "20"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "08xxxxxxxxxx"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("nik", "birth_place", "birth_date", "gender", "phone", "province", "regency", "address"):
            self.fields[name].required = True
        _date_field(self.fields["birth_date"])
        self.fields["gender"].choices = Gender.choices
        self.fields["province"].queryset = Province.objects.order_by("name")
        self.fields["province"].empty_label = _("Choose a province")
        photo = self.fields["photo_upload"]
        photo.help_text = gettext("A recent passport-style photo.") + " " + upload_help(images_only=True)
        if self.instance.photo_id:
            photo.help_text = gettext("Choose a file only to replace your current photo.") + " " + photo.help_text
        self._province_codes = None

    def province_codes(self):
        if self._province_codes is None:
            self._province_codes = set(Province.objects.values_list("code", flat=True))
        return self._province_codes

    def clean_nik(self):
        value = nik_rules.normalize(self.cleaned_data.get("nik"))
        self._nik_segment = nik_rules.validate_structure(value, self.province_codes())
        taken = WorkerProfile.objects.filter(nik=value)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            from .services import PLACEHOLDER_DOMAIN

            if taken.filter(user__is_active=False, user__email__endswith="@" + PLACEHOLDER_DOMAIN).exists():
                raise ValidationError(
                    _("This NIK is in the register brought in from before the portal: claim that record with one of "
                      "your certificate numbers (“Certified before the portal?” on your profile page)."),
                    code="imported",
                )
            raise ValidationError(
                _("This NIK is already registered to another account. If it is yours, contact the secretariat."),
                code="duplicate",
            )
        return value

    def clean_full_name(self):
        value = " ".join((self.cleaned_data.get("full_name") or "").split())
        if len(value) < 3 or not re.search(r"[^\W\d_]", value):
            raise ValidationError(_("Enter your full name as written on your KTP."), code="invalid")
        return value

    def clean_birth_date(self):
        value = _not_future(self.cleaned_data.get("birth_date"))
        if value:
            today = timezone.localdate()
            age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
            if age < MIN_AGE:
                raise ValidationError(
                    _("You must be at least %(age)s years old (the age a KTP is issued).") % {"age": MIN_AGE},
                    code="too_young",
                )
            if value.year < 1900:
                raise ValidationError(_("Check the year of birth."), code="too_old")
        return value

    def clean_phone(self):
        value = re.sub(r"[\s\-().]", "", self.cleaned_data.get("phone") or "")
        if not PHONE_RE.match(value):
            raise ValidationError(
                _("Enter an Indonesian mobile number, e.g. 081234567890 or +6281234567890."), code="invalid"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        segment = getattr(self, "_nik_segment", None)
        if segment is not None and "nik" not in self.errors:
            try:
                nik_rules.validate_against_person(segment, cleaned.get("birth_date"), cleaned.get("gender"))
            except ValidationError as error:
                self.add_error("nik", error)
        return cleaned


class _HistoryForm(forms.ModelForm):
    upload_field = ""
    upload_required_on_create = False

    def __init__(self, *args, profile=None, **kwargs):
        self.profile = profile
        super().__init__(*args, **kwargs)
        upload = self.fields[self.upload_field]
        upload.required = self.upload_required_on_create and self.instance.pk is None
        upload.help_text = upload_help()
        if self.instance.pk and getattr(self.instance, self.upload_field.removesuffix("_upload") + "_id"):
            upload.help_text = gettext("Choose a file only to replace the one already uploaded.") + " " + upload.help_text


class EducationForm(_HistoryForm):
    upload_field = "diploma_upload"
    upload_required_on_create = True
    diploma_upload = DocumentField(label=_("Diploma (ijazah)"))

    class Meta:
        model = Education
        fields = ["level", "institution", "study_programme", "graduation_year", "social_work"]
        widgets = {"graduation_year": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Choose a level"))] + list(EducationLevel.choices)

    def clean_graduation_year(self):
        value = _year_in_range(self.cleaned_data.get("graduation_year"))
        birth_date = self.profile.birth_date if self.profile else None
        if value and birth_date and value < birth_date.year + 14:
            raise ValidationError(
                _("You would have been %(age)s years old in %(year)s; check the year.")
                % {"age": value - birth_date.year, "year": value},
                code="before_birth",
            )
        return value


class EmploymentForm(_HistoryForm):
    upload_field = "letter_upload"
    letter_upload = DocumentField(label=_("Work-experience letter (surat keterangan pengalaman kerja)"), required=False)

    class Meta:
        model = Employment
        fields = ["employer", "position", "role_type", "start_date", "end_date", "hours_per_week"]
        widgets = {"hours_per_week": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _date_field(self.fields["start_date"])
        _date_field(self.fields["end_date"])
        self.fields["role_type"].choices = [("", _("Choose a role"))] + list(RoleType.choices)

    def clean_start_date(self):
        value = _not_future(self.cleaned_data.get("start_date"))
        birth_date = self.profile.birth_date if self.profile else None
        if value and birth_date and value < birth_date:
            raise ValidationError(_("This date is before your date of birth."), code="before_birth")
        return value

    def clean_end_date(self):
        return _not_future(self.cleaned_data.get("end_date"))

    def clean_hours_per_week(self):
        value = self.cleaned_data.get("hours_per_week")
        if value is not None and not 1 <= value <= 80:
            raise ValidationError(_("Enter between 1 and 80 hours per week."), code="range")
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", ValidationError(_("The end date is before the start date."), code="end_before_start"))
        return cleaned


class TrainingForm(_HistoryForm):
    upload_field = "certificate_upload"
    upload_required_on_create = True
    certificate_upload = DocumentField(label=_("Certificate"))

    class Meta:
        model = Training
        fields = ["title", "organiser", "hours", "year"]
        widgets = {
            "hours": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def clean_hours(self):
        value = self.cleaned_data.get("hours")
        if value is not None and not 1 <= value <= 2000:
            raise ValidationError(_("Enter between 1 and 2000 hours."), code="range")
        return value

    def clean_year(self):
        return _year_in_range(self.cleaned_data.get("year"))


# ---- staff search ---------------------------------------------------------------------------------
class WorkerSearchForm(forms.Form):
    """The form of `registry.filters.WorkerFilter` (which declares the fields): validation and the
    Bootstrap widgets of the staff search."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered without crispy (a hot page): Bootstrap classes and error wiring on the widgets.
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
                field.widget.attrs["aria-describedby"] = f"id_{name}_error"
                field.widget.attrs["aria-invalid"] = "true"
            field.widget.attrs["class"] = css

    def clean_q(self):
        value = " ".join((self.cleaned_data.get("q") or "").split())
        if value and len(value) < 3:
            raise ValidationError(_("Type at least 3 letters of the name."), code="too_short")
        return value

    def clean_nik(self):
        value = nik_rules.normalize(self.cleaned_data.get("nik"))
        if value and not nik_rules.DIGITS_RE.fullmatch(value):
            raise ValidationError(_("A NIK contains digits only."), code="digits")
        if value and len(value) < 2:
            raise ValidationError(_("Type at least the 2 digits of the province code."), code="too_short")
        return value

    def filters(self):
        """The cleaned filters that are set (for the export's audit note and the query string)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        result = {}
        for name in ("q", "nik", "role_type", "education", "social_work", "status"):
            if data.get(name):
                result[name] = data[name]
        if data.get("province"):
            result["province"] = data["province"].pk
        return result


class PublicRegisterForm(forms.Form):
    """The public register's search: a name or a certificate number."""

    q = forms.CharField(label=_("Name or certificate number"), required=False)

    def clean_q(self):
        value = " ".join((self.cleaned_data.get("q") or "").split())[:100]
        if value and len(value) < 3:
            raise ValidationError(gettext("Type at least 3 characters of a name or a certificate number."), code="too_short")
        return value


# ---- assessors --------------------------------------------------------------------------------------
class AssessorForm(forms.ModelForm):
    expertise = forms.MultipleChoiceField(
        label=_("Fields of expertise"), choices=Expertise.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = AssessorProfile
        fields = ["institution", "regional_office", "expertise", "is_active"]
        help_texts = {"institution": _("University, polytechnic, agency or LKS where the assessor works.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regional_office"].queryset = RegionalOffice.objects.order_by("id")


class AssessorCreateForm(AssessorForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))

    field_order = ["full_name", "email", "institution", "regional_office", "expertise", "is_active"]

    def clean_email(self):
        value = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=value).exists():
            raise ValidationError(_("An account with this email address already exists."), code="duplicate")
        return value


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = ConflictDeclaration
        fields = ["kind", "name", "nik", "email", "reason"]
        widgets = {"kind": forms.RadioSelect, "nik": forms.TextInput(attrs={"inputmode": "numeric"})}
        labels = {"name": _("Name of the institution or person")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ConflictDeclaration.Kind.choices

    def clean_nik(self):
        value = nik_rules.normalize(self.cleaned_data.get("nik"))
        if value and not nik_rules.NIK_RE.match(value):
            raise ValidationError(_("A NIK contains digits only (16 of them)."), code="format")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ConflictDeclaration.Kind.INSTITUTION and (cleaned.get("nik") or cleaned.get("email")):
            self.add_error("nik" if cleaned.get("nik") else "email", _("NIK and email apply to persons only."))
        return cleaned


class ClaimForm(forms.Form):
    """Claiming a profile imported from the old register: its NIK and one of its certificate numbers."""

    nik = forms.CharField(label=_("NIK"), max_length=30, help_text=_("The 16-digit number on your KTP."))
    number = forms.CharField(
        label=_("Certificate number"), max_length=60,
        help_text=_("As printed on one of your certificates issued before the portal, e.g. LSPS/2015/0042."),
    )
