"""Small curricula for domain tests."""

from __future__ import annotations

from datetime import UTC, datetime

from skillpath.domain.curriculum import Curriculum, ModuleSpec, PathSpec, concept_key
from skillpath.domain.memory import Memory

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def module(
    id: str,
    *,
    requires: tuple[str, ...] = (),
    skills: tuple[str, ...] = ("s",),
    concepts: int = 3,
    pass_score: float = 0.8,
    minutes: int = 5,
) -> ModuleSpec:
    return ModuleSpec(
        id=id,
        title=id.replace("-", " ").capitalize(),
        requires=requires,
        pass_score=pass_score,
        minutes=minutes,
        skills=skills,
        concepts=tuple(concept_key(id, f"c{i}") for i in range(concepts)),
    )


def curriculum(stages: dict[str, list[ModuleSpec]], extra: list[ModuleSpec] | None = None) -> Curriculum:
    modules = {m.id: m for ms in stages.values() for m in ms} | {m.id: m for m in extra or []}
    skill_of = {c: m.skills[0] for m in modules.values() for c in m.concepts}
    path = PathSpec("role", "Role", tuple((stage, tuple(m.id for m in ms)) for stage, ms in stages.items()))
    return Curriculum(modules=modules, paths=(path,), concept_skill=skill_of, skill_titles={"s": "Skill S"})


def sales() -> Curriculum:
    """Foundation F → application A1, A2 → mastery M (requires A1)."""
    return curriculum(
        {
            "foundation": [module("f")],
            "application": [module("a1", requires=("f",)), module("a2", requires=("f",))],
            "mastery": [module("m", requires=("a1",))],
            "reinforcement": [],
        }
    )


def memory(
    at: datetime = T0, *, stability: float = 10.0, due: datetime | None = None, retained_days: float = 0
) -> Memory:
    from datetime import timedelta

    return Memory(
        stability=stability,
        difficulty=5.0,
        first_review=at,
        last_review=at,
        due=due or at + timedelta(days=stability),
        retained_days=retained_days,
    )
