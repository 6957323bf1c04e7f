from celery import shared_task


@shared_task
def remind_due():
    from .services import remind_due as remind

    return remind()
