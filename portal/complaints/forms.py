import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.credentials import public as credential_lookup
from portal.documents.forms import DocumentsField

from . import subjects
from .choices import Category

TOKEN_SALT = "portal.complaints.form"


def form_token(at=None):
    """The signed moment the form was shown, with a nonce (each form shown is one complaint)."""
    return signing.dumps({"t": int(time.time() if at is None else at), "n": secrets.token_hex(8)}, salt=TOKEN_SALT)


def token_age(token):
    """Seconds since the form with `token` was shown, or None when the token is not ours."""
    try:
        shown = signing.loads(token or "", salt=TOKEN_SALT)["t"]
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        return None
    if not isinstance(shown, int):
        return None
    return time.time() - shown


class ComplaintForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("What is your complaint about?"), widget=forms.RadioSelect)
    subject_name = forms.CharField(
        label=_("Who or what is it about?"), max_length=200, required=False,
        help_text=_("For example the assessor's or the worker's name, the LKS, or the exam's place and date."),
    )
    credential_number = forms.CharField(
        label=_("Certificate or accreditation number"), max_length=60, required=False,
        help_text=_("For a certified worker or an accredited LKS, if you know it: for example PS-GEN-2026-000123-K."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label=_("What happened?"), min_length=20, max_length=5000,
        help_text=_("When and where, who was involved, what you expect. At least 20 characters."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        help_text=_("Your tracking code and our answers are sent here."),
    )
    contact_phone = forms.RegexField(
        label=_("Your phone number (optional)"), max_length=30, required=False, regex=r"^\+?[0-9 ()-]{6,30}$",
        error_messages={"invalid": _("Enter a phone number: digits, spaces, dashes, an optional + in front.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the portal keeps my complaint and my contact details to handle it, that the staff "
            "handling it may read them, and that they are not shown to anyone else (UU 27/2022)."
        ),
    )
    #: the honeypot: hidden from people (and screen readers), filled by scripts
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_kind"].choices = [(k.key, k.label) for k in subjects.kinds()]
        self.credential = None
        if user is not None and user.is_authenticated:
            self.fields["evidence"] = DocumentsField(
                label=_("Evidence (optional, at most %(count)s files)") % {"count": settings.COMPLAINT_MAX_EVIDENCE},
                required=False,
            )
            self.initial.setdefault("contact_name", user.full_name)
            self.initial.setdefault("contact_email", user.email)
        if not self.is_bound:
            self.initial["started"] = form_token()

    def _renew_token(self):
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = form_token()

    def clean_credential_number(self):
        return " ".join(self.cleaned_data["credential_number"].split())

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        field = self.fields["evidence"]
        for name, message in field.rejected:
            self.add_error("evidence", f"{name}: {message}")
        if len(files) + len(field.rejected) > settings.COMPLAINT_MAX_EVIDENCE:
            raise forms.ValidationError(
                ngettext("Attach at most %(count)s file.", "Attach at most %(count)s files.", settings.COMPLAINT_MAX_EVIDENCE)
                % {"count": settings.COMPLAINT_MAX_EVIDENCE}
            )
        return files

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Your complaint could not be sent. Please try again, or write to us another way."), code="honeypot"
            )
        age = token_age(cleaned.get("started"))
        if age is None or age > settings.COMPLAINT_FORM_MAX_AGE_HOURS * 3600:
            self._renew_token()
            raise forms.ValidationError(
                _("The form was open for too long. Please check what you wrote and send it again."), code="stale"
            )
        if age < settings.COMPLAINT_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent within seconds of opening it. Please check what you wrote and send it again."),
                code="too_fast",
            )
        kind = subjects.get(cleaned.get("subject_kind"))
        number = cleaned.get("credential_number")
        if kind is not None and kind.credential_kind and number:
            credential, problem = credential_lookup.find(number)
            if problem == "mistyped":
                self.add_error("credential_number", _("This number is mistyped: check it, or leave the field empty."))
            elif credential is None or credential.kind != kind.credential_kind:
                self.add_error(
                    "credential_number",
                    _("We know no certificate or accreditation with this number. Check it, or leave the field empty "
                      "and describe who it is about."),
                )
            else:
                self.credential = credential
        return cleaned


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=200,
        help_text=_("As in your e-mail, for example ADU-7KQ3-MXW9-HTRP-4NBC."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every code that is not one answers "not found", whatever is wrong with it (a NUL, a
        # length): no message tells a malformed code from a wrong one.
        self.fields["code"].validators = []
        self.fields["code"].max_length = None

    def not_found(self):
        self.add_error("code", _("No complaint has this tracking code. Check it as written in your e-mail."))


class TriageForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None, empty_label="—")
    note = forms.CharField(label=_("Note (staff only)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, prefix="triage", **kwargs)
        self.fields["handler"].queryset = handlers


class ReassignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None, empty_label="—")

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, prefix="assign", **kwargs)
        self.fields["handler"].queryset = handlers


class ResponseForm(forms.Form):
    VISIBILITY = [("internal", _("Internal note (staff only)")), ("public", _("Response to the complainant"))]

    text = forms.CharField(label=_("Response"), min_length=5, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(
        label=_("Who reads it"), choices=VISIBILITY, widget=forms.RadioSelect,
        help_text=_("A response to the complainant is e-mailed to them and shown on their tracking page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="respond", **kwargs)


class _ReasonedActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(t.name, t.label) for t in transitions]

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 5:
            raise forms.ValidationError(_("Please write a reason of at least a few words."))
        return reason


class DecisionForm(_ReasonedActionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decide", **kwargs)
        self.fields["reason"].label = _("Resolution or reason")
        self.fields["reason"].help_text = _("Told to the complainant and shown on their tracking page.")


class CredentialActionForm(_ReasonedActionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="credential", **kwargs)
        self.fields["reason"].help_text = _(
            "Recorded as “Complaint PGD-…: your reason”, told to the holder; a revocation's reason is shown "
            "on the public verification page."
        )
