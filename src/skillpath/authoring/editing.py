"""A module as an edit form, and a posted form back to a module (pure: no database).

The form keeps every field as the author typed it, keyed by its path in the module file (``title``,
``lesson[2]``, ``concepts[0].variants[1]``), so a validation error's path names its field. Lesson blocks and
activities are edited as YAML of that one block or activity, which works for every block kind and activity type
the format defines, including types added later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from skillpath.content.exporting import dump_yaml
from skillpath.domain.content import ContentError
from skillpath.domain.content.drafting import activity_skeleton, block_skeleton
from skillpath.domain.content.parsing import load_yaml

HEADER = ("title", "skills", "requires", "minutes", "pass_score")
MAX_PIECES = 200  # blocks, concepts or variants posted in one form


@dataclass
class ConceptForm:
    id: str = ""
    title: str = ""
    skill: str = ""
    variants: list[str] = field(default_factory=list)


@dataclass
class ModuleForm:
    """What the edit form shows (texts as typed)."""

    id: str
    header: dict[str, str]
    blocks: list[str]
    concepts: list[ConceptForm]

    def field_keys(self) -> list[str]:
        keys = [*HEADER, "lesson", "concepts"]
        keys += [f"lesson[{i}]" for i in range(len(self.blocks))]
        for i, concept in enumerate(self.concepts):
            keys += [f"concepts[{i}]", f"concepts[{i}].id", f"concepts[{i}].title", f"concepts[{i}].skill"]
            keys += [f"concepts[{i}].variants"]
            keys += [f"concepts[{i}].variants[{j}]" for j in range(len(concept.variants))]
        return keys


def _yaml_text(value: Any) -> str:
    return dump_yaml(value).decode()


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def form_from_module(data: Mapping[str, Any]) -> ModuleForm:
    """The form of a module's data (as loaded from its YAML file)."""
    concepts = []
    for c in data.get("concepts") or []:
        c = c if isinstance(c, dict) else {}
        concepts.append(
            ConceptForm(
                _scalar(c.get("id")),
                _scalar(c.get("title")),
                _scalar(c.get("skill")),
                [_yaml_text(v) for v in c.get("variants") or []],
            )
        )
    return ModuleForm(
        id=_scalar(data.get("id")),
        header={k: _scalar(data.get(k)) for k in HEADER},
        blocks=[_yaml_text(b) for b in data.get("lesson") or []],
        concepts=concepts,
    )


_PIECE = re.compile(
    r"^(lesson)\[(\d{1,4})\]$|^concepts\[(\d{1,4})\]\.(id|title|skill)$|^concepts\[(\d{1,4})\]\.variants\[(\d{1,4})\]$"
)


def form_from_post(module_id: str, post: Mapping[str, Any]) -> ModuleForm:
    """The form as posted (pieces in index order; gaps closed)."""
    blocks: dict[int, str] = {}
    concepts: dict[int, ConceptForm] = {}
    variants: dict[int, dict[int, str]] = {}
    for key in post:
        match = _PIECE.match(key)
        if match is None:
            continue
        value = str(post.get(key, ""))
        if match.group(1):
            blocks[int(match.group(2))] = value
        elif match.group(3):
            concepts.setdefault(int(match.group(3)), ConceptForm()).__setattr__(match.group(4), value)
        else:
            concepts.setdefault(int(match.group(5)), ConceptForm())
            variants.setdefault(int(match.group(5)), {})[int(match.group(6))] = value
    if len(blocks) > MAX_PIECES or len(concepts) > MAX_PIECES or sum(map(len, variants.values())) > MAX_PIECES:
        raise ValueError(_("at most {count} blocks, concepts and variants in one module").format(count=MAX_PIECES))
    for i, concept in concepts.items():
        concept.variants = [variants.get(i, {})[j] for j in sorted(variants.get(i, {}))]
    return ModuleForm(
        id=module_id,
        header={k: str(post.get(k, "")) for k in HEADER},
        blocks=[blocks[i] for i in sorted(blocks)],
        concepts=[concepts[i] for i in sorted(concepts)],
    )


_OP = re.compile(
    r"^(up|down|delete) (lesson|concepts)\[(\d{1,4})\](?:\.variants\[(\d{1,4})\])?$|^add-block (\w+)$"
    r"|^add-concept$|^add-variant (\d{1,4}) ([\w-]+)$"
)


def resolve_op(post: Mapping[str, Any]) -> str:
    """The button pressed, with the type chosen beside an "add" button (``add-variant 0`` + ``add-type-0``)."""
    op = str(post.get("op", ""))
    if op == "add-block":
        return f"add-block {post.get('add-block-kind', '')}"
    if op.startswith("add-variant ") and op.count(" ") == 1:
        return f"{op} {post.get('add-type-' + op.split(' ')[1], '')}"
    return op


def _move(items: list[Any], index: int, op: str) -> None:
    if not 0 <= index < len(items):
        return
    if op == "delete":
        items.pop(index)
    elif op == "up" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif op == "down" and index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]


def apply_op(form: ModuleForm, op: str, kinds: tuple[str, ...], blocks: tuple[str, ...]) -> str | None:
    """Apply a form button (move up/down, delete, add a block, a concept or a variant of a type); returns the
    field to focus, or ``None`` when the button is not one of these."""
    match = _OP.match(op)
    if match is None:
        return None
    if match.group(1):
        action, where, i = match.group(1), match.group(2), int(match.group(3))
        if match.group(4) is not None:
            if 0 <= i < len(form.concepts):
                _move(form.concepts[i].variants, int(match.group(4)), action)
            return f"concepts[{i}].variants"
        _move(form.blocks if where == "lesson" else form.concepts, i, action)
        return where
    if match.group(5) is not None:
        if match.group(5) not in blocks:
            return None
        form.blocks.append(_yaml_text(block_skeleton(match.group(5))))
        return f"lesson[{len(form.blocks) - 1}]"
    if op == "add-concept":
        n = len(form.concepts) + 1
        kind = kinds[0]
        form.concepts.append(
            ConceptForm(
                f"concept-{n}", _("Concept {number}").format(number=n), "", [_yaml_text(activity_skeleton(kind))]
            )
        )
        return f"concepts[{n - 1}].id"
    i, kind = int(match.group(6)), match.group(7)
    if kind not in kinds or not 0 <= i < len(form.concepts):
        return None
    form.concepts[i].variants.append(_yaml_text(activity_skeleton(kind)))
    return f"concepts[{i}].variants[{len(form.concepts[i].variants) - 1}]"


def _number(text: str) -> Any:
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def module_from_form(form: ModuleForm, file: str) -> tuple[dict[str, Any], list[ContentError]]:
    """The module's data from its form, and an error for each YAML piece that does not parse (left out)."""
    errors: list[ContentError] = []

    def piece(text: str, where: str) -> Any:
        value, errs = load_yaml(file, text.encode(), in_field=True)
        errors.extend(ContentError(file, where, e.message) for e in errs)
        return value

    h = form.header
    data: dict[str, Any] = {"id": form.id, "title": h["title"].strip(), "skills": _ids(h["skills"])}
    if _ids(h["requires"]):
        data["requires"] = _ids(h["requires"])
    data["minutes"], data["pass_score"] = _number(h["minutes"]), _number(h["pass_score"])
    data["lesson"] = [piece(text, f"lesson[{i}]") for i, text in enumerate(form.blocks)]
    concepts = []
    for i, c in enumerate(form.concepts):
        concept: dict[str, Any] = {"id": c.id.strip(), "title": c.title.strip()}
        if c.skill.strip():
            concept["skill"] = c.skill.strip()
        concept["variants"] = [piece(text, f"concepts[{i}].variants[{j}]") for j, text in enumerate(c.variants)]
        concepts.append(concept)
    data["concepts"] = concepts
    return data, errors


def module_text(data: Mapping[str, Any]) -> str:
    return dump_yaml(dict(data)).decode()


def loaded(text: str) -> Any:
    """A draft file's data, or None when it does not parse (bounded like the import: size and nesting)."""
    data, errors = load_yaml("draft", text.encode())
    return None if errors else data
