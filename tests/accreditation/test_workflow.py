"""The workflow as data: the transition table, every illegal move refused, who may make each move,
and every transition audited and notified."""

import pytest

from accreditation import services
from accreditation.models import Accreditation
from accreditation.workflows import ACCREDITATION_WORKFLOW, AccreditationStatus
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.regions.models import RegionalOffice
from portal.workflow.engine import TransitionForbidden, TransitionNotAllowed, perform

from .helpers import make_institution, scheduled, visited

pytestmark = pytest.mark.django_db
S = AccreditationStatus

EXPECTED = [
    ("draft", "submit", "submitted"),
    ("submitted", "return_for_revision", "revision_requested"),
    ("revision_requested", "resubmit", "submitted"),
    ("submitted", "accept_for_visitation", "desk_accepted"),
    ("desk_accepted", "schedule_visitation", "visitation_scheduled"),
    ("visitation_scheduled", "complete_visitation", "visited"),
    ("visited", "decide", "decided"),
    ("decided", "certify", "certified"),
    # after a granted appeal (portal.appeals; accreditation/appeals.py)
    ("decided", "regrade_after_appeal", "certified"),
    ("certified", "regrade_after_appeal", "certified"),
    ("decided", "refuse_after_appeal", "decided"),
    ("certified", "refuse_after_appeal", "decided"),
]


def test_the_transition_table():
    assert ACCREDITATION_WORKFLOW.table() == EXPECTED


def test_every_illegal_move_is_refused(make_user, balks_admin):
    accreditation, visitation, team = scheduled(make_user)
    operator = accreditation.institution.operators.get()
    actor_for = {
        "submit": operator, "resubmit": operator, "complete_visitation": team[0].user,
        "return_for_revision": balks_admin, "accept_for_visitation": balks_admin, "schedule_visitation": balks_admin,
        "decide": balks_admin, "certify": balks_admin,
        "regrade_after_appeal": balks_admin, "refuse_after_appeal": balks_admin,
    }
    refused = 0
    for state in S.values:
        Accreditation.objects.filter(pk=accreditation.pk).update(status=state)
        accreditation.refresh_from_db()
        for transition in ACCREDITATION_WORKFLOW.transitions:
            if state in transition.source:
                continue
            events = AuditEvent.objects.count()
            with pytest.raises(TransitionNotAllowed) as error:
                perform(accreditation, transition.name, actor_for[transition.name], note="alasan")
            assert str(transition.label) in str(error.value)
            accreditation.refresh_from_db()
            assert accreditation.status == state
            assert AuditEvent.objects.count() == events
            refused += 1
    assert refused == len(S.values) * len(ACCREDITATION_WORKFLOW.transitions) - len(EXPECTED)
    with pytest.raises(TransitionNotAllowed):
        perform(accreditation, "approve_everything", balks_admin)


def test_who_may_make_each_move(make_user, balks_admin):
    accreditation, visitation, team = scheduled(make_user)
    lead, member = team[0].user, team[1].user
    operator = accreditation.institution.operators.get()
    other_operator = make_user("lks_operator")
    make_institution(other_operator, name="LKS Lain")
    own_desk = make_user("secretariat", regional_office=accreditation.regional_office)
    other_desk = make_user("secretariat", regional_office=RegionalOffice.objects.get(code="V"))
    strangers = [make_user("applicant"), make_user("lsp_admin"), other_operator, other_desk, make_user("assessor")]
    allowed = {
        "submit": {operator}, "resubmit": {operator},
        "return_for_revision": {own_desk, balks_admin}, "accept_for_visitation": {own_desk, balks_admin},
        "schedule_visitation": {own_desk, balks_admin},
        "complete_visitation": {lead}, "decide": {balks_admin}, "certify": {balks_admin},
        # only a member of the panel of a granted appeal, while it is carried out (tests/appeals)
        "regrade_after_appeal": set(), "refuse_after_appeal": set(),
    }
    everyone = [operator, own_desk, balks_admin, lead, member, *strangers]
    for transition in ACCREDITATION_WORKFLOW.transitions:
        for user in everyone:
            assert transition.allowed(user, accreditation) == (user in allowed[transition.name]), (transition.name, user.role)
    Accreditation.objects.filter(pk=accreditation.pk).update(status=S.VISITED)
    accreditation.refresh_from_db()
    with pytest.raises(TransitionForbidden):
        perform(accreditation, "decide", own_desk)
    with pytest.raises(TransitionForbidden):
        perform(accreditation, "decide", make_user("lsp_admin"))


def test_every_transition_is_audited_and_notified(make_user, balks_admin):
    accreditation, visitation, team = visited(make_user, score=3)
    operator = accreditation.institution.operators.get()
    services.decide(balks_admin, accreditation, accreditation.suggested_grade)
    perform(accreditation, "certify", balks_admin)
    actions = list(
        AuditEvent.objects.for_object(accreditation).filter(action__startswith="accreditation.")
        .exclude(action__in=["accreditation.create", "accreditation.evidence_add", "accreditation.recommendation",
                             "accreditation.accept_all", "accreditation.visitation_plan", "accreditation.visit_scores_submitted",
                             "accreditation.reconcile"])
        .order_by("created_at", "id").values_list("action", "before", "after")
    )
    assert actions == [
        (f"accreditation.{name}", {"status": source}, {"status": target}) for source, name, target in EXPECTED
        if name not in ("return_for_revision", "resubmit") and not name.endswith("_after_appeal")
    ]
    templates = list(Notification.objects.filter(recipient=operator).order_by("id").values_list("template", flat=True))
    assert templates == [
        "accreditation/submitted", "accreditation/desk_accepted", "accreditation/visitation_scheduled",
        "accreditation/visited", "accreditation/decided", "accreditation/certified",
    ]
    for assessor in team:
        assert Notification.objects.filter(recipient=assessor.user, template="accreditation/visitation_scheduled").count() == 1
    assert Notification.objects.filter(recipient=balks_admin, template="accreditation/visited").count() == 1
    scheduled_mail = Notification.objects.get(recipient=operator, template="accreditation/visitation_scheduled")
    assert f"/visitations/{visitation.pk}/calendar.ics" in scheduled_mail.body
    assert scheduled_mail.subject.startswith("Visitasi LKSA Pelita Hati pada ")
    certified = Notification.objects.get(recipient=operator, template="accreditation/certified")
    accreditation.refresh_from_db()
    assert certified.subject == "LKSA Pelita Hati terakreditasi B"
    assert f"/verify/{accreditation.credential.number}/" in certified.body
