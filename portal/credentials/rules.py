"""Who may do what with credentials. Plain predicates (django-rules), next to the models."""

import rules

from portal.accounts.roles import Role

#: The admin role that manages each kind of credential.
MANAGER_ROLE = {"worker": Role.LSP_ADMIN, "lks": Role.BALKS_ADMIN}


def managed_kinds(user):
    """Kinds of credential `user` may suspend, revoke or reinstate."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [kind for kind, role in MANAGER_ROLE.items() if user.role == role]


@rules.predicate
def manages(user, credential):
    """LSP admins manage worker certificates, BALKS admins LKS accreditations."""
    return credential is not None and credential.kind in managed_kinds(user)


@rules.predicate
def is_system(user, credential):
    """Moves only the portal makes by itself (a periodic task): no signed-in actor."""
    return user is None or not getattr(user, "is_authenticated", False)


@rules.predicate
def holds(user, credential):
    return credential is not None and getattr(user, "is_authenticated", False) and credential.holder_id == user.pk


can_download = holds | manages

rules.set_perm("credentials.manage_credential", manages)
rules.set_perm("credentials.download_credential", can_download)
