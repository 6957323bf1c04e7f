"""The admins' import pages: upload -> preview (the dry run) -> confirm. LSP admins import workers, BALKS
admins LKS; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import kinds, services, spreadsheet
from .forms import UploadForm
from .models import ImportJob

RECENT = 10


def _importer(user, key):
    importer = kinds.get(key)
    if importer is None or importer not in kinds.for_user(user):
        raise Http404
    return importer


@login_required
def index(request):
    importers = kinds.for_user(request.user)
    if not importers:
        raise Http404
    return _index(request, importers)


def _index(request, importers, form=None, form_kind=None, status=200):
    jobs = list(ImportJob.objects.visible_to(request.user).select_related("created_by")[:RECENT])
    sections = [
        {"importer": importer, "form": form if form_kind == importer.key else UploadForm()} for importer in importers
    ]
    return render(request, "imports/index.html", {"sections": sections, "jobs": jobs}, status=status)


@login_required
@require_POST
def upload(request, kind):
    importer = _importer(request.user, kind)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.upload(importer, form.cleaned_data["file"], actor=request.user, request=request)
        except spreadsheet.FileRefused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect(job)
    return _index(request, kinds.for_user(request.user), form=form, form_kind=importer.key, status=400)


@login_required
def template_file(request, kind, fmt):
    importer = _importer(request.user, kind)
    if fmt == "xlsx":
        response = HttpResponse(
            spreadsheet.template_xlsx(importer),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(spreadsheet.template_csv(importer), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="impor-{importer.key}.{fmt}"'
    return response


@login_required
def job(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user).select_related("created_by", "confirmed_by"), pk=pk)
    importer = job.importer
    return render(
        request,
        "imports/job.html",
        {"job": job, "importer": importer, "progress": services.progress_of(job), "headers": importer.headers},
    )


@login_required
@require_POST
def confirm(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    job = services.confirm(job, actor=request.user, request=request)
    if job.status == ImportJob.Status.DONE:
        messages.success(request, _("The file was imported."))
    elif job.status == ImportJob.Status.QUEUED:
        messages.info(request, _("The import is running; this page shows when it is done."))
    elif job.status == ImportJob.Status.INVALID:
        messages.error(request, _("The register changed since the check: the file now has errors. Nothing was imported."))
    else:
        messages.error(request, _("This file cannot be imported now."))
    return redirect(job)
