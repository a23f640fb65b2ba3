"""Certificate pages: the learner's own, the public verification page and documents, the verifier, revoking."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from skillpath import clock
from skillpath.credentials.selectors import (
    certificate_public,
    certificates_page,
    issuer_document,
    status_list_document,
)
from skillpath.credentials.services import CertificateError, certificate_revoke
from skillpath.credentials.verification import verify_credential
from skillpath.people.models import Organization
from skillpath.people.selectors import access_person

MAX_UPLOAD = 512 * 1024
LD_JSON = "application/ld+json"


@login_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user)
    return render(request, "credentials/mine.html", {"cards": certificates_page(person, now=clock.now())})


@require_GET
def credential_page(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    """Public: anyone with the link sees what was proven and whether it still stands."""
    cert = certificate_public(certificate_id)
    if cert is None:
        raise Http404("No such credential.")
    result = verify_credential(cert.credential, now=clock.now())
    viewer = access_person(request.user) if request.user.is_authenticated and hasattr(request.user, "person") else None
    can_revoke = bool(viewer and viewer.is_admin and viewer.organization_id == cert.organization_id)
    return render(request, "credentials/credential.html", {"cert": cert, "result": result, "can_revoke": can_revoke})


@require_GET
def credential_json(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    cert = certificate_public(certificate_id)
    if cert is None:
        raise Http404("No such credential.")
    response = JsonResponse(cert.credential, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="credential-{cert.id}.json"'
    return response


@require_GET
def credential_status(request: HttpRequest, certificate_id: UUID) -> JsonResponse:
    cert = certificate_public(certificate_id)
    if cert is None:
        raise Http404("No such credential.")
    return JsonResponse(verify_credential(cert.credential, now=clock.now()).as_json())


@require_GET
def credential_pdf(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    cert = certificate_public(certificate_id)
    if cert is None:
        raise Http404("No such credential.")
    from skillpath.credentials.pdf import (  # WeasyPrint is heavy to import: only when a PDF is asked for
        certificate_pdf,
        pdf_filename,
    )

    response = HttpResponse(certificate_pdf(cert), content_type="application/pdf")
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


def _read_submitted(request: HttpRequest) -> tuple[object | None, str | None]:
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size and upload.size > MAX_UPLOAD:
            return None, "The file is larger than 512 KB; a credential is a small JSON file."
        text = upload.read().decode("utf-8", errors="replace")
    else:
        text = request.POST.get("credential", "")
    if not text.strip():
        return None, "Paste a credential's JSON, or choose its file."
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"This is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."


@csrf_exempt  # public, stateless and read-only: anyone may post a credential to have it checked
@require_http_methods(["GET", "POST"])
def verifier(request: HttpRequest) -> HttpResponse:
    """Paste or upload any credential JSON and see every check."""
    if request.method == "GET":
        return render(request, "credentials/verify.html", {})
    document, error = _read_submitted(request)
    if error:
        return render(request, "credentials/verify.html", {"error": error}, status=422)
    result = verify_credential(document, now=clock.now())
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(result.as_json())
    return render(request, "credentials/verify.html", {"result": result})


@require_GET
def issuer(request: HttpRequest, org: str) -> JsonResponse:
    organization = Organization.objects.filter(slug=org).first()
    if organization is None:
        raise Http404("No such issuer.")
    return JsonResponse(issuer_document(organization), content_type=LD_JSON, json_dumps_params={"indent": 2})


@require_GET
def status_list(request: HttpRequest, org: str) -> JsonResponse:
    organization = Organization.objects.filter(slug=org).first()
    if organization is None:
        raise Http404("No such issuer.")
    document = status_list_document(organization, now=clock.now())
    return JsonResponse(document, content_type=LD_JSON, json_dumps_params={"indent": 2})
