from django.conf import settings


def portal(request):
    from portal.notifications.services import unread_count

    from .navigation import menu_for

    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "nav_menu": menu_for(user, request.path) if authenticated else [],
        "PORTAL_NAME": settings.PORTAL_NAME,
        "unread_notifications": unread_count(user) if authenticated else 0,
    }
