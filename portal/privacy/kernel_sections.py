"""The kernel's own parts of the data-subject export: the account, the documents the person
uploaded, their credentials and the messages sent to them."""

from django.utils.translation import gettext_lazy as _

from .exporters import Section, document, iso


def account(user):
    from allauth.mfa.models import Authenticator

    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.get_role_display(),
        "language": user.get_language_display(),
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in user.emailaddress_set.all()
        ],
        # Which second factors are set up, never their secrets.
        "second_factors": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
    }


def documents(user):
    from portal.documents.models import Document

    return [{**document(doc), "kind": doc.kind} for doc in Document.objects.filter(owner=user).order_by("created_at")]


def erase_documents(user):
    """The person's library and every document of theirs nothing kept refers to any more (after
    the other sections erased theirs): rows now, files once the transaction commits."""
    from portal.documents import services
    from portal.documents.models import Document

    count = services.delete_documents(services.unreferenced(Document.objects.filter(owner=user)))
    kept = Document.objects.filter(owner=user).count()
    return (
        [_("%(n)s uploaded documents") % {"n": count}] if count else [],
        [_("%(n)s documents of submitted applications, kept with them") % {"n": kept}] if kept else [],
    )


def credentials(user):
    return [
        {
            "number": c.number,
            "kind": c.get_kind_display(),
            "holder_name": c.holder_name,
            "subject": c.subject,
            "issuer": c.issuer,
            "issued_on": iso(c.issued_on),
            "valid_until": iso(c.valid_until),
            "status": str(c.effective_status_label),
            "status_reason": c.status_reason,
        }
        for c in user.credentials.all().order_by("issued_on")
    ]


def erase_credentials(user):
    kept = [
        _("Certificate %(number)s: the public register keeps every certificate issued, so that it can be "
          "verified and withdrawn (UU 27/2022 Pasal 8 and 16: a legal obligation of the certification body)")
        % {"number": c.number}
        for c in user.credentials.all().order_by("issued_on")
    ]
    return [], kept


def notifications(user):
    return [
        {
            "subject": n.subject,
            "created_at": iso(n.created_at),
            "sent_at": iso(n.sent_at),
            "read_at": iso(n.read_at),
        }
        for n in user.notifications.order_by("created_at")
    ]


def erase_notifications(user):
    count, _rows = user.notifications.all().delete()
    return ([_("%(n)s messages sent to you") % {"n": count}] if count else []), []


SECTIONS = [
    Section(
        key="account", title=_("Account"), export=account, order=0,
        labels={
            "email": _("e-mail"), "full_name": _("full name"), "role": _("role"), "language": _("language"),
            "date_joined": _("account created"), "last_login": _("last sign-in"),
            "email_addresses": _("e-mail addresses"), "verified": _("verified"), "primary": _("primary"),
            "second_factors": _("second factors set up"),
        },
    ),
    Section(
        key="documents", title=_("Documents you uploaded"), export=documents, order=90, erase=erase_documents,
        labels={
            "file_name": _("file name"), "content_type": _("file type"), "size": _("size (bytes)"),
            "sha256": _("fingerprint (SHA-256)"), "uploaded_at": _("uploaded"), "kind": _("kind"),
        },
    ),
    Section(
        key="credentials", title=_("Certificates"), export=credentials, order=80, erase=erase_credentials,
        labels={
            "number": _("number"), "holder_name": _("holder"), "subject": _("scheme or grade"), "issuer": _("issuer"),
            "issued_on": _("issued on"), "valid_until": _("valid until"), "status": _("status"),
            "status_reason": _("reason"),
        },
    ),
    Section(
        key="notifications", title=_("Messages sent to you"), export=notifications, order=95,
        erase=erase_notifications,
        labels={"subject": _("subject"), "created_at": _("created"), "sent_at": _("sent"), "read_at": _("read")},
    ),
]
