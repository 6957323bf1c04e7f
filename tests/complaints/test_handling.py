"""Staff triage, assign, respond and decide; every status change through the workflow engine,
audited; the complainant told by e-mail at each step that concerns them."""

import pytest

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.complaints import services
from portal.complaints.models import Complaint
from portal.notifications.models import Notification
from portal.workflow.engine import TransitionForbidden, TransitionNotAllowed

from .helpers import file

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(make_user):
    return make_user(Role.LSP_ADMIN, full_name="Rina Kartika"), make_user(Role.LSP_ADMIN, full_name="Agus Salim")


def test_triage_respond_resolve_close_through_the_pages(client, admins):
    rina, agus = admins
    complaint, _code = file()
    client.force_login(rina)
    page = client.get(f"/complaints/manage/{complaint.pk}/")
    assert page.status_code == 200 and "Drs. Joko Susilo" in page.content.decode()

    # Triage without a handler: the error beside the field, the category kept.
    response = client.post(f"/complaints/manage/{complaint.pk}/triage/", {"triage-category": "conduct", "triage-handler": ""})
    assert response.status_code == 200 and "handler" in response.context["triage_form"].errors
    assert 'value="conduct" selected' in response.content.decode()
    response = client.post(f"/complaints/manage/{complaint.pk}/triage/", {"triage-category": "conduct", "triage-handler": agus.pk})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.category, complaint.handler) == ("triaged", "conduct", agus)
    assert complaint.due_at == complaint.triaged_at + __import__("datetime").timedelta(days=30)
    assert Notification.objects.get(recipient=agus).template == "complaints/assigned"

    # An internal note (the first response starts the handling), then a public response.
    client.post(f"/complaints/manage/{complaint.pk}/respond/", {"respond-text": "Cek jadwal asesor.", "respond-visibility": "internal"})
    complaint.refresh_from_db()
    assert complaint.status == "in_progress" and complaint.started_at is not None
    assert Notification.objects.filter(email="ani@example.test").count() == 1  # an internal note is not told
    client.post(f"/complaints/manage/{complaint.pk}/respond/",
                {"respond-text": "Kami sedang memeriksanya.", "respond-visibility": "public"})
    told = Notification.objects.filter(email="ani@example.test").order_by("pk")
    assert [n.subject for n in told] == ["Pengaduan Anda telah diterima", "Tanggapan atas pengaduan Anda"]
    assert "Kami sedang memeriksanya." in told[1].body and "Cek jadwal" not in told[1].body

    # A decision needs a reason; then close.
    response = client.post(f"/complaints/manage/{complaint.pk}/decide/", {"decide-action": "resolve", "decide-reason": ""})
    assert response.status_code == 200 and "reason" in response.context["decision_form"].errors
    client.post(f"/complaints/manage/{complaint.pk}/decide/",
                {"decide-action": "resolve", "decide-reason": "Asesor diberi teguran tertulis."})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.decision, complaint.due_at) == ("resolved", "Asesor diberi teguran tertulis.", None)
    assert told.last().subject == "Pengaduan Anda: Diselesaikan" and "Asesor diberi teguran tertulis." in told.last().body
    client.post(f"/complaints/manage/{complaint.pk}/close/")
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.closed_at is not None

    actions = list(AuditEvent.objects.for_object(complaint).order_by("created_at", "id").values_list("action", flat=True))
    assert actions == ["complaint.file", "complaint.triage", "complaint.start", "complaint.respond_internal",
                       "complaint.respond_public", "complaint.resolve", "complaint.close"]
    timeline = client.get(f"/complaints/manage/{complaint.pk}/").context["timeline"]
    assert [str(label) for _event, label in timeline] == ["Ditelaah", "Penanganan dimulai", "Diselesaikan", "Ditutup"]


def test_a_rejection_needs_a_reason_and_is_told(admins):
    rina, _agus = admins
    complaint, _code = file()
    with pytest.raises(TransitionNotAllowed):
        services.decide(complaint, rina, "reject", reason="  ")
    services.decide(complaint, rina, "reject", reason="Bukan kewenangan LSP Kemensos.")
    complaint.refresh_from_db()
    assert complaint.status == "rejected" and complaint.decided_at is not None
    assert Notification.objects.filter(email="ani@example.test").order_by("pk").last().subject == "Pengaduan Anda: Ditolak"


def test_the_handler_must_be_of_the_role_that_handles_the_kind(admins, make_user):
    rina, _agus = admins
    complaint, _code = file()
    balks = make_user(Role.BALKS_ADMIN)
    with pytest.raises(TransitionNotAllowed, match="Orang ini tidak menangani pengaduan jenis ini."):
        services.triage(complaint, rina, category="conduct", handler=balks)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.category, complaint.handler) == ("received", "", None)
    with pytest.raises(TransitionForbidden):
        services.triage(complaint, balks, category="conduct", handler=rina)


def test_reassigning_tells_the_new_handler(admins):
    rina, agus = admins
    complaint, _code = file()
    services.triage(complaint, rina, category="service", handler=rina)
    services.reassign(complaint, rina, agus)
    complaint.refresh_from_db()
    assert complaint.handler == agus
    assert Notification.objects.get(recipient=agus).subject == f"Pengaduan {complaint.reference} ditugaskan kepada Anda"
    assert AuditEvent.objects.for_object(complaint).filter(action="complaint.reassign").count() == 1


def test_the_queue_is_scoped_to_the_role_before_filtering(client, admins, make_user, django_assert_max_num_queries):
    rina, agus = admins
    balks = make_user(Role.BALKS_ADMIN)
    for _ in range(12):
        file()
    lks, _code = file("lks")
    mine, _code = file("portal", subject_name="Jadwal tidak diumumkan")
    services.triage(mine, rina, category="service", handler=rina)
    client.force_login(rina)
    with django_assert_max_num_queries(12):
        response = client.get("/complaints/manage/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 13 and lks not in response.context["page"].object_list
    assert [c.pk for c in client.get("/complaints/manage/", {"handler": "mine"}).context["page"].object_list] == [mine.pk]
    assert [c.pk for c in client.get("/complaints/manage/", {"q": mine.reference}).context["page"].object_list] == [mine.pk]
    assert [c.pk for c in client.get("/complaints/manage/", {"q": str(lks.pk)}).context["page"].object_list] == []
    # Asking for another role's kind is no filter of theirs: the LKS complaint stays out all the same.
    assert lks.pk not in [c.pk for c in client.get("/complaints/manage/", {"subject_kind": "lks"}).context["page"].object_list]
    client.force_login(balks)
    assert [c.pk for c in client.get("/complaints/manage/").context["page"].object_list] == [lks.pk]
    assert [c.pk for c in client.get("/complaints/manage/", {"q": mine.reference}).context["page"].object_list] == []


def test_the_detail_page_has_a_bounded_number_of_queries(client, admins, django_assert_max_num_queries):
    rina, agus = admins
    complaint, _code = file()
    services.triage(complaint, rina, category="service", handler=agus)
    for n in range(5):
        services.respond(complaint, rina, text=f"Catatan nomor {n}.", is_public=bool(n % 2))
    client.force_login(rina)
    with django_assert_max_num_queries(16):
        assert client.get(f"/complaints/manage/{complaint.pk}/").status_code == 200


def test_the_dashboard_counts_open_and_overdue_complaints(client, admins):
    rina, _agus = admins
    file()
    late, _code = file()
    Complaint.objects.filter(pk=late.pk).update(due_at=late.created_at - __import__("datetime").timedelta(days=1))
    closed, _code = file()
    services.decide(closed, rina, "reject", reason="Pengaduan ganda.")
    client.force_login(rina)
    [panel] = [p for p in client.get("/").context["panels"] if p.title == "Pengaduan"]
    assert (panel.count, panel.tone, panel.url) == (2, "danger", "/complaints/manage/?overdue=yes")
    assert panel.body == "2 pengaduan terbuka: 1 lewat batas waktu layanan, 0 ditugaskan kepada Anda."
