"""Typed models of the ``skillpath/1`` format (the shapes; cross-references are checked in ``checks``).

The models mirror the YAML files one to one, so ``model_dump`` of a parsed package writes the
same format back (export).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

FORMAT = "skillpath/1"
STAGES = ("foundation", "application", "mastery", "reinforcement")
Stage = Literal["foundation", "application", "mastery", "reinforcement"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
SkillLevel = Annotated[int, Field(ge=0, le=4)]
BLANK = re.compile(r"\{\{(.*?)\}\}")

# Tags of discriminated unions are prefixed so that error locations can drop them.
TAG = "§"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Image(Strict):
    src: str
    alt: Text


# --- activities -------------------------------------------------------------------------------


class ActivityBase(Strict):
    prompt: Text
    explanation: str | None = None


class ChoiceOption(Strict):
    text: Text
    correct: bool = False
    feedback: str | None = None


class Choice(ActivityBase):
    type: Literal["choice"]
    options: list[ChoiceOption] = Field(min_length=2)

    @property
    def multiple(self) -> bool:
        """True when several options are correct (shown as check boxes)."""
        return sum(o.correct for o in self.options) > 1


class Order(ActivityBase):
    type: Literal["order"]
    items: list[Text] = Field(min_length=2)


class Category(Strict):
    id: Slug
    title: Text


class CategorizeItem(Strict):
    text: Text
    category: str


class Categorize(ActivityBase):
    type: Literal["categorize"]
    categories: list[Category] = Field(min_length=2)
    items: list[CategorizeItem] = Field(min_length=2)


class Pair(Strict):
    left: Text
    right: Text


class Match(ActivityBase):
    type: Literal["match"]
    pairs: list[Pair] = Field(min_length=2)


class Cloze(ActivityBase):
    type: Literal["cloze"]
    text: Text

    @property
    def blanks(self) -> list[list[str]]:
        """The accepted answers of each blank, in order (``{{a|b}}`` → ``["a", "b"]``)."""
        return [[alt.strip() for alt in m.group(1).split("|")] for m in BLANK.finditer(self.text)]


class ScenarioChoice(Strict):
    text: Text
    next: str
    points: int = Field(default=0, ge=0)
    feedback: str | None = None


class ScenarioNode(Strict):
    text: Text
    choices: list[ScenarioChoice] = Field(default_factory=list)
    end: Literal["success", "partial", "fail"] | None = None


class Scenario(ActivityBase):
    type: Literal["scenario"]
    start: str
    nodes: dict[str, ScenarioNode] = Field(min_length=2)


class Hotspot(Strict):
    """A control on a simulated screen (a button, a link, a row): shown as a button named by ``label``."""

    label: Text
    correct: bool = False
    feedback: str | None = None


class SimulationField(Strict):
    """A field of a simulated form: typed (``answer`` lists accepted texts as ``a|b``) or, with ``options``, a
    list to choose from (``answer`` is the right option)."""

    label: Text
    answer: Text
    options: list[Text] = Field(default_factory=list)
    feedback: str | None = None

    @property
    def answers(self) -> list[str]:
        """The accepted answers: the right option, or each ``|``-separated alternative."""
        return [self.answer] if self.options else [alt.strip() for alt in self.answer.split("|")]


class SimulationStep(Strict):
    """One screen of a simulation: what it shows, and one thing to do on it: press one of its ``hotspots``, fill in
    its ``fields`` (then press ``button``), or make one of its ``choices``."""

    title: Text
    text: Text
    screen: Image | None = None
    hotspots: list[Hotspot] = Field(default_factory=list)
    fields: list[SimulationField] = Field(default_factory=list)
    choices: list[ChoiceOption] = Field(default_factory=list)
    button: Text = "Save"
    feedback: str | None = None

    @property
    def picks(self) -> list[tuple[str, bool, str | None]]:
        """``(name, correct, feedback)`` of each hotspot or choice (empty for a form)."""
        return [(h.label, h.correct, h.feedback) for h in self.hotspots] + [
            (c.text, c.correct, c.feedback) for c in self.choices
        ]


class Simulation(ActivityBase):
    """A task in a tool or process, walked through screen by screen; each step scores 0..1, the task their mean."""

    type: Literal["simulation"]
    steps: list[SimulationStep] = Field(min_length=2, max_length=12)


ACTIVITY_TYPES = ("choice", "order", "categorize", "match", "cloze", "scenario", "simulation")


def _activity_tag(value: Any) -> str | None:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return f"{TAG}{kind}" if kind in ACTIVITY_TYPES else None


Activity = Annotated[
    Annotated[Choice, Tag(f"{TAG}choice")]
    | Annotated[Order, Tag(f"{TAG}order")]
    | Annotated[Categorize, Tag(f"{TAG}categorize")]
    | Annotated[Match, Tag(f"{TAG}match")]
    | Annotated[Cloze, Tag(f"{TAG}cloze")]
    | Annotated[Scenario, Tag(f"{TAG}scenario")]
    | Annotated[Simulation, Tag(f"{TAG}simulation")],
    Discriminator(_activity_tag),
]


# --- lesson blocks ----------------------------------------------------------------------------


class TextBlock(Strict):
    text: Text


class RevealBlock(Strict):
    reveal: list[Text] = Field(min_length=1)


class TimelineStep(Strict):
    label: Text
    text: Text


class TimelineBlock(Strict):
    timeline: list[TimelineStep] = Field(min_length=1)


class ImageBlock(Strict):
    image: Image


class Video(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^(https://|media/)")]
    transcript: Text


class VideoBlock(Strict):
    video: Video


BLOCK_TYPES = ("text", "reveal", "timeline", "image", "video")


def _block_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        keys = [k for k in value if k in BLOCK_TYPES]
        return f"{TAG}{keys[0]}" if len(keys) == 1 else None
    fields = getattr(type(value), "model_fields", {})  # a block model; anything else (null, a number) has none
    for kind in BLOCK_TYPES:
        if kind in fields:
            return f"{TAG}{kind}"
    return None


LessonBlock = Annotated[
    Annotated[TextBlock, Tag(f"{TAG}text")]
    | Annotated[RevealBlock, Tag(f"{TAG}reveal")]
    | Annotated[TimelineBlock, Tag(f"{TAG}timeline")]
    | Annotated[ImageBlock, Tag(f"{TAG}image")]
    | Annotated[VideoBlock, Tag(f"{TAG}video")],
    Discriminator(_block_tag),
]


# --- modules ----------------------------------------------------------------------------------


class Concept(Strict):
    id: Slug
    title: Text
    skill: Slug | None = None
    variants: list[Activity] = Field(min_length=1)


class Module(Strict):
    id: Slug
    title: Text
    skills: list[Slug] = Field(min_length=1)
    requires: list[Slug] = Field(default_factory=list)
    minutes: int = Field(ge=1, le=60)
    pass_score: float = Field(gt=0, le=1)
    lesson: list[LessonBlock] = Field(min_length=1)
    concepts: list[Concept] = Field(min_length=1)

    def concept_skill(self, concept: Concept) -> str:
        """The skill a concept trains: its own ``skill`` or the module's first skill."""
        return concept.skill or self.skills[0]


# --- package ----------------------------------------------------------------------------------


class Criterion(Strict):
    """One thing an observer looks for in real work, scored 1 (not yet) to 4 (exemplary)."""

    id: Slug
    title: Text
    description: str = ""


class Rubric(Strict):
    """How a manager (or a named reviewer) observes the skill on the job. ``required_for``: from this level up,
    the level also needs an observation that meets the rubric (every criterion scored 3 or more)."""

    criteria: list[Criterion] = Field(min_length=1, max_length=12)
    required_for: Annotated[int, Field(ge=1, le=4)] | None = None


class Skill(Strict):
    id: Slug
    title: Text
    description: str = ""
    rubric: Rubric | None = None


class RoleLevel(Strict):
    id: Slug
    title: Text
    requires: dict[str, SkillLevel] = Field(default_factory=dict)


class Stages(Strict):
    foundation: list[Slug] = Field(default_factory=list)
    application: list[Slug] = Field(default_factory=list)
    mastery: list[Slug] = Field(default_factory=list)
    reinforcement: list[Slug] = Field(default_factory=list)

    def items(self) -> list[tuple[str, list[str]]]:
        """``(stage, module ids)`` in stage order."""
        return [(stage, list(getattr(self, stage))) for stage in STAGES]


class Milestone(Strict):
    id: Slug
    title: Text
    day: int = Field(ge=1, le=3650)
    modules: list[Slug] = Field(min_length=1)


class CertificateSpec(Strict):
    title: Text
    requires: dict[str, SkillLevel] = Field(min_length=1)
    retention_days: int = Field(default=14, ge=0, le=3650)
    valid_days: int = Field(default=365, ge=1, le=36500)


class Role(Strict):
    id: Slug
    title: Text
    levels: list[RoleLevel] = Field(min_length=1)
    stages: Stages
    milestones: list[Milestone] = Field(default_factory=list)
    certificate: CertificateSpec | None = None


class PackageHeader(Strict):
    """``package.yaml``."""

    format: Literal["skillpath/1"]
    id: Slug
    title: Text
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")]
    skills: list[Skill] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)


# --- translations (``translations/<lang>/``, compared with the originals in ``translations``) ---------------


class CriterionText(Strict):
    id: Slug
    title: Text | None = None
    description: str | None = None


class RubricText(Strict):
    criteria: list[CriterionText] = Field(default_factory=list)


class SkillText(Strict):
    id: Slug
    title: Text | None = None
    description: str | None = None
    rubric: RubricText | None = None


class LevelText(Strict):
    id: Slug
    title: Text


class MilestoneText(Strict):
    id: Slug
    title: Text


class CertificateText(Strict):
    title: Text


class RoleText(Strict):
    id: Slug
    title: Text | None = None
    levels: list[LevelText] = Field(default_factory=list)
    milestones: list[MilestoneText] = Field(default_factory=list)
    certificate: CertificateText | None = None


class PackageText(Strict):
    """``translations/<lang>/package.yaml``: the package's titles in one language, each by id (all optional)."""

    title: Text | None = None
    skills: list[SkillText] = Field(default_factory=list)
    roles: list[RoleText] = Field(default_factory=list)


class Translation(Strict):
    """One language of a package: its translated ``package.yaml`` (if any) and translated modules by id."""

    package: PackageText | None = None
    modules: dict[str, Module] = Field(default_factory=dict)


class Package(Strict):
    """A whole, valid package: the header, its modules by id, and its media files' names."""

    header: PackageHeader
    modules: dict[str, Module]
    media: dict[str, str] = Field(default_factory=dict)  # relative path -> sha256 of the bytes
    translations: dict[str, Translation] = Field(default_factory=dict)  # language -> its translated texts

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def version(self) -> str:
        return self.header.version


def version_key(version: str) -> tuple[int, ...]:
    """Comparable form of a ``MAJOR.MINOR.PATCH`` version (missing parts count as 0)."""
    parts = [int(p) for p in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))
