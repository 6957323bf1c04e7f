"""The service-level clock per stage: a complaint past its triage or resolution date reminds its
handler (no handler yet: every admin of the role) once per stage and day, however often beat runs."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from portal.accounts.roles import Role
from portal.complaints import services
from portal.complaints.models import Complaint
from portal.complaints.tasks import remind_overdue
from portal.notifications.models import Notification

from .helpers import file

pytestmark = pytest.mark.django_db


def reminders():
    return list(Notification.objects.filter(template="complaints/overdue").order_by("pk").values_list("recipient__full_name", "subject"))


def test_beat_runs_the_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["complaints-remind-overdue"]
    assert entry["task"] == "portal.complaints.tasks.remind_overdue"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({settings.COMPLAINT_DAILY_HOUR}, {30})


def test_an_untriaged_complaint_reminds_every_admin_of_its_role_once_a_day(make_user):
    rina, agus = make_user(Role.LSP_ADMIN, full_name="Rina Kartika"), make_user(Role.LSP_ADMIN, full_name="Agus Salim")
    make_user(Role.BALKS_ADMIN, full_name="Hendra Wijaya")
    make_user(Role.LSP_ADMIN, full_name="Tidak Aktif", is_active=False)
    complaint, _code = file()
    on_time, _code = file()
    now = timezone.now()
    assert services.remind_overdue(now + timedelta(days=2)) == 0  # within COMPLAINT_SLA_TRIAGE_DAYS (3)
    late = complaint.due_at + timedelta(hours=1)
    Complaint.objects.filter(pk=on_time.pk).update(due_at=late + timedelta(days=5))
    assert services.remind_overdue(late) == 2
    assert services.remind_overdue(late + timedelta(minutes=5)) == 0  # the same day: nothing more
    assert remind_overdue.apply().get() == 0  # the task, now: neither is late yet
    subject = f"Pengaduan {complaint.reference} lewat batas waktu"
    assert sorted(reminders()) == [("Agus Salim", subject), ("Rina Kartika", subject)]
    assert "masih menunggu kategori dan penangan" in Notification.objects.filter(template="complaints/overdue").first().body
    assert services.remind_overdue(late + timedelta(days=1)) == 2  # the next day, still late: once more
    assert len(reminders()) == 4


def test_a_triaged_complaint_reminds_only_its_handler_and_stops_once_decided(make_user):
    rina, agus = make_user(Role.LSP_ADMIN, full_name="Rina Kartika"), make_user(Role.LSP_ADMIN, full_name="Agus Salim")
    complaint, _code = file()
    late_triage = complaint.due_at + timedelta(hours=1)
    assert services.remind_overdue(late_triage) == 2
    services.triage(complaint, rina, category="conduct", handler=agus)
    complaint.refresh_from_db()
    assert services.remind_overdue(late_triage) == 0  # triaged: the resolution stage's clock, 30 days
    late = complaint.due_at + timedelta(hours=1)
    assert services.remind_overdue(late) == 1  # a new stage: the same day again, for the handler only
    assert reminders()[-1] == ("Agus Salim", f"Pengaduan {complaint.reference} lewat batas waktu")
    assert "seharusnya diselesaikan atau ditolak" in Notification.objects.filter(template="complaints/overdue").order_by("pk").last().body
    services.decide(complaint, agus, "reject", reason="Sudah ditangani dalam pengaduan lain.")
    assert services.remind_overdue(late + timedelta(days=1)) == 0
