"""Whether a credential was revoked.

A credential signed with one of this SkillPath's keys is looked up by its id (whatever host its URLs name: a
changed domain, a proxy or the demo still find it) in the signing key's organization, so revocation shows at
once. Another issuer's credential is checked against its Bitstring Status List, fetched (bounded, see
``fetching``) and itself verified as signed by the same issuer; when it cannot be fetched, the check says so.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from skillpath.credentials.checks import Check
from skillpath.credentials.fetching import FetchError, fetch_json
from skillpath.credentials.models import Certificate, SigningKey
from skillpath.credentials.openbadges import status_bit
from skillpath.credentials.resolution import resolve_signer
from skillpath.credentials.signing import ProofError, proofs_of, verify

MAX_STATUS_ENTRIES = 4
NAME = "revocation"


def certificate_id_of(document: dict[str, Any]) -> UUID | None:
    """The certificate id in a SkillPath credential id (``…/credentials/<uuid>``), whatever its host."""
    value = document.get("id")
    if not isinstance(value, str) or "/credentials/" not in value:
        return None
    try:
        return UUID(value.rsplit("/credentials/", 1)[1].strip("/"))
    except ValueError:
        return None


def _entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    status = document.get("credentialStatus")
    entries = status if isinstance(status, list) else [status] if status is not None else []
    if len(entries) > MAX_STATUS_ENTRIES:
        raise ValueError(
            _("the credential has {count} status entries; at most {most} are read").format(
                count=len(entries), most=MAX_STATUS_ENTRIES
            )
        )
    if not all(isinstance(e, dict) for e in entries):
        raise ValueError(_("credentialStatus must be an object or a list of objects"))
    return [e for e in entries if e.get("statusPurpose") == "revocation"]


def _index(entry: dict[str, Any]) -> int:
    value = entry.get("statusListIndex")
    if not isinstance(value, str) or not value.isdigit() or len(value) > 9:
        raise ValueError(_("statusListIndex must be a string of digits"))
    return int(value)


def _own(document: dict[str, Any], key: SigningKey, entries: list[dict[str, Any]]) -> tuple[Check, Certificate | None]:
    certificate_id = certificate_id_of(document)
    certs = Certificate.objects.filter(organization_id=key.organization_id)
    cert = certs.filter(id=certificate_id).first() if certificate_id else None
    if cert is None and entries:
        cert = certs.filter(status_index=_index(entries[0])).first()
    if cert is not None and cert.revoked_at is not None:
        message = _("Revoked on {day}: {reason}").format(day=f"{cert.revoked_at:%Y-%m-%d}", reason=cert.revoked_reason)
        return Check(NAME, False, message), cert
    if cert is None and not entries:
        return Check(NAME, True, _("This credential has no revocation status entry.")), None
    return Check(NAME, True, _("Not revoked (checked against the issuer's records and status list).")), cert


def _list_bit(entry: dict[str, Any], issuer_id: str) -> bool:
    url = entry.get("statusListCredential")
    if entry.get("type") != "BitstringStatusListEntry" or not isinstance(url, str):
        raise ValueError(_("the status entry is not a BitstringStatusListEntry with a statusListCredential URL"))
    index = _index(entry)
    listed = fetch_json(url)
    if not isinstance(listed, dict) or "BitstringStatusListCredential" not in (listed.get("type") or []):
        raise ValueError(_("{url} is not a BitstringStatusListCredential").format(url=url))
    issuer = listed.get("issuer")
    if (issuer.get("id") if isinstance(issuer, dict) else issuer) != issuer_id:
        raise ValueError(_("the status list at {url} was not issued by the credential's issuer").format(url=url))
    for proof in proofs_of(listed):
        signer = resolve_signer(proof.get("verificationMethod"))
        if signer.controller != issuer_id:
            raise ValueError(_("the status list at {url} is not signed by the credential's issuer").format(url=url))
        verify(listed, signer.public, proof)
    subject = listed.get("credentialSubject")
    encoded = subject.get("encodedList") if isinstance(subject, dict) else None
    if not isinstance(encoded, str) or subject.get("statusPurpose") != "revocation":  # type: ignore[union-attr]
        raise ValueError(_("the status list at {url} has no revocation encodedList").format(url=url))
    return status_bit(encoded, index)


def revocation_check(
    document: dict[str, Any], key: SigningKey | None, issuer_id: str
) -> tuple[Check, Certificate | None]:
    """The revocation check of a credential whose signature and issuer were confirmed."""
    try:
        entries = _entries(document)
        if key is not None:
            return _own(document, key, entries)
        if not entries:
            return Check(NAME, True, _("This credential has no revocation status entry.")), None
        revoked = [_list_bit(entry, issuer_id) for entry in entries]
    except FetchError as exc:
        return Check(
            NAME,
            None,
            _("The issuer's status list could not be fetched, so revocation is unknown: {reason}").format(reason=exc),
        ), None
    except ProofError as exc:
        return Check(
            NAME,
            None,
            _("The issuer's status list could not be verified, so revocation is unknown: {reason}").format(reason=exc),
        ), None
    except ValueError as exc:
        message = _("The revocation status cannot be read, so revocation is unknown: {reason}").format(reason=exc)
        return Check(NAME, None, message), None
    if any(revoked):
        return Check(NAME, False, _("Revoked: the issuer's status list marks this credential as revoked.")), None
    return Check(NAME, True, _("Not revoked (checked against the issuer's status list).")), None
