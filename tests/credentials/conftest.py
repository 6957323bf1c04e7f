import itertools

import pytest

from portal.credentials.models import Credential
from portal.credentials.services import issue_credential

_sources = itertools.count(1)


@pytest.fixture
def issue(db, reference_data):
    """issue_credential with sensible defaults: a worker certificate of scheme GEN."""

    def make(**overrides):
        kwargs = {
            "kind": Credential.Kind.WORKER_CERTIFICATE,
            "source": f"test:{next(_sources)}",
            "holder_name": "Siti Rahmawati",
            "subject": "Pekerja Sosial Generalis",
            "subject_code": "GEN",
            "issuer": "LSP Kemensos",
        }
        kwargs.update(overrides)
        return issue_credential(**kwargs)

    return make


@pytest.fixture
def balks_admin(make_user):
    from portal.accounts.roles import Role

    return make_user(Role.BALKS_ADMIN)


@pytest.fixture(autouse=True)
def _empty_pdf_storage(settings):
    """Each test starts with no certificate files (the database rolls back; files would not)."""
    import shutil
    from pathlib import Path

    shutil.rmtree(Path(settings.PRIVATE_MEDIA_ROOT) / "credentials", ignore_errors=True)
    yield
