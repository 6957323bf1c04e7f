from allauth.mfa.models import Authenticator


def has_totp(user):
    """True when the user has enrolled an authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
