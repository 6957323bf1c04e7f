"""Assessor profiles: admins create them, assessors keep their declarations, conflicts are detected."""

import datetime

import pytest

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from registry.choices import RoleType
from registry.models import AssessorProfile, ConflictDeclaration, Employment

from .helpers import make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessor(make_user, office):
    user = make_user(Role.ASSESSOR, full_name="Dr. Ahmad Fauzi")
    return AssessorProfile.objects.create(
        user=user, institution="Politeknik Kesejahteraan Sosial Bandung", regional_office=office["II"],
        expertise=["child_protection"],
    )


def worker_at(make_user, *employers, name="Siti Aminah", email=None):
    user = make_user(Role.APPLICANT, full_name=name, **({"email": email} if email else {}))
    profile = make_profile(user, name=name)
    for employer in employers:
        Employment.objects.create(profile=profile, employer=employer, position="Staf", role_type=RoleType.OTHER,
                                  start_date=datetime.date(2015, 1, 1), hours_per_week=40)
    return user


def test_an_admin_creates_an_assessor(english, lsp_admin, office):
    english.force_login(lsp_admin)
    assert english.get("/assessors/new/").status_code == 200
    response = english.post("/assessors/new/", {
        "full_name": "Dra. Maria Ulfah", "email": "Maria.Ulfah@Example.test", "institution": "Universitas Indonesia",
        "regional_office": office["II"].pk, "expertise": ["community", "poverty"], "is_active": "on",
    })
    assert response.status_code == 302 and response["Location"] == "/assessors/"
    user = User.objects.get(email="maria.ulfah@example.test")
    assert user.role == Role.ASSESSOR and not user.has_usable_password()
    assert list(user.emailaddress_set.values_list("email", "verified", "primary")) == [("maria.ulfah@example.test", True, True)]
    profile = user.assessor_profile
    assert (profile.institution, profile.regional_office, profile.expertise, profile.is_active) == (
        "Universitas Indonesia", office["II"], ["community", "poverty"], True
    )
    [notification] = Notification.objects.filter(recipient=user)
    assert "/accounts/password/reset/" in notification.body
    assert AuditEvent.objects.filter(action="registry.assessor.create", actor=lsp_admin).count() == 1
    listing = english.get("/assessors/").content.decode()
    assert "Dra. Maria Ulfah" in listing and "Community development" in listing


def test_assessor_creation_errors_keep_the_input(english, lsp_admin, assessor, office):
    english.force_login(lsp_admin)
    response = english.post("/assessors/new/", {
        "full_name": "Orang Baru", "email": assessor.user.email.upper(), "institution": "UI",
        "regional_office": office["I"].pk, "expertise": [],
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["email"] == ["An account with this email address already exists."]
    assert errors["expertise"] == ["This field is required."]
    assert 'value="Orang Baru"' in response.content.decode()


def test_an_admin_edits_an_assessor(client, lsp_admin, assessor, office):
    client.force_login(lsp_admin)
    response = client.post(f"/assessors/{assessor.pk}/edit/", {
        "institution": "Universitas Padjadjaran", "regional_office": office["III"].pk,
        "expertise": ["disability"],
    })
    assert response.status_code == 302
    assessor.refresh_from_db()
    assert (assessor.institution, assessor.regional_office, assessor.expertise, assessor.is_active) == (
        "Universitas Padjadjaran", office["III"], ["disability"], False
    )


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.APPLICANT, Role.ASSESSOR])
def test_only_admins_manage_assessors(client, make_user, assessor, role):
    client.force_login(make_user(role))
    assert client.get("/assessors/").status_code == 404
    assert client.get("/assessors/new/").status_code == 404
    assert client.get(f"/assessors/{assessor.pk}/edit/").status_code == 404


def test_an_assessor_keeps_declarations_current(english, assessor, make_user, office):
    english.force_login(assessor.user)
    assert english.get("/assessors/me/").status_code == 200
    response = english.post("/assessors/me/", {"kind": "institution", "name": "Yayasan Sayap Ibu", "reason": "Pembina"})
    assert response.status_code == 302
    english.post("/assessors/me/", {"kind": "person", "name": "Rudi Hartono", "email": "rudi@example.test",
                                    "reason": "Keponakan"})
    assert sorted(assessor.declarations.values_list("name", flat=True)) == ["Rudi Hartono", "Yayasan Sayap Ibu"]
    bad = english.post("/assessors/me/", {"kind": "institution", "name": "X", "nik": "123", "reason": "r"})
    assert bad.context["form"].errors["nik"] == ["A NIK contains digits only (16 of them)."]
    bad = english.post("/assessors/me/", {"kind": "institution", "name": "X", "email": "a@b.test", "reason": "r"})
    assert bad.context["form"].errors["email"] == ["NIK and email apply to persons only."]
    declaration = assessor.declarations.get(name="Rudi Hartono")
    assert english.post(f"/assessors/me/declarations/{declaration.pk}/delete/").status_code == 302
    assert english.post("/assessors/me/confirm/").status_code == 302
    assessor.refresh_from_db()
    assert assessor.declarations_confirmed_at is not None
    actions = list(AuditEvent.objects.filter(actor=assessor.user).order_by("id").values_list("action", flat=True))
    assert actions == ["registry.declaration.add", "registry.declaration.add", "registry.declaration.remove",
                       "registry.declaration.confirm"]

    other = AssessorProfile.objects.create(user=make_user(Role.ASSESSOR), institution="UI", regional_office=office["I"])
    theirs = ConflictDeclaration.objects.create(assessor=other, kind="person", name="X", reason="r")
    assert english.post(f"/assessors/me/declarations/{theirs.pk}/delete/").status_code == 404
    assert ConflictDeclaration.objects.filter(pk=theirs.pk).exists()


def test_an_assessor_without_a_profile_gets_404(client, make_user):
    client.force_login(make_user(Role.ASSESSOR))
    assert client.get("/assessors/me/").status_code == 404


# ---- conflicts_with ---------------------------------------------------------------------------------
def test_an_assessor_conflicts_with_themself(assessor):
    assert assessor.conflicts_with(assessor.user) is True


def test_same_institution_as_a_worker_employer(assessor, make_user):
    colleague = worker_at(make_user, "  politeknik kesejahteraan-sosial BANDUNG ")
    assert assessor.conflicts_with(colleague) is True
    stranger = worker_at(make_user, "Dinas Sosial Kota Bandung", name="Budi Santoso")
    assert assessor.conflicts_with(stranger) is False
    assert assessor.conflicts_with(None) is False


def test_a_declared_institution_among_past_and_present_employers(assessor, make_user):
    ConflictDeclaration.objects.create(assessor=assessor, kind="institution", name="Yayasan Sayap Ibu Jakarta", reason="r")
    worker = worker_at(make_user, "Dinas Sosial DKI", "Yayasan Sayap Ibu Jakarta")
    assert assessor.conflicts_with(worker) is True


@pytest.mark.parametrize("match", ["email", "nik", "name"])
def test_a_declared_person(assessor, make_user, match):
    worker = worker_at(make_user, "LKSA Lain", name="Rudi Hartono", email="rudi.hartono@example.test")
    declaration = {"email": ("Seseorang", "", "RUDI.HARTONO@example.test"),
                   "nik": ("Nama Lain", worker.worker_profile.nik, ""),
                   "name": ("rudi  hartono", "", "")}[match]
    ConflictDeclaration.objects.create(assessor=assessor, kind="person", name=declaration[0], nik=declaration[1],
                                       email=declaration[2], reason="Keponakan")
    assert assessor.conflicts_with(worker) is True
    assert assessor.conflicts_with(worker_at(make_user, "LKSA Lain", name="Orang Lain")) is False


def test_a_worker_without_a_profile_conflicts_only_by_identity_or_declaration(assessor, make_user):
    user = make_user(Role.APPLICANT, full_name="Tanpa Profil")
    assert assessor.conflicts_with(user) is False
    ConflictDeclaration.objects.create(assessor=assessor, kind="person", name="Tanpa Profil", reason="r")
    assert assessor.conflicts_with(user) is True
