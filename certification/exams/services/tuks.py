"""Test sites (TUK) and their verification; where an exam session may take place.

A TUK may host an exam session when its last verification (by date) passed and still holds on the
session's day. Sessions copy the TUK's name and address into their venue fields when saved: the
admission card, the calendar file and the e-mails read them, and a session keeps the place it was
announced at even when the register's entry is later corrected."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.audit.services import record

from .. import rules
from ..models import ExamSession, TukVerification, VerificationResult
from .common import ExamError, manages


def may_keep_tuk(user, tuk=None):
    """`certification/exams/rules.py`: any test site of the user's scope, or (no `tuk`) adding one."""
    if tuk is None or tuk.pk is None:
        return rules.may_list_test_sites(user)
    return rules.may_keep_test_site(user, tuk)


def last_verification(tuk):
    """The verification that decides (latest date, then latest recorded); from a prefetch when there is one."""
    cached = getattr(tuk, "_prefetched_objects_cache", {}).get("verifications")
    if cached is not None:
        return cached[0] if cached else None
    return tuk.verifications.order_by("-verified_on", "-id").first()


def tuk_problem(tuk, day=None):
    """Why `tuk` may not host an exam on `day` (today by default), as a translated reason, or None."""
    day = day or timezone.localdate()
    verification = last_verification(tuk)
    if verification is None:
        return _("it has not been verified by the LSP")
    if verification.result != VerificationResult.PASSED:
        return _("its last verification (%(date)s) found that it does not meet the requirements") % {
            "date": formats.date_format(verification.verified_on, "DATE_FORMAT")
        }
    if verification.valid_until < day:
        if verification.valid_until < timezone.localdate():
            return _("its verification expired on %(date)s") % {"date": formats.date_format(verification.valid_until, "DATE_FORMAT")}
        return _("its verification ends on %(date)s, before the session") % {"date": formats.date_format(verification.valid_until, "DATE_FORMAT")}
    return None


def tuk_status(tuk, day=None):
    """(key, text) for a badge: ("valid", "verified until …") or ("invalid", the reason)."""
    problem = tuk_problem(tuk, day)
    if problem is None:
        return "valid", _("verified until %(date)s") % {"date": formats.date_format(last_verification(tuk).valid_until, "DATE_FORMAT")}
    return "invalid", problem


def save_tuk(actor, tuk, *, changed=(), request=None):
    """Create or edit a test site in the actor's scope (audited)."""
    created = tuk.pk is None
    if not may_keep_tuk(actor, None if created else tuk):
        raise PermissionDenied
    if not actor.is_lsp_admin and tuk.province.regional_office_id != actor.regional_office_id:
        raise ExamError(_("Choose a province of your regional office."))
    if created:
        tuk.created_by = actor
    tuk.save()
    record(actor, "exams.tuk_create" if created else "exams.tuk_edit", tuk,
           after={"changed": sorted(changed)} if not created else {"name": tuk.name, "kind": tuk.kind}, request=request)
    return tuk


def record_verification(actor, tuk, *, verified_on, result, valid_until=None, notes="", request=None):
    """The LSP's verification of a test site (audited). A passed one holds until `valid_until`."""
    if not rules.may_verify_test_site(actor, tuk):
        raise PermissionDenied
    if verified_on > timezone.localdate():
        raise ExamError(_("The verification date cannot be in the future."))
    if result not in VerificationResult.values:
        raise ExamError(_("Choose the result of the verification."))
    if result == VerificationResult.PASSED:
        if valid_until is None:
            raise ExamError(_("A passed verification needs the date until which it holds."))
        if valid_until < verified_on:
            raise ExamError(_("The verification cannot hold until before it was made."))
    else:
        valid_until = None
    with transaction.atomic():
        verification = TukVerification.objects.create(
            tuk=tuk, verified_on=verified_on, verifier=actor, result=result, valid_until=valid_until, notes=(notes or "").strip()
        )
        record(actor, "exams.tuk_verify", tuk, after={
            "verified_on": verified_on.isoformat(), "result": result,
            "valid_until": valid_until.isoformat() if valid_until else None,
        }, request=request)
    return verification


# ---- sessions at a test site ------------------------------------------------------------------------
def venue_problem(session, changed=None):
    """Why `session` may not take place where it is set, or None. An exam in person takes place at a
    TUK valid on the session's day. A session saved before test sites existed keeps its typed venue
    until its place (or mode) is changed: `changed` names the fields being changed (None: a new session)."""
    from .sessions import session_day

    if not session.is_exam or session.is_online:
        return None
    touched = None if changed is None or session.pk is None else set(changed)
    if session.tuk_id is None:
        if touched is not None and not touched & {"tuk", "mode"}:
            return None
        return _("An exam in person takes place at a test site (TUK): choose one.")
    tuk = session.tuk
    if tuk.province.regional_office_id != session.regional_office_id:
        return _("%(tuk)s is not in a province of this regional office.") % {"tuk": tuk.name}
    if tuk.province_id != session.province_id:
        return _("%(tuk)s is in %(province)s: choose that city for the session.") % {
            "tuk": tuk.name, "province": tuk.province.name,
        }
    if touched is not None and not touched & {"tuk", "mode", "starts_at", "province"}:
        return None
    problem = tuk_problem(tuk, session_day(session))
    if problem:
        return _("%(tuk)s cannot host an exam session: %(reason)s.") % {"tuk": tuk.name, "reason": problem}
    return None


def save_session(actor, session, *, changed=None, request=None):
    """Create (`changed` None) or save an edited session of the actor's office: the guard on its
    place, the venue copied from its TUK, the audit event. New sessions get their default components."""
    from .sessions import create_default_components

    created = session.pk is None
    if not manages(actor, session):
        raise PermissionDenied
    problem = venue_problem(session, changed)
    if problem:
        raise ExamError(problem)
    if session.tuk_id is not None and not session.is_online:
        session.venue_name = session.tuk.name
        session.venue_address = session.tuk.address
        if not session.map_url:
            session.map_url = session.tuk.map_url
    with transaction.atomic():
        if created:
            session.created_by = actor
        session.save()
        if created:
            create_default_components(session)
            record(actor, "exams.session_create", session,
                   after={"starts_at": session.starts_at.isoformat(), "capacity": session.capacity,
                          "tuk": session.tuk_id}, request=request)
        else:
            record(actor, "exams.session_edit", session, after={"changed": list(changed or [])}, request=request)
    return session


def sessions_at_risk(tuk):
    """Upcoming sessions at `tuk` that it may no longer host (its verification failed or lapses first)."""
    return [
        session for session in ExamSession.objects.filter(tuk=tuk, starts_at__gt=timezone.now()).select_related("tuk")
        if tuk_problem(tuk, timezone.localtime(session.starts_at).date())
    ]
