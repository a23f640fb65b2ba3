"""Writes of the credentials app: awarding certificates (first issue and renewal) and revoking them."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from skillpath.content.models import CertificateSpec
from skillpath.credentials.identity import key_id
from skillpath.credentials.keys import private_key, signing_key_ensure
from skillpath.credentials.models import Certificate
from skillpath.credentials.openbadges import achievement_credential, iso
from skillpath.credentials.selectors import eligibility_for
from skillpath.credentials.signing import sign
from skillpath.domain.recognition import Eligibility, renewal_ready
from skillpath.events import emit
from skillpath.learning.store import state_load
from skillpath.people.models import Organization, Person


class CertificateError(ValueError):
    """A certificate action that cannot be done; the message says why."""


def _specs(person: Person) -> list[CertificateSpec]:
    return list(
        CertificateSpec.objects.filter(role__holders__person=person, retired_at=None, role__retired_at=None)
        .select_related("role", "role__package")
        .order_by("role_id")
    )


def _evidence_json(eligibility: Eligibility) -> list[dict[str, Any]]:
    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return iso(value)
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return [plain(asdict(item)) for item in eligibility.evidence]


def _next_status_index(org: Organization) -> int:
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one issuer at a time per organization
    current = Certificate.objects.filter(organization=org).aggregate(top=Max("status_index"))["top"]
    return 0 if current is None else current + 1


def certificate_issue(
    person: Person, spec: CertificateSpec, eligibility: Eligibility, *, now: datetime, renews: Certificate | None = None
) -> Certificate:
    """Sign and store the certificate's AchievementCredential (call inside a transaction)."""
    org = person.organization
    key = signing_key_ensure(org, now=now)
    index = _next_status_index(org)
    certificate_id = uuid4()
    valid_until = now + timedelta(days=spec.valid_days)
    document = achievement_credential(
        certificate_id=certificate_id,
        title=spec.title,
        role_title=spec.role.title,
        org_slug=org.slug,
        org_name=org.name,
        package=spec.role.package.slug,
        role=spec.role.slug,
        person_name=person.name,
        person_email=person.user.email or person.user.get_username(),
        salt=secrets.token_hex(8),
        issued_at=now,
        valid_until=valid_until,
        retention_days=spec.retention_days,
        evidence=eligibility.evidence,
        status_index=index,
    )
    signed = sign(
        document, private_key(key), verification_method=key_id(org.slug, key.public_multibase), created=iso(now)
    )
    certificate = Certificate.objects.create(
        id=certificate_id,
        organization=org,
        person=person,
        role=spec.role,
        spec=spec,
        title=spec.title,
        issued_at=now,
        valid_until=valid_until,
        status_index=index,
        key=key,
        credential=signed,
        evidence=_evidence_json(eligibility),
        renews=renews,
    )
    emit("certificate.issued", person=person, certificate=certificate)
    return certificate


@transaction.atomic
def certificates_award(person: Person, *, now: datetime) -> list[Certificate]:
    """Issue every certificate the person has newly earned, or renew a lapsed one they refreshed.

    A person holding a valid certificate gets nothing new; a revoked certificate is not re-awarded.
    """
    specs = _specs(person)
    if not specs:
        return []
    latest: dict[int, Certificate] = {}
    for cert in Certificate.objects.filter(person=person, spec__in=specs).order_by("issued_at"):
        latest[cert.spec_id] = cert
    pending = [
        s for s in specs if s.pk not in latest or (latest[s.pk].revoked_at is None and latest[s.pk].valid_until <= now)
    ]
    if not pending:
        return []
    state = state_load(person, checks=()).state
    issued = []
    for spec in pending:
        eligibility = eligibility_for(state, spec, now)
        previous = latest.get(spec.pk)
        if previous is None and eligibility.eligible:
            issued.append(certificate_issue(person, spec, eligibility, now=now))
        elif previous is not None and renewal_ready(eligibility, now):
            issued.append(certificate_issue(person, spec, eligibility, now=now, renews=previous))
    return issued


@transaction.atomic
def certificate_revoke(certificate: Certificate, *, reason: str, now: datetime) -> Certificate:
    """Revoke a certificate: its status list bit is set, and verification shows it revoked with the reason."""
    if not reason.strip():
        raise CertificateError(
            _("Give a reason for the revocation; it is shown to anyone who verifies the credential.")
        )
    if certificate.revoked_at is not None:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at, certificate.revoked_reason = now, reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    emit("certificate.revoked", person=certificate.person, certificate=certificate)
    return certificate


def certificates_award_for(person_id: int, now: datetime) -> list[Certificate]:
    """Follow-up of a learner's progress (see ``learning.followups``): award what was earned."""
    person = Person.objects.select_related("organization", "user").filter(pk=person_id).first()
    return certificates_award(person, now=now) if person is not None else []
