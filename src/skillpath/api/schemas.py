"""What the API answers: the same read models the pages render (``learning.pages``, ``insights``,
``credentials``), described field by field. Schemas read them by attribute (``from_attributes``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import StringConstraints, field_validator

from skillpath.api.problems import Problem as Problem  # re-exported: endpoints name every schema as s.X
from skillpath.domain.people_csv import MAX_LENGTH as PERSON_MAX

T = TypeVar("T")
# Ids in paths and bodies: database keys fit 63 bits; bounded lower so no database refuses the number.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
# Text fields: one line, no NUL (PostgreSQL refuses it), bounded.
Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")
]


Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=200, description="At most this many items (1–200)")
    offset: int = Field(0, ge=0, le=1_000_000, description="Skip this many items")


class TeamQuery(PageQuery):
    role: str = Field("", max_length=80, pattern=r"^[a-z0-9-]*$", description="Only people holding this role")
    team: str = Field("", max_length=120, pattern=r"^[^\x00-\x1f\x7f]*$", description="Only this team")
    sort: str = Field(
        "name", pattern=r"^(name|readiness|skill:[a-z0-9-]{1,80})$", description="name, readiness, or skill:<slug>"
    )


class Page(Schema, Generic[T]):
    """A bounded page of a list: ``items`` from ``offset``, at most ``limit``, of ``count`` in all."""

    count: int
    limit: int
    offset: int
    items: list[T]


class Me(Schema):
    id: int
    name: str
    email: str
    organization: str
    is_manager: bool
    is_author: bool
    is_admin: bool
    scope: str = Field(description="The credential's scope: read, learner, admin, or session (the browser).")


class TodayItem(Schema):
    kind: str = Field(description="module (start or continue a module) or reinforcement (a spaced review)")
    ref: str = Field(description="The module slug, or the concept key module/concept of a reinforcement")
    title: str
    module: str
    module_title: str
    minutes: float
    recall: float | None
    early: bool
    continuing: bool


class Today(Schema):
    items: list[TodayItem]
    minutes: float
    budget_minutes: int
    due_count: int
    deferred_count: int
    deferred_note: str | None
    next_module: str | None
    next_module_title: str | None


class ModuleCard(Schema):
    slug: str
    title: str
    minutes: int
    status: str
    status_label: str
    reasons: list[str]
    best_percent: int | None
    pass_percent: int


class Stage(Schema):
    name: str
    number: int
    modules: list[ModuleCard]
    done: int
    percent: int
    completed_on: date | None


class Milestone(Schema):
    title: str
    day: int
    due_on: date
    reached_on: date | None
    status: str
    modules: list[str]


class RolePath(Schema):
    slug: str
    title: str
    level: str | None
    stages: list[Stage]
    milestones: list[Milestone]


class RecallPoint(Schema):
    day: int
    recall: float


class Skill(Schema):
    slug: str
    title: str
    level: int
    level_name: str
    effective: int
    fading: bool
    fading_since: datetime | None
    recall_percent: int | None
    explanation: list[str]
    next_step: str | None
    forecast: list[RecallPoint]


class Gap(Schema):
    skill: str
    title: str
    required: int
    current: int
    fading: bool
    actions: list[str]


class Readiness(Schema):
    percent: int
    formula: str
    gaps: list[Gap]
    met: list[str]


class RoleGrowth(Schema):
    role: str
    role_title: str
    current: str | None
    target: str
    target_slug: str
    is_next: bool
    readiness: Readiness


class Plan(Schema):
    id: int
    role: str
    target: str
    week: int
    status: str
    behind: list[str]


class Growth(Schema):
    roles: list[RoleGrowth]
    plans: list[Plan]


class ConceptRef(Schema):
    key: str
    title: str


class Refresh(Schema):
    skill: str
    concepts: list[ConceptRef]

    @staticmethod
    def resolve_concepts(obj: Any) -> list[dict[str, str]]:
        return [{"key": key, "title": title} for key, title in obj.concepts]


class Certificate(Schema):
    id: UUID | None
    title: str
    role: str
    status: str
    issued_at: datetime | None
    valid_until: datetime | None
    revoked_reason: str
    refresh: list[Refresh]
    missing: list[str]


class Option(Schema):
    index: int = Field(description="The authored position: what a response refers to")
    text: str


class Bucket(Schema):
    id: str
    title: str


class ClozePart(Schema):
    text: str | None
    blank: int | None
    label: str


class ScenarioNode(Schema):
    node: str
    text: str
    choices: list[Option]
    path: str
    steps: int


class ActivityView(Schema):
    kind: str
    prompt: str
    multiple: bool
    options: list[Option]
    buckets: list[Bucket]
    rights: list[Option]
    segments: list[ClozePart]
    scenario: ScenarioNode | None


class Item(Schema):
    """One activity to answer, with what its answer must send back."""

    variant_id: int
    concept_title: str
    run_id: UUID | None = Field(description="Set in a module check: send it with the answer")
    attempt_id: UUID = Field(description="A fresh idempotency key: the same key answers once, however often sent")
    stamp: str = Field(description="When it was shown (signed): send it back so the answer time is measured")
    activity: ActivityView


class CheckState(Schema):
    run_id: UUID
    module: str
    module_title: str
    total: int
    answered: int
    next: Item | None = Field(description="The next activity; null once the check is complete")


class AnswerIn(Schema):
    attempt_id: UUID
    variant_id: Id
    response: dict[str, Any] = Field(description='As the activity type needs, e.g. {"selected": [0]}')
    stamp: str = Field("", max_length=500)
    run_id: UUID | None = None

    @field_validator("response")
    @classmethod
    def _no_nul(cls, value: dict[str, Any]) -> dict[str, Any]:
        """No text of an answer may hold a NUL (as in the forms; PostgreSQL stores none in JSON)."""
        if _holds_nul(value):
            raise ValueError(_("the response holds a NUL character; remove it"))
        return value


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class ItemFeedback(Schema):
    key: str
    correct: bool
    text: str | None
    picked: bool | None
    given: str | None
    expected: str | None


class LevelChange(Schema):
    skill: str
    before: int
    after: int


class AnswerOut(Schema):
    attempt: int
    duplicate: bool = Field(description="This attempt_id was answered before; nothing new was recorded")
    score: float
    correct: bool
    rating: str
    explanation: str | None
    feedback: list[ItemFeedback]
    next_review: datetime | None
    unlocked: list[str]
    milestones: list[str]
    levels: list[LevelChange]
    check_complete: bool
    check_passed: bool | None


class Cell(Schema):
    level: int
    effective: int
    target: int
    fading: bool
    drops_on: datetime | None
    status: str


class TeamRow(Schema):
    person_id: int
    name: str
    role: str
    role_slug: str
    level: str
    team: str
    readiness: int
    next_level: str
    cells: dict[str, Cell]
    modules_passed: int
    modules_total: int
    levels_met: int
    levels_required: int


class Drop(Schema):
    person: str
    skill: str
    on: datetime
    target: int


class SkillColumn(Schema):
    slug: str
    title: str


class Team(Schema):
    skills: list[SkillColumn]
    drops: list[Drop]
    rows: Page[TeamRow]


class PersonRef(Schema):
    id: int
    name: str


class HistoryItem(Schema):
    at: datetime
    kind: str
    module: str
    concept: str
    score_percent: int
    minutes: float | None


class Report(Schema):
    person: PersonRef
    roles: list[RolePath]
    skills: list[Skill]
    growth: list[RoleGrowth]
    plans: list[Plan]
    history: list[HistoryItem]


class Invite(Schema):
    code: str
    label: str
    sent_at: datetime | None
    expires_at: datetime | None


class PersonRow(Schema):
    id: int
    name: str
    email: str
    team: str
    active: bool
    invite: Invite


class RoleHeld(Schema):
    role: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    level: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None


EMAIL = r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+$"
EMAIL_MAX = PERSON_MAX["email"]


class PersonIn(Schema):
    """A person as an admin writes them (every field; an update replaces their roles)."""

    # Lengths are what the database keeps (the people CSV checks the same ones): longer is a 422, never a 500.
    email: Annotated[str, Field(min_length=3, max_length=EMAIL_MAX, pattern=EMAIL)]
    name: Annotated[Line, StringConstraints(max_length=PERSON_MAX["name"])]
    roles: list[RoleHeld] = Field(default_factory=list, max_length=20)
    team: Annotated[Line, StringConstraints(max_length=PERSON_MAX["team"])] | None = None
    manager_email: Annotated[str, Field(max_length=EMAIL_MAX, pattern=EMAIL)] | None = None
    is_manager: bool = False
    is_author: bool = False
    is_admin: bool = False
    started_on: date | None = Field(None, ge=date(1970, 1, 1), le=date(2100, 12, 31))


class PersonOut(Schema):
    id: int
    email: str
    name: str
    team: str | None
    manager_email: str | None
    is_manager: bool
    is_author: bool
    is_admin: bool
    active: bool
    started_on: date
    roles: list[RoleHeld]

    @staticmethod
    def resolve_roles(obj: Any) -> list[dict[str, str | None]]:
        return [{"role": role, "level": level} for role, level in obj.roles]


class Level(Schema):
    slug: str
    title: str
    requires: dict[str, int]


class Role(Schema):
    slug: str
    title: str
    package: str
    levels: list[Level]

    @staticmethod
    def resolve_package(obj: Any) -> str:
        return str(obj.package.slug)

    @staticmethod
    def resolve_levels(obj: Any) -> list[Any]:
        return list(obj.levels.all())


class ContentPackage(Schema):
    slug: str
    title: str
    version: str
    content_hash: str
    imported_at: datetime


class ImportResult(Schema):
    package: str
    version: str
    status: str
    modules: int
    retired: int


class VerifyIn(Schema):
    credential: dict[str, Any] = Field(description="An Open Badges 3.0 credential (JSON-LD) to check")


class VerifyCheck(Schema):
    check: str
    ok: bool | None = Field(description="null: could not be checked (e.g. revocation unknown)")
    message: str


class Verification(Schema):
    status: str
    headline: str
    title: str
    subject: str
    issuer: str
    validFrom: str  # noqa: N815 - the credential's own field names
    validUntil: str  # noqa: N815
    checks: list[VerifyCheck]
