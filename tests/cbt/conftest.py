import pytest

from certification import reference


@pytest.fixture(autouse=True)
def certification_reference(db):
    """Schemes and routes (a transactional test's flush removes the migration's rows)."""
    reference.load()
