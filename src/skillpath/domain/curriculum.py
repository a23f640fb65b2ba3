"""What the learning rules need to know about content: a person's paths and their modules.

Built by the learning app from imported rows (and by tests directly); immutable. Concepts are keyed
``"<module id>/<concept id>"`` because concept ids are unique only within their module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

STAGE_NUMBERS = {"foundation": 1, "application": 2, "mastery": 3, "reinforcement": 4}
STAGE_NAMES = {number: name for name, number in STAGE_NUMBERS.items()}


def concept_key(module_id: str, concept_id: str) -> str:
    return f"{module_id}/{concept_id}"


@dataclass(frozen=True)
class ModuleSpec:
    id: str
    title: str
    requires: tuple[str, ...]
    pass_score: float
    minutes: int
    skills: tuple[str, ...]
    concepts: tuple[str, ...]  # concept keys, in order


@dataclass(frozen=True)
class PathSpec:
    """One role's path: stage name → module ids in order."""

    role: str
    title: str
    stages: tuple[tuple[str, tuple[str, ...]], ...]

    def module_ids(self) -> list[str]:
        return [m for _, ids in self.stages for m in ids]


@dataclass(frozen=True)
class MilestoneSpec:
    """A role's milestone: its modules passed (or tested out) by ``day`` days after starting the role."""

    key: str  # "<role id>/<milestone id>"
    role: str
    title: str
    day: int
    modules: tuple[str, ...]


@dataclass(frozen=True)
class CertificateRule:
    """What a role's certificate requires (see ``recognition``)."""

    role: str
    requires: Mapping[str, int]  # skill id → level
    retention_days: int


@dataclass(frozen=True)
class Curriculum:
    modules: Mapping[str, ModuleSpec]
    paths: tuple[PathSpec, ...]
    concept_skill: Mapping[str, str]  # concept key → skill id
    skill_titles: Mapping[str, str] = field(default_factory=dict)
    concept_titles: Mapping[str, str] = field(default_factory=dict)
    variants: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # concept key → live variant positions
    milestones: tuple[MilestoneSpec, ...] = ()
    certificates: tuple[CertificateRule, ...] = ()
    observation_levels: Mapping[str, int] = field(default_factory=dict)  # skill → lowest level needing observation

    @cached_property
    def stage_of(self) -> dict[str, int]:
        """Module id → stage number (1–4) on the person's paths; the earliest where paths disagree."""
        stages: dict[str, int] = {}
        for path in self.paths:
            for stage, ids in path.stages:
                for module_id in ids:
                    number = STAGE_NUMBERS[stage]
                    stages[module_id] = min(stages.get(module_id, number), number)
        return stages

    @cached_property
    def path_order(self) -> list[str]:
        """Every module on the person's paths once, in path order (first role first)."""
        seen: dict[str, None] = {}
        for path in self.paths:
            for module_id in path.module_ids():
                seen.setdefault(module_id, None)
        return list(seen)

    def modules_teaching(self, skill: str) -> list[ModuleSpec]:
        """Modules on the person's paths that teach ``skill``, in path order."""
        return [self.modules[m] for m in self.path_order if skill in self.modules[m].skills]

    @cached_property
    def _skill_concepts(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for m in self.path_order:
            for key in self.modules[m].concepts:
                out.setdefault(self.concept_skill.get(key, ""), []).append(key)
        return out

    def concepts_of_skill(self, skill: str) -> list[str]:
        """Concept keys that train ``skill`` in modules on the person's paths (each once, in path order)."""
        return list(self._skill_concepts.get(skill, []))

    def skills(self) -> list[str]:
        """Skills taught on the person's paths, in first-taught order."""
        seen: dict[str, None] = {}
        for module_id in self.path_order:
            for skill in self.modules[module_id].skills:
                seen.setdefault(skill, None)
        return list(seen)

    def title(self, module_id: str) -> str:
        return self.modules[module_id].title

    def module_of(self, concept: str) -> str:
        return concept.split("/", 1)[0]


def percent(value: float) -> int:
    """A share in [0, 1] as a whole percentage, rounded half up (0.795 → 80)."""
    return int(value * 100 + 0.5 + 1e-9)


def is_passing(score: float, pass_score: float) -> bool:
    """Scores are compared with a small tolerance: 4 right of 5 is 0.8 even after float arithmetic."""
    return score + 1e-9 >= pass_score
