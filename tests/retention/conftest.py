import pytest

from accreditation import reference as accreditation_reference
from certification import reference as certification_reference


@pytest.fixture(autouse=True)
def reference(db, reference_data):
    """Schemes, routes and the accreditation instrument (a transactional test's flush removes them)."""
    certification_reference.load()
    accreditation_reference.load()
