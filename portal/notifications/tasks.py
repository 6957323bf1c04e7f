from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def send_notification(self, notification_id):
    return services.deliver(notification_id)


@shared_task
def resend_pending():
    return services.resend_pending()
