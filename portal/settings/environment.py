"""Reading the environment: the settings' only source (every variable documented in `.env.example`)."""

import os

from django.core.exceptions import ImproperlyConfigured


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def key_value_pairs(name, default=""):
    """`a:1,b:2` → {"a": "1", "b": "2"} (values may contain '=' but not ',' or ':')."""
    pairs = {}
    for item in env_list(name, default):
        key, sep, value = item.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}: expected key:value pairs separated by commas.")
        pairs[key.strip()] = value.strip()
    return pairs
