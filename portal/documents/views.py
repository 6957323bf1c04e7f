from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from . import services
from .models import Document


@login_required
def download(request, pk):
    """Serve a document after the permission check. Anyone not allowed gets 404, not 403,
    so document ids cannot be probed."""
    document = get_object_or_404(Document, pk=pk)
    if not services.can_view(request.user, document):
        raise Http404
    services.audit_download(request.user, document, request)
    inline = request.GET.get("inline") == "1"
    response = FileResponse(
        services.open_document(document),
        content_type=document.content_type,
        as_attachment=not inline,
        filename=document.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # An inline PDF/image may be shown in our own page's <iframe>/<img>, nothing else may run.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@login_required
def my_documents(request):
    """The user's own document library: upload once, see and download what was uploaded."""
    from django.contrib import messages
    from django.shortcuts import redirect, render
    from django.utils.translation import gettext as _

    from .forms import DocumentUploadForm, limit_uploads

    form = limit_uploads(DocumentUploadForm(request.POST or None, request.FILES or None), request.user)
    if request.method == "POST" and form.is_valid():
        document = services.store_upload(request.user, form.cleaned_data["file"], kind=services.LIBRARY_KIND)
        messages.success(request, _("“%(name)s” was uploaded.") % {"name": document.original_name})
        return redirect("documents:mine")
    documents = Document.objects.filter(owner=request.user).order_by("-created_at")[:200]
    return render(request, "documents/document_list.html", {"form": form, "documents": documents})
