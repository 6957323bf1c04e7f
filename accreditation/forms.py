from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.inputs import BIGINT_MAX
from portal.core.review import forms as checklist
from portal.documents.forms import DocumentField, DocumentsField, limit_uploads
from portal.regions.models import Province
from registry import nik as nik_rules
from registry.forms import upload_help
from registry.models import AssessorProfile

from .choices import LEGAL_ENTITY_FORMS, Grade, LegalDocument, ServiceField, StaffRole
from .models import Institution
from .validators import (
    normalise_npwp,
    normalise_phone,
    validate_document_number,
    validate_past_date,
    validate_postal_code,
)
from .workflows import AccreditationStatus

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required=True, past=True, help_text=""):
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), help_text=help_text,
        validators=[validate_past_date] if past else [],
    )


#: (document key, number field, date field, file label)
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
            from .validators import format_npwp

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


class AnswerForm(forms.Form):
    """One indicator of the self-assessment (also the no-JavaScript fallback of the autosave)."""

    def __init__(self, *args, indicator, scale, descriptors, allows_na, answer=None, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"i{indicator.pk}"
        choices = [(str(v), f"{v} {label} — {descriptors[v]}" if descriptors.get(v) else f"{v} {label}") for v, label in scale]
        values = [v for v, _label in scale]
        self.fields["score"] = forms.TypedChoiceField(
            label=_("Score"), choices=choices, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect,
            initial=str(answer.score) if answer and answer.score is not None else None,
            error_messages={
                "invalid_choice": gettext("Choose a score from %(low)s to %(high)s.") % {"low": min(values), "high": max(values)}
            },
        )
        if allows_na:
            self.fields["not_applicable"] = forms.BooleanField(
                label=_("Not applicable to this LKS"), required=False,
                initial=bool(answer and answer.not_applicable),
            )
        self.fields["explanation"] = forms.CharField(
            # The length is the service's rule, counted once line breaks are normalised (a browser
            # sends each as two characters).
            label=_("Explanation"), required=False,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
            initial=answer.explanation if answer else "",
            help_text=_("How the LKS meets the indicator, in a few sentences."),
        )
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    def changes(self, *, full=False):
        """services.save_answer's keyword arguments for what was sent: the autosave sends one field;
        the plain form (`full`) sends all, and an unticked "not applicable" box as nothing."""
        changes = {}
        for name in ("score", "explanation"):
            if self.add_prefix(name) in self.data:
                changes[name] = self.cleaned_data[name]
        if "not_applicable" in self.fields and (
            self.add_prefix("not_applicable") in self.data or (full and self.add_prefix("na_offered") in self.data)
        ):
            changes["not_applicable"] = self.cleaned_data["not_applicable"]
        return changes


NOT_APPLICABLE = "na"


class VisitScoreForm(forms.Form):
    """One indicator's answer on site (Formulir C). static/js/accreditation.js sends one field at a
    time (the score or the note) with `at`, when it was given on the phone (ms since the epoch); the
    plain form sends both without `at`. `changes()` holds only the fields that were sent."""

    note = forms.CharField(label=_("Note"), required=False, strip=False)
    at = forms.IntegerField(required=False, min_value=0, max_value=BIGINT_MAX)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        values = [value for value, _label in scale]
        out_of_scale = gettext("Choose a score from %(low)s to %(high)s.") % {"low": min(values), "high": max(values)}
        # "Not applicable" is always a choice: the service refuses it where the indicator applies to
        # every LKS, with its own message.
        self.fields["score"] = forms.ChoiceField(
            label=_("Score"), required=False, error_messages={"invalid_choice": out_of_scale},
            choices=[("", "—"), *((str(value), label) for value, label in scale), (NOT_APPLICABLE, _("not applicable"))],
        )

    def clean_at(self):
        """A time from the future (a phone's clock ahead) counts as now: it must not keep every later
        answer from replacing this one."""
        from django.utils import timezone

        at = self.cleaned_data.get("at")
        return None if at is None else min(at, int(timezone.now().timestamp() * 1000))

    def changes(self):
        """The keyword arguments of services.save_visit_score for what was sent."""
        changes = {}
        if "score" in self.data:
            value = self.cleaned_data["score"]
            if value == NOT_APPLICABLE:
                changes["not_applicable"] = True
            else:
                changes["score"] = int(value) if value else None
        if "note" in self.data:
            changes["note"] = self.cleaned_data["note"]
        return changes

    def first_error(self):
        return next(iter(e for errors in self.errors.values() for e in errors), "")


class EvidenceForm(forms.Form):
    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"e{indicator.pk}"
        self.fields["file"] = DocumentField(label=_("Add a file"), help_text=upload_help(), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise ValidationError(gettext("Choose a file first."), code="required")
        return upload


class EvidenceFilesForm(forms.Form):
    """Evidence for one indicator: one file or several at once, each checked on its own by the kernel
    (`DocumentsField`); `rejected` says which were refused and why, the others are kept."""

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"e{indicator.pk}"
        self.fields["file"] = DocumentsField(
            label=_("Add files"),
            help_text=gettext("PDF, JPEG or PNG, at most %(limit)s each; you can choose several files at once.")
            % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            required=False,
        )

    def clean_file(self):
        uploads = self.cleaned_data.get("file") or []
        if not uploads and not self.rejected:
            raise ValidationError(gettext("Choose a file first."), code="required")
        return uploads

    @property
    def rejected(self):
        """[(file name, message)] of the chosen files that were refused."""
        return self.fields["file"].rejected


class RecommendationForm(forms.Form):
    number = forms.CharField(label=_("Letter number"), max_length=100, validators=[validate_document_number])
    date = date_field(_("Date of the letter"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200, help_text=_("E.g. Dinas Sosial Kota Bandung."))

    def __init__(self, *args, has_document=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = DocumentField(
            label=_("The signed letter"), required=not has_document,
            help_text=upload_help() if not has_document else gettext("Choose a file only to replace the letter."),
        )


class ReviewItemForm(checklist.ReviewItemForm):
    """`item` is the line's key ("indicator:12", "legal:npwp", "recommendation")."""

    note = forms.CharField(label=_("Note for the LKS"), required=False, max_length=2000)


class DeskDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("return_for_revision", _("Return for revision")),
            ("accept_for_visitation", _("Accept for visitation")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("action") == "return_for_revision" and not (data.get("note") or "").strip():
            self.add_error("note", gettext("Please write a reason."))
        return data


class AssessorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name or obj.user.email} · {obj.institution}"


class VisitationForm(forms.Form):
    date = date_field(_("Date of the visit"), past=False)
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_hours = forms.IntegerField(label=_("Duration (hours)"), min_value=1, max_value=24, initial=6)
    assessors = AssessorChoiceField(
        label=_("Team"), queryset=AssessorProfile.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "An assessor who is not active or has a conflict of interest with this LKS cannot be chosen."
            )
        },
    )
    lead = forms.ModelChoiceField(label=_("Team lead"), queryset=AssessorProfile.objects.none())
    notes = forms.CharField(
        label=_("Notes for the team and the LKS"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, candidates, minimum=2, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates  # [(assessor, reason or None)]
        self.minimum = minimum
        allowed = [a.pk for a, reason in candidates if reason is None]
        queryset = AssessorProfile.objects.filter(pk__in=allowed).select_related("user")
        self.fields["assessors"].queryset = queryset
        self.fields["lead"].queryset = queryset
        self.fields["lead"].empty_label = _("Choose the lead")
        self.fields["start_time"].initial = "09:00"

    def clean_date(self):
        from django.utils import timezone

        value = self.cleaned_data["date"]
        if value < timezone.localdate():
            raise ValidationError(gettext("The visit cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        team = list(data.get("assessors") or [])
        if "assessors" not in self.errors and len(team) < self.minimum:
            self.add_error("assessors", gettext("Choose at least %(n)s assessors.") % {"n": self.minimum})
        lead = data.get("lead")
        if lead is not None and team and lead not in team:
            self.add_error("lead", gettext("The team lead must be one of the team."))
        return data

    def candidate_rows(self):
        chosen = {str(v) for v in (self.data.getlist(self.add_prefix("assessors")) if self.is_bound else [])}
        if not self.is_bound and self.initial.get("assessors"):
            chosen = {str(a.pk) for a in self.initial["assessors"]}
        return [
            {"assessor": a, "reason": reason, "checked": str(a.pk) in chosen, "id": f"assessor-{a.pk}"}
            for a, reason in self.candidates
        ]


class ReconcileForm(forms.Form):
    """The lead's one score per indicator; pre-filled where the team agrees or was settled before."""

    def __init__(self, *args, groups, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for _standard, rows in groups:
            for row in rows:
                indicator = row["indicator"]
                choices = [("", gettext("Choose"))] + [(str(v), f"{v} — {label}") for v, label in scale]
                if row["allows_na"]:
                    choices.append(("na", gettext("Not applicable")))
                initial = None
                if row["settled"] is not None:
                    initial = "na" if row["settled"].not_applicable else str(row["settled"].score)
                elif row["agreed"]:
                    initial = "na" if row["proposal"] == "na" else str(row["proposal"])
                self.fields[f"score_{indicator.pk}"] = forms.ChoiceField(
                    label=_("Team score"), choices=choices, required=True, initial=initial,
                )
                self.fields[f"note_{indicator.pk}"] = forms.CharField(
                    label=_("Note"), required=False, max_length=2000,
                    initial=row["settled"].note if row["settled"] is not None else "",
                )
                row["score_field"] = self[f"score_{indicator.pk}"]
                row["note_field"] = self[f"note_{indicator.pk}"]
                self.rows.append(row)

    def decisions(self):
        out = {}
        for row in self.rows:
            pk = row["indicator"].pk
            value = self.cleaned_data[f"score_{pk}"]
            out[pk] = (None if value == "na" else int(value), value == "na", self.cleaned_data.get(f"note_{pk}", ""))
        return out


class DecisionForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for overriding the suggested grade"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the grade differs from the suggested grade; it is recorded in the audit trail."),
        max_length=4000,
    )

    def __init__(self, *args, suggested, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested = suggested
        self.fields["grade"].initial = suggested

    def clean(self):
        data = super().clean()
        if data.get("grade") and data["grade"] != self.suggested and not (data.get("reason") or "").strip():
            self.add_error("reason", gettext("Overriding the suggested grade needs a reason."))
        return data


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Waiting for the desk review")),
        (AccreditationStatus.REVISION_REQUESTED, AccreditationStatus.REVISION_REQUESTED.label),
        (AccreditationStatus.DESK_ACCEPTED, AccreditationStatus.DESK_ACCEPTED.label),
        (AccreditationStatus.VISITATION_SCHEDULED, AccreditationStatus.VISITATION_SCHEDULED.label),
        (AccreditationStatus.VISITED, AccreditationStatus.VISITED.label),
        (AccreditationStatus.DECIDED, AccreditationStatus.DECIDED.label),
        (AccreditationStatus.CERTIFIED, AccreditationStatus.CERTIFIED.label),
        ("all", _("All")),
    ]
    q = forms.CharField(label=_("LKS name or reference"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Name of the LKS"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name"), required=False, empty_label=_("All provinces"),
    )
    service = forms.ChoiceField(
        label=_("Service field"), choices=[("", _("All service fields")), *ServiceField.choices], required=False
    )
