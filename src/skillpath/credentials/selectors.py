"""Reads of the credentials app: a person's certificates and progress toward them, public documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from skillpath.content.models import CertificateSpec
from skillpath.credentials.identity import did_document, key_id
from skillpath.credentials.keys import private_key, signing_key_current
from skillpath.credentials.models import Certificate, SigningKey
from skillpath.credentials.openbadges import iso, issuer_profile, status_list_credential
from skillpath.credentials.signing import sign
from skillpath.domain.learner import LearnerState
from skillpath.domain.proficiency import skill_level
from skillpath.domain.recognition import CertificateStatus, Eligibility, certificate_eligibility, certificate_status
from skillpath.learning.store import state_load
from skillpath.people.models import Organization, Person


def eligibility_for(state: LearnerState, spec: CertificateSpec, now: datetime) -> Eligibility:
    return certificate_eligibility(
        state.curriculum,
        spec.requires,
        spec.retention_days,
        state.progress,
        state.memory,
        state.model,
        now,
        state.observed,
    )


@dataclass(frozen=True)
class Refresh:
    skill: str
    concepts: list[tuple[str, str]]  # (concept key, title): the reinforcements that renew it


@dataclass(frozen=True)
class CertificateCard:
    id: UUID | None  # None: not earned yet
    title: str
    role: str
    status: str  # valid, at_risk, expired, revoked, in_progress
    issued_at: datetime | None
    valid_until: datetime | None
    revoked_reason: str
    refresh: list[Refresh]  # what renews an at-risk or expired certificate
    missing: list[str]  # for one not earned yet: what is still needed


def certificates_page(person: Person, *, now: datetime) -> list[CertificateCard]:
    """Each certificate of the person's roles: held (with its status) or still to earn (with what is missing)."""
    specs = list(CertificateSpec.objects.filter(role__holders__person=person, retired_at=None).select_related("role"))
    held: dict[int, Certificate] = {}
    for cert in Certificate.objects.filter(person=person).order_by("issued_at"):
        held[cert.spec_id] = cert
    state = state_load(person, checks=()).state
    c, progress, memories, model = state.curriculum, state.progress, state.memory, state.model
    cards = []
    for spec in specs:
        issued = held.get(spec.pk)
        if issued is None:
            eligibility = eligibility_for(state, spec, now)
            cards.append(
                CertificateCard(
                    None, spec.title, spec.role.title, "in_progress", None, None, "", [], list(eligibility.reasons)
                )
            )
            continue
        cert = issued
        fading = [
            s
            for s in spec.requires
            if skill_level(c, s, progress, memories, model, now, observed=s in state.observed).fading
        ]
        status = certificate_status(
            valid_until=cert.valid_until, revoked=cert.revoked_at is not None, fading_skills=fading, now=now
        )
        needs = fading if status is CertificateStatus.AT_RISK else list(spec.requires)
        refresh = (
            []
            if status in (CertificateStatus.VALID, CertificateStatus.REVOKED)
            else [
                Refresh(c.skill_titles.get(s, s), [(k, c.concept_titles.get(k, k)) for k in c.concepts_of_skill(s)])
                for s in needs
            ]
        )
        cards.append(
            CertificateCard(
                cert.id,
                cert.title,
                spec.role.title,
                status.value,
                cert.issued_at,
                cert.valid_until,
                cert.revoked_reason,
                refresh,
                [],
            )
        )
    return cards


def certificate_for(person: Person, certificate_id: UUID) -> Certificate | None:
    return Certificate.objects.filter(id=certificate_id, person=person).first()


def certificate_public(certificate_id: UUID) -> Certificate | None:
    return Certificate.objects.select_related("organization", "person").filter(id=certificate_id).first()


def organization_public(slug: str) -> Organization | None:
    """An organization by slug, for its public issuer documents."""
    return Organization.objects.filter(slug=slug).first()


def status_list_document(org: Organization, *, now: datetime) -> dict[str, Any] | None:
    """The organization's signed revocation list (BitstringStatusListCredential); None while it has no key.

    Signed on each request with the current key (a read: the key was made with the organization).
    """
    key = signing_key_current(org)
    if key is None:
        return None
    revoked = Certificate.objects.filter(organization=org, revoked_at__isnull=False).values_list(
        "status_index", flat=True
    )
    document = status_list_credential(org.slug, org.name, revoked, now)
    return sign(
        document, private_key(key), verification_method=key_id(org.slug, key.public_multibase), created=iso(now)
    )


def issuer_document(org: Organization) -> dict[str, Any]:
    return issuer_profile(org.slug, org.name)


def did_document_for(org: Organization) -> dict[str, Any]:
    """The organization's DID document: every key it has signed with, oldest first."""
    keys = (
        SigningKey.objects.filter(organization=org)
        .order_by("created_at", "pk")
        .values_list("public_multibase", flat=True)
    )
    return did_document(org.slug, keys)
