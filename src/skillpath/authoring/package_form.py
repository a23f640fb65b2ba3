"""``package.yaml`` as an edit form (pure: no database): title and version, skills, and each role with its levels
(required skill levels), the four stages with their modules in order, milestones and the certificate.

Fields are named by their path in the file (``roles[0].levels[1].requires``), so a validation error's path names
its field, and the posted names are read back generically (``unflatten``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml
from django.utils.translation import gettext as _

from skillpath.domain.content.model import STAGES
from skillpath.domain.content.parsing import load_yaml

MAX_FIELDS = 5_000
_PART = re.compile(r"([a-z_]+)|\[(\d{1,4})\]")
_STAGE = "|".join(STAGES)
_KEY = re.compile(
    r"^(title|version|skills\[\d{1,4}\]\.(id|title|description|rubric)|roles\[\d{1,4}\]\.(id|title)"
    r"|roles\[\d{1,4}\]\.levels\[\d{1,4}\]\.(id|title|requires)|roles\[\d{1,4}\]\.stages\.(" + _STAGE + r")"
    r"|roles\[\d{1,4}\]\.milestones\[\d{1,4}\]\.(id|title|day|modules)"
    r"|roles\[\d{1,4}\]\.certificate\.(title|requires|retention_days|valid_days))$"
)  # the form's own fields only: every list is indexed and every leaf is text, so names cannot clash

NEW_ITEMS: dict[str, dict[str, str]] = {
    "skills": {"id": "", "title": "", "description": "", "rubric": ""},
    "levels": {"id": "", "title": "", "requires": ""},
    "milestones": {"id": "", "title": "", "day": "30", "modules": ""},
}


def _parts(key: str) -> list[str | int]:
    return [m.group(1) if m.group(1) else int(m.group(2)) for m in _PART.finditer(key)]


def unflatten(post: Mapping[str, Any]) -> dict[str, Any]:
    """Nested data from posted ``a[0].b`` names (lists in index order); other names are ignored."""
    root: dict[str, Any] = {}
    keys = [k for k in post if _KEY.match(k)]
    if len(keys) > MAX_FIELDS:
        raise ValueError(_("at most {count} fields in one form").format(count=MAX_FIELDS))
    for key in keys:
        node: Any = root
        parts = _parts(key)
        for part in parts[:-1]:
            node = node.setdefault(part, {})  # lists are dicts by index until ``_lists``
        node[parts[-1]] = str(post.get(key, ""))
    data: dict[str, Any] = _lists(root)
    return data


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_lists(node[k]) for k in sorted(node)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def _ids(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _int(text: str) -> Any:
    text = text.strip()
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else text


def _levels(text: str) -> dict[str, Any]:
    """``"negotiation: 3, product: 2"`` → ``{"negotiation": 3, "product": 2}``."""
    out: dict[str, Any] = {}
    for part in _ids(text):
        skill, _colon, level = part.partition(":")
        out[skill.strip()] = _int(level)
    return out


def _levels_text(value: Any) -> str:
    return ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ""


def _join(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else ""


def _rubric_text(value: Any) -> str:
    """A skill's observation rubric as one line of YAML (flow style), or "" when it has none."""
    if value is None:
        return ""
    return str(yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**6)).strip()


def _rubric(text: str) -> Any:
    """The rubric written in the form; text that is not YAML stays text, so validation names the field."""
    data, errors = load_yaml("package.yaml", text.encode())
    return text if errors else data


def form_from_header(header: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values (all text) from ``package.yaml`` data."""

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    roles = []
    for role in header.get("roles") or []:
        role = role if isinstance(role, dict) else {}
        stages: dict[str, Any] = role["stages"] if isinstance(role.get("stages"), dict) else {}
        cert: dict[str, Any] = role["certificate"] if isinstance(role.get("certificate"), dict) else {}
        roles.append(
            {
                "id": text(role.get("id")),
                "title": text(role.get("title")),
                "levels": [
                    {
                        "id": text(lv.get("id")),
                        "title": text(lv.get("title")),
                        "requires": _levels_text(lv.get("requires")),
                    }
                    for lv in role.get("levels") or []
                    if isinstance(lv, dict)
                ],
                "stages": {s: _join(stages.get(s)) for s in STAGES},
                "milestones": [
                    {
                        "id": text(ms.get("id")),
                        "title": text(ms.get("title")),
                        "day": text(ms.get("day")),
                        "modules": _join(ms.get("modules")),
                    }
                    for ms in role.get("milestones") or []
                    if isinstance(ms, dict)
                ],
                "certificate": {
                    "title": text(cert.get("title")),
                    "requires": _levels_text(cert.get("requires")),
                    "retention_days": text(cert.get("retention_days", 14)),
                    "valid_days": text(cert.get("valid_days", 365)),
                },
            }
        )
    skills = [
        {
            "id": text(s.get("id")),
            "title": text(s.get("title")),
            "description": text(s.get("description")),
            "rubric": _rubric_text(s.get("rubric")),
        }
        for s in header.get("skills") or []
        if isinstance(s, dict)
    ]
    return {
        "title": text(header.get("title")),
        "version": text(header.get("version")),
        "skills": skills,
        "roles": roles,
    }


def header_from_form(form: Mapping[str, Any], package_id: str) -> dict[str, Any]:
    """``package.yaml`` data from the form (empty optional fields left out; a certificate without a title: none)."""
    skills = []
    for s in form.get("skills") or []:
        skill = {"id": s.get("id", "").strip(), "title": s.get("title", "").strip()}
        if s.get("description", "").strip():
            skill["description"] = s["description"].strip()
        if s.get("rubric", "").strip():
            skill["rubric"] = _rubric(s["rubric"])
        skills.append(skill)
    roles = []
    for r in form.get("roles") or []:
        stages = r.get("stages") or {}
        role: dict[str, Any] = {
            "id": r.get("id", "").strip(),
            "title": r.get("title", "").strip(),
            "levels": [
                {
                    "id": lv.get("id", "").strip(),
                    "title": lv.get("title", "").strip(),
                    "requires": _levels(lv.get("requires", "")),
                }
                for lv in r.get("levels") or []
            ],
            "stages": {s: _ids(stages.get(s, "")) for s in STAGES},
        }
        if r.get("milestones"):
            role["milestones"] = [
                {
                    "id": ms.get("id", "").strip(),
                    "title": ms.get("title", "").strip(),
                    "day": _int(ms.get("day", "")),
                    "modules": _ids(ms.get("modules", "")),
                }
                for ms in r["milestones"]
            ]
        cert = r.get("certificate") or {}
        if cert.get("title", "").strip():
            role["certificate"] = {
                "title": cert["title"].strip(),
                "requires": _levels(cert.get("requires", "")),
                "retention_days": _int(cert.get("retention_days", "14")),
                "valid_days": _int(cert.get("valid_days", "365")),
            }
        roles.append(role)
    return {
        "format": "skillpath/1",
        "id": package_id,
        "title": str(form.get("title", "")).strip(),
        "version": str(form.get("version", "")).strip(),
        "skills": skills,
        "roles": roles,
    }


_OP = re.compile(
    r"^(up|down|delete) ((?:skills|roles)\[\d{1,4}\](?:\.(?:levels|milestones)\[\d{1,4}\])?)$"
    r"|^add ((?:skills|roles)|roles\[\d{1,4}\]\.(?:levels|milestones))$"
)


def apply_package_op(form: dict[str, Any], op: str) -> bool:
    """Apply an add, move or delete button to the form; False when ``op`` is not one."""
    match = _OP.match(op)
    if match is None:
        return False
    if match.group(3):
        parts = _parts(match.group(3))
        owner = _at(form, parts[:-1])
        if not isinstance(owner, dict):
            return False
        owner.setdefault(str(parts[-1]), []).append(_new(str(parts[-1])))
        return True
    parts = _parts(match.group(2))
    items, index = _at(form, parts[:-1]), int(parts[-1])
    if not isinstance(items, list) or not 0 <= index < len(items):
        return False
    action = match.group(1)
    if action == "delete":
        items.pop(index)
    elif action == "up" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif action == "down" and index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]
    return True


def _at(node: Any, parts: list[str | int]) -> Any:
    """The item at ``parts`` inside the form, or None."""
    for part in parts:
        if isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        elif isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def _new(kind: str) -> dict[str, Any]:
    if kind == "roles":
        return {
            "id": "",
            "title": "",
            "levels": [_new("levels")],
            "stages": dict.fromkeys(STAGES, ""),
            "milestones": [],
            "certificate": {"title": "", "requires": "", "retention_days": "14", "valid_days": "365"},
        }
    return dict(NEW_ITEMS[kind])


def field_keys(form: Mapping[str, Any]) -> list[str]:
    """Every field of the form by its path (with the lists and items that hold them, for whole-item errors)."""
    keys = ["title", "version", "skills", "roles"]
    for i, s in enumerate(form.get("skills") or []):
        keys += [f"skills[{i}]", *(f"skills[{i}].{k}" for k in s)]
    for i, r in enumerate(form.get("roles") or []):
        base = f"roles[{i}]"
        keys += [
            base,
            f"{base}.id",
            f"{base}.title",
            f"{base}.levels",
            f"{base}.stages",
            f"{base}.milestones",
            f"{base}.certificate",
            *(f"{base}.certificate.{k}" for k in r.get("certificate") or {}),
        ]
        keys += [f"{base}.stages.{s}" for s in STAGES]
        for what in ("levels", "milestones"):
            for j, item in enumerate(r.get(what) or []):
                keys += [f"{base}.{what}[{j}]", *(f"{base}.{what}[{j}].{k}" for k in item)]
    return keys
