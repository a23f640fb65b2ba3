"""The reinforcement stage of a path: the spaced reinforcement of everything learned, by skill.

The fourth stage is not a list of modules: it is every idea the person has met coming back when
memory starts to fade. So the path shows it always, even when authors put no module there:

- **fading**: predicted recall now below ``FADING_BELOW`` (0.70, the line at which a skill counts
  one level lower): overdue, refresh first;
- **due**: due now (predicted recall at or below the desired retention) but not fading yet;
- **retained**: not due: memory holds above the desired retention.

Each concept is in exactly one of the three; skills list theirs in path order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from skillpath.domain.curriculum import STAGE_NUMBERS, Curriculum
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import ngettext
from skillpath.domain.memory import Memory, MemoryModel
from skillpath.domain.proficiency import FADING_BELOW


class RecallState(StrEnum):
    FADING = "fading"
    DUE = "due"
    RETAINED = "retained"


@dataclass(frozen=True)
class ConceptRecall:
    concept: str  # concept key
    title: str
    state: RecallState
    recall: float  # predicted recall now
    due: datetime


@dataclass(frozen=True)
class SkillReinforcement:
    skill: str
    title: str
    concepts: tuple[ConceptRecall, ...]  # fading first, then due, then retained; soonest due first within each

    def count(self, state: RecallState) -> int:
        return sum(c.state is state for c in self.concepts)


@dataclass(frozen=True)
class ReinforcementStage:
    skills: tuple[SkillReinforcement, ...]  # skills with at least one learned concept, in path order
    modules: tuple[str, ...]  # reinforcement-stage module ids authors added, in path order
    next_due: datetime | None  # the soonest due date among retained concepts (None if none)
    summary: str  # the stage in words

    def count(self, state: RecallState) -> int:
        return sum(s.count(state) for s in self.skills)


def recall_state(memory: Memory, model: MemoryModel, now: datetime) -> tuple[RecallState, float]:
    """Where one learned concept stands now, with its predicted recall."""
    recall = model.retrievability(memory, now)
    if recall < FADING_BELOW:
        return RecallState.FADING, recall
    return (RecallState.DUE if memory.due <= now else RecallState.RETAINED), recall


def reinforcement_stage(
    curriculum: Curriculum, memories: Mapping[str, Memory], model: MemoryModel, now: datetime
) -> ReinforcementStage:
    """The reinforcement stage of the person's paths at ``now``."""
    order = {RecallState.FADING: 0, RecallState.DUE: 1, RecallState.RETAINED: 2}
    skills = []
    for skill in curriculum.skills():
        rows = []
        for key in dict.fromkeys(curriculum.concepts_of_skill(skill)):
            if key in memories:
                state, recall = recall_state(memories[key], model, now)
                rows.append(
                    ConceptRecall(key, curriculum.concept_titles.get(key, key), state, recall, memories[key].due)
                )
        if rows:
            rows.sort(key=lambda r: (order[r.state], r.due))
            skills.append(SkillReinforcement(skill, curriculum.skill_titles.get(skill, skill), tuple(rows)))
    modules = tuple(
        m for path in curriculum.paths for stage, ids in path.stages if STAGE_NUMBERS[stage] == 4 for m in ids
    )
    upcoming = [c.due for s in skills for c in s.concepts if c.state is RecallState.RETAINED]
    next_due = min(upcoming, default=None)
    return ReinforcementStage(tuple(skills), tuple(dict.fromkeys(modules)), next_due, _summary(skills, next_due, now))


def _summary(skills: list[SkillReinforcement], next_due: datetime | None, now: datetime) -> str:
    if not skills:
        return _("Nothing learned yet: every idea you learn comes back here when your memory of it starts to fade.")
    counts = {state: sum(s.count(state) for s in skills) for state in RecallState}
    parts = [_("{count} due now").format(count=counts[RecallState.DUE])] if counts[RecallState.DUE] else []
    if counts[RecallState.FADING]:
        parts.append(_("{count} fading (refresh these first)").format(count=counts[RecallState.FADING]))
    parts.append(_("{count} retained").format(count=counts[RecallState.RETAINED]))
    total = sum(counts.values())
    text = ngettext(
        "{count} idea in spaced reinforcement: {parts}.", "{count} ideas in spaced reinforcement: {parts}.", total
    ).format(count=total, parts=", ".join(parts))
    if not counts[RecallState.DUE] and not counts[RecallState.FADING] and next_due is not None:
        days = max(0, (next_due - now).days)
        if days == 0:
            text = _("{summary} Next one due today.").format(summary=text)
        else:
            text = ngettext(
                "{summary} Next one due in {days} day.", "{summary} Next one due in {days} days.", days
            ).format(summary=text, days=days)
    return text
