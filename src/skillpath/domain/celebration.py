"""The moments worth marking after an answer: a milestone reached, a level gained, a check passed, a module
unlocked. Read from the ``Changes`` that ``apply_answer`` returns, biggest first, each in plain words.

Only real changes count: a level that went down (fading is not recorded as a change of level) or a check
that completed without passing is no moment; the feedback already says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.learner import Changes
from skillpath.domain.proficiency import LEVEL_NAMES


class MomentKind(StrEnum):
    MILESTONE = "milestone"
    LEVEL = "level"
    PASSED = "passed"
    UNLOCKED = "unlocked"


@dataclass(frozen=True)
class Moment:
    kind: MomentKind
    text: str  # one sentence, ending with a full stop


def moments(changes: Changes, curriculum: Curriculum) -> tuple[Moment, ...]:
    """What ``changes`` gives the learner to celebrate, the biggest first (empty when nothing)."""
    titles = {ms.key: ms.title for ms in curriculum.milestones}
    found = [Moment(MomentKind.MILESTONE, f"Milestone reached: {titles.get(key, key)}.") for key in changes.milestones]
    found += [
        Moment(
            MomentKind.LEVEL,
            f"{curriculum.skill_titles.get(skill, skill)} is now at level {after}, {LEVEL_NAMES[after]} "
            f"(was {LEVEL_NAMES[before]}).",
        )
        for skill, before, after in changes.levels
        if after > before
    ]
    outcome = changes.check_outcome
    if outcome is not None and outcome.complete and outcome.passed and changes.check is not None:
        module = changes.check.module
        title = curriculum.modules[module].title if module in curriculum.modules else module
        first = " for the first time" if changes.module_passed else " again"
        found.append(Moment(MomentKind.PASSED, f"Check passed{first}: {title}."))
    opened = [curriculum.modules[m].title for m in changes.unlocked if m in curriculum.modules]
    if opened:
        found.append(Moment(MomentKind.UNLOCKED, f"Unlocked: {', '.join(opened)}."))
    return tuple(found)
