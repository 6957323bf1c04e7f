from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    """An SMTP server that refuses connections (a real failure mode, not a mock of our code)."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server is down")
