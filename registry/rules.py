"""Who may open a worker's registry documents. Plain predicates (django-rules), next to the models;
enforced where the files leave: the kernel's `/documents/<id>/`, through the access rule below."""

import rules
from django.db.models import Q

from .models import WorkerProfile


def profile_documents(document):
    """Profiles that carry `document`: as their photo, a diploma, a work-experience letter or a training
    certificate (what the profile page shows)."""
    return WorkerProfile.objects.filter(
        Q(photo=document)
        | Q(educations__diploma=document)
        | Q(employments__letter=document)
        | Q(trainings__certificate=document)
    )


@rules.predicate
def secretariat_of_profile_document(user, document):
    """A secretariat user opens the documents of the registry profiles of the workers living in their
    regional office's provinces. Not everything such a worker owns: their applications' papers follow
    the application's regional office (certification), their own library stays theirs."""
    if document is None or not getattr(user, "is_authenticated", False) or not user.is_secretariat:
        return False
    visible = WorkerProfile.objects.visible_to(user).filter(user_id=document.owner_id)
    return profile_documents(document).filter(pk__in=visible.values("pk")).exists()


def secretariat_sees_regional_worker_documents(user, document):
    """Kernel access rule for `/documents/<id>/`."""
    return secretariat_of_profile_document(user, document)
