"""A tiny model with a workflow, used only by the kernel's tests."""

import rules
from django.conf import settings
from django.db import models

from portal.accounts.roles import Role
from portal.core.review.models import ReviewedItem, note_field, status_field
from portal.workflow.engine import Transition, Workflow


class TicketState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned"


@rules.predicate
def is_owner(user, ticket):
    return ticket is not None and ticket.owner_id == user.pk


@rules.predicate
def is_secretariat(user, ticket):
    return user.role == Role.SECRETARIAT


def owner_of(ticket):
    return [ticket.owner]


def has_title(ticket):
    return None if ticket.title else "A title is needed first."


TICKET_WORKFLOW = Workflow(
    name="ticket",
    field="state",
    states=TicketState,
    transitions=[
        Transition(
            name="submit",
            source=("draft", "returned"),
            target="submitted",
            label="Submit",
            event_label="Submitted",
            allowed=is_owner,
            recipients=owner_of,
            guard=has_title,
        ),
        Transition(
            name="accept",
            source=("submitted",),
            target="accepted",
            label="Accept",
            event_label="Accepted",
            allowed=is_secretariat,
            recipients=owner_of,
        ),
        Transition(
            name="return",
            source=("submitted",),
            target="returned",
            label="Return",
            event_label="Returned",
            allowed=is_secretariat,
            recipients=owner_of,
            note_required=True,
        ),
    ],
)


class Ticket(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=20, choices=TicketState.choices, default=TicketState.DRAFT)

    workflow = TICKET_WORKFLOW

    def __str__(self):
        return self.title or f"Ticket {self.pk}"

    def get_absolute_url(self):
        return f"/tickets/{self.pk}/"


class TicketLine(ReviewedItem):
    """A line of a ticket's desk-review checklist (the kernel's `portal.core.review`)."""

    CHECKLIST_KIND = "line"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField(max_length=100)
    status = status_field()
    note = note_field("note for the owner")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class TicketFile(ReviewedItem):
    """Another model of the same checklist, its check and note under other names, with an `auto_now`."""

    CHECKLIST_KIND = "file"
    STATUS_FIELD = "review_status"
    NOTE_FIELD = "review_note"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=100)
    review_status = status_field()
    review_note = note_field("note for the owner")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name
