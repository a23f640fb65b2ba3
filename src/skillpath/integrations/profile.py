"""SkillPath's statement vocabulary as an xAPI Profile (xAPI Profiles 1.0, JSON-LD), and a check of statements
against it (pure: no database, no clock).

The profile is served at ``{P}/xapi/profile`` and each of SkillPath's own IRIs (``{P}/xapi/verbs/…``,
``…/activity-types/…``, ``…/extensions/…``) serves its concept. ``statement_problems`` finds the statement
template a statement matches (by its determining properties) and checks the template's rules; the test suite
runs it on every statement SkillPath emits. Locations use a small part of JSONPath: ``$``, ``.name``,
``['name']`` and ``[*]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from skillpath.integrations.statements import ADL_ACTIVITIES, ADL_VERBS, LEVEL_NAMES, VERBS, Vocabulary

PROFILE_CONTEXT = "https://w3id.org/xapi/profiles/context"
CONFORMS_TO = "https://w3id.org/xapi/profiles#1.0"
VERSION = "v1"
GENERATED_AT = "2026-12-07T00:00:00Z"  # when this version of the vocabulary was published
EN = "en"
RATINGS = ["again", "hard", "good", "easy"]
KINDS = ["check", "reinforcement", "diagnostic"]

# name -> (label, definition)
OWN_VERBS = {
    "reached-level": ("reached level", "The actor's level of a skill (the object) changed; the result says to what."),
    "had-revoked": ("had revoked", "A certificate (the object) held by the actor was revoked by its issuer."),
}
ACTIVITY_TYPES = {
    "concept": ("concept", "One idea of a module: the unit of memory and spaced reinforcement."),
    "skill": ("skill", "A capability of a role, with levels 0 (not started) to 4 (sustained)."),
    "milestone": ("milestone", "Modules of a role to pass by a given day from the start in the role."),
    "certificate": ("certificate", "A certificate of capability shown and kept (an Open Badges 3.0 credential)."),
    "connection-test": ("connection test", "An organization admin's test of SkillPath's connection to their LRS."),
}
# name -> (concept type, label, JSON Schema of the value, definition)
EXTENSIONS: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "organization": ("ContextExtension", "organization", {"type": "string"}, "The organization's slug."),
    "attempt-kind": (
        "ContextExtension",
        "attempt kind",
        {"enum": KINDS},
        "Why the question was answered: a module check, spaced reinforcement or the diagnostic.",
    ),
    "rating": ("ResultExtension", "rating", {"enum": RATINGS}, "The memory rating (FSRS) the answer gave."),
    "response": ("ResultExtension", "response", {"type": "object"}, "The response exactly as SkillPath graded it."),
    "scenario-path": (
        "ResultExtension",
        "scenario path",
        {"type": "array"},
        "Every step of a branching scenario: node, choice, choiceText, points, bestPointsHere.",
    ),
    "pass-score": (
        "ResultExtension",
        "pass score",
        {"type": "number", "minimum": 0, "maximum": 1},
        "The module's pass score.",
    ),
    "level": ("ResultExtension", "level", {"enum": [0, 1, 2, 3, 4]}, "The skill's new level."),
    "level-name": ("ResultExtension", "level name", {"enum": list(LEVEL_NAMES.values())}, "The new level's name."),
    "previous-level": ("ResultExtension", "previous level", {"enum": [0, 1, 2, 3, 4]}, "The level before."),
    "reason": ("ResultExtension", "reason", {"type": "string"}, "Why the certificate was revoked."),
    "day": (
        "ActivityExtension",
        "day",
        {"type": "integer", "minimum": 0},
        "The day from the start in the role by which the milestone is planned.",
    ),
    "role": ("ActivityExtension", "role", {"type": "string"}, "The role (id) the certificate is for."),
    "valid-until": (
        "ActivityExtension",
        "valid until",
        {"type": "string", "format": "date-time"},
        "When the certificate expires.",
    ),
}


def _concepts(v: Vocabulary) -> list[dict[str, Any]]:
    scheme = f"{v.own('profile', VERSION)}"
    concepts: list[dict[str, Any]] = [
        {
            "id": v.own("verbs", name),
            "type": "Verb",
            "inScheme": scheme,
            "prefLabel": {EN: label},
            "definition": {EN: text},
        }
        for name, (label, text) in OWN_VERBS.items()
    ]
    concepts += [
        {
            "id": v.own("activity-types", name),
            "type": "ActivityType",
            "inScheme": scheme,
            "prefLabel": {EN: label},
            "definition": {EN: text},
        }
        for name, (label, text) in ACTIVITY_TYPES.items()
    ]
    concepts += [
        {
            "id": v.own("extensions", name),
            "type": kind,
            "inScheme": scheme,
            "prefLabel": {EN: label},
            "definition": {EN: text},
            "inlineSchema": json.dumps(schema),
        }
        for name, (kind, label, schema, text) in EXTENSIONS.items()
    ]
    return concepts


def _rule(location: str, presence: str = "included", **values: list[Any]) -> dict[str, Any]:
    return {"location": location, "presence": presence, **values}


def _ext(where: str, v: Vocabulary, name: str) -> str:
    return f"$.{where}.extensions['{v.own('extensions', name)}']"


def _templates(v: Vocabulary) -> list[dict[str, Any]]:
    common = [_rule("$.context.platform", all=["SkillPath"]), _rule(_ext("context", v, "organization"))]
    module = ADL_ACTIVITIES + "module"

    def own_type(name: str) -> str:
        return v.own("activity-types", name)

    scored = [_rule("$.result.score.scaled"), _rule("$.result.success"), _rule("$.result.duration")]
    level_values = [0, 1, 2, 3, 4]
    specs: list[tuple[str, str, str, str, dict[str, Any], list[dict[str, Any]]]] = [
        ("module-launched", "module launched", ADL_VERBS + "launched", module, {}, [_rule("$.context.registration")]),
        (
            "answered",
            "answered a question",
            ADL_VERBS + "answered",
            ADL_ACTIVITIES + "cmi.interaction",
            {"contextParentActivityType": [own_type("concept")], "contextGroupingActivityType": [module]},
            [
                *scored,
                _rule("$.object.definition.interactionType"),
                _rule(_ext("result", v, "rating"), any=RATINGS),
                _rule(_ext("result", v, "response")),
                _rule(_ext("context", v, "attempt-kind"), any=KINDS),
            ],
        ),
        (
            "module-passed",
            "module check passed",
            ADL_VERBS + "passed",
            module,
            {},
            [
                *scored,
                _rule("$.result.success", all=[True]),
                _rule(_ext("result", v, "pass-score")),
                _rule("$.context.registration"),
            ],
        ),
        (
            "module-failed",
            "module check failed",
            ADL_VERBS + "failed",
            module,
            {},
            [
                *scored,
                _rule("$.result.success", all=[False]),
                _rule(_ext("result", v, "pass-score")),
                _rule("$.context.registration"),
            ],
        ),
        (
            "level-reached",
            "skill level changed",
            v.own("verbs", "reached-level"),
            own_type("skill"),
            {},
            [
                _rule(_ext("result", v, "level"), any=level_values),
                _rule(_ext("result", v, "level-name")),
                _rule(_ext("result", v, "previous-level"), any=level_values),
            ],
        ),
        (
            "milestone-reached",
            "milestone reached",
            ADL_VERBS + "completed",
            own_type("milestone"),
            {},
            [_rule("$.result.completion", all=[True]), _rule(_ext("object.definition", v, "day"))],
        ),
        (
            "certificate-earned",
            "certificate earned",
            VERBS["earned"][0] or "",
            own_type("certificate"),
            {},
            [
                _rule("$.result.success", all=[True]),
                _rule(_ext("object.definition", v, "role")),
                _rule(_ext("object.definition", v, "valid-until")),
            ],
        ),
        (
            "connection-tested",
            "connection test was sent",
            ADL_VERBS + "initialized",
            own_type("connection-test"),
            {},
            [],
        ),
        (
            "certificate-revoked",
            "certificate revoked",
            v.own("verbs", "had-revoked"),
            own_type("certificate"),
            {},
            [_rule(_ext("result", v, "reason")), _rule(_ext("object.definition", v, "role"))],
        ),
    ]
    scheme = v.own("profile", VERSION)
    return [
        {
            "id": v.own("profile/templates", name),
            "type": "StatementTemplate",
            "inScheme": scheme,
            "prefLabel": {EN: label},
            "definition": {EN: f"The statement SkillPath sends when a {label}."},
            "verb": verb_iri,
            "objectActivityType": object_type,
            **context,
            "rules": [*common, *rules],
        }
        for name, label, verb_iri, object_type, context, rules in specs
    ]


DEFINITION = (
    "The xAPI statements SkillPath sends to a Learning Record Store: modules started and passed, every answer, "
    "skill levels, milestones and certificates."
)


def xapi_profile(public_url: str) -> dict[str, Any]:
    """The profile document (JSON-LD, the xAPI Profiles 1.0 structure) for this SkillPath's IRIs."""
    v = Vocabulary(public_url, "-")
    return {
        "@context": PROFILE_CONTEXT,
        "id": v.own("profile", "").rstrip("/"),
        "type": "Profile",
        "conformsTo": CONFORMS_TO,
        "prefLabel": {EN: "SkillPath learning records"},
        "definition": {EN: DEFINITION},
        "author": {"type": "Organization", "name": "SkillPath"},
        "versions": [{"id": v.own("profile", VERSION), "generatedAtTime": GENERATED_AT}],
        "concepts": _concepts(v),
        "templates": _templates(v),
    }


def concept_for(profile: dict[str, Any], iri: str) -> dict[str, Any] | None:
    """The profile's concept (or statement template) with this IRI."""
    return next((c for c in [*profile["concepts"], *profile["templates"]] if c["id"] == iri), None)


# --- checking statements ------------------------------------------------------------------------------

_STEP = re.compile(r"\.([A-Za-z_][\w-]*)|\['([^']+)'\]|\[(\*)\]")


def locate(statement: Any, location: str) -> list[Any]:
    """The values at a JSONPath ``location`` (``$.a.b['c'][*]``); raises ValueError for other syntax."""
    if not location.startswith("$"):
        raise ValueError(f"a location starts with $: {location}")
    values, rest = [statement], location[1:]
    while rest:
        step = _STEP.match(rest)
        if step is None:
            raise ValueError(f"unsupported JSONPath at {rest!r} in {location}")
        rest = rest[step.end() :]
        name = step.group(1) or step.group(2)
        if name is not None:
            values = [v[name] for v in values if isinstance(v, dict) and name in v]
        else:
            values = [item for v in values if isinstance(v, list) for item in v]
    return values


def _rule_problems(statement: dict[str, Any], rule: dict[str, Any]) -> list[str]:
    found, where = locate(statement, rule["location"]), rule["location"]
    if rule["presence"] == "excluded":
        return [f"{where} must be absent"] if found else []
    if rule["presence"] == "included" and not found:
        return [f"{where} is missing"]
    problems = []
    if "any" in rule and found and not any(v in rule["any"] for v in found):
        problems.append(f"{where} is {found}, not one of {rule['any']}")
    if "all" in rule and any(v not in rule["all"] for v in found):
        problems.append(f"{where} is {found}, not all in {rule['all']}")
    if "none" in rule and any(v in rule["none"] for v in found):
        problems.append(f"{where} is {found}, one of {rule['none']}")
    return problems


def _context_types(statement: dict[str, Any], kind: str) -> set[Any]:
    return set(locate(statement, f"$.context.contextActivities.{kind}[*].definition.type"))


def _determined_by(statement: dict[str, Any], template: dict[str, Any]) -> bool:
    if locate(statement, "$.verb.id") != [template["verb"]]:
        return False
    if locate(statement, "$.object.definition.type") != [template["objectActivityType"]]:
        return False
    for kind in ("parent", "grouping"):
        wanted = template.get(f"context{kind.title()}ActivityType", [])
        if not set(wanted) <= _context_types(statement, kind):
            return False
    return True


def statement_problems(profile: dict[str, Any], statement: dict[str, Any]) -> list[str]:
    """Why ``statement`` does not conform to the profile ([] when it matches one template and all its rules)."""
    matching = [t for t in profile["templates"] if _determined_by(statement, t)]
    if len(matching) != 1:
        verb = locate(statement, "$.verb.id")
        return [f"{len(matching)} statement templates match (verb {verb}); exactly one must"]
    return [problem for rule in matching[0]["rules"] for problem in _rule_problems(statement, rule)]


def templates_used(profile: dict[str, Any], statements: Iterable[dict[str, Any]]) -> set[str]:
    return {t["id"] for s in statements for t in profile["templates"] if _determined_by(s, t)}
