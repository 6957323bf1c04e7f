"""The workflow engine: transitions are declared as data; `perform` is the only way state changes.

A domain app declares a `Workflow` (states and transitions) next to its model and sets
`workflow = MY_WORKFLOW` on the model class. Views and tasks call `perform(obj, "submit", user)`;
they never assign the state field themselves.
"""

from dataclasses import dataclass, field
from typing import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.notifications.services import notify

Predicate = Callable[[object, object], bool]


class TransitionError(Exception):
    """A move the workflow does not allow now. `str(error)` is a translated, user-facing reason."""


class TransitionNotAllowed(TransitionError):
    pass


class TransitionForbidden(TransitionError, PermissionDenied):
    """The actor's role may not make this move."""


@dataclass(frozen=True, kw_only=True)
class Transition:
    name: str
    source: tuple
    target: str
    #: the button: what the actor does, in the imperative ("Submit")
    label: str
    #: the timeline and the messages: what happened, in the past tense ("Submitted"); translatable
    event_label: str
    allowed: Predicate
    #: who is told: a function of the object returning users
    recipients: Callable[[object], Iterable] | None = None
    #: notifications/<template>_subject.txt and _body.txt; defaults to the generic transition message
    template: str = "workflow/transition"
    #: more for the message, from the locked object after the move: what the recipient needs in the
    #: message itself (e.g. the flagged items and their notes of a return for revision)
    message_context: Callable[[object], dict] | None = None
    #: returns a translated reason when the object is not ready for the move, else None
    guard: Callable[[object], str | None] | None = None
    #: side effects on the locked object before it is saved (timestamps, counters…)
    effect: Callable[[object, object], None] | None = None
    #: a note is required (a return for revision, a refusal)
    note_required: bool = False


@dataclass
class Workflow:
    name: str
    field: str
    states: type  # a TextChoices class
    transitions: list = field(default_factory=list)

    def __post_init__(self):
        transitions, self.transitions = list(self.transitions), []
        self._by_name = {}
        self.extend(transitions)

    def extend(self, transitions):
        """Add transitions (a later stage of the process declares its own, e.g. exams after assessment).
        Idempotent for the same transition objects; a different one under a taken name is an error."""
        valid = set(self.states.values)
        for t in transitions:
            if t.target not in valid or not set(t.source) <= valid:
                raise ValueError(f"Workflow {self.name}: transition {t.name} names an unknown state")
            existing = self._by_name.get(t.name)
            if existing is t:
                continue
            if existing is not None:
                raise ValueError(f"Workflow {self.name}: duplicate transition name {t.name}")
            self.transitions.append(t)
            self._by_name[t.name] = t

    def get(self, name):
        try:
            return self._by_name[name]
        except KeyError:
            raise TransitionNotAllowed(_("Unknown action.")) from None

    def state_of(self, obj):
        return getattr(obj, self.field)

    def state_label(self, value):
        return self.states(value).label

    def available(self, obj, user):
        """The transitions `user` may make on `obj` now (for buttons)."""
        state = self.state_of(obj)
        return [t for t in self.transitions if state in t.source and t.allowed(user, obj)]

    def table(self):
        """(source, transition, target) triples, for documentation and tests."""
        return [(s, t.name, t.target) for t in self.transitions for s in t.source]


def transition_message_context(obj, transition, actor, *, note="", context=None):
    """What the transition's notification template is rendered with (after the move)."""
    return {
        "object": obj,
        "actor": actor,
        "note": note,
        "transition": transition,
        "state_label": type(obj).workflow.state_label(transition.target),
        **(transition.message_context(obj) if transition.message_context is not None else {}),
        **(context or {}),
    }


def perform(obj, transition_name, actor, *, note="", request=None, context=None):
    """Make one transition: lock, check, save, audit, notify — all in one transaction.

    Returns the updated object (the caller's instance is refreshed too). Raises TransitionNotAllowed
    when the object is not in a source state or a guard refuses, TransitionForbidden when the actor
    may not make the move.
    """
    model = type(obj)
    workflow = model.workflow
    transition = workflow.get(transition_name)
    note = (note or "").strip()
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        current = workflow.state_of(locked)
        if current not in transition.source:
            raise TransitionNotAllowed(
                _("“%(action)s” is not possible while the status is “%(state)s”.")
                % {"action": transition.label, "state": workflow.state_label(current)}
            )
        if not transition.allowed(actor, locked):
            raise TransitionForbidden(_("You may not do “%(action)s” here.") % {"action": transition.label})
        if transition.note_required and not note:
            raise TransitionNotAllowed(_("Please write a reason."))
        if transition.guard is not None:
            reason = transition.guard(locked)
            if reason:
                raise TransitionNotAllowed(reason)
        setattr(locked, workflow.field, transition.target)
        if transition.effect is not None:
            transition.effect(locked, actor)
        locked.save()
        record(
            actor,
            f"{workflow.name}.{transition.name}",
            locked,
            before={workflow.field: current},
            after={workflow.field: transition.target},
            note=note,
            request=request,
        )
        if transition.recipients is not None:
            message_context = transition_message_context(locked, transition, actor, note=note, context=context)
            url = locked.get_absolute_url() if hasattr(locked, "get_absolute_url") else ""
            seen = set()
            for recipient in transition.recipients(locked):
                if recipient is None or recipient.pk in seen:
                    continue
                seen.add(recipient.pk)
                notify(recipient, transition.template, message_context, url=url)
    obj.refresh_from_db()
    return locked
