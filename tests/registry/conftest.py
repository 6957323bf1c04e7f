"""Fixtures of the registry tests; the helpers live in helpers.py."""

import pytest

from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice


@pytest.fixture
def office(reference_data):
    return {o.code: o for o in RegionalOffice.objects.all()}


@pytest.fixture
def secretariat_v(make_user, office):
    return make_user(Role.SECRETARIAT, regional_office=office["V"])


@pytest.fixture
def english(client):
    client.cookies["portal_language"] = "en"
    return client
