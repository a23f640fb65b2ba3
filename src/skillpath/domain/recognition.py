"""Certificates that require retained capability (DESIGN.md, "Recognise").

A role's certificate is earned when, for every skill it requires:
- the skill's *effective* level (one lower while fading) is at least the required level (levels
  are earned per concept of the skill, ``proficiency.py``: mastery needs every concept applied and
  recalled after a spacing, sustained needs every concept kept over weeks), and
- every concept of the skill was recalled successfully at least ``retention_days`` after it was first
  learned (shown, then kept).

A certificate is *at risk* while a required skill is fading, *expired* after ``valid_until``, and a
lapsed (expired) one is renewed by refreshing the skills: being eligible again, with every required
skill recalled successfully within the last ``RENEWAL_WINDOW_DAYS``, not by redoing the course.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.gates import NOT_STARTED, Progress
from skillpath.domain.i18n import gettext
from skillpath.domain.memory import Memory, MemoryModel
from skillpath.domain.proficiency import LEVEL_NAMES, SkillLevel, skill_level

RENEWAL_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Recall:
    concept: str  # title
    learned_at: datetime
    recalled_at: datetime
    days: float


@dataclass(frozen=True)
class SkillEvidence:
    skill: str
    title: str
    required: int
    level: int  # as earned
    effective: int  # as counted (fading lowers it)
    fading: bool
    modules: tuple[str, ...]  # titles of the passed modules that teach it
    recalls: tuple[Recall, ...]  # the spaced recalls that show retention
    unretained: tuple[str, ...]  # concept titles not yet recalled after the spacing
    last_success: datetime | None  # the latest successful reinforcement of any of its concepts
    observed_at: datetime | None = None  # an observation on the job that met the skill's rubric


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # what is still missing, in words
    evidence: tuple[SkillEvidence, ...]


def _evidence(
    curriculum: Curriculum,
    skill: str,
    required: int,
    level: SkillLevel,
    progress: Mapping[str, Progress],
    memories: Mapping[str, Memory],
    retention_days: int,
) -> SkillEvidence:
    concepts = curriculum.concepts_of_skill(skill)
    recalls, unretained = [], []
    for key in concepts:
        memory = memories.get(key)
        title = curriculum.concept_titles.get(key, key)
        if memory is not None and memory.retained_at is not None and memory.retained_for(retention_days):
            recalls.append(Recall(title, memory.first_review, memory.retained_at, memory.retained_days))
        else:
            unretained.append(title)
    modules = tuple(m.title for m in curriculum.modules_teaching(skill) if progress.get(m.id, NOT_STARTED).done)
    refreshed = [m.last_recall for k in concepts if (m := memories.get(k)) is not None and m.last_recall is not None]
    last = max(refreshed, default=None)
    return SkillEvidence(
        skill,
        curriculum.skill_titles.get(skill, skill),
        required,
        level.level,
        level.effective,
        level.fading,
        modules,
        tuple(sorted(recalls, key=lambda r: -r.days)),
        tuple(unretained),
        last,
    )


def certificate_eligibility(
    curriculum: Curriculum,
    requires: Mapping[str, int],
    retention_days: int,
    progress: Mapping[str, Progress],
    memories: Mapping[str, Memory],
    model: MemoryModel,
    now: datetime,
    observed: Mapping[str, datetime] | None = None,
) -> Eligibility:
    """Whether a person has earned a certificate now, what is missing, and the evidence either way.
    ``observed``: skill → when an observation on the job met its rubric (evidence beside the answers)."""
    evidence, reasons = [], []
    observed = observed or {}
    for skill, required in requires.items():
        level = skill_level(curriculum, skill, progress, memories, model, now, observed=skill in observed)
        item = replace(
            _evidence(curriculum, skill, required, level, progress, memories, retention_days),
            observed_at=observed.get(skill),
        )
        evidence.append(item)
        if item.effective < required:
            if item.fading:
                text = gettext(
                    "{skill}: level {level} ({name}) needed, you have {current} (it is fading, so it counts one "
                    "level lower until refreshed)."
                )
            else:
                text = gettext("{skill}: level {level} ({name}) needed, you have {current}.")
            name = gettext(LEVEL_NAMES[required])
            reasons.append(text.format(skill=item.title, level=required, name=name, current=item.effective))
        if item.unretained:
            reasons.append(
                gettext("{skill}: recall {concepts} successfully at least {days} days after learning it.").format(
                    skill=item.title, concepts=", ".join(item.unretained), days=retention_days
                )
            )
    return Eligibility(not reasons, tuple(reasons), tuple(evidence))


def renewal_ready(eligibility: Eligibility, now: datetime) -> bool:
    """An expired certificate renews when the person is eligible and refreshed every required skill lately."""
    window = now - timedelta(days=RENEWAL_WINDOW_DAYS)
    return eligibility.eligible and all(e.last_success and e.last_success >= window for e in eligibility.evidence)


class CertificateStatus(StrEnum):
    VALID = "valid"
    AT_RISK = "at_risk"
    EXPIRED = "expired"
    REVOKED = "revoked"


def certificate_status(
    *, valid_until: datetime, revoked: bool, fading_skills: list[str], now: datetime
) -> CertificateStatus:
    if revoked:
        return CertificateStatus.REVOKED
    if now >= valid_until:
        return CertificateStatus.EXPIRED
    return CertificateStatus.AT_RISK if fading_skills else CertificateStatus.VALID
