"""Reads behind SkillPath's own xAPI IRIs: each answers with its definition (JSON) or a page for people.

Activity definitions are public (an LRS or a reader of a statement dereferences them without signing in), so
they say only what a statement already says about an activity: its type and name, and for a question its
interaction type. Prompts, options and correct answers stay inside the organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from skillpath.content import models as cm
from skillpath.integrations.interactions import LANG, interaction_type
from skillpath.integrations.profile import concept_for, xapi_profile
from skillpath.integrations.statements import ADL_ACTIVITIES, Vocabulary, question_key
from skillpath.learning.services import activity_of


@dataclass(frozen=True)
class Definition:
    """What an IRI names: ``document`` is served as JSON; ``title``, ``kind`` and ``text`` make the page."""

    iri: str
    title: str
    kind: str
    text: str
    document: dict[str, Any]


def profile_document() -> dict[str, Any]:
    return xapi_profile(settings.PUBLIC_URL)


def vocabulary_definition(kind: str, name: str) -> Definition | None:
    """A verb, activity type, extension or statement template of SkillPath's xAPI Profile."""
    iri = Vocabulary(settings.PUBLIC_URL, "-").own(kind, name)
    concept = concept_for(profile_document(), iri)
    if concept is None:
        return None
    document = {"@context": "https://w3id.org/xapi/profiles/context", **concept}
    return Definition(iri, concept["prefLabel"]["en"], concept["type"], concept["definition"]["en"], document)


def template_definition(kind: str, name: str) -> Definition | None:
    """A statement template of the profile (``{P}/xapi/profile/templates/<name>``)."""
    return vocabulary_definition(f"profile/{kind}", name)


def _activity(iri: str, kind: str, title: str, text: str, **extra: Any) -> Definition:
    definition = {"type": kind, "name": {LANG: title}, **extra}
    return Definition(
        iri, title, kind.rsplit("/", 1)[-1], text, {"id": iri, "objectType": "Activity", "definition": definition}
    )


def _package(org: str, package: str) -> cm.ContentPackage | None:
    return cm.ContentPackage.objects.filter(organization__slug=org, slug=package).first()


def module_definition(org: str, package: str, module: str) -> Definition | None:
    found = cm.Module.objects.filter(package=_package(org, package), slug=module).first()
    if found is None:
        return None
    iri = f"{Vocabulary(settings.PUBLIC_URL, org).content(package)}/modules/{module}"
    return _activity(iri, ADL_ACTIVITIES + "module", found.title, f"A module of {found.package.title}.")


def concept_definition(org: str, package: str, module: str, concept: str) -> Definition | None:
    found = (
        cm.Concept.objects.filter(module__package=_package(org, package), module__slug=module, slug=concept)
        .select_related("module")
        .first()
    )
    if found is None:
        return None
    v = Vocabulary(settings.PUBLIC_URL, org)
    iri = f"{v.content(package)}/modules/{module}/concepts/{concept}"
    return _activity(
        iri, v.own("activity-types", "concept"), found.title, f"An idea of the module {found.module.title}."
    )


def question_definition(org: str, package: str, module: str, concept: str, key: str) -> Definition | None:
    """A question by its key (a digest of what it asks): found among the concept's variants, retired ones too."""
    variants = cm.Variant.objects.filter(
        concept__module__package=_package(org, package), concept__module__slug=module, concept__slug=concept
    ).select_related("concept")
    for variant in variants:
        activity = activity_of(variant)
        if question_key(activity) == key:
            iri = f"{Vocabulary(settings.PUBLIC_URL, org).content(package)}/modules/{module}/concepts/{concept}"
            return _activity(
                f"{iri}/questions/{key}",
                ADL_ACTIVITIES + "cmi.interaction",
                variant.concept.title,
                f"A question on {variant.concept.title}.",
                interactionType=interaction_type(activity),
            )
    return None


def skill_definition(org: str, package: str, skill: str) -> Definition | None:
    found = cm.Skill.objects.filter(package=_package(org, package), slug=skill).first()
    if found is None:
        return None
    v = Vocabulary(settings.PUBLIC_URL, org)
    return _activity(
        f"{v.content(package)}/skills/{skill}",
        v.own("activity-types", "skill"),
        found.title,
        "A skill, with levels 0 (not started) to 4 (sustained).",
    )


def milestone_definition(org: str, package: str, role: str, milestone: str) -> Definition | None:
    found = (
        cm.Milestone.objects.filter(role__package=_package(org, package), role__slug=role, slug=milestone)
        .select_related("role")
        .first()
    )
    if found is None:
        return None
    v = Vocabulary(settings.PUBLIC_URL, org)
    iri = f"{v.content(package)}/roles/{role}/milestones/{milestone}"
    text = f"A milestone of the {found.role.title} role, planned for day {found.day}."
    return _activity(
        iri, v.own("activity-types", "milestone"), found.title, text, extensions={v.own("extensions", "day"): found.day}
    )


def connection_test_definition() -> Definition:
    """The activity of the LRS connection test statement."""
    v = Vocabulary(settings.PUBLIC_URL, "-")
    text = "The statement an organization admin sends to check their LRS."
    iri, kind = f"{v.public_url}/xapi/connection-test", v.own("activity-types", "connection-test")
    return _activity(iri, kind, "SkillPath connection test", text)
