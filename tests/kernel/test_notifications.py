import pytest
from django.core import mail
from django.test import override_settings

from portal.celery import app as celery_app
from portal.notifications import services
from portal.notifications.models import Notification
from portal.workflow.engine import perform
from tests.testapp.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings):
    """Celery configured for a real broker that does not answer."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app._pool = None
    yield
    conf.task_always_eager, conf.broker_url = saved
    celery_app._pool = None


def test_change_commits_with_broker_down_and_resend_delivers(broker_down, applicant, django_capture_on_commit_callbacks):
    ticket = Ticket.objects.create(owner=applicant, title="Berkas B")
    with django_capture_on_commit_callbacks(execute=True):
        perform(ticket, "submit", applicant)
    ticket.refresh_from_db()
    assert ticket.state == "submitted"
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING
    assert mail.outbox == []

    assert services.resend_pending() == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
    assert "Berkas B" in mail.outbox[0].subject

    assert services.resend_pending() == 0  # nothing is sent twice
    assert len(mail.outbox) == 1


def test_eager_delivery_after_commit(applicant, django_capture_on_commit_callbacks):
    ticket = Ticket.objects.create(owner=applicant, title="Berkas C")
    with django_capture_on_commit_callbacks(execute=True):
        perform(ticket, "submit", applicant)
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


@override_settings(EMAIL_BACKEND="tests.kernel.failing_email.Backend")
def test_mail_server_down_keeps_it_pending(applicant, django_capture_on_commit_callbacks):
    ticket = Ticket.objects.create(owner=applicant, title="Berkas D")
    with django_capture_on_commit_callbacks(execute=True):
        perform(ticket, "submit", applicant)
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "ConnectionRefusedError" in notification.last_error
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert services.resend_pending() == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2


def test_rendered_in_the_recipients_language(make_user, django_capture_on_commit_callbacks):
    english = make_user(language="en")
    indonesian = make_user(language="id")
    for user in (english, indonesian):
        ticket = Ticket.objects.create(owner=user, title="Berkas E")
        with django_capture_on_commit_callbacks(execute=True):
            perform(ticket, "submit", user)
    english_mail, indonesian_mail = mail.outbox
    assert english_mail.body.startswith(f"Hello {english.get_full_name()},")
    assert indonesian_mail.body.startswith(f"Halo {indonesian.get_full_name()},")


def test_in_app_list_unread_count_and_mark_read(client, applicant):
    ticket = Ticket.objects.create(owner=applicant, title="Berkas F")
    perform(ticket, "submit", applicant)
    client.force_login(applicant)
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert page.context["unread_notifications"] == 1
    assert "Berkas F" in page.content.decode()
    notification = Notification.objects.get()
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    assert client.get("/notifications/").context["unread_notifications"] == 0


def test_cannot_open_someone_elses_notification(client, applicant, make_user):
    ticket = Ticket.objects.create(owner=applicant, title="Berkas G")
    perform(ticket, "submit", applicant)
    client.force_login(make_user())
    response = client.post(f"/notifications/{Notification.objects.get().pk}/open/")
    assert response.status_code == 404
    assert Notification.objects.get().read_at is None


@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.kernel.lock_probe_email.Backend")
def test_no_row_is_locked_while_the_mail_server_is_talked_to(applicant):
    """The row is taken in a short transaction of its own (marked "sending"); SMTP happens outside it."""
    from tests.kernel import lock_probe_email

    lock_probe_email.probes.clear()
    notification = services.notify(applicant, "workflow/transition", {"obj": "Berkas E", "state": "Diajukan"})
    assert lock_probe_email.probes == [("free", ["sending"])]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)


def test_a_row_a_lost_worker_left_sending_is_sent_again(applicant, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.NOTIFICATION_CLAIM_SECONDS = 600
    lost = Notification.objects.create(recipient=applicant, email=applicant.email, subject="Lost", body="b",
                                       status="sending", claimed_at=timezone.now() - timedelta(seconds=601), attempts=1)
    busy = Notification.objects.create(recipient=applicant, email=applicant.email, subject="Busy", body="b",
                                       status="sending", claimed_at=timezone.now() - timedelta(seconds=30), attempts=1)
    assert services.resend_pending() == 1
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert (lost.status, lost.attempts, busy.status) == ("sent", 2, "sending")
    assert [m.subject for m in mail.outbox] == ["Lost"]


def test_a_key_sends_once_and_attachments_are_made_when_sent(applicant, django_capture_on_commit_callbacks):
    from portal.notifications import attachments

    made = []
    attachments.register("tests.note", lambda n: made.append(n) or (f"note-{n}.txt", f"note {n}", "text/plain"))
    attachments.register("tests.nothing", lambda n: None)
    context = {"obj": "Berkas F", "state": "Diajukan"}
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(applicant, "workflow/transition", context, in_app=False, key="tests:once",
                                attachments=[("tests.note", 7), ("tests.nothing", 1)])
        assert made == []  # nothing is made while the change is being written
    assert services.notify(applicant, "workflow/transition", context, key="tests:once") is None
    assert Notification.objects.filter(key="tests:once").count() == 1
    assert (first.in_app, made) == (False, [7])
    [message] = mail.outbox
    assert message.attachments == [("note-7.txt", "note 7", "text/plain")]
