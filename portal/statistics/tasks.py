from celery import shared_task

from . import summaries


@shared_task(ignore_result=True)
def refresh_dashboards():
    """Rebuild the summary rows of every staff dashboard (beat, every DASHBOARD_REFRESH_SECONDS)."""
    summaries.rebuild_all()
