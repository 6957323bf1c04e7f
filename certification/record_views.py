"""The standard assessment records of an application (FR.APL.01, FR.APL.02, FR.MAPA.01, FR.AK.*) as PDFs: one
form, or the candidate's whole assessment file. Each form says who may read it (`certification.extensions.
RecordForm`); everyone else gets 404. Every download is audited."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from portal.audit.services import record

from . import extensions, records
from .models import Application


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _record_application(pk):
    return get_object_or_404(
        Application.objects.select_related(
            "applicant", "applicant__worker_profile", "round", "round__scheme", "route", "province", "regional_office"
        ),
        pk=pk,
    )


@login_required
def record_pdf(request, pk, code):
    """One standard form of the application, for those its `context` lets read it (everyone else 404)."""
    form = extensions.record_form(code)
    if form is None:
        raise Http404
    application = _record_application(pk)
    content = records.render_form(form, application, request.user, language=request.LANGUAGE_CODE)
    if content is None:
        raise Http404
    record(request.user, "certification.record_download", application, after={"forms": [code]}, request=request)
    return _pdf_response(content, f"{code}-{application.reference}.pdf")


@login_required
def assessment_file(request, pk):
    """The candidate's whole assessment file: every form that applies, in order, one PDF (BNSP surveillance)."""
    application = _record_application(pk)
    if not records.may_download_file(request.user, application):
        raise Http404
    content, codes = records.render_file(application, request.user, language=request.LANGUAGE_CODE)
    if content is None:
        raise Http404
    record(request.user, "certification.record_download", application, after={"forms": codes}, request=request)
    return _pdf_response(content, f"assessment-file-{application.reference}.pdf")
