"""xAPI 1.0.3 statements for SkillPath's events, as plain JSON-able dicts (pure: no database, no clock).

The vocabulary (verbs, activity types, extensions, activity ids) is documented with an example of
each statement in docs/xapi.md. Every builder takes the statement id (fixed when the statement is
written to the outbox, so a resend is recognised by the LRS) and the moment it happened.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from skillpath.domain.content import Activity
from skillpath.domain.grading import ScenarioStep
from skillpath.integrations.interactions import LANG, interaction_definition, response_text

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"
PLATFORM = "SkillPath"
LEVEL_NAMES = {0: "not started", 1: "foundation", 2: "application", 3: "mastery", 4: "sustained"}


@dataclass(frozen=True)
class Vocabulary:
    """Where this SkillPath's IRIs live: ``public_url`` (SKILLPATH_PUBLIC_URL) and the organization."""

    public_url: str
    organization: str  # slug

    def own(self, kind: str, name: str) -> str:
        return f"{self.public_url.rstrip('/')}/xapi/{kind}/{name}"

    def content(self, package: str) -> str:
        return f"{self.public_url.rstrip('/')}/orgs/{self.organization}/content/{package}"


VERBS: dict[str, tuple[str | None, str]] = {  # name -> (IRI, or None for SkillPath's own; display)
    "launched": (ADL_VERBS + "launched", "launched"),
    "answered": (ADL_VERBS + "answered", "answered"),
    "passed": (ADL_VERBS + "passed", "passed"),
    "failed": (ADL_VERBS + "failed", "failed"),
    "completed": (ADL_VERBS + "completed", "completed"),
    "earned": ("http://id.tincanapi.com/verb/earned", "earned"),
    "initialized": (ADL_VERBS + "initialized", "initialized"),
    "reached-level": (None, "reached level"),
    "had-revoked": (None, "had revoked"),
}


def verb(v: Vocabulary, name: str) -> dict[str, Any]:
    iri, display = VERBS[name]
    return {"id": iri or v.own("verbs", name), "display": {LANG: display}}


@dataclass(frozen=True)
class Learner:
    """The actor: an mbox when the person has an e-mail address, else an account keyed by ``key``."""

    key: str
    name: str
    email: str


@dataclass(frozen=True)
class ModuleRef:
    package: str
    slug: str
    title: str


@dataclass(frozen=True)
class Answer:
    module: ModuleRef
    concept: str  # slug
    concept_title: str
    activity: Activity
    response: Mapping[str, Any]
    score: float
    correct: bool
    rating: str  # again | hard | good | easy
    seconds: float | None  # None: the time taken could not be measured
    kind: str  # practice | reinforcement | diagnostic
    check: UUID | None  # the module check it belongs to (the xAPI registration)
    path: Sequence[ScenarioStep] = field(default_factory=tuple)


@dataclass(frozen=True)
class SkillRef:
    package: str
    slug: str
    title: str


@dataclass(frozen=True)
class MilestoneRef:
    package: str
    role: str  # slug
    slug: str
    title: str
    day: int


@dataclass(frozen=True)
class CertificateRef:
    id: UUID
    title: str
    role: str  # slug
    valid_until: datetime


def timestamp(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("statement times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    """An ISO 8601 duration with xAPI's 0.01 s precision (``PT1M5.25S``)."""
    hundredths = max(0, round(seconds * 100))
    minutes, rest = divmod(hundredths, 6000)
    hours, minutes = divmod(minutes, 60)
    secs = f"{rest // 100}" + (f".{rest % 100:02d}".rstrip("0") if rest % 100 else "")
    seconds_part = f"{secs}S" if rest or not (hours or minutes) else ""
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + seconds_part


def actor(v: Vocabulary, learner: Learner) -> dict[str, Any]:
    who: dict[str, Any] = {"objectType": "Agent"}
    if learner.name.strip():
        who["name"] = learner.name.strip()
    if "@" in learner.email:
        who["mbox"] = f"mailto:{learner.email.strip().lower()}"
    else:
        who["account"] = {"homePage": v.public_url.rstrip("/"), "name": learner.key}
    return who


def _activity(iri: str, kind: str, name: str, **definition: Any) -> dict[str, Any]:
    body = {"type": kind, **({"name": {LANG: name}} if name.strip() else {}), **definition}
    return {"objectType": "Activity", "id": iri, "definition": body}


def module_activity(v: Vocabulary, module: ModuleRef) -> dict[str, Any]:
    return _activity(f"{v.content(module.package)}/modules/{module.slug}", ADL_ACTIVITIES + "module", module.title)


def concept_activity(v: Vocabulary, answer: Answer) -> dict[str, Any]:
    iri = f"{module_activity(v, answer.module)['id']}/concepts/{answer.concept}"
    return _activity(iri, v.own("activity-types", "concept"), answer.concept_title)


def question_definition(activity: Activity) -> dict[str, Any]:
    """What xAPI says about a question: its interaction (type, components, correct pattern) and prompt."""
    definition: dict[str, Any] = interaction_definition(activity)
    if activity.prompt.strip():
        definition["description"] = {LANG: activity.prompt}
    return definition


def question_key(activity: Activity) -> str:
    """A question's stable id: a digest of what it asks (its xAPI definition), not of where it stands.

    Reordering a concept's variants keeps every question's id, so an id never names two questions (xAPI 1.0.3
    requires an activity id to keep its meaning); changing what a question asks gives it a new id.
    """
    text = json.dumps(question_definition(activity), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "q-" + hashlib.sha256(text.encode()).hexdigest()[:20]


def question_activity(v: Vocabulary, answer: Answer) -> dict[str, Any]:
    iri = f"{concept_activity(v, answer)['id']}/questions/{question_key(answer.activity)}"
    definition = question_definition(answer.activity)
    return _activity(iri, ADL_ACTIVITIES + "cmi.interaction", answer.concept_title, **definition)


def _statement(
    v: Vocabulary,
    statement_id: UUID,
    learner: Learner,
    verb_name: str,
    obj: dict[str, Any],
    at: datetime,
    *,
    result: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    ctx = dict(context or {})
    ctx["platform"] = PLATFORM
    ctx["extensions"] = {v.own("extensions", "organization"): v.organization, **ctx.get("extensions", {})}
    statement: dict[str, Any] = {
        "id": str(statement_id),
        "actor": actor(v, learner),
        "verb": verb(v, verb_name),
        "object": obj,
        "context": ctx,
        "timestamp": timestamp(at),
    }
    if result:
        statement["result"] = result
    return statement


def module_launched(
    v: Vocabulary, statement_id: UUID, learner: Learner, module: ModuleRef, check: UUID, at: datetime
) -> dict[str, Any]:
    """A learner opened a module's check (a new check: its id is the registration of what follows)."""
    return _statement(
        v, statement_id, learner, "launched", module_activity(v, module), at, context={"registration": str(check)}
    )


def _scenario_path(steps: Sequence[ScenarioStep]) -> list[dict[str, Any]]:
    return [
        {
            "node": s.node,
            "choice": s.choice,
            "choiceText": s.choice_text,
            "points": s.points,
            "bestPointsHere": s.best_points_here,
        }
        for s in steps
    ]


def answered(v: Vocabulary, statement_id: UUID, learner: Learner, answer: Answer, at: datetime) -> dict[str, Any]:
    """One answer: the response, score, success (full marks), duration and, for scenarios, the path."""
    result: dict[str, Any] = {
        "score": {"scaled": round(answer.score, 4)},
        "success": answer.correct,
        "completion": True,
    }
    if answer.seconds is not None:
        result["duration"] = duration(answer.seconds)
    text = response_text(answer.activity, answer.response)
    if text:
        result["response"] = text
    extensions: dict[str, Any] = {
        v.own("extensions", "rating"): answer.rating,
        v.own("extensions", "response"): json.loads(json.dumps(answer.response)),
    }
    if answer.path:
        extensions[v.own("extensions", "scenario-path")] = _scenario_path(answer.path)
    result["extensions"] = extensions
    context: dict[str, Any] = {
        "contextActivities": {
            "parent": [concept_activity(v, answer)],
            "grouping": [module_activity(v, answer.module)],
        },
        "extensions": {v.own("extensions", "attempt-kind"): answer.kind},
    }
    if answer.check is not None:
        context["registration"] = str(answer.check)
    return _statement(
        v, statement_id, learner, "answered", question_activity(v, answer), at, result=result, context=context
    )


def module_finished(
    v: Vocabulary,
    statement_id: UUID,
    learner: Learner,
    module: ModuleRef,
    check: UUID,
    *,
    score: float,
    passed: bool,
    pass_score: float,
    started_at: datetime,
    at: datetime,
) -> dict[str, Any]:
    """A module check completed: ``passed`` or ``failed`` against the module's pass score."""
    result = {
        "score": {"scaled": round(score, 4)},
        "success": passed,
        "completion": True,
        "duration": duration((at - started_at).total_seconds()),
        "extensions": {v.own("extensions", "pass-score"): pass_score},
    }
    return _statement(
        v,
        statement_id,
        learner,
        "passed" if passed else "failed",
        module_activity(v, module),
        at,
        result=result,
        context={"registration": str(check)},
    )


def skill_activity(v: Vocabulary, skill: SkillRef) -> dict[str, Any]:
    return _activity(f"{v.content(skill.package)}/skills/{skill.slug}", v.own("activity-types", "skill"), skill.title)


def level_reached(
    v: Vocabulary,
    statement_id: UUID,
    learner: Learner,
    skill: SkillRef,
    *,
    before: int,
    after: int,
    at: datetime,
    cause: UUID | None = None,
) -> dict[str, Any]:
    """A skill's level changed (0–4); ``cause`` is the id of the answer statement that changed it."""
    result = {
        "extensions": {
            v.own("extensions", "level"): after,
            v.own("extensions", "level-name"): LEVEL_NAMES.get(after, str(after)),
            v.own("extensions", "previous-level"): before,
        }
    }
    context = {"statement": {"objectType": "StatementRef", "id": str(cause)}} if cause else None
    return _statement(
        v, statement_id, learner, "reached-level", skill_activity(v, skill), at, result=result, context=context
    )


def milestone_reached(
    v: Vocabulary,
    statement_id: UUID,
    learner: Learner,
    milestone: MilestoneRef,
    at: datetime,
    cause: UUID | None = None,
) -> dict[str, Any]:
    """Every module of a role's milestone is done."""
    iri = f"{v.content(milestone.package)}/roles/{milestone.role}/milestones/{milestone.slug}"
    obj = _activity(
        iri,
        v.own("activity-types", "milestone"),
        milestone.title,
        extensions={v.own("extensions", "day"): milestone.day},
    )
    context = {"statement": {"objectType": "StatementRef", "id": str(cause)}} if cause else None
    return _statement(v, statement_id, learner, "completed", obj, at, result={"completion": True}, context=context)


def certificate_activity(v: Vocabulary, certificate: CertificateRef) -> dict[str, Any]:
    return _activity(
        f"{v.public_url.rstrip('/')}/credentials/{certificate.id}/",
        v.own("activity-types", "certificate"),
        certificate.title,
        extensions={
            v.own("extensions", "role"): certificate.role,
            v.own("extensions", "valid-until"): timestamp(certificate.valid_until),
        },
    )


def certificate_issued(
    v: Vocabulary, statement_id: UUID, learner: Learner, certificate: CertificateRef, at: datetime
) -> dict[str, Any]:
    return _statement(
        v,
        statement_id,
        learner,
        "earned",
        certificate_activity(v, certificate),
        at,
        result={"success": True, "completion": True},
    )


def certificate_revoked(
    v: Vocabulary, statement_id: UUID, learner: Learner, certificate: CertificateRef, reason: str, at: datetime
) -> dict[str, Any]:
    result = {"extensions": {v.own("extensions", "reason"): reason}} if reason.strip() else None
    return _statement(v, statement_id, learner, "had-revoked", certificate_activity(v, certificate), at, result=result)


def connection_tested(v: Vocabulary, statement_id: UUID, learner: Learner, at: datetime) -> dict[str, Any]:
    """An admin's test of the LRS connection, sent at once from the settings page (never through the outbox)."""
    obj = _activity(
        f"{v.public_url.rstrip('/')}/xapi/connection-test",
        v.own("activity-types", "connection-test"),
        "SkillPath connection test",
    )
    return _statement(v, statement_id, learner, "initialized", obj, at)
