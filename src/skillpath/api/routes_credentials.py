"""Credential verification: anyone (no sign-in) may check an Open Badges 3.0 credential, as on /verify/;
the same rate limit per address."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import Router

from skillpath import clock
from skillpath.api import schemas as s
from skillpath.api.problems import ApiProblem, Problem
from skillpath.credentials.selectors import certificate_public
from skillpath.credentials.verification import verify_credential
from skillpath.ratelimits import RATES, retry_after

router = Router(tags=["credentials"])
PUBLIC_ERRORS = {400: Problem, 413: Problem, 422: Problem, 429: Problem}


def _throttle(request: HttpRequest, name: str) -> None:
    if is_ratelimited(request, group=f"skillpath.{name}", key="ip", rate=RATES[name], increment=True):
        wait = retry_after(RATES[name])
        raise ApiProblem(
            429,
            _("too many requests from your address; wait {seconds} seconds").format(seconds=wait),
            headers={"Retry-After": str(wait)},
        )


@router.post("/credentials/verify", auth=None, response={200: s.Verification, **PUBLIC_ERRORS})
def verify(request: HttpRequest, data: s.VerifyIn) -> object:
    """Check a credential: signature, issuer, dates, revocation, shape. Each check with its outcome."""
    _throttle(request, "verify")
    return verify_credential(data.credential, now=clock.now()).as_json()


@router.get("/credentials/{certificate_id}", auth=None, response={200: s.Verification, 404: Problem, **PUBLIC_ERRORS})
def credential_status(request: HttpRequest, certificate_id: UUID) -> object:
    """Whether a certificate issued here still stands (its public status)."""
    _throttle(request, "credential")
    cert = certificate_public(certificate_id)
    if cert is None:
        raise ApiProblem(404, _("no such credential"))
    return verify_credential(cert.credential, now=clock.now()).as_json()
