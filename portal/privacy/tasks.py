from celery import shared_task

from . import services


@shared_task
def remind_overdue_requests():
    return services.remind_overdue()
