import pytest


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
