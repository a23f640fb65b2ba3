from __future__ import annotations

from datetime import timedelta

from skillpath.domain.gates import Progress
from skillpath.domain.memory import MemoryModel
from skillpath.domain.recognition import (
    CertificateStatus,
    certificate_eligibility,
    certificate_status,
    renewal_ready,
)
from tests.unit.domain.builders import T0, memory, sales

MODEL = MemoryModel()
ALL = dict.fromkeys(["f", "a1", "a2", "m"], Progress(passed=True))


def retained(days: float, recalled_days: float | None = None):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    m = memory(T0, stability=60, retained_days=days)
    at = T0 + timedelta(days=recalled_days if recalled_days is not None else days)
    return replace(m, retained_at=at if days else None, last_recall=at if days else None, last_review=at)


def test_levels_without_spaced_recall_earn_no_certificate_and_say_what_is_missing() -> None:
    c = sales()
    memories = {k: memory(T0, stability=60) for k in c.concepts_of_skill("s")}
    result = certificate_eligibility(c, {"s": 3}, 14, ALL, memories, MODEL, T0 + timedelta(days=1))
    assert not result.eligible
    assert result.reasons[0] == "Skill S: level 3 (mastery) needed, you have 1."  # mastery needs recall too
    assert (
        result.reasons[1].startswith("Skill S: recall ") and "at least 14 days after learning it" in result.reasons[1]
    )
    assert result.evidence[0].modules == ("F", "A1", "A2", "M")


def test_levels_and_a_spaced_recall_of_every_concept_earn_it_with_the_evidence() -> None:
    c = sales()
    memories = {k: retained(15 + i) for i, k in enumerate(c.concepts_of_skill("s"))}
    result = certificate_eligibility(c, {"s": 3}, 14, ALL, memories, MODEL, T0 + timedelta(days=30))
    assert result.eligible and result.reasons == ()
    recalls = result.evidence[0].recalls
    assert [r.days for r in recalls] == sorted((r.days for r in recalls), reverse=True)


def test_a_missing_level_is_named_and_fading_counts_one_lower() -> None:
    c = sales()
    memories = {k: retained(15) for k in c.concepts_of_skill("s")}
    short = certificate_eligibility(
        c, {"s": 3}, 14, {"f": Progress(passed=True)}, memories, MODEL, T0 + timedelta(days=16)
    )
    assert short.reasons == ("Skill S: level 3 (mastery) needed, you have 1.",)
    stale = certificate_eligibility(c, {"s": 4}, 14, ALL, memories, MODEL, T0 + timedelta(days=5000))  # level 4, fading
    assert "it is fading, so it counts one level lower until refreshed" in stale.reasons[0]


def test_renewal_needs_eligibility_and_a_recent_refresh() -> None:
    c = sales()
    now = T0 + timedelta(days=400)
    fresh = {k: retained(390) for k in c.concepts_of_skill("s")}
    eligible = certificate_eligibility(c, {"s": 3}, 14, ALL, fresh, MODEL, now)
    assert renewal_ready(eligible, now)
    old = {k: retained(20) for k in c.concepts_of_skill("s")}
    assert not renewal_ready(certificate_eligibility(c, {"s": 2}, 14, ALL, old, MODEL, now), now)


def test_certificate_status_order_revoked_expired_at_risk_valid() -> None:
    until = T0 + timedelta(days=365)
    assert certificate_status(valid_until=until, revoked=True, fading_skills=[], now=T0) is CertificateStatus.REVOKED
    assert (
        certificate_status(valid_until=until, revoked=False, fading_skills=["s"], now=until)
        is CertificateStatus.EXPIRED
    )
    assert (
        certificate_status(valid_until=until, revoked=False, fading_skills=["s"], now=T0) is CertificateStatus.AT_RISK
    )
    assert certificate_status(valid_until=until, revoked=False, fading_skills=[], now=T0) is CertificateStatus.VALID
