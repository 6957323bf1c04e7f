"""Small helpers of the kernel's views."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError


def wants_json(request):
    """The page's script asked (fetch with X-Requested-With, or Accept: application/json): answer JSON."""
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in request.headers.get(
        "accept", ""
    )


@contextmanager
def errors_as_messages(request, *errors):
    """Run the block; when it raises one of `errors` (a service's refusal), skip the rest of the block
    and show the refusal as an error message instead: a ValidationError its messages, anything else
    its text. What follows the block runs either way:

        with errors_as_messages(request, services.ExamError):
            services.close_attendance(request.user, session, request=request)
            messages.success(request, _("Attendance closed."))
        return redirect(session)
    """
    try:
        yield
    except errors as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
