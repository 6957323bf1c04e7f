from celery import shared_task


@shared_task(ignore_result=True)
def submit_expired_attempts():
    """Every minute (beat): tests past their deadline are submitted and scored, even when the candidate's
    browser is gone. Idempotent."""
    from . import services

    return services.expire_due()


@shared_task(ignore_result=True, acks_late=True)
def draw_form(booking_id):
    """After a check-in: the candidate's test form, drawn before the session's rush of starts. Lost or failed,
    nothing is lost: the start draws it."""
    from . import services

    services.draw_form(booking_id)
