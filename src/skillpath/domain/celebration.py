"""The moments worth marking after an answer: a milestone reached, a level gained, a check passed, a module
unlocked. Read from the ``Changes`` that ``apply_answer`` returns, biggest first, each in plain words.

Only real changes count: a level that went down (fading is not recorded as a change of level) or a check
that completed without passing is no moment; the feedback already says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.i18n import gettext as _
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
    found = [
        Moment(MomentKind.MILESTONE, _("Milestone reached: {milestone}.").format(milestone=titles.get(key, key)))
        for key in changes.milestones
    ]
    found += [
        Moment(
            MomentKind.LEVEL,
            _("{skill} is now at level {level}, {name} (was {before}).").format(
                skill=curriculum.skill_titles.get(skill, skill),
                level=after,
                name=_(LEVEL_NAMES[after]),
                before=_(LEVEL_NAMES[before]),
            ),
        )
        for skill, before, after in changes.levels
        if after > before
    ]
    outcome = changes.check_outcome
    if outcome is not None and outcome.complete and outcome.passed and changes.check is not None:
        module = changes.check.module
        title = curriculum.modules[module].title if module in curriculum.modules else module
        if changes.module_passed:
            text = _("Check passed for the first time: {module}.")
        else:
            text = _("Check passed again: {module}.")
        found.append(Moment(MomentKind.PASSED, text.format(module=title)))
    opened = [curriculum.modules[m].title for m in changes.unlocked if m in curriculum.modules]
    if opened:
        found.append(Moment(MomentKind.UNLOCKED, _("Unlocked: {modules}.").format(modules=", ".join(opened))))
    return tuple(found)
