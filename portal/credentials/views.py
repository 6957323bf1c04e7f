import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import condition, require_GET, require_safe

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.core.ratelimit import ratelimit
from portal.workflow.engine import TransitionError

from . import public, services, signing, vc
from .filters import CredentialFilter
from .forms import StatusChangeForm, VerifyForm
from .models import Credential, IssuanceBatch
from .rules import can_download, managed_kinds

RATE_SCOPE = "credentials-verify"
PROBLEM_STATUS = {"mistyped": 400, "invalid": 400, "not_found": 404}
HISTORY_LABELS = {
    "credential.issue": gettext_lazy("Issued"),
    "credential.suspend": gettext_lazy("Suspended"),
    "credential.revoke": gettext_lazy("Revoked"),
    "credential.reinstate": gettext_lazy("Reinstated"),
    "credential.expire": gettext_lazy("Expired"),
    "credential.remind": gettext_lazy("Expiry reminder sent"),
    "credential.download": gettext_lazy("PDF downloaded by staff"),
}
STATUS_ACTIONS = {
    "suspend": services.suspend_credential,
    "revoke": services.revoke_credential,
    "reinstate": services.reinstate_credential,
}


# ---- public verification ------------------------------------------------------------------------
def _problem(request, problem, number, status):
    return render(
        request,
        "credentials/verify_search.html",
        {"problem": problem, "number": number, "form": VerifyForm(initial={"number": number})},
        status=status,
    )


def _signature_check(request, record):
    """When the QR link carries the signed facts (?h=&s=&i=&u=&k=&sig=): are they authentic, and do
    they match the record as it is now?"""
    params = request.GET
    if not params.get("sig"):
        return None
    printed = {
        "holder_name": params.get("h", ""),
        "subject": params.get("s", ""),
        "issued_on": params.get("i", ""),
        "valid_until": params.get("u", ""),
    }
    payload = signing.canonical_payload(number=record.number, **printed)
    authentic = signing.verify(params.get("k", ""), payload, params.get("sig", ""))
    current = signing.canonical_payload(
        number=record.number,
        holder_name=record.holder_name,
        subject=record.subject,
        issued_on=record.issued_on,
        valid_until=record.valid_until,
    )
    return {"authentic": authentic, "matches": authentic and payload == current, "key_id": params.get("k", ""), **printed}


def _found(request, number):
    """The credential a verification URL names, looked up once per request (the ETag and the view)."""
    if not hasattr(request, "_verification"):
        request._verification = public.find(number)
    return request._verification


def _visitor(request):
    """Nothing on the page is personal to this visitor: no account, no message waiting for them."""
    return not request.user.is_authenticated and not len(messages.get_messages(request))


def _etag(request, number):
    found, _problem = _found(request, number)
    if found is None or number != found.number:
        return None
    asking = "visitor" if _visitor(request) else f"user:{request.user.pk}"
    return public.etag(found, get_language(), asking)


def public_caching(view):
    """Cache-Control for the verification page and JSON: a visitor's answer (a page, its canonical
    redirect, a 304) may be kept by a proxy or browser for CREDENTIAL_PUBLIC_MAX_AGE seconds; a
    signed-in user's page, an unknown number and a refusal (429) are not kept."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 301, 304) and _visitor(request) and not response.cookies:
            patch_cache_control(response, public=True, max_age=settings.CREDENTIAL_PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapped


@require_GET
@ratelimit(RATE_SCOPE)
def verify_search(request):
    """The public search box. A found number goes to its page; a mistyped or unknown one is said so here."""
    form = VerifyForm(request.GET or None)
    problem, status = None, 200
    if form.is_bound and form.is_valid():
        found, problem = public.find(form.cleaned_data["number"])
        if found is not None:
            return redirect("credentials:verify", found.number)
        status = PROBLEM_STATUS[problem]
    return render(request, "credentials/verify_search.html", {"form": form, "problem": problem}, status=status)


@require_safe
@ratelimit(RATE_SCOPE)
@public_caching
@condition(etag_func=_etag)
def verify(request, number):
    """One credential's public page: status in plain words and colour, the public facts, and — for a
    link from the QR code — whether the printed data is authentic. A typed form of the number
    redirects to the canonical page."""
    found, problem = _found(request, number)
    if found is None:
        return _problem(request, problem, number, PROBLEM_STATUS[problem])
    if number != found.number:
        url = reverse("credentials:verify", args=[found.number])
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=True)
    context = {"credential": found, "signature_check": _signature_check(request, found), "today": timezone.localdate()}
    return render(request, public.PAGE_TEMPLATE, context)


@require_safe
@ratelimit(RATE_SCOPE)
@public_caching
@condition(etag_func=_etag)
def api_credential(request, number):
    """GET /api/v1/credentials/<number>/: the public facts as JSON (400 mistyped, 404 not found)."""
    found, problem = _found(request, number)
    if found is None:
        detail = {
            "mistyped": _("The check character does not match: the number is mistyped."),
            "invalid": _("This is not a certificate number."),
            "not_found": _("No certificate has this number."),
        }[problem]
        return JsonResponse({"error": problem, "detail": detail}, status=PROBLEM_STATUS[problem])
    return JsonResponse(public.as_json(found), json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(public=True, max_age=300)
def api_keys(request):
    """GET /api/v1/keys/: the public keys that verify the signatures in the certificates' QR codes."""
    return JsonResponse(
        {
            "algorithm": signing.ALGORITHM,
            "payload": {
                "version": signing.PAYLOAD_VERSION,
                "fields": ["version", "number", "holder_name", "subject", "issued_on", "valid_until"],
                "encoding": "UTF-8, NFC, one field per line joined by \\n, white space collapsed, dates ISO 8601",
                "signature": "base64url without padding, the `sig` query parameter of the QR link; key id in `k`",
            },
            "keys": signing.public_keys(),
        }
    )


# ---- verifiable credentials (W3C VC 2.0 / Open Badges 3.0, Bitstring Status List) ------------------
def _vc_response(token, *, filename=None):
    response = HttpResponse(token, content_type=vc.MEDIA_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@ratelimit(RATE_SCOPE)
@public_caching
def api_credential_vc(request, number):
    """GET /api/v1/credentials/<number>/vc/: the signed OpenBadgeCredential (application/vc+jwt)."""
    found, problem = _found(request, number)
    if found is None:
        return JsonResponse({"error": problem}, status=PROBLEM_STATUS[problem])
    return _vc_response(vc.ensure_vc(found))


@require_safe
@cache_control(public=True, max_age=300)
def issuer(request, slug):
    """GET /api/v1/issuers/<lsp|balks>/: the issuer's profile, the `issuer.id` of its credentials, with every
    public key that signed them (retired ones too) as JSON Web Keys; a JWT's `kid` is `<this URL>#<key id>`."""
    kind = vc.issuer_kind(slug)
    if kind is None:
        raise Http404
    profile_id = vc.issuer_id(kind)
    _active, keys = signing.keyring()
    return JsonResponse({
        "@context": [vc.VC_CONTEXT, vc.OB_CONTEXT],
        "id": profile_id,
        "type": ["Profile"],
        "name": vc.ISSUER_NAMES[kind],
        "url": settings.SITE_URL,
        "verificationMethod": [
            {"id": f"{profile_id}#{key.kid}", "type": "JsonWebKey", "controller": profile_id,
             "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": signing.b64url(key.public_raw), "kid": key.kid}}
            for key in keys.values()
        ],
    }, json_dumps_params={"ensure_ascii": False})


def _status_row(request, slug, purpose, number):
    """The stored signed list these URL parts name (built the first time), once per request; None → 404."""
    if not hasattr(request, "_status_row"):
        kind = vc.issuer_kind(slug)
        row = None
        if kind is not None and purpose in vc.PURPOSES:
            last = Credential.objects.filter(kind=kind).order_by("-pk").values_list("pk", flat=True).first()
            if last is not None and number <= last // vc.LIST_SIZE:
                row = vc.status_list_token(kind, purpose, number)
        request._status_row = row
    return request._status_row


def _status_etag(request, slug, purpose, number):
    row = _status_row(request, slug, purpose, number)
    return row.built_at.isoformat() if row is not None else None


@require_safe
@condition(etag_func=_status_etag)
def status_list(request, slug, purpose, number):
    """GET /api/v1/status/<issuer>/<purpose>/<n>/: the signed status list (application/vc+jwt), kept by
    caches for CREDENTIAL_PUBLIC_MAX_AGE seconds, revalidated by its ETag."""
    row = _status_row(request, slug, purpose, number)
    if row is None:
        raise Http404
    response = _vc_response(row.jwt)
    patch_cache_control(response, public=True, max_age=settings.CREDENTIAL_PUBLIC_MAX_AGE)
    return response


# ---- holders ----------------------------------------------------------------------------------
@login_required
def my_credentials(request):
    """"My certificates": the holder's credentials, their status, the PDF to download."""
    credentials = Credential.objects.held_by(request.user).select_related("province")
    return render(request, "credentials/credential_list.html", {"credentials": credentials})


@login_required
def download_vc(request, pk):
    """The holder's verifiable credential (a wallet imports it), for the holder and the admins of its kind."""
    credential = get_object_or_404(Credential, pk=pk)
    if not can_download(request.user, credential):
        raise Http404
    response = _vc_response(vc.ensure_vc(credential), filename=f"{credential.number}.jwt")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request, pk):
    """The certificate PDF, for its holder and the admins of its kind; 404 for anyone else."""
    credential = get_object_or_404(Credential, pk=pk)
    if not can_download(request.user, credential):
        raise Http404
    if not credential.has_pdf or not credential.pdf.storage.exists(credential.pdf.name):
        credential = services.ensure_pdf(credential.pk)
    if credential.holder_id != request.user.pk:
        record(request.user, "credential.download", credential, request=request)
    response = FileResponse(
        credential.pdf.storage.open(credential.pdf.name, "rb"),
        content_type="application/pdf",
        as_attachment=request.GET.get("inline") != "1",
        filename=f"{credential.number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- admins -----------------------------------------------------------------------------------
def _require_manager(user):
    if not managed_kinds(user):
        raise Http404


@login_required
def manage_list(request):
    """LSP admins: worker certificates; BALKS admins: LKS accreditations. Search and filter."""
    _require_manager(request.user)
    filterset = CredentialFilter(request.GET or None, user=request.user)
    form, credentials = filterset.form, filterset.qs
    page = Paginator(credentials, 25).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    batches = IssuanceBatch.objects.filter(kind__in=managed_kinds(request.user))[:5]
    return render(
        request,
        "credentials/manage_list.html",
        {"form": form, "page": page, "query": query, "batches": batches},
    )


@login_required
def manage_detail(request, pk):
    """One credential for its admin: the facts, the history, and suspend / revoke / reinstate with a reason."""
    _require_manager(request.user)
    credential = get_object_or_404(Credential.objects.managed_by(request.user).select_related("province"), pk=pk)
    transitions = Credential.workflow.available(credential, request.user)
    form = StatusChangeForm(request.POST or None, transitions=transitions)
    if request.method == "POST" and form.is_valid():
        action = STATUS_ACTIONS[form.cleaned_data["action"]]
        try:
            action(credential, actor=request.user, reason=form.cleaned_data["reason"], request=request)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(number)s is now “%(status)s”. The public verification page shows it from the next request; a copy already open or kept by a browser follows within a minute.")
                % {"number": credential.number, "status": credential.get_status_display()},
            )
            return redirect("credentials:manage_detail", credential.pk)
    history = list(AuditEvent.objects.for_object(credential).select_related("actor").order_by("created_at", "id"))
    for event in history:
        event.label = HISTORY_LABELS.get(event.action, event.action)
    return render(
        request,
        "credentials/manage_detail.html",
        {"credential": credential, "form": form, "transitions": transitions, "history": history},
    )


def _batch_for(user, pk):
    batch = get_object_or_404(IssuanceBatch, pk=pk)
    if batch.kind not in managed_kinds(user) and batch.created_by_id != user.pk:
        raise Http404
    return batch


@login_required
def batch_detail(request, pk):
    """A bulk issuance's progress: a bar that moves without reloading (static/js/credentials.js
    polls `batch_progress`)."""
    batch = _batch_for(request.user, pk)
    progress = services.batch_progress(batch)
    credentials = batch.credentials.order_by("number") if progress["finished"] else Credential.objects.none()
    summary = _("Issued %(issued)s of %(total)s · PDFs ready %(rendered)s · failed %(failed)s")
    return render(
        request,
        "credentials/batch_detail.html",
        {
            "batch": batch,
            "progress": progress,
            "credentials": credentials,
            "summary_template": summary,
            "summary": summary % progress,
        },
    )


@never_cache
@login_required
def batch_progress(request, pk):
    return JsonResponse(services.batch_progress(_batch_for(request.user, pk)))
