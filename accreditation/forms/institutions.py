"""An LKS: its registration and legal documents, its staff and operators; the public register's filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.documents.forms import DocumentField, limit_uploads
from portal.regions.models import Province
from registry import nik as nik_rules
from registry.forms import upload_help

from ..choices import LEGAL_ENTITY_FORMS, LegalDocument, ServiceField, StaffRole
from ..models import Institution
from ..validators import format_npwp, normalise_npwp, normalise_phone, validate_document_number, validate_postal_code
from .common import date_field

LEGAL_GROUPS = [
    (LegalDocument.DEED, "deed_number", "deed_date"),
    (LegalDocument.DECREE, "decree_number", "decree_date"),
    (LegalDocument.REGISTRATION, "registration_number", "registration_date"),
    (LegalDocument.LICENCE, "licence_number", "licence_date"),
    (LegalDocument.NPWP, "npwp", None),
]


class InstitutionForm(forms.ModelForm):
    """Register or edit an LKS. Each legal item has its number, date and document. Nothing is stored
    until the whole form is valid (a failed submission leaves no file behind), and the files count
    against the operator's upload rate and quota."""

    services = forms.MultipleChoiceField(
        label=_("Service fields"), choices=ServiceField.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Everything the LKS provides."),
    )
    npwp = forms.CharField(
        label=_("NPWP"), max_length=25, help_text=_("15 digits (01.234.567.8-901.000) or the 16-digit NPWP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Institution
        fields = [
            "name", "legal_entity_name", "legal_form", "province", "regency", "address", "postal_code", "phone",
            "email", "leader_name", "leader_position", "capacity", "beneficiaries",
            "deed_number", "deed_date", "decree_number", "decree_date", "registration_number", "registration_date",
            "licence_number", "licence_date", "npwp",
        ]
        widgets = {
            "legal_form": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "decree_number": _("Required for a foundation or an association, e.g. AHU-0012345.AH.01.04.Tahun 2018."),
            "capacity": _("How many beneficiaries the LKS can serve at once."),
        }

    def __init__(self, *args, user, locked=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.locked = set(locked)
        self.fields["province"].queryset = Province.objects.select_related("regional_office").order_by("name")
        self.fields["province"].empty_label = _("Choose a province")
        self.fields["legal_form"].choices = [c for c in self.fields["legal_form"].choices if c[0]]
        for name in ("deed_date", "decree_date", "registration_date", "licence_date"):
            field = self.fields[name]
            self.fields[name] = date_field(field.label, required=field.required)
        for name in ("deed_number", "decree_number", "registration_number", "licence_number"):
            self.fields[name].validators.append(validate_document_number)
        self.fields["capacity"].validators.append(MinValueValidator(1))
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["beneficiaries"].widget.attrs["min"] = 0
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{5}"})
        self.fields["postal_code"].validators.append(validate_postal_code)
        if self.instance.pk:
            self.initial["services"] = list(self.instance.services.values_list("field", flat=True))
            self.initial["npwp"] = format_npwp(self.instance.npwp)
        for key, _number, _date in LEGAL_GROUPS:
            existing = getattr(self.instance, f"{key}_document", None) if self.instance.pk else None
            self.fields[f"{key}_file"] = DocumentField(
                label=gettext("Scan of the document"),
                required=False, help_text=upload_help(),
            )
            self.fields[f"{key}_file"].existing = existing
        for name in self.locked:
            if name in self.fields:
                self.fields[name].disabled = True
        for key, _number, _date in LEGAL_GROUPS:
            if f"{key}_document" in self.locked:
                self.fields[f"{key}_file"].disabled = True
        limit_uploads(self, user)

    # Numbers and contact data ------------------------------------------------------------------------
    def clean_npwp(self):
        return normalise_npwp(self.cleaned_data.get("npwp"))

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean_name(self):
        return " ".join((self.cleaned_data.get("name") or "").split())

    def clean(self):
        data = super().clean()
        legal_entity = data.get("legal_form") in LEGAL_ENTITY_FORMS
        for key, number_field, date_field_name in LEGAL_GROUPS:
            if key == LegalDocument.DECREE and not legal_entity:
                continue
            if f"{key}_document" in self.locked:
                continue
            has_file = bool(data.get(f"{key}_file")) or bool(self.fields[f"{key}_file"].existing)
            if not has_file and f"{key}_file" not in self.errors:
                self.add_error(f"{key}_file", gettext("Upload the scan of this document."))
            if key == LegalDocument.DECREE:
                if not data.get("decree_number") and "decree_number" not in self.errors:
                    self.add_error("decree_number", gettext("A foundation or an association needs its Kemenkumham decree."))
                if not data.get("decree_date") and "decree_date" not in self.errors:
                    self.add_error("decree_date", gettext("Enter the date of the decree."))
        deed = data.get("deed_date")
        if deed:
            for name, message in (
                ("decree_date", gettext("The decree cannot be older than the notarial deed.")),
                ("registration_date", gettext("The Tanda Daftar cannot be older than the notarial deed.")),
                ("licence_date", gettext("The operating licence cannot be older than the notarial deed.")),
            ):
                value = data.get(name)
                if value and value < deed and name not in self.errors and (name != "decree_date" or legal_entity):
                    self.add_error(name, message)
        return data

    def document_for(self, key):
        """The upload for a legal item, or None when it keeps its current file."""
        return self.cleaned_data.get(f"{key}_file")

    def legal_groups(self):
        """For the template: per legal item, its bound fields and its current document."""
        groups = []
        for key, number_field, date_field_name in LEGAL_GROUPS:
            groups.append(
                {
                    "key": key.value,
                    "label": key.label,
                    "number": self[number_field],
                    "date": self[date_field_name] if date_field_name else None,
                    "file": self[f"{key}_file"],
                    "existing": self.fields[f"{key}_file"].existing,
                    "decree": key == LegalDocument.DECREE,
                    "locked": f"{key}_document" in self.locked,
                }
            )
        return groups


class StaffForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=100, help_text=_("E.g. pekerja sosial, pengasuh, bendahara."))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)
    social_work_education = forms.BooleanField(
        label=_("Has a social-work or social-welfare degree"), required=False
    )
    nik = forms.CharField(
        label=_("NIK (optional)"), required=False, max_length=20,
        help_text=_("With the NIK, a worker registered in the portal is linked to their registry profile."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_nik(self):
        value = nik_rules.normalize(self.cleaned_data.get("nik"))
        if value and (not nik_rules.DIGITS_RE.fullmatch(value) or len(value) != 16):
            raise ValidationError(gettext("A NIK has 16 digits."))
        return value


class OperatorForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the other operator"))


class ImportedAccreditationForm(forms.Form):
    """An accreditation certificate from before the portal: its number and the LKS's Tanda Daftar number."""

    number = forms.CharField(
        label=_("Certificate number"), max_length=60,
        help_text=_("As printed on the accreditation certificate issued by BALKS before the portal, e.g. BALKS/2017/A/0031."),
    )
    registration_number = forms.CharField(
        label=_("Tanda Daftar number of the LKS"), max_length=100,
        help_text=_("The LKS's Tanda Daftar number at the time of that accreditation."),
    )


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Name of the LKS"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name"), required=False, empty_label=_("All provinces"),
    )
    service = forms.ChoiceField(
        label=_("Service field"), choices=[("", _("All service fields")), *ServiceField.choices], required=False
    )
