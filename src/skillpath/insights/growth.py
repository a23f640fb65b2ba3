"""A person's road to their next role level: readiness with its formula, and the gaps with what closes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from skillpath.content.localizing import content_language, role_titles
from skillpath.content.models import RoleLevel
from skillpath.domain.learner import LearnerState
from skillpath.domain.proficiency import skill_level
from skillpath.domain.readiness import Readiness, SkillStanding, readiness, with_actions
from skillpath.learning.store import state_load
from skillpath.people.models import Person, PersonRole


@dataclass(frozen=True)
class RoleGrowth:
    role: str
    role_title: str
    current: str | None  # current level title
    target: str  # the level readiness is measured against
    target_slug: str
    is_next: bool  # False when the person is at the top of the ladder (readiness for the current level)
    readiness: Readiness


def standing_for(state: LearnerState, *, now: datetime) -> dict[str, SkillStanding]:
    """Each skill on the person's paths: earned level and whether it is fading now."""
    c = state.curriculum
    out = {}
    for skill in c.skills():
        level = skill_level(c, skill, state.progress, state.memory, state.model, now, observed=skill in state.observed)
        out[skill] = SkillStanding(level.level, level.fading)
    return out


def growth_page(person: Person, *, now: datetime, state: LearnerState | None = None) -> list[RoleGrowth]:
    """For each role: readiness for the next level (or the current one at the top), with its gaps."""
    state = state or state_load(person, checks=()).state
    standing = standing_for(state, now=now)
    holdings = list(PersonRole.objects.filter(person=person).select_related("role__package", "level"))
    ladders: dict[int, list[RoleLevel]] = {}
    for level in RoleLevel.objects.filter(role__in=[h.role_id for h in holdings], retired_at=None).order_by("position"):
        ladders.setdefault(level.role_id, []).append(level)
    out = []
    language = content_language()
    for holding in holdings:
        ladder = ladders.get(holding.role_id, [])
        if not ladder:
            continue
        index = next((i for i, lv in enumerate(ladder) if holding.level and lv.pk == holding.level_id), -1)
        target = ladder[min(index + 1, len(ladder) - 1)]
        result = readiness(target.requires, standing, state.curriculum.skill_titles)
        role_title, level_titles = role_titles(holding.role, language)
        out.append(
            RoleGrowth(
                holding.role.slug,
                role_title,
                level_titles.get(holding.level.slug, holding.level.title) if holding.level else None,
                level_titles.get(target.slug, target.title),
                target.slug,
                index + 1 < len(ladder),
                with_actions(state.curriculum, result, state.progress),
            )
        )
    return out
