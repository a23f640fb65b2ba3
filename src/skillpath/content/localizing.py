"""Content in the learner's language: the request's language when a package translates a text, else the original."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from skillpath.content import models as m
from skillpath.domain.content.translations import LANGUAGES, localized_text


def content_language() -> str | None:
    """The language to show content in (the active one: the person's, set per request), or None for the
    original."""
    language = get_language()
    code = language.split("-")[0].lower() if language else None
    return code if code in LANGUAGES else None


def module_text(module: m.Module, language: str | None) -> tuple[str, list[dict[str, Any]], list[str | None]]:
    """A module's title, lesson blocks and their HTML in ``language``; the original where it is not translated."""
    text = module.translations.get(language) if language else None
    if not text:
        return module.title, module.lesson, module.lesson_html
    return text["title"], text["lesson"], text["lesson_html"]


def concept_title(concept: m.Concept, language: str | None) -> str:
    return localized_text(concept.translations, language, concept.title)


def activity_data(variant: m.Variant, language: str | None) -> dict[str, Any]:
    """The activity as data, in ``language`` when translated."""
    translated: dict[str, Any] | None = variant.translations.get(language) if language else None
    activity: dict[str, Any] = translated or variant.activity
    return activity


def role_titles(role: m.Role, language: str | None) -> tuple[str, dict[str, str]]:
    """A role's title and its levels' titles by level id in ``language`` (``role.package`` loaded with it); the
    original for what the package does not translate (levels missing from the map keep their own title)."""
    text = role.package.translations.get(language, {}) if language else {}
    for translated in text.get("roles", []):
        if translated["id"] == role.slug:
            levels = {lv["id"]: lv["title"] for lv in translated.get("levels", [])}
            return translated.get("title") or role.title, levels
    return role.title, {}
