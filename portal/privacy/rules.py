"""Who may see what of the privacy part: a person their own data and requests; the data protection
officer every request (and the person's summary on it). Everyone else: 404."""


def may_handle(user):
    return user.is_authenticated and user.is_active and user.is_dpo


def may_view_request(user, data_request):
    return may_handle(user) or data_request.person_id == user.pk


def may_handle_breach(user, breach):
    """The breach register and the access log: the data protection officer only."""
    return may_handle(user)
