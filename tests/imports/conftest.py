import pytest


@pytest.fixture(autouse=True)
def _english():
    """The import tests read the messages in English (one test reads them in Indonesian, the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield
