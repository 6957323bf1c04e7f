from celery import shared_task

from . import licences, services


@shared_task
def remind_overdue_assessments():
    return services.remind_overdue()


@shared_task
def remind_expiring_licences():
    """Daily: assessors whose No. Reg. MET expires in 90 or 30 days are told, once per stage."""
    return licences.remind_expiring()
