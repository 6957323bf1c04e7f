"""A double click on the workflow's buttons (issue 20, item 10): "Ajukan permohonan", the secretariat's
"Nyatakan memenuhi syarat" and "Tarik permohonan" sent twice at the same moment from one browser, with
the form's submission key (portal.js): the move is made once and both posts land on its result, with
its message, instead of the second showing a red "not possible while the status is …"."""

import pytest
from django.db import connection
from django.utils import translation

from certification import services
from certification.models import Application
from portal.audit.models import AuditEvent
from portal.core.repeat import FIELD
from tests.assessment.helpers import region_secretariat
from tests.repeats import KEY, landed, one_browser, post_at_once

from .helpers import fill_application, make_worker, open_round, standard_route, submitted_application

pytestmark = pytest.mark.django_db(transaction=True)


def said(msgid, **values):
    with translation.override("id"):
        text = translation.gettext(msgid)
    assert text != msgid, f"not translated: {msgid}"
    return text % values if values else text


def test_a_double_click_on_submit_submits_once_and_both_land_on_the_application(make_user):
    assert connection.vendor == "postgresql"
    user = make_worker(make_user)
    round_ = open_round()
    application = fill_application(user, services.start_application(user, round_, standard_route(round_)))

    responses = post_at_once(one_browser(user), f"/applications/{application.pk}/submit/", {FIELD: KEY})

    assert Application.objects.get(pk=application.pk).status == "submitted"
    submitted = ("success", said("Your application was submitted. The secretariat will check it; you will be notified."))
    assert [landed(r) for r in responses] == [(f"/applications/{application.pk}/", [submitted])] * 2
    assert AuditEvent.objects.filter(action="application.submit").count() == 1


def test_a_double_click_on_declare_eligible_declares_once_and_both_land_on_the_queue(make_user):
    application = submitted_application(make_user)
    secretariat = region_secretariat(make_user)
    services.accept_all(secretariat, application)

    responses = post_at_once(
        one_browser(secretariat), f"/secretariat/applications/{application.pk}/decide/",
        {"action": "declare_eligible", "note": "", FIELD: KEY},
    )

    assert Application.objects.get(pk=application.pk).status == "eligible"
    done = ("success", said("Done: %(status)s.", status=said("Eligible")))
    following = ("info", f"{said('Next:')} {said('Assign assessors')}")
    assert [landed(r) for r in responses] == [("/secretariat/applications/", [done, following])] * 2
    assert AuditEvent.objects.filter(action="application.declare_eligible").count() == 1


def test_a_double_click_on_withdraw_withdraws_once(make_user):
    application = submitted_application(make_user)

    responses = post_at_once(
        one_browser(application.applicant), f"/applications/{application.pk}/withdraw/",
        {"note": "Pindah tugas ke luar negeri", FIELD: KEY},
    )

    assert Application.objects.get(pk=application.pk).status == "withdrawn"
    withdrawn = ("success", said("Your application was withdrawn."))
    assert [landed(r) for r in responses] == [("/applications/", [withdrawn])] * 2
    assert AuditEvent.objects.filter(action="application.withdraw").count() == 1
