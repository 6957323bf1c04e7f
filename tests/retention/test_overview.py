"""The read-only overview at /retention/: each kind a portal admin answers for, its period, what is due
now and the last runs; 404 for everyone else."""

import re

import pytest
from dateutil.relativedelta import relativedelta

from portal.accounts.roles import Role
from portal.retention import rules, services
from portal.retention.models import RetentionPolicy

from .helpers import NOW, draft, message

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'<h2 class="h6 mb-1" id="kind-\d+">([^<]+)</h2>', html)


def test_the_lsp_admin_sees_certifications_and_the_portals_kinds(client, make_user, django_assert_max_num_queries):
    admin = make_user(Role.LSP_ADMIN)
    draft(make_user, age=relativedelta(months=13))
    message(admin, status="sent", age=relativedelta(months=30))
    RetentionPolicy.objects.create(kind="notifications.messages", months=36, enabled=False)
    services.apply(rules.get("certification.drafts"), dry_run=True, now=NOW)
    client.force_login(admin)
    client.get("/retention/")  # sessions and caches warm
    # the request (session, user, MFA, unread count), the policies, the last runs (2), one count per kind, the recent runs
    with django_assert_max_num_queries(12):
        response = client.get("/retention/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == [
        "Draf permohonan sertifikasi", "Dokumen permohonan yang ditarik",
        "Dokumen permohonan yang dinyatakan tidak memenuhi syarat", "Bukti pengaduan yang telah diputus",
        "Pesan yang dikirim portal",
    ]
    assert re.findall(r'data-testid="due">([^<]+)<', html) == [
        "1 jatuh tempo sekarang", "0 jatuh tempo sekarang", "0 jatuh tempo sekarang", "0 jatuh tempo sekarang",
    ]
    assert "dinonaktifkan" in html and "36 bulan" in html and "12 bulan <span class=\"text-body-secondary\">(bawaan)</span>" in html
    assert "uji coba: 1 dihapus" in html


def test_the_balks_admin_sees_accreditations_kind(client, make_user):
    client.force_login(make_user(Role.BALKS_ADMIN))
    html = client.get("/retention/").content.decode()
    assert titles(html) == [
        "Asesmen mandiri yang tidak pernah diajukan", "Bukti pengaduan yang telah diputus", "Pesan yang dikirim portal",
    ]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.LKS_OPERATOR, Role.ASSESSOR, Role.SECRETARIAT, Role.DPO])
def test_everyone_else_gets_404(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/retention/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/retention/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
