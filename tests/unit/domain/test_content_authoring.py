"""Authoring helpers of the content format: what a publish changes, activity and block skeletons, error fields,
and the path graph."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.content import ACTIVITY_TYPES, PackageInvalid, parse_package
from skillpath.domain.content.changes import change_summary, next_version
from skillpath.domain.content.drafting import (
    activity_models,
    activity_skeleton,
    block_models,
    block_skeleton,
    field_for,
    skeleton_of,
)
from skillpath.domain.content.graphs import find_cycle
from skillpath.domain.content.model import BLOCK_TYPES, Package, version_key
from skillpath.domain.content.pathgraph import NODE_H, NODE_W, path_graph

CHOICE = {"type": "choice", "prompt": "Q?", "options": [{"text": "a", "correct": True}, {"text": "b"}]}


def package(modules: dict[str, list[str]], roles: tuple[str, ...] = ("r",)) -> Package:
    """A package with ``modules`` (module id → concept ids), every module in each role's foundation stage."""
    header: dict[str, Any] = {
        "format": "skillpath/1",
        "id": "p",
        "title": "P",
        "version": "1.0.0",
        "skills": [{"id": "s", "title": "S"}],
        "roles": [
            {"id": r, "title": r, "levels": [{"id": r, "title": r}], "stages": {"foundation": sorted(modules)}}
            for r in roles
        ],
    }
    mods = {
        m: {
            "id": m,
            "title": m,
            "skills": ["s"],
            "minutes": 5,
            "pass_score": 0.8,
            "lesson": [{"text": "t"}],
            "concepts": [{"id": c, "title": c, "variants": [CHOICE]} for c in concepts],
        }
        for m, concepts in modules.items()
    }
    return Package.model_validate({"header": header, "modules": mods})


def test_a_first_publish_adds_every_module_and_concept_and_retires_nothing() -> None:
    summary = change_summary(None, package({"a": ["x", "y"]}))
    assert summary.modules_added == ("a",) and summary.concepts_added == ("a/x", "a/y")
    assert summary.roles_added == ("r",) and not summary.retires_anything


def test_a_removed_module_retires_its_concepts_and_a_kept_concept_keeps_its_memory() -> None:
    old = package({"a": ["x", "y"], "b": ["z"]})
    new = package({"a": ["x", "w"], "c": ["z"]}, roles=("q",))
    summary = change_summary(old, new)
    assert summary.modules_added == ("c",) and summary.modules_removed == ("b",) and summary.modules_kept == ("a",)
    assert summary.concepts_kept == ("a/x",)
    assert summary.concepts_retired == ("a/y", "b/z")  # a concept moved to another module is a new memory
    assert summary.concepts_added == ("a/w", "c/z")
    assert summary.roles_removed == ("r",) and summary.retires_anything


ids = st.sampled_from(["a", "b", "c", "d"])
shapes = st.dictionaries(
    ids, st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=3, unique=True), min_size=1
)


@given(shapes, shapes)
def test_every_concept_is_either_kept_retired_or_added_exactly_once(
    a: dict[str, list[str]], b: dict[str, list[str]]
) -> None:
    summary = change_summary(package(a), package(b))
    old = {f"{m}/{c}" for m, cs in a.items() for c in cs}
    new = {f"{m}/{c}" for m, cs in b.items() for c in cs}
    assert set(summary.concepts_kept) | set(summary.concepts_retired) == old
    assert set(summary.concepts_kept) | set(summary.concepts_added) == new
    assert not set(summary.concepts_kept) & set(summary.concepts_retired)
    assert set(summary.modules_added) | set(summary.modules_kept) == set(b)


@given(st.lists(st.integers(0, 99), min_size=1, max_size=3))
def test_the_next_version_is_always_newer(parts: list[int]) -> None:
    version = ".".join(map(str, parts))
    assert version_key(next_version(version)) > version_key(version)


def test_next_version_raises_the_patch_number() -> None:
    assert next_version("1.2") == "1.2.1" and next_version("2.0.9") == "2.0.10"


def test_every_activity_type_of_the_format_has_a_model_and_a_skeleton_of_its_type() -> None:
    assert tuple(activity_models()) == ACTIVITY_TYPES
    for kind in ACTIVITY_TYPES:
        skeleton = activity_skeleton(kind)
        assert list(skeleton)[:2] == ["type", "prompt"] and skeleton["type"] == kind


def test_skeletons_have_the_required_fields_at_their_minimum_lengths() -> None:
    choice = activity_skeleton("choice")
    assert len(choice["options"]) == 2 and choice["options"][0] == {"text": "Write the text here"}
    scenario = activity_skeleton("scenario")
    assert len(scenario["nodes"]) == 2 and set(scenario) == {"type", "prompt", "start", "nodes"}
    assert block_skeleton("text") == {"text": "Write the text here"}
    assert set(block_models()) == set(BLOCK_TYPES)
    assert block_skeleton("video")["video"]["transcript"] == "Write the transcript here"


def test_a_skeleton_follows_numbers_enums_refs_and_optional_fields() -> None:
    schema = {
        "type": "object",
        "required": ["n", "f", "pos", "kind", "maybe", "ref", "free"],
        "properties": {
            "n": {"type": "integer", "minimum": 3},
            "f": {"type": "number"},
            "pos": {"type": "number", "exclusiveMinimum": 0},
            "kind": {"enum": ["x", "y"]},
            "maybe": {"anyOf": [{"type": "null"}, {"type": "boolean"}]},
            "ref": {"$ref": "#/$defs/R"},
            "free": {"type": "object"},
            "skip": {"type": "string"},
        },
        "$defs": {"R": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}},
    }
    expected = {"n": 3, "f": 1.0, "pos": 1, "kind": "x", "maybe": False}
    expected |= {"ref": {"a": "Write the a here"}, "free": {"free-1": "Write the free here"}}
    assert skeleton_of(schema) == expected


def test_an_error_belongs_to_the_deepest_field_that_holds_its_path() -> None:
    fields = ["title", "concepts[0]", "concepts[0].variants[1]", "concepts[1]", "lesson[0]"]
    assert field_for("concepts[0].variants[1].options", fields) == "concepts[0].variants[1]"
    assert field_for("concepts[0].variants[10]", fields) == "concepts[0]"  # [1] is not [10]'s ancestor
    assert field_for("title", fields) == "title"
    assert field_for("skills[0]", fields) == ""


@given(st.dictionaries(ids, st.lists(ids, max_size=3), min_size=1))
def test_a_cycle_found_is_a_real_cycle_of_the_graph(edges: dict[str, list[str]]) -> None:
    cycle = find_cycle(edges)
    if cycle is not None:
        assert cycle[0] == cycle[-1]
        assert all(b in edges[a] for a, b in itertools.pairwise(cycle))


def test_the_path_graph_puts_stages_in_columns_and_draws_requires_edges() -> None:
    graph = path_graph(
        [("foundation", ["a", "b"]), ("application", ["c", "a"]), ("mastery", [])],
        {"b": ["a"], "c": ["b", "outside"], "a": []},
        {"a": "Alpha"},
    )
    by_id = {n.id: n for n in graph.nodes}
    assert [n.id for n in graph.nodes] == ["a", "b", "c"]  # "a" is drawn once, where it first appears
    assert by_id["a"].title == "Alpha" and by_id["c"].x > by_id["a"].x and by_id["b"].y > by_id["a"].y
    edges = {(e.source, e.target): e for e in graph.edges}
    down = edges[("a", "b")]
    assert down.x1 == down.x2 and down.y1 == by_id["a"].y + NODE_H and down.y2 == by_id["b"].y
    across = edges[("b", "c")]
    assert across.x1 == by_id["b"].x + NODE_W and across.x2 == by_id["c"].x and not across.outside
    assert edges[("outside", "c")].outside
    assert graph.width > 2 * NODE_W and [c for c, _ in graph.columns] == ["foundation", "application", "mastery"]


def test_a_requirement_up_the_same_column_points_up() -> None:
    graph = path_graph([("foundation", ["a", "b"])], {"a": ["b"]}, {})
    (edge,) = graph.edges
    assert edge.y1 == graph.nodes[1].y and edge.y2 == graph.nodes[0].y + NODE_H


def test_a_lesson_block_that_is_not_a_mapping_is_an_error_not_a_crash() -> None:
    source = {
        "package.yaml": b"format: skillpath/1\nid: p\ntitle: P\nversion: '1'\nskills: [{id: s, title: S}]\n"
        b"roles: [{id: r, title: R, levels: [{id: r, title: R}], stages: {foundation: [m]}}]\n",
        "modules/m.yaml": b"id: m\ntitle: M\nskills: [s]\nminutes: 5\npass_score: 0.8\nlesson: [null, 3]\n"
        b"concepts: [{id: c, title: C, variants: [{type: order, prompt: P, items: [a, b]}]}]\n",
    }
    with pytest.raises(PackageInvalid) as caught:
        parse_package(source)
    assert [e.path for e in caught.value.errors] == ["lesson[0]", "lesson[1]"]


def test_a_number_too_long_to_read_is_an_error_not_a_crash() -> None:
    from skillpath.domain.content.parsing import load_yaml

    data, errors = load_yaml("modules/m.yaml", b"minutes: " + b"9" * 5000)
    assert data is None and "write shorter numbers" in errors[0].message


def test_a_key_that_is_a_mapping_is_a_syntax_error_not_a_crash() -> None:
    from skillpath.domain.content.parsing import load_yaml

    data, errors = load_yaml("modules/m.yaml", b"text: {{ 7*7 }}")
    assert data is None and "a key cannot be a list or mapping" in errors[0].message
