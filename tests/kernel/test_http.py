"""portal.core.http.errors_as_messages: a service's refusal becomes an error message on the next page."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from portal.core.http import errors_as_messages


class Refused(Exception):
    pass


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _shown(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


def test_a_refusal_skips_the_rest_of_the_block_and_shows_its_text():
    request = _request()
    steps = []
    with errors_as_messages(request, Refused):
        steps.append("service")
        raise Refused("No seat is left.")
    steps.append("redirect")
    assert steps == ["service", "redirect"]
    assert _shown(request) == [("error", "No seat is left.")]


def test_a_validation_error_shows_its_messages_not_a_list():
    request = _request()
    with errors_as_messages(request, ValidationError):
        raise ValidationError(["The date is past.", "The capacity is zero."])
    assert _shown(request) == [("error", "The date is past. The capacity is zero.")]


def test_a_block_that_succeeds_shows_nothing_and_other_errors_pass_through():
    request = _request()
    with errors_as_messages(request, Refused):
        pass
    assert _shown(request) == []
    with pytest.raises(KeyError), errors_as_messages(request, Refused):
        raise KeyError("bug")
    assert _shown(request) == []
