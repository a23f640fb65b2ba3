"""Certificate pages: the learner's own, the public verification page and documents, the verifier, revoking."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from skillpath import clock
from skillpath.config.security import body_limit
from skillpath.credentials.limits import MAX_REQUEST_BYTES
from skillpath.credentials.models import Certificate
from skillpath.credentials.selectors import (
    certificate_public,
    certificates_page,
    did_document_for,
    issuer_document,
    organization_public,
    status_list_document,
)
from skillpath.credentials.services import CertificateError, certificate_revoke
from skillpath.credentials.verification import verify_credential
from skillpath.people.models import Organization
from skillpath.people.selectors import access_person
from skillpath.ratelimits import throttled

LD_JSON = "application/ld+json"
DID_JSON = "application/did+ld+json"


@login_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    return render(request, "credentials/mine.html", {"cards": certificates_page(person, now=clock.now())})


def _certificate(certificate_id: UUID) -> Certificate:
    cert = certificate_public(certificate_id)
    if cert is None:
        raise Http404("No such credential.")
    return cert


@require_GET
@throttled("credential")
def credential_page(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    """Public: anyone with the link sees what was proven and whether it still stands."""
    cert = _certificate(certificate_id)
    result = verify_credential(cert.credential, now=clock.now())
    viewer = access_person(request.user) if request.user.is_authenticated and hasattr(request.user, "person") else None
    can_revoke = bool(viewer and viewer.is_admin and viewer.organization_id == cert.organization_id)
    return render(request, "credentials/credential.html", {"cert": cert, "result": result, "can_revoke": can_revoke})


@require_GET
@throttled("credential")
def credential_json(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    cert = _certificate(certificate_id)
    response = JsonResponse(cert.credential, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="credential-{cert.id}.json"'
    return response


@require_GET
@throttled("credential")
def credential_status(request: HttpRequest, certificate_id: UUID) -> JsonResponse:
    cert = _certificate(certificate_id)
    return JsonResponse(verify_credential(cert.credential, now=clock.now()).as_json())


@require_GET
@throttled("credential")
def credential_pdf(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    """The printable certificate; a revoked or expired one is marked so across the page."""
    cert = _certificate(certificate_id)
    from skillpath.credentials.pdf import (  # WeasyPrint is heavy to import: only when a PDF is asked for
        certificate_pdf,
        pdf_filename,
    )

    response = HttpResponse(certificate_pdf(cert, now=clock.now()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(cert)}"'
    return response


@login_required
@require_POST
def credential_revoke(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    cert = certificate_public(certificate_id)
    if cert is None or not person.is_admin or cert.organization_id != person.organization_id:
        raise Http404("No such credential.")
    try:
        certificate_revoke(cert, reason=request.POST.get("reason", ""), now=clock.now())
    except CertificateError as exc:
        result = verify_credential(cert.credential, now=clock.now())
        context = {"cert": cert, "result": result, "can_revoke": True, "error": str(exc)}
        return render(request, "credentials/credential.html", context, status=422)
    return redirect("credential", certificate_id=cert.id)


class TooLarge(str):
    """An error message saying the request is too large (answered with 413, the others with 422)."""


def _submitted_text(request: HttpRequest) -> tuple[str, str | None]:
    """The pasted or uploaded text, read only when the request is small enough."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "", _("The request's Content-Length is not a number.")
    if length > MAX_REQUEST_BYTES:
        message = _("The credential is larger than {size} KB; a credential is a few KB of JSON.")
        return "", TooLarge(message.format(size=MAX_REQUEST_BYTES // 1024))
    upload = request.FILES.get("file")
    raw = upload.read(MAX_REQUEST_BYTES + 1) if upload is not None else request.POST.get("credential", "")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return "", _("The file is not UTF-8 text; a credential is a JSON file.")
    if not raw.strip():
        return "", _("Paste a credential's JSON, or choose its file.")
    return raw, None


def _read_submitted(request: HttpRequest) -> tuple[object | None, str | None]:
    text, error = _submitted_text(request)
    if error:
        return None, error
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, _("This is not JSON: {problem} at line {line}, column {column}.").format(
            problem=exc.msg, line=exc.lineno, column=exc.colno
        )
    except RecursionError:
        return None, _("This JSON is nested far too deeply to be a credential.")
    except ValueError as exc:  # e.g. a number too long to convert
        return None, _("This JSON cannot be read: {problem}.").format(problem=str(exc)[:200])


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt  # public, stateless and read-only: anyone may post a credential to have it checked
@require_http_methods(["GET", "POST"])
@body_limit(MAX_REQUEST_BYTES)  # a credential is a few KB: bound what a stranger can send, before it is read
@throttled("verify")
def verifier(request: HttpRequest) -> HttpResponse:
    """Paste or upload any credential JSON and see every check (JSON verdict with ``Accept: application/json``)."""
    if request.method == "GET":
        return render(request, "credentials/verify.html", {})
    document, error = _read_submitted(request)
    if error:
        status = 413 if isinstance(error, TooLarge) else 422
        if _wants_json(request):
            return JsonResponse({"status": "error", "error": str(error)}, status=status)
        return render(request, "credentials/verify.html", {"error": error}, status=status)
    result = verify_credential(document, now=clock.now())
    if _wants_json(request):
        return JsonResponse(result.as_json())
    return render(request, "credentials/verify.html", {"result": result})


def _organization(slug: str) -> Organization:
    organization = organization_public(slug)
    if organization is None:
        raise Http404("No such issuer.")
    return organization


@require_GET
@throttled("documents")
def issuer(request: HttpRequest, org: str) -> JsonResponse:
    document = issuer_document(_organization(org))
    return JsonResponse(document, content_type=LD_JSON, json_dumps_params={"indent": 2})


@require_GET
@throttled("documents")
def did_document(request: HttpRequest, org: str) -> JsonResponse:
    """The organization's DID document (did:web resolves ``did:web:<host>:orgs:<slug>`` here)."""
    document = did_document_for(_organization(org))
    return JsonResponse(document, content_type=DID_JSON, json_dumps_params={"indent": 2})


@require_GET
@throttled("documents")
def status_list(request: HttpRequest, org: str) -> JsonResponse:
    document = status_list_document(_organization(org), now=clock.now())
    if document is None:
        raise Http404("This issuer has no signing key yet, so it has issued no credentials.")
    return JsonResponse(document, content_type=LD_JSON, json_dumps_params={"indent": 2})
