"""A tiny model with a workflow, used only by the kernel's tests."""

import rules
from django.conf import settings
from django.db import models

from portal.accounts.roles import Role
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
            allowed=is_owner,
            recipients=owner_of,
            guard=has_title,
        ),
        Transition(
            name="accept",
            source=("submitted",),
            target="accepted",
            label="Accept",
            allowed=is_secretariat,
            recipients=owner_of,
        ),
        Transition(
            name="return",
            source=("submitted",),
            target="returned",
            label="Return",
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
