"""Navigation, dashboard panels and demo data of the accreditation app."""

import pytest
from django.urls import reverse

from accreditation.demo import seed_demo
from accreditation.hooks import nav_links, panels
from accreditation.models import Accreditation, Institution
from portal.accounts.roles import Role
from portal.core.demo import DEFAULT_PASSWORD, DEMO_ACCOUNTS, demo_email, ensure_user
from portal.regions.models import RegionalOffice

from .helpers import make_institution, submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, urls",
    [
        ("lks_operator", ["/lks/"]),
        ("secretariat", ["/accreditation/"]),
        ("balks_admin", ["/accreditation/", "/accreditation/plenary/"]),
        ("assessor", ["/visitations/"]),
        ("applicant", []),
        ("lsp_admin", []),
    ],
)
def test_navigation_per_role(make_user, role, urls):
    assert [link.url for link in nav_links(make_user(role))] == urls


def test_operator_panel(make_user):
    operator = make_user("lks_operator")
    [panel] = panels(operator)
    assert panel.link_label == "Daftarkan LKS" and panel.tone == "warning"
    institution = make_institution(operator)
    from accreditation import services

    accreditation = services.start_accreditation(operator, institution)
    [panel] = panels(operator)
    assert panel.items == [("LKSA Pelita Hati", f"/accreditation/{accreditation.pk}/", "Penilaian mandiri sedang diisi")]
    assert panel.body == "Ada akreditasi yang memerlukan tindakan Anda."


def test_secretariat_panels(client, make_user):
    accreditation = submitted(make_user)
    desk = make_user("secretariat", regional_office=accreditation.regional_office)
    review, schedule = panels(desk)
    assert (review.title, review.count, review.url) == ("Pemeriksaan berkas LKS", 1, reverse("accreditation:queue"))
    assert schedule.count == 0
    other = make_user("secretariat", regional_office=RegionalOffice.objects.get(code="VI"))
    assert panels(other)[0].count == 0
    client.force_login(desk)
    assert "Pemeriksaan berkas LKS" in client.get("/").content.decode()


def test_the_demo_data(make_user):
    from registry.demo import seed_assessors

    office = RegionalOffice.objects.get(code="II")
    users = {
        role: ensure_user(demo_email(role), full_name=name, role=role, password=DEFAULT_PASSWORD,
                          regional_office=office if role == Role.SECRETARIAT else None)
        for role, name in DEMO_ACCOUNTS
    }
    logs = []
    seed_assessors(users, DEFAULT_PASSWORD, logs.append)
    seed_demo(users, {"password": DEFAULT_PASSWORD}, logs.append)
    seed_demo(users, {"password": DEFAULT_PASSWORD}, logs.append)  # idempotent
    assert Institution.objects.count() == 6
    states = dict(Accreditation.objects.values_list("institution__name", "status"))
    assert states == {
        "LKSA Harapan Bangsa": "draft",
        "LKSA Kasih Ibu Pertiwi": "certified",
        "LKSLU Sejahtera Abadi": "submitted",
        "LKSA Sayap Ibu": "desk_accepted",
        "LKS Rehabilitasi Sosial Rumah Damai": "visitation_scheduled",
        "LKS Bina Daksa Mandiri": "visited",
    }
    operator = users[Role.LKS_OPERATOR]
    assert set(Institution.objects.filter(operators=operator).values_list("name", flat=True)) == {
        "LKSA Harapan Bangsa", "LKSA Kasih Ibu Pertiwi",
    }
    draft = Accreditation.objects.get(institution__name="LKSA Harapan Bangsa")
    assert draft.answers.count() == 12
    certified = Accreditation.objects.get(institution__name="LKSA Kasih Ibu Pertiwi")
    assert certified.credential.subject_code == certified.grade
    # The demo assessor declared a conflict with Yayasan Sayap Ibu Jakarta: not a candidate there.
    from accreditation.conflicts import eligible_assessors

    sayap = Institution.objects.get(name="LKSA Sayap Ibu")
    reasons = {a.user.email: r for a, r in eligible_assessors(sayap)}
    assert reasons["assessor@demo.test"] == "menyatakan konflik kepentingan dengan Yayasan Sayap Ibu Jakarta"
    assert logs[-1].startswith("accreditation: instrument v1; 0 demo LKS created")
