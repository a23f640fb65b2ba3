"""JSON Schemas of the ``skillpath/1`` files, generated from the models (checked in under docs/schema/)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from skillpath.domain.content.model import Module, PackageHeader, PackageText

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "package.schema.json": PackageHeader,
    "module.schema.json": Module,  # translated modules too (translations/<lang>/modules/<id>.yaml)
    "translation-package.schema.json": PackageText,  # translations/<lang>/package.yaml
}


def json_schemas() -> dict[str, str]:
    """File name → schema text (stable formatting, so a stale checked-in copy shows up as a diff)."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://skillpath.dev/schema/skillpath-1/{name}",
            **model.model_json_schema(mode="validation"),
        }
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out
