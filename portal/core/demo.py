"""Demo data: `seed_demo` creates one account per role; domain apps register seeders that add
their own demo data (called in registration order, each idempotent)."""

from allauth.account.models import EmailAddress

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice

DEMO_DOMAIN = "demo.test"
DEFAULT_PASSWORD = "Demo-Portal-2026"

_seeders = []


def register(seeder):
    """`seeder(users: dict[role, User], options: dict, log: callable)`."""
    if seeder not in _seeders:
        _seeders.append(seeder)
    return seeder


DEMO_ACCOUNTS = [
    (Role.APPLICANT, "Siti Rahmawati"),
    (Role.LKS_OPERATOR, "Budi Santoso"),
    (Role.ASSESSOR, "Dr. Ahmad Fauzi"),
    (Role.SECRETARIAT, "Dewi Lestari"),
    (Role.LSP_ADMIN, "Rina Kartika"),
    (Role.BALKS_ADMIN, "Hendra Wijaya"),
    (Role.DPO, "Maya Putri"),
]


def demo_email(role):
    return f"{role}@{DEMO_DOMAIN}"


def ensure_user(email, *, full_name, role, password, regional_office=None, is_staff=False):
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "role": role,
            "regional_office": regional_office,
            "is_staff": is_staff,
            "is_superuser": is_staff,
            "is_active": True,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(password=DEFAULT_PASSWORD, log=print, **options):
    office = RegionalOffice.objects.get(code="II")
    users = {}
    for role, name in DEMO_ACCOUNTS:
        users[role] = ensure_user(
            demo_email(role),
            full_name=name,
            role=role,
            password=password,
            regional_office=office if role == Role.SECRETARIAT else None,
            is_staff=role in (Role.LSP_ADMIN, Role.BALKS_ADMIN),
        )
    for seeder in _seeders:
        seeder(users, {"password": password, **options}, log)
    return users
