import pytest

from certification import reference
from certification.assessment import reference as rubrics


@pytest.fixture(autouse=True)
def assessment_reference(db):
    reference.load()
    rubrics.load()
