"""Registering and revoking partners; the NIK lookup."""

import re

from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application, RefreshToken

from portal.audit.services import record

from .models import SCOPES, Partner

NIK = re.compile(r"^\d{16}$")

# Who holds a NIK: the registry registers the finder (the kernel knows no domain app). A finder takes a
# NIK and returns the holder's user id, or None.
_holder_finders = []


def register_holder_finder(finder):
    if finder not in _holder_finders:
        _holder_finders.append(finder)
    return finder


def holder_of(nik):
    """The user id of the person registered with this NIK, or None."""
    for finder in _holder_finders:
        user_id = finder(nik)
        if user_id is not None:
            return user_id
    return None


def register_partner(actor, *, organisation, contact_email, scopes, note=""):
    """A confidential client-credentials client and its partner record. Returns (partner, client secret):
    the secret is shown once (django-oauth-toolkit stores it hashed)."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValueError(f"Unknown scopes: {', '.join(unknown)}")
    from oauth2_provider.generators import generate_client_secret

    secret = generate_client_secret()
    with transaction.atomic():
        application = Application.objects.create(
            name=organisation, client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS, client_secret=secret,
        )
        partner = Partner.objects.create(
            application=application, organisation=organisation, contact_email=contact_email, scopes=list(scopes),
            note=note, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor, "api.partner_register", partner, after={"client_id": application.client_id, "scopes": list(scopes)})
    return partner, secret


def revoke_partner(actor, partner, *, reason=""):
    """The partner's tokens stop working at once and it gets no new ones."""
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if partner.revoked_at is None:
            partner.revoked_at = timezone.now()
            partner.save(update_fields=["revoked_at"])
        RefreshToken.objects.filter(application=partner.application).delete()
        AccessToken.objects.filter(application=partner.application).delete()
        record(actor, "api.partner_revoke", partner, note=reason)
    return partner


def masked_nik(nik):
    return nik[:6] + "******" + nik[-4:] if len(nik) == 16 else "?"
