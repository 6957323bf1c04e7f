from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import services


@login_required
def overview(request):
    """Each kind of record the admin answers for: its period, what is due now, the last runs."""
    if not request.user.is_portal_admin:
        raise Http404
    context = {"rows": services.overview(request.user), "runs": services.recent_runs(request.user)}
    return render(request, "retention/overview.html", context)
