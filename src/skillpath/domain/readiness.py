"""Promotion readiness and skill gaps against a role level's requirements.

Readiness = Σ min(effective level, required level) / Σ required levels, over the skills the target
level requires: every required level counts, a skill above its requirement earns no extra credit,
and a fading skill counts one level lower (DESIGN.md, "Proficiency"). The formula is written out
with the person's own numbers so the percentage can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from skillpath.domain.curriculum import Curriculum, percent
from skillpath.domain.evidence import SUSTAIN_DAYS, SUSTAIN_STABILITY_DAYS
from skillpath.domain.gates import NOT_STARTED, Progress
from skillpath.domain.i18n import gettext as _
from skillpath.domain.proficiency import LEVEL_NAMES, stage_level


@dataclass(frozen=True)
class SkillStanding:
    """A person's standing on one skill: the level earned, and whether it is fading now."""

    level: int
    fading: bool

    @property
    def effective(self) -> int:
        return max(self.level - 1, 0) if self.fading else self.level


@dataclass(frozen=True)
class Gap:
    skill: str
    title: str
    required: int
    current: int  # effective
    fading: bool
    actions: tuple[str, ...]  # what closes it, in words


@dataclass(frozen=True)
class Readiness:
    percent: int
    formula: str
    gaps: tuple[Gap, ...]
    met: tuple[str, ...]  # titles of the skills already at their required level

    @property
    def ready(self) -> bool:
        return not self.gaps


def readiness_percent(requires: Mapping[str, int], standing: Mapping[str, SkillStanding]) -> int:
    """Just the percentage of ``readiness`` (for dashboards that show hundreds of people)."""
    need = sum(n for n in requires.values() if n > 0)
    if not need:
        return 100
    none = SkillStanding(0, False)
    return percent(sum(min(standing.get(s, none).effective, n) for s, n in requires.items() if n > 0) / need)


def readiness(
    requires: Mapping[str, int], standing: Mapping[str, SkillStanding], titles: Mapping[str, str]
) -> Readiness:
    """Readiness for a level that requires ``requires`` (skill → level), without the actions to close gaps."""
    # In title order: stored requirements (JSON) do not keep their authored order on every database.
    required = sorted(((s, n) for s, n in requires.items() if n > 0), key=lambda sn: (titles.get(sn[0], sn[0]), sn[0]))
    if not required:
        return Readiness(100, _("The level requires no skill: 100%."), (), ())
    held = [min(standing.get(s, SkillStanding(0, False)).effective, n) for s, n in required]
    total, need = sum(held), sum(n for _, n in required)
    formula = (
        f"({' + '.join(map(str, held))}) / ({' + '.join(str(n) for _, n in required)}) = {total} / {need} "
        f"= {percent(total / need)}%"
    )
    gaps, met = [], []
    for skill, needed in required:
        current = standing.get(skill, SkillStanding(0, False))
        if current.effective >= needed:
            met.append(titles.get(skill, skill))
        else:
            gaps.append(Gap(skill, titles.get(skill, skill), needed, current.effective, current.fading, ()))
    return Readiness(percent(total / need), formula, tuple(gaps), tuple(met))


def gap_actions(curriculum: Curriculum, gap: Gap, progress: Mapping[str, Progress]) -> tuple[str, ...]:
    """What closes a gap: the modules still to pass, and the reinforcement that lifts a fading skill."""
    actions = []
    todo = [
        m.title
        for m in curriculum.modules_teaching(gap.skill)
        if curriculum.stage_of[m.id] <= min(gap.required, 3) and not progress.get(m.id, NOT_STARTED).done
    ]
    if todo:
        actions.append(_("Pass {modules}.").format(modules=", ".join(todo)))
    if gap.fading:
        concepts = [curriculum.concept_titles.get(c, c) for c in curriculum.concepts_of_skill(gap.skill)]
        shown = ", ".join(concepts[:4]) + ("…" if len(concepts) > 4 else "")
        actions.append(_("Refresh it with today's reinforcement ({concepts}).").format(concepts=shown))
    if not todo and not gap.fading and stage_level(curriculum, gap.skill, progress) >= min(gap.required, 3):
        actions.append(_recall_action(gap.required))
    if not actions:
        actions.append(_("Reach level {level} ({name}).").format(level=gap.required, name=_(LEVEL_NAMES[gap.required])))
    return tuple(actions)


def _recall_action(required: int) -> str:
    """What is left once the modules are passed: the spaced recalls the level needs (``proficiency.py``)."""
    if required == 4:
        return _(
            "Keep every idea of it over weeks: two spaced recalls, one {days}+ days after learning it "
            "(or after its last lapse), a memory stable for {stable}+ days and few lapses "
            "(level 4, sustained)."
        ).format(days=SUSTAIN_DAYS, stable=SUSTAIN_STABILITY_DAYS)
    if required == 2:
        text = _("Recall its foundation ideas in your reinforcement a day or more after learning them (level {level}).")
    else:
        text = _("Recall every idea of it in your reinforcement a day or more after learning them (level {level}).")
    return text.format(level=required)


def with_actions(curriculum: Curriculum, result: Readiness, progress: Mapping[str, Progress]) -> Readiness:
    gaps = tuple(
        Gap(g.skill, g.title, g.required, g.current, g.fading, gap_actions(curriculum, g, progress))
        for g in result.gaps
    )
    return Readiness(result.percent, result.formula, gaps, result.met)
