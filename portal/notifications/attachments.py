"""Files attached to outgoing emails, made when the email is sent (so they show the current state).

A domain app registers a maker under a name in its AppConfig.ready():

    attachments.register("exams.booking_ics", lambda booking_id: (filename, content, mimetype) or None)

and queues a notification with `notify(..., attachments=[("exams.booking_ics", booking.pk)])`. A maker
returns None when there is nothing to attach any more (the booking was cancelled).
"""

_MAKERS = {}


def register(name, maker):
    _MAKERS[name] = maker


def make(name, argument):
    return _MAKERS[name](argument)
