from celery import shared_task


@shared_task(ignore_result=True)
def submit_expired_attempts():
    """Every minute (beat): tests past their deadline are submitted and scored, even when the candidate's
    browser is gone. Idempotent."""
    from . import services

    return services.expire_due()
