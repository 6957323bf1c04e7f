"""Exam emails move to the kernel's outbox: each ExamEmail row becomes an email-only Notification with
the booking's .ics attached and the key that keeps it once per booking and kind (so reminders already
sent are not sent again, and pending ones are still sent)."""

from django.db import migrations

STATUS = {"pending": "pending", "sent": "sent", "failed": "failed"}


def to_outbox(apps, schema_editor):
    ExamEmail = apps.get_model("exams", "ExamEmail")
    Notification = apps.get_model("notifications", "Notification")
    rows = ExamEmail.objects.select_related("booking__application").order_by("pk")
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=email.booking.application.applicant_id,
                email=email.to,
                template="exams/reminder" if email.kind.startswith("reminder_") else f"exams/{email.kind}",
                subject=email.subject,
                body=email.body,
                in_app=False,
                attachments=[["exams.booking_ics", email.booking_id]],
                key=f"exams.{email.kind}:{email.booking_id}",
                status=STATUS.get(email.status, "pending"),
                attempts=email.attempts,
                last_error=email.last_error,
                sent_at=email.sent_at,
            )
            for email in rows.iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0002_live_means_ahead"),
        ("notifications", "0002_outbox_attachments_and_keys"),
    ]

    operations = [
        migrations.RunPython(to_outbox, migrations.RunPython.noop),
        migrations.DeleteModel(name="ExamEmail"),
    ]
