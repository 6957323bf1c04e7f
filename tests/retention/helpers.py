"""Builders for retention tests: records in each state through the apps' services, then aged."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from accreditation.models import Accreditation, Answer, Evidence
from certification import services as certification_services
from certification.models import Application, ApplicationDocument, EssayAnswer
from portal.documents.models import Document
from portal.notifications.models import Notification
from portal.workflow.engine import perform
from tests.accreditation import helpers as acc
from tests.certification.helpers import fill_application, make_worker, open_round, standard_route
from tests.complaints import helpers as complaint_helpers

NOW = timezone.now()


def stored(document):
    return (Path(settings.PRIVATE_MEDIA_ROOT) / document.storage_name).exists()


def draft(make_user, *, age=None, round_=None):
    """A draft with every document and essay, last changed `age` (a relativedelta/timedelta) ago."""
    user = make_worker(make_user)
    round_ = round_ or open_round()
    application = certification_services.start_application(user, round_, standard_route(round_))
    fill_application(user, application)
    if age is not None:
        touch(application, NOW - age)
    return application


def touch(application, when):
    """The application and its portfolio last changed at `when`."""
    Application.objects.filter(pk=application.pk).update(updated_at=when)
    ApplicationDocument.objects.filter(application=application).update(updated_at=when)
    EssayAnswer.objects.filter(application=application).update(updated_at=when)


def documents_of(application):
    return list(Document.objects.filter(pk__in=application.documents.values("document_id")))


def withdrawn(make_user, *, age):
    application = draft(make_user)
    perform(application, "submit", application.applicant)
    perform(application, "withdraw", application.applicant)
    Application.objects.filter(pk=application.pk).update(updated_at=NOW - age)
    return application


def ineligible(make_user, admin, *, age):
    application = draft(make_user)
    perform(application, "submit", application.applicant)
    perform(application, "declare_ineligible", admin, note="Ijazah tidak sah")
    Application.objects.filter(pk=application.pk).update(decided_at=NOW - age)
    return application


def accreditation_draft(make_user, *, age, name="LKSA Pelita Hati"):
    accreditation = acc.draft(make_user, name=name, legal_entity_name=f"Yayasan {name}")
    operator = accreditation.institution.operators.get()
    acc.fill(accreditation, operator, skip=[s["code"] for s in acc.specs(accreditation)][3:])
    when = NOW - age
    Accreditation.objects.filter(pk=accreditation.pk).update(updated_at=when)
    Answer.objects.filter(accreditation=accreditation).update(updated_at=when)
    Evidence.objects.filter(answer__accreditation=accreditation).update(created_at=when)
    return accreditation


def evidence_of(accreditation):
    return list(Document.objects.filter(pk__in=Evidence.objects.filter(answer__accreditation=accreditation).values("document_id")))


def complaint(complainant, *, status, age, credential_action=""):
    from portal.complaints.models import Complaint

    filed, _code = complaint_helpers.file(complainant=complainant, evidence=[complaint_helpers.pdf()])
    Complaint.objects.filter(pk=filed.pk).update(status=status, decided_at=NOW - age, credential_action=credential_action)
    filed.refresh_from_db()
    return filed


def message(user, *, status, age, read=False):
    row = Notification.objects.create(recipient=user, email=user.email, subject="Permohonan Anda", body="…",
                                      status=status, read_at=NOW if read else None)
    Notification.objects.filter(pk=row.pk).update(created_at=NOW - age)
    return row
