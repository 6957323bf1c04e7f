from celery import shared_task

from . import services


@shared_task
def purge_unattached():
    """Daily: documents attached to nothing for a day, and files without a document, are deleted."""
    documents, files = services.purge_unattached()
    return {"documents": documents, "files": files}
