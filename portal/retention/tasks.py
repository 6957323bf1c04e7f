from celery import shared_task

from . import services


@shared_task
def apply_retention():
    """Daily: every kind's retention period applied (rows and files removed, audited)."""
    return services.apply_all()
