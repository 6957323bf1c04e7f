"""The proctor's console of the computer-based test (issue 16, item 4): the session's candidates with
their progress, refreshed by static/js/cbt-proctor.js; pause, resume, extend, end (one or all), allow
another device, release the results. Thin: the session scoped to the user, a service call, a message."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from certification.exams.models import ExamSession
from portal.core.http import errors_as_messages

from . import proctoring, rules
from .models import Attempt
from .services import CbtError

DONE = {
    "pause": gettext_lazy("Paused: %(n)s tests."),
    "resume": gettext_lazy("Resumed: %(n)s tests."),
    "extend": gettext_lazy("Extended: %(n)s tests."),
    "end": gettext_lazy("Ended: %(n)s tests."),
}
ACTIONS = tuple(DONE)


def _session(request, pk):
    return get_object_or_404(ExamSession.objects.managed_by(request.user).select_related("scheme", "province"), pk=pk)


def _number(value):
    return int(value) if re.fullmatch(r"[0-9]{1,6}", (value or "").strip()) else None


@login_required
@never_cache
def proctor(request, pk):
    """The console. `?part=live` answers only the part that refreshes itself (rows, counts, log)."""
    session = _session(request, pk)
    context = {"session": session, **proctoring.console(session)}
    if request.GET.get("part") == "live":
        return render(request, "cbt/proctor_live.html", context)
    return render(request, "cbt/proctor.html", {**context, "may_analyse": rules.may_write_items(request.user)})


@login_required
@require_POST
def act(request, pk, action):
    """POST `attempt=<id>` for one test or `all=1` for every open test of the session; `extend` also
    takes `minutes` and `reason`."""
    session = _session(request, pk)
    attempt = None
    if request.POST.get("all") != "1":
        attempt_id = _number(request.POST.get("attempt"))
        if attempt_id is None:
            raise Http404
        attempt = get_object_or_404(Attempt.objects.filter(booking__session=session), pk=attempt_id)
    with errors_as_messages(request, CbtError):
        if action not in ACTIONS:
            raise Http404
        if action == "extend":
            changed = proctoring.extend(request.user, session, _number(request.POST.get("minutes")), request.POST.get("reason"),
                                        attempt, request=request)
        else:
            changed = getattr(proctoring, action)(request.user, session, attempt, request=request)
        if changed:
            messages.success(request, str(DONE[action]) % {"n": len(changed)})
        else:
            messages.info(request, _("Nothing changed: no test was in that state."))
    anchor = f"#booking-{attempt.booking_id}" if attempt is not None else ""
    return redirect(reverse("cbt:proctor", args=[session.pk]) + anchor)


@login_required
@require_POST
def allow_device(request, pk):
    attempt = get_object_or_404(
        Attempt.objects.filter(booking__session__in=ExamSession.objects.managed_by(request.user)).select_related("booking__session"),
        pk=pk,
    )
    with errors_as_messages(request, CbtError):
        proctoring.allow_device(request.user, attempt, request=request)
        messages.success(request, _("The candidate may open the test on another device now."))
    return redirect(reverse("cbt:proctor", args=[attempt.booking.session_id]) + f"#booking-{attempt.booking_id}")


@login_required
@require_POST
def release(request, pk):
    if not request.user.is_lsp_admin:
        raise Http404
    session = _session(request, pk)
    count = proctoring.release_results(request.user, session, request=request)
    messages.success(request, _("Results released to %(n)s candidates.") % {"n": count})
    return redirect("cbt:proctor", pk=session.pk)
