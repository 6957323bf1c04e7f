import pytest

from accreditation import reference


@pytest.fixture(autouse=True)
def accreditation_reference(db, reference_data):
    """Regions and instrument version 1 (a transactional test's flush removes the migrations' rows)."""
    reference.load()


@pytest.fixture
def operator(make_user):
    return make_user("lks_operator")


@pytest.fixture
def balks_admin(make_user):
    return make_user("balks_admin")


@pytest.fixture
def region_ii(make_user):
    from portal.regions.models import RegionalOffice

    return make_user("secretariat", regional_office=RegionalOffice.objects.get(code="II"))
