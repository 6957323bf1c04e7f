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
