from celery import shared_task

from . import breach_services, services


@shared_task
def remind_overdue_requests():
    return services.remind_overdue()


@shared_task
def remind_breaches():
    return breach_services.remind()
