"""Celery tasks of accreditation: they take no arguments or ids and delegate to `services`."""

from celery import shared_task

from . import services


@shared_task
def send_renewal_reminders():
    """Daily: remind the operators of accredited LKS to re-apply before the certificate lapses."""
    return services.send_renewal_reminders()
