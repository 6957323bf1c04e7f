from django.conf import settings


def portal(request):
    from portal.notifications.services import unread_count

    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "unread_notifications": unread_count(user) if user is not None and user.is_authenticated else 0,
    }
