"""The demo academy's role paths as domain curricula (parsed from ``content/``, no database)."""

from __future__ import annotations

from functools import cache

from skillpath.content.reader import read_package
from skillpath.domain.content import Package, parse_package
from skillpath.domain.curriculum import Curriculum, MilestoneSpec, ModuleSpec, PathSpec, concept_key
from skillpath.domain.planning import RoleMilestone
from tests.helpers import DEMO


@cache
def academy() -> Package:
    return parse_package(read_package(DEMO))


def role_curriculum(role_id: str) -> tuple[Curriculum, list[RoleMilestone]]:
    """One role's path (as the learning app builds it for a person holding that role) and its milestones."""
    package = academy()
    role = next(r for r in package.header.roles if r.id == role_id)
    stages = tuple((name, tuple(ids)) for name, ids in role.stages.model_dump().items())
    modules = {
        m.id: ModuleSpec(
            m.id,
            m.title,
            tuple(m.requires),
            m.pass_score,
            m.minutes,
            tuple(m.skills),
            tuple(concept_key(m.id, c.id) for c in m.concepts),
        )
        for m in package.modules.values()
    }
    skill_of = {concept_key(m.id, c.id): m.concept_skill(c) for m in package.modules.values() for c in m.concepts}
    curriculum = Curriculum(
        modules=modules,
        paths=(PathSpec(role.id, role.title, stages),),
        concept_skill=skill_of,
        skill_titles={s.id: s.title for s in package.header.skills},
        variants={
            concept_key(m.id, c.id): tuple(range(len(c.variants))) for m in package.modules.values() for c in m.concepts
        },
        milestones=tuple(
            MilestoneSpec(f"{role.id}/{ms.id}", role.id, ms.title, ms.day, tuple(ms.modules)) for ms in role.milestones
        ),
    )
    return curriculum, [RoleMilestone(ms.day, ms.title, tuple(ms.modules)) for ms in role.milestones]
