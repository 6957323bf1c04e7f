"""A form sent twice at the same moment (a double click), from one browser: two test clients with the
same session, each in its own thread with its own database connection (the test must be
`django_db(transaction=True)`: each request commits, as in production)."""

import html
import re
import threading

from django.conf import settings
from django.db import connections

from .auth import Client

#: What portal.js puts in a form when it is sent (the same for the same form sent again).
KEY = "5f1c0a9e7b3d48c2a6e0f9d1b2c3a4e5-9c8b7a6f"

_ALERT = re.compile(r'<div class="alert alert-(\w+)[^"]*" role="alert">\s*(.*?)\s*<button', re.S)


def one_browser(user, count=2):
    """`count` clients signed in as `user` in one session (one browser's cookie)."""
    first = Client()
    first.force_login(user)
    clients = [first]
    for _ in range(count - 1):
        other = Client()
        other.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value
        clients.append(other)
    return clients


def post_at_once(clients, url, data):
    """POST `data` to `url` from every client at the same moment, following the redirects; the
    responses in the clients' order."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)
    errors = []

    def send(index, client):
        try:
            barrier.wait()
            responses[index] = client.post(url, data, follow=True)
        except Exception as error:  # re-raised below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    if errors:
        raise errors[0]
    return responses


def landed(response):
    """Where the browser ends up: the last address of the redirects, and the page's messages as
    (tone, text) pairs."""
    path = response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    body = response.content.decode()
    return path, [(tone, html.unescape(re.sub(r"<[^>]+>", "", text)).strip()) for tone, text in _ALERT.findall(body)]
