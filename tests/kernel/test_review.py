"""The kernel's desk review (portal.core.review) on the test app's tickets: two models in one checklist,
one with the kernel's field names and one with its own (as certification's items keep theirs)."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.core.review.forms import ReviewItemForm
from portal.core.review.models import ReviewStatus
from portal.core.review.services import AUDIT_EACH, DeskReview, counts
from portal.core.review.views import anchor
from tests.testapp.models import Ticket, TicketFile, TicketLine, TicketState, is_secretariat

pytestmark = pytest.mark.django_db


class TicketRefused(Exception):
    pass


def ticket_items(ticket):
    return [*ticket.lines.all(), *ticket.files.all()]


DESK = DeskReview(
    subject="ticket",
    items=ticket_items,
    may_review=is_secretariat,
    open_state=TicketState.SUBMITTED,
    error=TicketRefused,
    closed="Only a submitted ticket is checked.",
    note_required="Say what to fix.",
)


@pytest.fixture
def ticket(applicant):
    ticket = Ticket.objects.create(owner=applicant, title="Berkas A", state=TicketState.SUBMITTED)
    TicketLine.objects.create(ticket=ticket, name="KTP")
    TicketLine.objects.create(ticket=ticket, name="Ijazah")
    TicketFile.objects.create(ticket=ticket, name="CV")
    return ticket


def statuses(ticket):
    return [(str(item), item.check_status, item.check_note) for item in ticket_items(ticket)]


def test_checking_one_item_saves_it_under_the_models_own_field_names_and_audits_it(ticket, secretariat):
    cv = ticket.files.get()
    before = cv.updated_at
    DESK.review_item(secretariat, cv, ReviewStatus.NEEDS_REVISION, "  Halaman 2 hilang  ")
    cv = TicketFile.objects.get(pk=cv.pk)
    assert (cv.review_status, cv.review_note, cv.reviewed_by) == ("needs_revision", "Halaman 2 hilang", secretariat)
    assert cv.reviewed_at is not None and cv.updated_at > before
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == ("ticket.review_item", secretariat, str(ticket.pk))
    assert (event.before, event.after, event.note) == (
        {"review_status": "pending"}, {"item": "CV", "review_status": "needs_revision"}, "Halaman 2 hilang",
    )

    ktp = ticket.lines.get(name="KTP")
    DESK.review_item(secretariat, ktp, ReviewStatus.ACCEPTED, "ignored when accepting")
    assert statuses(ticket) == [
        ("KTP", "accepted", ""), ("Ijazah", "pending", ""), ("CV", "needs_revision", "Halaman 2 hilang"),
    ]
    assert AuditEvent.objects.order_by("id").last().after == {"item": "KTP", "status": "accepted"}


def test_a_flag_needs_a_note_and_only_two_results_exist(ticket, secretariat):
    ktp = ticket.lines.get(name="KTP")
    with pytest.raises(ValidationError) as error:
        DESK.review_item(secretariat, ktp, ReviewStatus.NEEDS_REVISION, "   ")
    assert error.value.messages == ["Say what to fix."]
    for status in (ReviewStatus.PENDING, "rejected"):
        with pytest.raises(ValidationError) as error:
            DESK.review_item(secretariat, ktp, status, "x")
        assert error.value.messages == ["Hasil pemeriksaan tidak dikenal."]
    assert statuses(ticket)[0] == ("KTP", "pending", "") and AuditEvent.objects.count() == 0


def test_only_the_app_s_reviewers_check_and_only_in_the_open_state(ticket, secretariat, make_user):
    ktp = ticket.lines.get(name="KTP")
    for stranger in (ticket.owner, make_user(Role.ASSESSOR)):
        with pytest.raises(PermissionDenied):
            DESK.review_item(stranger, ktp, ReviewStatus.ACCEPTED)
        with pytest.raises(PermissionDenied):
            DESK.accept_all(stranger, ticket)
    Ticket.objects.filter(pk=ticket.pk).update(state=TicketState.ACCEPTED)
    ticket.refresh_from_db()
    ktp = ticket.lines.get(name="KTP")
    with pytest.raises(TicketRefused, match="^Only a submitted ticket is checked.$"):
        DESK.review_item(secretariat, ktp, ReviewStatus.ACCEPTED)
    with pytest.raises(TicketRefused, match="^Only a submitted ticket is checked.$"):
        DESK.accept_all(secretariat, ticket)
    assert [s for _name, s, _note in statuses(ticket)] == ["pending", "pending", "pending"]
    assert AuditEvent.objects.count() == 0


def test_flagged_unrevised_unaccepted_and_reopening_on_resubmission(ticket, secretariat):
    ktp, ijazah = ticket.lines.all()
    cv = ticket.files.get()
    DESK.review_item(secretariat, ktp, ReviewStatus.NEEDS_REVISION, "Buram")
    DESK.review_item(secretariat, cv, ReviewStatus.NEEDS_REVISION, "Tidak lengkap")
    DESK.review_item(secretariat, ijazah, ReviewStatus.ACCEPTED)
    assert [str(i) for i in DESK.flagged_items(ticket)] == ["KTP", "CV"]
    assert [str(i) for i in DESK.unaccepted_items(ticket)] == ["KTP", "CV"]
    assert [str(i) for i in DESK.unrevised_items(ticket)] == ["KTP", "CV"]

    # The owner replaces the CV after it was flagged; a change before the check does not count.
    TicketFile.objects.filter(pk=cv.pk).update(revised_at=timezone.now() + timedelta(seconds=1))
    TicketLine.objects.filter(pk=ktp.pk).update(revised_at=timezone.now() - timedelta(days=1))
    assert [(str(i), i.is_revised) for i in DESK.flagged_items(ticket)] == [("KTP", False), ("CV", True)]
    assert [str(i) for i in DESK.unrevised_items(ticket)] == ["KTP"]

    cv_touched = TicketFile.objects.get(pk=cv.pk).updated_at
    DESK.reopen_revised_items(ticket)
    assert statuses(ticket) == [("KTP", "pending", "Buram"), ("Ijazah", "accepted", ""), ("CV", "pending", "Tidak lengkap")]
    assert TicketFile.objects.get(pk=cv.pk).updated_at > cv_touched
    assert DESK.flagged_items(ticket) == [] and [str(i) for i in DESK.unaccepted_items(ticket)] == ["KTP", "CV"]


def test_accept_all_accepts_only_what_was_not_checked_and_audits_once(ticket, secretariat):
    ktp = ticket.lines.get(name="KTP")
    DESK.review_item(secretariat, ktp, ReviewStatus.NEEDS_REVISION, "Buram")
    assert DESK.accept_all(secretariat, ticket) == 2
    assert statuses(ticket) == [("KTP", "needs_revision", "Buram"), ("Ijazah", "accepted", ""), ("CV", "accepted", "")]
    assert {i.reviewed_by for i in ticket_items(ticket)} == {secretariat}
    events = list(AuditEvent.objects.order_by("id").values_list("action", "after"))
    assert events == [
        ("ticket.review_item", {"item": "KTP", "status": "needs_revision"}),
        ("ticket.accept_all", {"accepted": 2}),
    ]
    assert DESK.accept_all(secretariat, ticket) == 0
    assert AuditEvent.objects.order_by("id").last().after == {"accepted": 0}


def test_accept_all_can_audit_each_item_as_if_checked_in_turn(ticket, secretariat):
    desk = replace(DESK, accept_all_audit=AUDIT_EACH)
    assert desk.accept_all(secretariat, ticket) == 3
    events = list(AuditEvent.objects.order_by("id").values_list("action", "before", "after", "note"))
    assert events == [
        ("ticket.review_item", {"status": "pending"}, {"item": "KTP", "status": "accepted"}, ""),
        ("ticket.review_item", {"status": "pending"}, {"item": "Ijazah", "status": "accepted"}, ""),
        ("ticket.review_item", {"review_status": "pending"}, {"item": "CV", "review_status": "accepted"}, ""),
    ]
    assert desk.accept_all(secretariat, ticket) == 0 and AuditEvent.objects.count() == 3


def test_counts_keys_anchors_and_the_form(ticket, secretariat):
    ktp = ticket.lines.get(name="KTP")
    cv = ticket.files.get()
    DESK.review_item(secretariat, ktp, ReviewStatus.ACCEPTED)
    DESK.review_item(secretariat, cv, ReviewStatus.NEEDS_REVISION, "Tidak lengkap")
    assert counts(ticket_items(ticket)) == {"total": 3, "accepted": 1, "flagged": 1}
    assert (cv.checklist_key, cv.checklist_slug, anchor(cv.checklist_key), anchor("")) == (
        f"file:{cv.pk}", f"file-{cv.pk}", f"#item-file-{cv.pk}", "",
    )
    assert (cv.get_check_status_display(), ktp.get_check_status_display()) == ("Perlu perbaikan", "Diterima")

    form = ReviewItemForm({"item": cv.checklist_key, "status": "needs_revision", "note": " "}, desk=DESK)
    assert not form.is_valid() and form.errors == {"note": ["Say what to fix."]}
    form = ReviewItemForm({"item": cv.checklist_key, "status": "pending"}, desk=DESK)
    assert not form.is_valid() and list(form.errors) == ["status"]
    form = ReviewItemForm({"item": cv.checklist_key, "status": "accepted"}, desk=DESK)
    assert form.is_valid() and form.cleaned_data == {"item": f"file:{cv.pk}", "status": "accepted", "note": ""}


def test_the_check_form_holds_the_note_of_a_flagged_line_while_checking(ticket, secretariat):
    cv = ticket.files.get()
    DESK.review_item(secretariat, cv, ReviewStatus.NEEDS_REVISION, "Tidak lengkap")
    context = {"item": cv, "review_item_url": "/check/", "note_label": "Catatan", "note_max": 2000}
    checking = render_to_string("review/item_form.html", {**context, "checking": True})
    assert f'name="item" value="file:{cv.pk}"' in checking
    assert f'id="note-file-{cv.pk}" maxlength="2000" value="Tidak lengkap"' in checking
    assert "<strong>Catatan:</strong>" not in checking
    done = render_to_string("review/item_form.html", {**context, "checking": False})
    assert "<form" not in done and "<strong>Catatan:</strong> Tidak lengkap</p>" in done
    badge = render_to_string("review/badge.html", {"item": cv})
    assert badge.strip() == '<span class="badge text-bg-warning">Perlu perbaikan</span>'
    assert render_to_string("review/badge.html", {"item": None}).strip() == ""
