"""Ways forward: what the user can do next with a file, offered where they are.

A file that waits for someone's action (an application declared eligible waits for the secretariat to
assign assessors; one recommended for the exam waits for the candidate to choose a session) offers that
action, as a link, on the pages of the file its people see: `{% next_steps obj %}` (tag library
`next_steps`) shows them in a card. Domain apps register providers in AppConfig.ready():
`provider(user, obj) -> list[NextStep]` (empty for objects and users it does not know); a later stage
of a process (assessment, exams) adds its own steps to the earlier stage's file without that stage
knowing it. After a move made from a form (a decision), `offer(request, obj)` says the next step in a
message, with its link, on the page the form leads to."""

from dataclasses import dataclass

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

_providers = []


@dataclass
class NextStep:
    label: str  # the button, in the imperative: "Assign assessors"
    url: str
    note: str = ""  # one sentence: what waits for the user
    order: int = 50


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def for_user(user, obj):
    """The steps waiting for `user` on `obj`, first the most urgent."""
    if obj is None or user is None or not user.is_authenticated:
        return []
    steps = []
    for provider in _providers:
        steps.extend(provider(user, obj) or [])
    return sorted(steps, key=lambda step: step.order)


def offer(request, obj, *, landing=""):
    """A message with the user's next steps on `obj` (links), unless the page the user lands on
    (`landing`) is the step itself. Returns the steps offered."""
    steps = [step for step in for_user(request.user, obj) if step.url != landing]
    if steps:
        links = format_html_join(" · ", '<a href="{}" class="alert-link">{}</a>', ((s.url, s.label) for s in steps))
        messages.info(request, format_html("{} {}", _("Next:"), links))
    return steps
