"""Helpers for editing a package in pieces: a starting shape for each activity type and lesson block (built from
the models' JSON Schema, so a type added to the format later gets one too), and which form field a validation
error belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, get_args

from pydantic import BaseModel

from skillpath.domain.content.model import ACTIVITY_TYPES, BLOCK_TYPES, Activity, LessonBlock
from skillpath.domain.i18n import gettext as _


def _members(union: Any) -> list[type[BaseModel]]:
    """The models of a tagged union (``Annotated[Annotated[M, Tag] | …, Discriminator]``)."""
    return [get_args(member)[0] for member in get_args(get_args(union)[0])]


def activity_models() -> dict[str, type[BaseModel]]:
    """Activity type → its model, in the format's order."""
    by_type = {get_args(m.model_fields["type"].annotation)[0]: m for m in _members(Activity)}
    return {kind: by_type[kind] for kind in ACTIVITY_TYPES}


def block_models() -> dict[str, type[BaseModel]]:
    """Lesson block kind → its model."""
    by_kind = {next(k for k in BLOCK_TYPES if k in m.model_fields): m for m in _members(LessonBlock)}
    return {kind: by_kind[kind] for kind in BLOCK_TYPES}


def _resolve(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:  # optional fields: the first non-null choice
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        return _resolve(schema, defs)
    return schema


def _sample(schema: Mapping[str, Any], defs: Mapping[str, Any], name: str) -> Any:
    schema = _resolve(schema, defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return skeleton_of(schema, defs)
    if kind == "object":
        count = max(1, schema.get("minProperties", 1))
        return {
            f"{name[:-1] if name.endswith('s') else name}-{i + 1}": _sample(
                schema.get("additionalProperties", {}), defs, name
            )
            for i in range(count)
        }
    if kind == "array":
        return [_sample(schema.get("items", {}), defs, name) for _ in range(max(1, schema.get("minItems", 1)))]
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return schema.get("minimum", 1 if "exclusiveMinimum" in schema else 0) or (1 if kind == "integer" else 1.0)
    return _("Write the {name} here").format(name=name.replace("_", " "))


def skeleton_of(schema: Mapping[str, Any], defs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A value with every required field of an object schema filled with a placeholder (lists at their minimum
    length). It is a start for an author to edit, not valid content: validation then says what to change."""
    defs = {**(defs or {}), **schema.get("$defs", {})}
    required = schema.get("required", [])
    return {key: _sample(sub, defs, key) for key, sub in schema.get("properties", {}).items() if key in required}


def activity_skeleton(kind: str) -> dict[str, Any]:
    """A new activity of type ``kind``: ``type`` first, then ``prompt``, then the rest the type requires."""
    data = skeleton_of(activity_models()[kind].model_json_schema())
    return {"type": kind, "prompt": data.pop("prompt"), **{k: v for k, v in data.items() if k != "type"}}


def block_skeleton(kind: str) -> dict[str, Any]:
    return skeleton_of(block_models()[kind].model_json_schema())


def field_for(error_path: str, fields: Iterable[str]) -> str:
    """The form field an error at ``error_path`` (``concepts[0].variants[1].options``) belongs to: the longest
    field that is the path or one of its ancestors; ``""`` (the whole form) when none is."""
    best = ""
    for field in fields:
        holds = error_path == field or error_path.startswith((f"{field}.", f"{field}["))
        if holds and len(field) > len(best):
            best = field
    return best
