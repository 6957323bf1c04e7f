"""An LKS appeals its grade: the panel is formed from BALKS admins who did not decide; a granted appeal
re-grades through the accreditation workflow (the certificate in force revoked, one new one issued)."""

import pytest

from accreditation import reference
from accreditation import services as accreditation
from accreditation.choices import AccreditationStatus
from portal.accounts.roles import Role
from portal.appeals import services
from portal.appeals.models import AppealStatus
from portal.credentials.models import Credential
from tests.accreditation.helpers import visited

from .helpers import appeal_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def instrument(reference_data):
    reference.load()


@pytest.fixture
def certified_c(make_user):
    accreditation_, visitation, team = visited(make_user, score=2)
    chair = make_user(Role.BALKS_ADMIN)
    accreditation.decide(chair, accreditation_, "C", reason="Dokumentasi layanan belum memadai.")
    accreditation_.refresh_from_db()
    from portal.workflow.engine import perform

    perform(accreditation_, "certify", chair)
    accreditation_.refresh_from_db()
    return accreditation_, team, chair


def test_a_granted_lks_appeal_regrades_and_replaces_the_certificate(certified_c, make_user):
    accreditation_, team, chair = certified_c
    old = accreditation_.credential
    assert old.subject_code == "C"
    operator = accreditation_.institution.operators.first()
    appeal = services.file_appeal(operator, accreditation_, **appeal_answers())
    assert appeal.handler_role == Role.BALKS_ADMIN
    handler = make_user(Role.BALKS_ADMIN)
    _, refused = services.panel_candidates(appeal)
    assert {u.pk: r for u, r in refused} == {chair.pk: "memutuskan peringkat"}
    with pytest.raises(services.AppealError, match="memutuskan peringkat"):
        services.add_member(appeal, handler, chair)
    with pytest.raises(services.AppealError, match="tidak dapat menjadi anggota panel banding jenis ini"):
        services.add_member(appeal, handler, team[0].user)
    member = make_user(Role.BALKS_ADMIN)
    services.add_member(appeal, handler, member)
    services.form_panel(appeal, handler)
    services.decide(appeal, member, "grant", reason="Bukti dokumentasi layanan ternyata lengkap saat visitasi.",
                    outcome="change", new_decision="B")
    accreditation_.refresh_from_db()
    old.refresh_from_db()
    assert appeal.status == AppealStatus.GRANTED
    assert accreditation_.status == AccreditationStatus.CERTIFIED
    assert accreditation_.grade == "B"
    assert old.status == "revoked"
    credentials = Credential.objects.filter(kind=Credential.Kind.LKS_ACCREDITATION, source__startswith=f"accreditation:{accreditation_.pk}")
    assert sorted(credentials.values_list("subject_code", "status")) == [("B", "valid"), ("C", "revoked")]
    assert accreditation_.credential.subject_code == "B"
    assert accreditation_.institution.grade == "B"


def test_a_granted_appeal_can_withdraw_the_accreditation(certified_c, make_user):
    accreditation_, team, chair = certified_c
    operator = accreditation_.institution.operators.first()
    appeal = services.file_appeal(operator, accreditation_, **appeal_answers())
    handler, member = make_user(Role.BALKS_ADMIN), make_user(Role.BALKS_ADMIN)
    services.add_member(appeal, handler, member)
    services.form_panel(appeal, handler)
    services.decide(appeal, member, "grant", reason="Pengaduan masyarakat membuktikan data visitasi tidak benar.",
                    outcome="change", new_decision="X")
    accreditation_.refresh_from_db()
    accreditation_.credential.refresh_from_db()
    assert (accreditation_.status, accreditation_.grade) == (AccreditationStatus.DECIDED, "X")
    assert accreditation_.credential.status == "revoked"
    assert accreditation_.institution.grade == ""


def test_the_operators_find_the_appeal_on_the_accreditation_page(certified_c, make_user):
    from django.urls import reverse

    from tests.auth import Client

    accreditation_, team, chair = certified_c
    operator = accreditation_.institution.operators.first()
    client = Client()
    client.force_login(operator)
    url = reverse("appeals:new", args=["accreditation", accreditation_.pk])
    page = client.get(reverse("accreditation:detail", args=[accreditation_.pk])).content.decode()
    assert url in page and "Ajukan banding atas keputusan ini" in page
    response = client.post(url, {"reasons": "Peringkat C tidak sesuai: bukti standar pelayanan sudah lengkap dan diverifikasi.",
                                 "process_explained": "yes", "discussed_with_assessor": "yes", "wants_help": "no"})
    assert response.status_code == 302
    client.force_login(make_user(Role.LKS_OPERATOR))
    assert client.get(url).status_code == 404
