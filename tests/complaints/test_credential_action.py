"""From a complaint about a certified worker or an LKS, the handler who manages that kind of
credential suspends or revokes it through the credential service, with the complaint as the reason."""

import pytest

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.complaints import services
from portal.credentials.models import Credential
from portal.notifications.models import Notification
from portal.workflow.engine import TransitionForbidden

from .helpers import file

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_case(make_user, issue):
    holder = make_user(Role.APPLICANT, full_name="Budi Santoso")
    credential = issue(holder=holder, holder_name="Budi Santoso")
    lsp = make_user(Role.LSP_ADMIN, full_name="Rina Kartika")
    complaint, _code = file("worker", credential=credential, subject_name="Budi Santoso")
    services.triage(complaint, lsp, category="fraud", handler=lsp)
    return complaint, credential, lsp, holder


def test_the_lsp_admin_suspends_the_certificate_from_the_complaint(client, worker_case):
    complaint, credential, lsp, holder = worker_case
    client.force_login(lsp)
    page = client.get(f"/complaints/manage/{complaint.pk}/")
    assert [c for c, _label in page.context["credential_form"].fields["action"].choices] == ["suspend", "revoke"]
    response = client.post(f"/complaints/manage/{complaint.pk}/credential/",
                           {"credential-action": "suspend", "credential-reason": "Ijazah diduga palsu, sedang diperiksa."})
    assert response.status_code == 302
    credential.refresh_from_db()
    complaint.refresh_from_db()
    reason = f"Pengaduan {complaint.reference}: Ijazah diduga palsu, sedang diperiksa."
    assert (credential.status, credential.status_reason) == ("suspended", reason)
    event = AuditEvent.objects.for_object(credential).get(action="credential.suspend")
    assert (event.actor, event.note) == (lsp, reason)
    assert complaint.credential_action == "suspend" and complaint.credential_action_at is not None
    assert AuditEvent.objects.for_object(complaint).filter(action="complaint.credential_suspend").count() == 1
    assert Notification.objects.get(recipient=holder, template="credentials/status").body.count(reason) == 1
    # Then revoked, for good: the public page shows the complaint as the reason.
    services.act_on_credential(complaint, lsp, "revoke", reason="Ijazah terbukti palsu.")
    credential.refresh_from_db()
    assert (credential.status, credential.status_reason) == ("revoked", f"Pengaduan {complaint.reference}: Ijazah terbukti palsu.")
    assert f"Pengaduan {complaint.reference}: Ijazah terbukti palsu." in client.get(f"/verify/{credential.number}/").content.decode()


def test_only_the_admin_who_manages_the_credential_may(client, worker_case, make_user):
    complaint, credential, lsp, _holder = worker_case
    balks = make_user(Role.BALKS_ADMIN)
    client.force_login(balks)
    assert client.post(f"/complaints/manage/{complaint.pk}/credential/",
                       {"credential-action": "suspend", "credential-reason": "Tidak berwenang."}).status_code == 404
    with pytest.raises(TransitionForbidden):
        services.act_on_credential(complaint, balks, "suspend", reason="Tidak berwenang.")
    credential.refresh_from_db()
    assert credential.status == "valid"


def test_an_lks_accreditation_is_the_balks_admins(client, make_user, issue):
    operator = make_user(Role.LKS_OPERATOR)
    accreditation = issue(kind=Credential.Kind.LKS_ACCREDITATION, holder=operator, holder_name="LKSA Kasih Bunda",
                          subject="Terakreditasi A", subject_code="A", issuer="BALKS")
    balks, lsp = make_user(Role.BALKS_ADMIN), make_user(Role.LSP_ADMIN)
    complaint, _code = file("lks", credential=accreditation, subject_name="LKSA Kasih Bunda")
    services.triage(complaint, balks, category="competence", handler=balks)
    client.force_login(lsp)
    assert client.get(f"/complaints/manage/{complaint.pk}/").status_code == 404
    with pytest.raises(TransitionForbidden):
        services.act_on_credential(complaint, lsp, "revoke", reason="Tidak berwenang.")
    client.force_login(balks)
    response = client.post(f"/complaints/manage/{complaint.pk}/credential/",
                           {"credential-action": "revoke", "credential-reason": "Anak asuh ditelantarkan."})
    assert response.status_code == 302
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.status_reason) == ("revoked", f"Pengaduan {complaint.reference}: Anak asuh ditelantarkan.")


def test_no_action_before_triage_nor_without_a_credential(client, make_user, issue):
    lsp = make_user(Role.LSP_ADMIN)
    credential = issue()
    untriaged, _code = file("worker", credential=credential)
    without, _code = file("worker")
    services.triage(without, lsp, category="conduct", handler=lsp)
    client.force_login(lsp)
    for complaint in (untriaged, without):
        assert client.get(f"/complaints/manage/{complaint.pk}/").context["credential_form"] is None
        assert client.post(f"/complaints/manage/{complaint.pk}/credential/",
                           {"credential-action": "suspend", "credential-reason": "Belum waktunya."}).status_code == 404
    credential.refresh_from_db()
    assert credential.status == "valid"


def test_a_reason_is_required(client, worker_case):
    complaint, credential, lsp, _holder = worker_case
    client.force_login(lsp)
    response = client.post(f"/complaints/manage/{complaint.pk}/credential/", {"credential-action": "suspend", "credential-reason": "x"})
    assert response.status_code == 200
    assert response.context["credential_form"].errors == {"reason": ["Tuliskan alasan, setidaknya beberapa kata."]}
    credential.refresh_from_db()
    assert credential.status == "valid"
