"""Evidence-based skill levels that can fade (DESIGN.md, "Proficiency").

0 not started · 1 foundation · 2 application · 3 mastery · 4 sustained.

- Level k (1–3) is the highest stage k such that the person has passed at least one module of stage k
  that teaches the skill, and every module of stages ≤ k that teaches it (a skill taught only in
  mastery goes from 0 straight to 3). Tested-out modules count as passed; reinforcement-stage modules
  do not count towards levels.
- Level 4 is level 3 plus, for each of the skill's concepts, a successful recall at a review at least
  ``SUSTAIN_DAYS`` after the concept was first learned.
- A skill whose mean predicted recall now is below ``FADING_BELOW`` is *fading*: it counts one level
  lower for readiness and certificates until refreshed (passed modules never re-lock).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from skillpath.domain.curriculum import STAGE_NAMES, Curriculum, percent
from skillpath.domain.gates import NOT_STARTED, Progress
from skillpath.domain.memory import Memory, MemoryModel

SUSTAIN_DAYS = 14
FADING_BELOW = 0.70
LEVEL_NAMES = {0: "not started", 1: "foundation", 2: "application", 3: "mastery", 4: "sustained"}


@dataclass(frozen=True)
class SkillLevel:
    skill: str
    level: int  # 0–4, as earned
    fading: bool
    mean_recall: float | None  # over the skill's concepts the person has met; None if none
    explanation: tuple[str, ...]  # why this level, in words
    next_step: str | None  # what would raise it, in words

    @property
    def effective(self) -> int:
        """The level that counts for readiness and certificates (one lower while fading)."""
        return max(self.level - 1, 0) if self.fading else self.level

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.level]


def stage_level(curriculum: Curriculum, skill: str, progress: Mapping[str, Progress]) -> int:
    """Level 0–3 from passed modules alone."""
    by_stage: dict[int, list[bool]] = {}
    for module in curriculum.modules_teaching(skill):
        stage = curriculum.stage_of[module.id]
        if stage <= 3:
            by_stage.setdefault(stage, []).append(progress.get(module.id, NOT_STARTED).done)
    level = 0
    for k in (1, 2, 3):
        passed_here = any(by_stage.get(k, []))
        all_up_to_k = all(done for s in range(1, k + 1) for done in by_stage.get(s, []))
        if passed_here and all_up_to_k:
            level = k
    return level


def mean_recall(
    curriculum: Curriculum, skill: str, memories: Mapping[str, Memory], model: MemoryModel, now: datetime
) -> float | None:
    recalls = [model.retrievability(memories[c], now) for c in curriculum.concepts_of_skill(skill) if c in memories]
    return sum(recalls) / len(recalls) if recalls else None


def skill_level(
    curriculum: Curriculum,
    skill: str,
    progress: Mapping[str, Progress],
    memories: Mapping[str, Memory],
    model: MemoryModel,
    now: datetime,
) -> SkillLevel:
    """A skill's level for a person at ``now``, with its explanation."""
    level = stage_level(curriculum, skill, progress)
    concepts = curriculum.concepts_of_skill(skill)
    unsustained = [c for c in concepts if c not in memories or not memories[c].retained_for(SUSTAIN_DAYS)]
    if level == 3 and concepts and not unsustained:
        level = 4
    recall = mean_recall(curriculum, skill, memories, model, now)
    fading = recall is not None and recall < FADING_BELOW
    explanation = list(_stage_explanation(curriculum, skill, progress, level))
    if level == 4:
        explanation.append(f"Sustained: every concept recalled {SUSTAIN_DAYS}+ days after it was learned.")
    if recall is not None:
        state = "fading: it counts one level lower until refreshed" if fading else "holding"
        explanation.append(f"Predicted recall now: {percent(recall)}% ({state}).")
    return SkillLevel(
        skill, level, fading, recall, tuple(explanation), _next_step(curriculum, skill, progress, level, unsustained)
    )


def _stage_explanation(curriculum: Curriculum, skill: str, progress: Mapping[str, Progress], level: int) -> list[str]:
    title = curriculum.skill_titles.get(skill, skill)
    passed = [
        f"{m.title} ({STAGE_NAMES[curriculum.stage_of[m.id]]})"
        for m in curriculum.modules_teaching(skill)
        if progress.get(m.id, NOT_STARTED).done and curriculum.stage_of[m.id] <= 3
    ]
    head = f"{title}: level {level} ({LEVEL_NAMES[level]})."
    if not passed:
        return [head, "No module teaching this skill has been passed yet."]
    return [head, "Passed: " + ", ".join(passed) + "."]


def _next_step(
    curriculum: Curriculum, skill: str, progress: Mapping[str, Progress], level: int, unsustained: list[str]
) -> str | None:
    if level >= 4:
        return None
    if level == 3:
        titles = [curriculum.concept_titles.get(c, c) for c in unsustained]
        return f"Recall {', '.join(titles)} successfully {SUSTAIN_DAYS}+ days after learning to reach level 4."
    for k in range(level + 1, 4):
        needed = [
            m.title
            for m in curriculum.modules_teaching(skill)
            if curriculum.stage_of[m.id] <= k and not progress.get(m.id, NOT_STARTED).done
        ]
        if any(curriculum.stage_of[m.id] == k for m in curriculum.modules_teaching(skill)):
            return f"Pass {', '.join(needed)} to reach level {k} ({LEVEL_NAMES[k]})."
    return None


def fading_since(
    curriculum: Curriculum, skill: str, memories: Mapping[str, Memory], model: MemoryModel, now: datetime
) -> datetime | None:
    """When the skill's mean predicted recall fell below ``FADING_BELOW`` (None if it is not fading now).

    Without new reviews mean recall only falls, so the crossing is found by bisection between the
    last review of the skill's concepts and ``now`` (to the minute).
    """
    recall = mean_recall(curriculum, skill, memories, model, now)
    if recall is None or recall >= FADING_BELOW:
        return None
    met = [memories[c] for c in curriculum.concepts_of_skill(skill) if c in memories]
    low, high = max(m.last_review for m in met), now
    if (mean_recall(curriculum, skill, memories, model, low) or 1.0) < FADING_BELOW:
        return low
    while high - low > timedelta(minutes=1):
        mid = low + (high - low) / 2
        if (mean_recall(curriculum, skill, memories, model, mid) or 1.0) < FADING_BELOW:
            high = mid
        else:
            low = mid
    return high


def fading_on(memories: list[Memory], model: MemoryModel) -> datetime | None:
    """When the mean predicted recall of these memories falls below ``FADING_BELOW`` if nothing is practised.

    Recall only falls between reviews, so this one date answers "is it fading now?" (now ≥ date) and
    "will it fade within 30 days?" for any moment until the next review; dashboards read it instead of
    evaluating every memory. Found by doubling then bisecting on whole days, as FSRS counts time.
    None when there are no memories.
    """
    if not memories:
        return None
    start = max(m.last_review for m in memories)

    def below(days: int) -> bool:
        at = start + timedelta(days=days)
        return sum(model.retrievability(m, at) for m in memories) / len(memories) < FADING_BELOW

    if below(0):
        return start
    high = 1
    while not below(high):
        high *= 2
        if high > 36500:
            return start + timedelta(days=36500)  # pragma: no cover - a memory that outlives a century
    low = high // 2
    while high - low > 1:
        mid = (low + high) // 2
        if below(mid):
            high = mid
        else:
            low = mid
    return start + timedelta(days=high)
