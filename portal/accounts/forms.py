from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import SELF_SERVICE_ROLES


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name (as on your KTP)"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    role = forms.ChoiceField(
        label=_("I am signing up as"),
        choices=[(r.value, r.label) for r in SELF_SERVICE_ROLES],
        initial=SELF_SERVICE_ROLES[0].value,
        widget=forms.RadioSelect,
        help_text=_("Assessor and secretariat accounts are created by the LSP or BALKS admins."),
    )

    field_order = ["full_name", "email", "role", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["password1"].label = _("Password")
        self.fields["password1"].widget.attrs.pop("placeholder", None)
        if "password2" in self.fields:
            self.fields["password2"].label = _("Password (again)")
            self.fields["password2"].widget.attrs.pop("placeholder", None)

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Please enter your full name."))
        return name

    def try_save(self, request):
        """An address that already has an account gets an email saying so, and no new account
        (ACCOUNT_PREVENT_ENUMERATION); it costs the same password hashing as a new account, so the
        time of the answer does not tell which it was."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"]
        user.role = self.cleaned_data["role"]
        user.language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)[:2]
        user.save(update_fields=["full_name", "role", "language"])
        return user


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Full name"), "language": _("Language for pages and emails")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
