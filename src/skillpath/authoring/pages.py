"""What the authoring pages show, put together from selectors (reads only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from skillpath.authoring import models as am
from skillpath.authoring.editing import ModuleForm, form_from_module, loaded, module_from_form, module_text
from skillpath.authoring.package_form import field_keys, header_from_form
from skillpath.authoring.selectors import Problems, draft_header, draft_source, problems_of
from skillpath.domain.content import ContentError
from skillpath.domain.content.drafting import activity_models, block_models, field_for
from skillpath.domain.content.graphs import find_cycle
from skillpath.domain.content.model import STAGES
from skillpath.domain.content.pathgraph import path_graph


def field_id(key: str) -> str:
    """An HTML id for a form field key (``concepts[0].variants[1]`` → ``f-concepts-0-variants-1``)."""
    return "f-" + (re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "form")


@dataclass
class FieldErrors:
    """Errors and warnings of one file, by the form field they concern (``""``: the form as a whole)."""

    by_field: dict[str, list[ContentError]] = field(default_factory=dict)

    @classmethod
    def of(cls, problems: list[ContentError], file: str, keys: list[str]) -> FieldErrors:
        out = cls({key: [] for key in ["", *keys]})
        for problem in problems:
            if problem.file == file:
                out.by_field[field_for(problem.path, keys)].append(problem)
        return out

    def slots(self) -> list[dict[str, Any]]:
        """Every field's error slot (for out-of-band updates while typing)."""
        return [{"key": k, "id": field_id(k), "errors": v} for k, v in self.by_field.items()]


def module_file(module_id: str) -> str:
    return f"modules/{module_id}.yaml"


def module_ids(draft: am.PackageDraft) -> list[str]:
    return sorted(p[len("modules/") :].rsplit(".", 1)[0] for p in draft.files if p.startswith("modules/"))


def module_form(draft: am.PackageDraft, module_id: str) -> ModuleForm | None:
    text = draft.files.get(module_file(module_id))
    if text is None:
        return None
    data = loaded(text)
    return form_from_module(data if isinstance(data, dict) else {"id": module_id})


@dataclass(frozen=True)
class Checked:
    """A module form checked against the whole draft: its new text (``None`` when a piece does not parse), its
    errors by field, and a refusal when saving it would make a cycle of prerequisites."""

    text: str | None
    errors: FieldErrors
    problems: Problems
    cycle: str | None


def module_check(draft: am.PackageDraft, form: ModuleForm, *, lint: bool = True) -> Checked:
    file = module_file(form.id)
    data, piece_errors = module_from_form(form, file)
    text = module_text(data) if not piece_errors else None
    source = draft_source(draft)
    if text is not None:
        source[file] = text.encode()
    problems = problems_of(source, lint=lint)
    cycle = _cycle(draft, form.id, data.get("requires", []))
    extra = [ContentError(file, "requires", cycle)] if cycle else []
    errors = FieldErrors.of([*piece_errors, *extra, *problems.errors, *problems.warnings], file, form.field_keys())
    return Checked(text, errors, problems, cycle)


def _cycle(draft: am.PackageDraft, module_id: str, requires: list[str]) -> str | None:
    edges: dict[str, list[str]] = {}
    for other in module_ids(draft):
        data = loaded(draft.files[module_file(other)])
        edges[other] = (
            [r for r in (data or {}).get("requires", []) or [] if isinstance(r, str)] if isinstance(data, dict) else []
        )
    edges[module_id] = list(requires)
    cycle = find_cycle(edges)
    if cycle is None or module_id not in cycle:
        return None
    message = _(
        "refused: this makes a cycle of prerequisites ({cycle}), so none of these modules could ever unlock; remove "
        "one of these requirements"
    )
    return message.format(cycle=" → ".join(cycle))


def editor_choices() -> dict[str, Any]:
    """The activity types and lesson block kinds the format defines (new ones appear here by themselves)."""
    return {"activity_types": tuple(activity_models()), "block_kinds": tuple(block_models())}


def package_overview(draft: am.PackageDraft) -> dict[str, Any]:
    """The draft's package: header, roles with stages, skills, modules with titles, and every problem."""
    header = draft_header(draft)
    titles = {}
    for module_id in module_ids(draft):
        data = loaded(draft.files[module_file(module_id)])
        titles[module_id] = str(data.get("title", module_id)) if isinstance(data, dict) else module_id
    roles: list[dict[str, Any]] = []
    for role in header.get("roles") or []:
        if isinstance(role, dict):
            stages: dict[str, Any] = role["stages"] if isinstance(role.get("stages"), dict) else {}
            roles.append(
                {"id": role.get("id"), "title": role.get("title"), "stages": [(s, stages.get(s) or []) for s in STAGES]}
            )
    placed = {m for r in roles for _, ids in r["stages"] for m in ids}
    problems = problems_of(draft_source(draft))
    return {
        "header": header,
        "roles": roles,
        "skills": [s for s in header.get("skills") or [] if isinstance(s, dict)],
        "modules": [{"id": m, "title": t, "placed": m in placed} for m, t in titles.items()],
        "problems": problems,
        "media": list(draft.media.values_list("path", "size")),
        "stage_labels": STAGE_LABELS,
    }


# A stage's name as shown (the files keep the format's own word: foundation, application, …).
STAGE_LABELS = {
    "foundation": pgettext_lazy("stage", "foundation"),
    "application": pgettext_lazy("stage", "application"),
    "mastery": pgettext_lazy("stage", "mastery"),
    "reinforcement": pgettext_lazy("stage", "reinforcement"),
}

HEADER_LABELS = {
    "title": gettext_lazy("Title"),
    "skills": gettext_lazy("Skills (ids, comma-separated)"),
    "requires": gettext_lazy("Requires (module ids to pass first, comma-separated)"),
    "minutes": gettext_lazy("Minutes"),
    "pass_score": gettext_lazy("Pass score (0–1)"),
}


def _slot(key: str, value: str, errors: FieldErrors, **extra: Any) -> dict[str, Any]:
    return {"key": key, "id": field_id(key), "value": value, "errors": errors.by_field.get(key, []), **extra}


def _kind(text: str, key: str) -> str:
    data = loaded(text)
    if isinstance(data, dict):
        value = data.get(key) if key else next(iter(data), None)
        return str(value) if value is not None else "?"
    return "?"


def form_display(form: ModuleForm, errors: FieldErrors) -> dict[str, Any]:
    """The edit form as the template shows it: every field with its id, value and errors."""
    concepts = []
    for i, c in enumerate(form.concepts):
        base = f"concepts[{i}]"
        concepts.append(
            {
                **_slot(base, "", errors, number=i + 1, index=i),
                "fields": [
                    _slot(f"{base}.id", c.id, errors, label=_("Id")),
                    _slot(f"{base}.title", c.title, errors, label=_("Title")),
                    _slot(f"{base}.skill", c.skill, errors, label=_("Skill (empty: the module's first)")),
                ],
                "variants_slot": _slot(f"{base}.variants", "", errors),
                "variants": [
                    _slot(f"{base}.variants[{j}]", t, errors, number=j + 1, kind=_kind(t, "type"))
                    for j, t in enumerate(c.variants)
                ],
            }
        )
    return {
        "whole": _slot("", "", errors),
        "header": [_slot(k, form.header[k], errors, label=HEADER_LABELS[k]) for k in form.header],
        "lesson_slot": _slot("lesson", "", errors),
        "blocks": [
            _slot(f"lesson[{i}]", t, errors, number=i + 1, kind=_kind(t, "")) for i, t in enumerate(form.blocks)
        ],
        "concepts_slot": _slot("concepts", "", errors),
        "concepts": concepts,
    }


def role_path(draft: am.PackageDraft, role_id: str) -> dict[str, Any] | None:
    """A role's modules as a graph by stage with its ``requires`` edges, and the same in words."""
    header = draft_header(draft)
    role = next((r for r in header.get("roles") or [] if isinstance(r, dict) and r.get("id") == role_id), None)
    if role is None:
        return None
    stages_data: dict[str, Any] = role["stages"] if isinstance(role.get("stages"), dict) else {}
    stages = [(s, [m for m in stages_data.get(s) or [] if isinstance(m, str)]) for s in STAGES]
    requires: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for module_id in module_ids(draft):
        data = loaded(draft.files[module_file(module_id)])
        if isinstance(data, dict):
            requires[module_id] = [r for r in data.get("requires") or [] if isinstance(r, str)]
            titles[module_id] = str(data.get("title", module_id))
    graph = path_graph(stages, requires, titles)
    words = [
        {
            "stage": s,
            "modules": [
                {"id": m, "title": titles.get(m, m), "requires": [titles.get(r, r) for r in requires.get(m, [])]}
                for m in ids
            ],
        }
        for s, ids in stages
    ]
    return {"role": role, "graph": graph, "words": words, "cycle": find_cycle(requires), "stage_labels": STAGE_LABELS}


@dataclass(frozen=True)
class PackageChecked:
    text: str
    errors: FieldErrors


def package_form_check(draft: am.PackageDraft, form: dict[str, Any]) -> PackageChecked:
    """package.yaml from the form, checked with the rest of the draft; errors by field."""
    text = module_text(header_from_form(form, draft.package_slug))
    source = draft_source(draft)
    source["package.yaml"] = text.encode()
    problems = problems_of(source)
    errors = FieldErrors.of([*problems.errors, *problems.warnings], "package.yaml", field_keys(form))
    return PackageChecked(text, errors)


ROLE_LABELS = {"id": gettext_lazy("Role {number} id"), "title": gettext_lazy("Role {number} title")}
ROLE_STAGE_LABELS = {
    "foundation": gettext_lazy("Role {number} foundation"),
    "application": gettext_lazy("Role {number} application"),
    "mastery": gettext_lazy("Role {number} mastery"),
    "reinforcement": gettext_lazy("Role {number} reinforcement"),
}
LEVEL_LABELS = {
    "id": gettext_lazy("Level {number} id"),
    "title": gettext_lazy("Level {number} title"),
    "requires": gettext_lazy("Level {number} requires"),
}
MILESTONE_LABELS = {
    "id": gettext_lazy("Milestone {number} id"),
    "title": gettext_lazy("Milestone {number} title"),
    "day": gettext_lazy("Milestone {number} day"),
    "modules": gettext_lazy("Milestone {number} modules"),
}
CERTIFICATE_LABELS = {
    "title": gettext_lazy("Certificate title"),
    "requires": gettext_lazy("Certificate requires"),
    "retention_days": gettext_lazy("Certificate retention days"),
    "valid_days": gettext_lazy("Certificate valid days"),
}
SKILL_LABELS = {
    "id": gettext_lazy("Skill {number} id"),
    "title": gettext_lazy("Skill {number} title"),
    "description": gettext_lazy("Skill {number} description"),
    "rubric": gettext_lazy("Skill {number} observation rubric (YAML: criteria with id and title; required_for: level)"),
}


def package_form_display(form: dict[str, Any], errors: FieldErrors) -> dict[str, Any]:
    """The package form with each field's id, value and errors (the template walks this)."""

    def slot(key: str, value: Any = "", **extra: Any) -> dict[str, Any]:
        return _slot(key, value if isinstance(value, str) else "", errors, **extra)

    roles = []
    for i, r in enumerate(form.get("roles") or []):
        base = f"roles[{i}]"
        roles.append(
            {
                **slot(base, number=i + 1),
                "id_field": slot(f"{base}.id", r.get("id", ""), label=ROLE_LABELS["id"].format(number=i + 1)),
                "title_field": slot(
                    f"{base}.title", r.get("title", ""), label=ROLE_LABELS["title"].format(number=i + 1)
                ),
                "levels_slot": slot(f"{base}.levels"),
                "milestones_slot": slot(f"{base}.milestones"),
                "levels": [
                    {
                        **slot(f"{base}.levels[{j}]", number=j + 1),
                        "fields": [
                            slot(f"{base}.levels[{j}].{k}", lv.get(k, ""), label=LEVEL_LABELS[k].format(number=j + 1))
                            for k in ("id", "title", "requires")
                        ],
                    }
                    for j, lv in enumerate(r.get("levels") or [])
                ],
                "stages": [
                    slot(
                        f"{base}.stages.{s}",
                        (r.get("stages") or {}).get(s, ""),
                        label=ROLE_STAGE_LABELS[s].format(number=i + 1),
                    )
                    for s in STAGES
                ],
                "milestones": [
                    {
                        **slot(f"{base}.milestones[{j}]", number=j + 1),
                        "fields": [
                            slot(
                                f"{base}.milestones[{j}].{k}",
                                ms.get(k, ""),
                                label=MILESTONE_LABELS[k].format(number=j + 1),
                            )
                            for k in ("id", "title", "day", "modules")
                        ],
                    }
                    for j, ms in enumerate(r.get("milestones") or [])
                ],
                "certificate": [
                    slot(
                        f"{base}.certificate.{k}",
                        (r.get("certificate") or {}).get(k, ""),
                        label=CERTIFICATE_LABELS[k],
                    )
                    for k in ("title", "requires", "retention_days", "valid_days")
                ],
                "certificate_slot": slot(f"{base}.certificate"),
            }
        )
    skills = [
        {
            **slot(f"skills[{i}]", number=i + 1),
            "fields": [
                slot(f"skills[{i}].{k}", s.get(k, ""), label=SKILL_LABELS[k].format(number=i + 1))
                for k in ("id", "title", "description", "rubric")
            ],
        }
        for i, s in enumerate(form.get("skills") or [])
    ]
    return {
        "whole": slot(""),
        "title": slot("title", form.get("title", ""), label=_("Title")),
        "version": slot("version", form.get("version", ""), label=_("Version")),
        "skills_slot": slot("skills"),
        "skills": skills,
        "roles_slot": slot("roles"),
        "roles": roles,
    }
