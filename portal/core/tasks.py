"""Handing work to Celery once the change that asks for it is committed.

Services name the task (`"portal.credentials.tasks.render_credential_pdf"`) instead of importing its
module: a tasks module imports its services, never the other way round."""

from celery import signature
from django.db import transaction


def send_after_commit(task_name, *args):
    """Run the Celery task `task_name` with `args` after the current transaction commits (at once
    outside one). A broker outage is logged by Django (`robust=True`), not raised: the caller's data
    is committed, and each kind of work has a periodic sweep (pending notifications, missing PDFs and
    cards) that takes it up."""

    def send():
        signature(task_name, args=args).delay()

    send.__qualname__ = f"send_after_commit({task_name}{args!r})"  # what Django logs if it fails
    transaction.on_commit(send, robust=True)
