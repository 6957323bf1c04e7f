"""What the POSTs of every desk review do (check one item, accept all, decide), once the app's view
has found the file, scoped to the user and checked by the app's own rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.core import next_steps
from portal.workflow.engine import TransitionError, perform

from .models import key_slug


def anchor(key):
    """The checklist line's place on the review page ("#item-doc-12"), or nothing without a key."""
    return f"#item-{key_slug(key)}" if key else ""


def form_errors(form):
    return " ".join(error for errors in form.errors.values() for error in errors)


def post_review_item(request, desk, form_class, *, find_item, review_url, invalid):
    """`form_class` is the app's `ReviewItemForm`; `find_item(form)` returns the line of this file the
    form names (or 404s); `invalid(form)` answers a form that does not validate, whose errors are
    already in a message. Back to the line on the review page."""
    form = form_class(request.POST, desk=desk)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return invalid(form)
    item = find_item(form)
    try:
        desk.review_item(request.user, item, form.cleaned_data["status"], form.cleaned_data["note"], request=request)
    except (desk.error, ValidationError) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    return redirect(review_url + anchor(item.checklist_key))


def post_accept_all(request, desk, subject, *, review_url):
    try:
        count = desk.accept_all(request.user, subject, request=request)
    except desk.error as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)s item(s) accepted.") % {"n": count})
    return redirect(review_url)


def post_decision(request, subject, form, *, again, next_url):
    """The reviewer's decision: the workflow transition the form's `action` names, with its `note`.
    `again(form)` shows the review page with the form; `next_url` (or `next_url(subject)`, once
    decided) is where a decision leads; a step the decision leaves waiting for the reviewer (assign
    the assessors of an application declared eligible) is offered there in a message."""
    if not form.is_valid():
        return again(form)
    try:
        perform(subject, form.cleaned_data["action"], request.user, note=form.cleaned_data["note"], request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        return again(form)
    messages.success(request, _("Done: %(status)s.") % {"status": subject.get_status_display()})
    landing = next_url(subject) if callable(next_url) else next_url
    next_steps.offer(request, subject, landing=landing)
    return redirect(landing)
