"""Translations of a package: ``translations/<lang>/package.yaml`` and ``translations/<lang>/modules/<id>.yaml``.

A translated module is a full copy of the original with its human-visible text translated; everything that
decides what is right (ids, correct flags, categories, points, links between scenario nodes, media paths, the
number and order of options, items and blanks) must stay as in the original, so a learner is graded the same in
every language. ``structure_problems`` compares the two and names each difference. A translated ``package.yaml``
is partial: it gives the titles (and descriptions) it translates, by id; anything it leaves out stays original.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from skillpath.domain.content.checks import Problem, activity_problems
from skillpath.domain.content.errors import PathPart
from skillpath.domain.content.model import BLANK, Cloze, Module, PackageHeader, PackageText, Simulation
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop, ngettext

SOURCE_LANGUAGE = "en"
"""The language packages are written in."""
LANGUAGES = ("de", "es")
"""The languages a package may be translated into: the platform's languages other than the source."""

TEXT_KEYS = frozenset(
    {
        "title",
        "text",
        "prompt",
        "explanation",
        "feedback",
        "label",
        "alt",
        "transcript",
        "left",
        "right",
        "answer",
        "options",
        "items",
        "reveal",
        "button",
        "description",
    }
)
"""Keys whose text (a string, or a list of strings) a translation may change; every other value stays as is."""


# --- translated package.yaml ------------------------------------------------------------------


def language_problem(language: str) -> str | None:
    """Why ``translations/<language>/`` cannot hold a translation, or None."""
    if language in LANGUAGES:
        return None
    if language == SOURCE_LANGUAGE:
        message = _("'{language}' is the language of the original; translations are in {languages}")
        return message.format(language=language, languages=", ".join(LANGUAGES))
    message = _("unknown language '{language}'; translate into one of {languages} (the platform's languages)")
    return message.format(language=language, languages=", ".join(LANGUAGES))


# Each kind of id a translated package.yaml names: (not in the original, not in an original without any, twice).
_ID_MESSAGES = {
    "skill": (
        gettext_noop("no skill '{id}' in the original package.yaml (the ids there: {ids})"),
        gettext_noop("no skill '{id}' in the original package.yaml (the ids there: none)"),
        gettext_noop("skill '{id}' is translated twice"),
    ),
    "criterion": (
        gettext_noop("no criterion '{id}' in the original package.yaml (the ids there: {ids})"),
        gettext_noop("no criterion '{id}' in the original package.yaml (the ids there: none)"),
        gettext_noop("criterion '{id}' is translated twice"),
    ),
    "role": (
        gettext_noop("no role '{id}' in the original package.yaml (the ids there: {ids})"),
        gettext_noop("no role '{id}' in the original package.yaml (the ids there: none)"),
        gettext_noop("role '{id}' is translated twice"),
    ),
    "level": (
        gettext_noop("no level '{id}' in the original package.yaml (the ids there: {ids})"),
        gettext_noop("no level '{id}' in the original package.yaml (the ids there: none)"),
        gettext_noop("level '{id}' is translated twice"),
    ),
    "milestone": (
        gettext_noop("no milestone '{id}' in the original package.yaml (the ids there: {ids})"),
        gettext_noop("no milestone '{id}' in the original package.yaml (the ids there: none)"),
        gettext_noop("milestone '{id}' is translated twice"),
    ),
}


def _ids_problems(
    path: tuple[PathPart, ...], given: list[str], known: list[str], what: str
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    unknown, unknown_of_none, twice = _ID_MESSAGES[what]
    seen: set[str] = set()
    for i, item_id in enumerate(given):
        if item_id not in known:
            message = _(unknown if known else unknown_of_none)
            yield (*path, i, "id"), message.format(id=item_id, ids=", ".join(known))
        elif item_id in seen:
            yield (*path, i, "id"), _(twice).format(id=item_id)
        seen.add(item_id)


def package_text_problems(text: PackageText, header: PackageHeader) -> Iterator[Problem]:
    """Every id of a translated ``package.yaml`` that the original does not have (or that repeats)."""
    skills = {s.id: s for s in header.skills}
    yield from _ids_problems(("skills",), [s.id for s in text.skills], list(skills), "skill")
    for i, skill in enumerate(text.skills):
        original = skills.get(skill.id)
        if original is None or skill.rubric is None:
            continue
        if original.rubric is None:
            message = _("skill '{skill}' has no rubric in the original; remove this one").format(skill=skill.id)
            yield ("skills", i, "rubric"), message
            continue
        criteria = [c.id for c in original.rubric.criteria]
        given = [c.id for c in skill.rubric.criteria]
        yield from _ids_problems(("skills", i, "rubric", "criteria"), given, criteria, "criterion")
    roles = {r.id: r for r in header.roles}
    yield from _ids_problems(("roles",), [r.id for r in text.roles], list(roles), "role")
    for i, role in enumerate(text.roles):
        original_role = roles.get(role.id)
        if original_role is None:
            continue
        levels = [lv.id for lv in original_role.levels]
        yield from _ids_problems(("roles", i, "levels"), [lv.id for lv in role.levels], levels, "level")
        milestones = [ms.id for ms in original_role.milestones]
        given = [ms.id for ms in role.milestones]
        yield from _ids_problems(("roles", i, "milestones"), given, milestones, "milestone")
        if role.certificate is not None and original_role.certificate is None:
            message = _("role '{role}' has no certificate in the original; remove this one").format(role=role.id)
            yield ("roles", i, "certificate"), message


# --- translated modules -----------------------------------------------------------------------


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return _("nothing")
    if isinstance(value, (dict, list)):
        return _("a list") if isinstance(value, list) else _("a mapping")
    return repr(value)


KEEP = "a translation keeps the original's structure and answers: copy this value from the original"
"""How a message about a value a translation changed ends (in English)."""


def _compare(original: Any, translated: Any, path: tuple[PathPart, ...], text: bool) -> Iterator[Problem]:
    if isinstance(original, dict) and isinstance(translated, dict):
        for key in original:
            if key not in translated:
                yield (*path, key), _("missing: the original has it; translate it (or copy it when it is not text)")
        for key in translated:
            if key not in original:
                yield (*path, key), _("not in the original; remove it (a translation adds nothing)")
        for key in original:
            if key in translated:
                yield from _compare(original[key], translated[key], (*path, key), key in TEXT_KEYS)
    elif isinstance(original, list) and isinstance(translated, list):
        if len(original) != len(translated):
            what = str(path[-1]) if path and isinstance(path[-1], str) else "entries"
            message = _(
                "has {count} {what}, the original has {original}; translate each one and keep their number and order"
            )
            yield path, message.format(count=len(translated), what=what, original=len(original))
            return
        for i, (a, b) in enumerate(zip(original, translated, strict=True)):
            yield from _compare(a, b, (*path, i), text)
    elif text and isinstance(original, str) and isinstance(translated, str):
        return
    elif text and isinstance(original, str) and translated is None:
        yield path, _("missing: the original has this text; translate it")
    elif text and original is None and isinstance(translated, str):
        yield path, _("the original has no text here; remove it (a translation adds nothing)")
    elif original != translated or type(original) is not type(translated):
        message = _(
            "is {translated}, the original has {original}; a translation keeps the original's structure and answers:"
            " copy this value from the original"
        )
        yield path, message.format(translated=_show(translated), original=_show(original))


def _answer_problems(original: Module, translated: Module) -> Iterator[Problem]:
    """Answers that are text: a cloze keeps its number of blanks, a list field keeps its right option."""
    for c, (concept, concept_t) in enumerate(zip(original.concepts, translated.concepts, strict=True)):
        for v, (activity, activity_t) in enumerate(zip(concept.variants, concept_t.variants, strict=True)):
            path: tuple[PathPart, ...] = ("concepts", c, "variants", v)
            if isinstance(activity, Cloze) and isinstance(activity_t, Cloze):
                have, want = len(activity_t.blanks), len(activity.blanks)
                if have != want:
                    message = ngettext(
                        "has {count} blank, the original has {original}; keep every {blank} (translate the answers,"
                        " not the number of blanks)",
                        "has {count} blanks, the original has {original}; keep every {blank} (translate the answers,"
                        " not the number of blanks)",
                        have,
                    )
                    message = message.format(count=have, original=want, blank="{{answer|alternatives}}")
                    yield (*path, "text"), message
            if isinstance(activity, Simulation) and isinstance(activity_t, Simulation):
                for s, (step, step_t) in enumerate(zip(activity.steps, activity_t.steps, strict=True)):
                    for f, (field, field_t) in enumerate(zip(step.fields, step_t.fields, strict=True)):
                        if not field.options or field_t.answer not in field_t.options:
                            continue  # a typed answer; or one that is no option (reported by activity_problems)
                        right, right_t = field.options.index(field.answer), field_t.options.index(field_t.answer)
                        if right != right_t:
                            message = _(
                                "is option {number}, the original's answer is option {original}; give the"
                                " translation of the same option"
                            )
                            yield (
                                (*path, "steps", s, "fields", f, "answer"),
                                message.format(number=right_t + 1, original=right + 1),
                            )


def structure_problems(original: Module, translated: Module) -> Iterator[Problem]:
    """Every difference between a module and its translation other than translated text, and the problems of
    each translated activity (the checks the original passed: duplicates, blanks, …)."""
    dumped = original.model_dump(mode="json")
    found = list(_compare(dumped, translated.model_dump(mode="json"), (), False))
    yield from found
    if found:  # counts differ somewhere: the activities cannot be paired safely
        return
    for c, concept in enumerate(translated.concepts):
        for v, activity in enumerate(concept.variants):
            for sub, message in activity_problems(activity):
                yield ("concepts", c, "variants", v, *sub), message
    yield from _answer_problems(original, translated)


# --- what a learner is shown and graded against -----------------------------------------------


def localized_text(translations: Mapping[str, Any], language: str | None, original: str) -> str:
    """The text in ``language`` when a translation gives one, else the original."""
    value = translations.get(language) if language else None
    return value if isinstance(value, str) and value else original


def merge_answers(translated: Any, original: Any) -> Any:
    """The translated activity (as data) accepting the original's typed answers too: each cloze blank and typed
    simulation field takes the translation's answers, then the original's. A learner who answers in the
    original's words (they switched language, or use the English term at work) is not marked wrong."""
    if not isinstance(translated, dict) or not isinstance(original, dict):
        return translated
    if translated.get("type") == "cloze" and original.get("type") == "cloze":
        extra = iter(BLANK.findall(str(original.get("text", ""))))

        def both(match: Any) -> str:
            answers = [a.strip() for a in match.group(1).split("|")]
            answers += [a.strip() for a in next(extra, "").split("|") if a.strip() and a.strip() not in answers]
            return "{{" + "|".join(answers) + "}}"

        return {**translated, "text": BLANK.sub(both, str(translated["text"]))}
    if translated.get("type") == "simulation" and original.get("type") == "simulation":
        steps = []
        for step, step_o in zip(translated["steps"], original["steps"], strict=True):
            fields = []
            for field, field_o in zip(step.get("fields", []), step_o.get("fields", []), strict=True):
                if not field.get("options"):
                    answers = [a.strip() for a in field["answer"].split("|")]
                    answers += [a.strip() for a in field_o["answer"].split("|") if a.strip() not in answers]
                    field = {**field, "answer": "|".join(answers)}
                fields.append(field)
            steps.append({**step, "fields": fields} if fields else step)
        return {**translated, "steps": steps}
    return translated
