"""The standard assessment records printed as PDFs: one form, or the candidate's whole assessment file.

The forms themselves are the sub-apps' (`certification.extensions.RecordForm`, registered from their
`AppConfig.ready()`); certification prints FR.APL.01 itself. Each form's `context(application, user)` decides
whether it applies and whether `user` may read it; this module only renders and joins them.
The whole file is every form that applies, in the forms' order, one PDF (WeasyPrint renders each form as
its own document — its own page size, footer and page numbers — and the pages are joined with
`Document.copy`, the documented way to combine documents)."""

from django.conf import settings
from django.utils import timezone

from portal.core.pdf import render_html

from . import extensions
from .rules import is_owner, is_verifier


def candidate_name(application, user):
    """What a printed form calls the candidate: the name as on the KTP, or for an assessor the file's
    reference (blind rounds stay blind on paper, as on every assessor page)."""
    if getattr(user, "is_assessor", False) and not (user.is_lsp_admin or user.is_secretariat):
        return application.reference
    profile = getattr(application.applicant, "worker_profile", None)
    if profile is not None and profile.full_name:
        return profile.full_name
    return application.applicant.get_full_name()


def may_download_file(user, application):
    """The whole assessment file (BNSP surveillance): the candidate, the secretariat of the application's
    office once submitted, LSP admins. Assessors print the forms they may read one by one."""
    return bool(user.is_authenticated and (is_owner(user, application) or is_verifier(user, application)))


def _context(form, application, user):
    context = form.context(application, user)
    if context is None:
        return None
    return {
        "application": application,
        "form": form,
        "candidate_name": candidate_name(application, user),
        "printed_at": timezone.now(),
        **context,
    }


def _document(form, context, language):
    from weasyprint import HTML  # heavy import: only where PDFs are made

    return HTML(string=render_html(form.template, context, language), base_url=str(settings.BASE_DIR)).render()


def render_form(form, application, user, language="id"):
    """One form as PDF bytes, or None when it does not apply or `user` may not read it."""
    context = _context(form, application, user)
    if context is None:
        return None
    return _document(form, context, language).write_pdf()


def render_file(application, user, language="id"):
    """(PDF bytes, [codes]) of every form that applies and `user` may read, in order; (None, []) if none."""
    documents, codes = [], []
    for form in extensions.record_forms():
        context = _context(form, application, user)
        if context is not None:
            documents.append(_document(form, context, language))
            codes.append(form.code)
    if not documents:
        return None, []
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(), codes


# --- FR.APL.01, certification's own form: the application ---------------------------------------------
NOT_DECIDED = ("draft", "submitted", "revision_requested")


def apl01_purpose(application):
    """The purpose of the assessment as FR.APL.01 names it: re-certification when the candidate already
    holds a certificate of this scheme, recognition of prior learning for the experience route, else
    certification."""
    from django.utils.translation import gettext as _

    from portal.credentials.models import Credential

    scheme = application.round.scheme
    if scheme.credential_code and Credential.objects.filter(
        holder_id=application.applicant_id, kind=Credential.Kind.WORKER_CERTIFICATE, subject_code=scheme.credential_code
    ).exists():
        return _("Re-certification")
    if application.route.kind == application.route.Kind.EXPERIENCE:
        return _("Recognition of prior learning (RPL)")
    return _("Certification")


def apl01_context(application, user):
    """FR.APL.01 (the application: personal data, scheme, purpose, documents, the LSP's decision): the
    candidate, the secretariat of the application's office and LSP admins. Assessors never: it carries
    the NIK."""
    if not (is_owner(user, application) or is_verifier(user, application)):
        return None
    try:
        self_assessment = application.self_assessment  # the competency sub-app's side table, when it has one
    except Exception:  # RelatedObjectDoesNotExist, or no such sub-app
        self_assessment = None
    version = self_assessment.version if self_assessment is not None else None
    return {
        "profile": getattr(application.applicant, "worker_profile", None),
        "version": version,
        "units": list(self_assessment.covered_units()) if version is not None else [],
        "purpose": apl01_purpose(application),
        "documents": list(application.documents.select_related("requirement").order_by("requirement__order", "id")),
        "decided": application.status not in NOT_DECIDED,
    }
