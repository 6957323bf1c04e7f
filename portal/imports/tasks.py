"""Celery tasks of the import engine: they take a job's id and delegate to `services` (idempotent)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def check_import(job_id):
    services.check_job(job_id)
    return job_id


@shared_task(acks_late=True)
def run_import(job_id):
    services.run_job(job_id)
    return job_id


@shared_task
def resume_stale_imports():
    return services.resume_stale()
