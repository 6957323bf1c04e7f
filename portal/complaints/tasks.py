"""Celery tasks of complaints; idempotent (a reminder goes out once per complaint, stage, handler and day)."""

from celery import shared_task

from . import services


@shared_task
def remind_overdue():
    """Daily (COMPLAINT_DAILY_HOUR): remind the handlers of complaints past their stage's service level."""
    return services.remind_overdue()
