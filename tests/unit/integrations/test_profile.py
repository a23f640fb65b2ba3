"""SkillPath's xAPI Profile: valid JSON-LD in the xAPI Profiles form, and a real check of statements."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from pyld import jsonld

from skillpath.integrations import statements as st
from skillpath.integrations.profile import PROFILE_CONTEXT, locate, statement_problems, xapi_profile

CONTEXT = Path(__file__).parents[3] / "src" / "skillpath" / "integrations" / "contexts" / "xapi-profiles-context.jsonld"
P = "https://learn.acme.example.com"
V = st.Vocabulary(P, "acme")
LEE = st.Learner("7", "Lee Park", "lee@acme.example.com")
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CHECK = UUID("00000000-0000-4000-8000-000000000001")


def loader(url: str, options: Any = None) -> dict[str, Any]:
    assert url == PROFILE_CONTEXT, url
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXT.read_text())}


def test_the_profile_is_json_ld_whose_every_term_the_profiles_context_defines() -> None:
    profile = xapi_profile(P)
    expanded = jsonld.expand(profile, {"documentLoader": loader})
    back = jsonld.compact(expanded, PROFILE_CONTEXT, {"documentLoader": loader})
    back["@context"] = PROFILE_CONTEXT
    assert back == json.loads(json.dumps(profile))  # nothing dropped or renamed by JSON-LD processing


def test_the_profile_has_the_required_parts_of_the_xapi_profiles_structure() -> None:
    profile = xapi_profile(P)
    assert profile["type"] == "Profile" and profile["conformsTo"] == "https://w3id.org/xapi/profiles#1.0"
    assert profile["id"] == f"{P}/xapi/profile" and profile["versions"][0]["id"] == f"{P}/xapi/profile/v1"
    ids = [c["id"] for c in profile["concepts"] + profile["templates"]]
    assert len(ids) == len(set(ids))
    for item in profile["concepts"] + profile["templates"]:
        assert item["inScheme"] == f"{P}/xapi/profile/v1" and item["prefLabel"]["en"] and item["definition"]["en"]
    own = {verb["id"] for verb in (st.verb(V, name) for name in st.VERBS) if verb["id"].startswith(P)}
    assert own <= set(ids)
    for concept in profile["concepts"]:
        if "inlineSchema" in concept:
            json.loads(concept["inlineSchema"])
    for template in profile["templates"]:
        for rule in template["rules"]:
            locate({}, rule["location"])  # every location is in the JSONPath the checker reads


def test_a_statement_that_breaks_a_rule_is_refused_with_the_reason() -> None:
    profile = xapi_profile(P)
    statement = st.module_finished(
        V,
        uuid4(),
        LEE,
        st.ModuleRef("mini", "questions", "Questions"),
        CHECK,
        score=0.9,
        passed=True,
        pass_score=0.8,
        started_at=AT,
        at=AT,
    )
    assert statement_problems(profile, statement) == []
    lied = deepcopy(statement)
    lied["result"]["success"] = False
    assert any("not all in [True]" in p for p in statement_problems(profile, lied))
    unregistered = deepcopy(statement)
    del unregistered["context"]["registration"]
    assert statement_problems(profile, unregistered) == ["$.context.registration is missing"]
    foreign = {**statement, "verb": {"id": "http://example.com/verbs/juggled"}}
    assert statement_problems(profile, foreign) == [
        "0 statement templates match (verb ['http://example.com/verbs/juggled']); exactly one must"
    ]


@pytest.mark.parametrize("location", ["$..deep", "result.score", "$.a[0]"])
def test_locations_outside_the_supported_jsonpath_are_refused(location: str) -> None:
    with pytest.raises(ValueError, match=r"JSONPath|starts with"):
        locate({}, location)
