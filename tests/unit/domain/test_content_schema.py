from __future__ import annotations

import json
from pathlib import Path

from skillpath.domain.content.schema import json_schemas

DOCS = Path(__file__).parents[3] / "docs" / "schema"


def test_checked_in_json_schemas_are_up_to_date() -> None:
    """Run `skillpath content_schema` after changing the content models."""
    for name, text in json_schemas().items():
        assert (DOCS / name).read_text() == text, f"docs/schema/{name} is stale: run `skillpath content_schema`"


def test_schemas_describe_the_activity_types() -> None:
    module = json.loads(json_schemas()["module.schema.json"])
    kinds = {d["properties"]["type"]["const"] for n, d in module["$defs"].items() if "type" in d.get("properties", {})}
    assert kinds == {"choice", "order", "categorize", "match", "cloze", "scenario", "simulation"}
