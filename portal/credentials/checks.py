"""System checks: the configured signing keys can be read (so a typo fails at deploy, not at the
first issuance)."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def signing_keys_check(app_configs, **kwargs):
    from . import signing

    try:
        signing.keyring()
    except (ImproperlyConfigured, KeyError) as exc:
        return [Error(f"Credential signing keys: {exc}", id="credentials.E001")]
    return []
