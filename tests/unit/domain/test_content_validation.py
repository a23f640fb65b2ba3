from __future__ import annotations

from typing import Any

import pytest

from skillpath.domain.content import PackageInvalid, parse_package
from tests.helpers import edit_yaml, mini_source


def errors_of(source: dict[str, bytes]) -> list[str]:
    with pytest.raises(PackageInvalid) as caught:
        parse_package(source)
    return [str(e) for e in caught.value.errors]


def test_valid_package_parses_with_its_modules_and_media() -> None:
    package = parse_package(mini_source())
    assert package.id == "mini-academy"
    assert sorted(package.modules) == ["basics", "closing-talk", "questions"]
    assert list(package.media) == ["media/ear.svg"]


def test_missing_package_yaml_is_reported() -> None:
    assert errors_of({"modules/a.yaml": b"id: a"}) == ["package.yaml: missing: a package needs package.yaml at its top"]


def test_yaml_syntax_error_names_line_and_column() -> None:
    source = {**mini_source(), "modules/basics.yaml": b"id: basics\ntitle: [unclosed\nskills: x\n"}
    (error,) = errors_of(source)
    assert error.startswith("modules/basics.yaml: YAML syntax error at line 3, column")


def test_duplicate_yaml_key_is_an_error_not_silently_overwritten() -> None:
    source = {**mini_source(), "modules/basics.yaml": b"id: basics\nid: other\n"}
    assert errors_of(source) == ["modules/basics.yaml: YAML syntax error at line 2, column 1: duplicate key 'id'"]


def test_unknown_module_in_a_stage_names_the_path() -> None:
    source = edit_yaml(mini_source(), "package.yaml", lambda d: d["roles"][0]["stages"]["application"].append("nope"))
    assert "package.yaml: roles[0].stages.application[1]: unknown module 'nope' (no modules/nope.yaml)" in errors_of(
        source
    )


def test_stage_names_other_than_the_four_are_rejected() -> None:
    source = edit_yaml(mini_source(), "package.yaml", lambda d: d["roles"][0]["stages"].update(expert=["basics"]))
    assert errors_of(source) == [
        "package.yaml: roles[0].stages.expert: unknown stage; the stages are "
        "foundation, application, mastery, reinforcement"
    ]


@pytest.mark.parametrize("level", [5, -1])
def test_skill_level_outside_0_to_4_is_rejected(level: int) -> None:
    source = edit_yaml(
        mini_source(), "package.yaml", lambda d: d["roles"][0]["levels"][1]["requires"].update(closing=level)
    )
    assert errors_of(source) == [
        f"package.yaml: roles[0].levels[1].requires.closing: skill level must be between 0 and 4 (got {level})"
    ]


def test_duplicate_ids_are_reported_where_they_repeat() -> None:
    def dupe(d: dict[str, Any]) -> None:
        d["skills"].append({"id": "closing", "title": "Again"})
        d["roles"][0]["levels"].append({"id": "seller", "title": "Again"})

    errors = errors_of(edit_yaml(mini_source(), "package.yaml", dupe))
    assert "package.yaml: skills[2]: duplicate skill id 'closing'" in errors
    assert "package.yaml: roles[0].levels[2]: duplicate level id 'seller'" in errors


def test_duplicate_module_ids_across_files_and_file_name_mismatch() -> None:
    source = mini_source()
    source["modules/copy.yaml"] = source["modules/basics.yaml"]
    errors = errors_of(source)
    assert "modules/copy.yaml: id: id 'basics' must match the file name 'copy'" in errors
    assert "modules/copy.yaml: id: duplicate module id 'basics' (also in modules/basics.yaml)" in errors


def test_requires_cycle_is_reported_with_its_path() -> None:
    source = edit_yaml(mini_source(), "modules/basics.yaml", lambda d: d.update(requires=["closing-talk"]))
    assert errors_of(source) == [
        "modules/basics.yaml: requires: prerequisite cycle: basics → closing-talk → questions → basics"
    ]


def test_unknown_skill_and_required_module_in_a_module() -> None:
    source = edit_yaml(mini_source(), "modules/questions.yaml", lambda d: d.update(skills=["psychic"], requires=["x"]))
    errors = errors_of(source)
    assert (
        "modules/questions.yaml: skills[0]: unknown skill 'psychic' (declare it under skills in package.yaml)" in errors
    )
    assert "modules/questions.yaml: requires[0]: unknown module 'x' (no modules/x.yaml)" in errors


def test_concept_without_variants() -> None:
    source = edit_yaml(mini_source(), "modules/basics.yaml", lambda d: d["concepts"][1].update(variants=[]))
    assert errors_of(source) == [
        "modules/basics.yaml: concepts[1].variants: a concept needs at least one variant (activity)"
    ]


def test_unknown_activity_type() -> None:
    source = edit_yaml(
        mini_source(), "modules/basics.yaml", lambda d: d["concepts"][0]["variants"][1].update(type="quiz")
    )
    assert errors_of(source) == [
        "modules/basics.yaml: concepts[0].variants[1]: unknown activity type 'quiz'; "
        "use one of choice, order, categorize, match, cloze, scenario, simulation"
    ]


def test_choice_without_a_correct_option() -> None:
    def wrong(d: dict[str, Any]) -> None:
        d["concepts"][0]["variants"][0]["options"][0]["correct"] = False

    source = edit_yaml(mini_source(), "modules/basics.yaml", wrong)
    assert errors_of(source) == ["modules/basics.yaml: concepts[0].variants[0].options: no option is marked correct"]


def test_missing_media_file_and_path_outside_media() -> None:
    source = {k: v for k, v in mini_source().items() if k != "media/ear.svg"}
    assert errors_of(source) == [
        "modules/basics.yaml: lesson[2].image.src: media file 'media/ear.svg' does not exist in the package"
    ]
    source = edit_yaml(mini_source(), "modules/basics.yaml", lambda d: d["lesson"][2]["image"].update(src="../x.png"))
    assert errors_of(source) == [
        "modules/basics.yaml: lesson[2].image.src: '../x.png' must be a path inside the package's media/ folder"
    ]


def scenario_edit(change: Any) -> dict[str, bytes]:
    return edit_yaml(mini_source(), "modules/questions.yaml", lambda d: change(d["concepts"][0]["variants"][1]))


def test_unreachable_scenario_node() -> None:
    source = scenario_edit(lambda s: s["nodes"].update(orphan={"text": "Nobody gets here", "end": "fail"}))
    assert errors_of(source) == [
        "modules/questions.yaml: concepts[0].variants[1].nodes.orphan: not reachable from start 'open'"
    ]


def test_scenario_node_that_never_ends() -> None:
    source = scenario_edit(lambda s: s["nodes"]["meh"].pop("end"))
    assert errors_of(source) == [
        "modules/questions.yaml: concepts[0].variants[1].nodes.meh: has no choices and no 'end'; "
        "every path must end at an ending"
    ]


def test_scenario_cycle_and_dangling_next() -> None:
    def loop(s: dict[str, Any]) -> None:
        s["nodes"]["probe"]["choices"][1]["next"] = "open"
        s["nodes"]["open"]["choices"][1]["next"] = "nowhere"

    errors = errors_of(scenario_edit(loop))
    assert "modules/questions.yaml: concepts[0].variants[1].nodes.open.choices[1].next: no node 'nowhere'" in errors
    assert any("nodes: cycle open → probe → open" in e for e in errors)


def test_scenario_best_path_without_points() -> None:
    def zero(s: dict[str, Any]) -> None:
        for node in s["nodes"].values():
            for choice in node.get("choices", []):
                choice["points"] = 0

    assert errors_of(scenario_edit(zero)) == [
        "modules/questions.yaml: concepts[0].variants[1].nodes: the best path scores 0 points; "
        "give the skilled choices points"
    ]


def test_categorize_item_with_unknown_category_and_cloze_without_blanks() -> None:
    def bad(d: dict[str, Any]) -> None:
        d["concepts"][0]["variants"][0]["items"][0]["category"] = "other"

    errors = errors_of(edit_yaml(mini_source(), "modules/questions.yaml", bad))
    assert errors == [
        "modules/questions.yaml: concepts[0].variants[0].items[0].category: unknown category 'other'; "
        "use one of situation, problem"
    ]
    source = edit_yaml(mini_source(), "modules/basics.yaml", lambda d: d["concepts"][0]["variants"][1].update(text="x"))
    assert errors_of(source) == [
        "modules/basics.yaml: concepts[0].variants[1].text: no blanks; write each blank as {{answer}} or "
        "{{answer|alternative}}"
    ]


def test_unknown_and_missing_fields_are_named() -> None:
    source = edit_yaml(mini_source(), "modules/basics.yaml", lambda d: (d.pop("minutes"), d.update(minuts=4)))
    errors = errors_of(source)
    assert "modules/basics.yaml: minuts: unknown field (check its spelling and indentation)" in errors
    assert "modules/basics.yaml: missing required field 'minutes'" in errors


def test_every_error_is_listed_not_just_the_first() -> None:
    source = edit_yaml(mini_source(), "package.yaml", lambda d: d["roles"][0]["stages"]["mastery"].append("gone"))
    source = edit_yaml(source, "modules/basics.yaml", lambda d: d["concepts"][0]["variants"][0].update(type="quiz"))
    source["modules/broken.yaml"] = b"id: [\n"
    files = {e.split(":")[0] for e in errors_of(source)}
    assert files == {"package.yaml", "modules/basics.yaml", "modules/broken.yaml"}


def test_bad_format_version_and_id() -> None:
    source = edit_yaml(mini_source(), "package.yaml", lambda d: d.update(format="skillpath/2", version="v1", id="Mini"))
    assert errors_of(source) == [
        "package.yaml: format: format must be 'skillpath/1' (got 'skillpath/2')",
        "package.yaml: id: 'Mini' is not a valid id: use lowercase letters, digits and hyphens, "
        "starting with a letter or digit",
        "package.yaml: version: 'v1' is not a version; write it like \"1.0.0\"",
    ]


def test_a_skill_rubric_needs_criteria_and_a_level_from_1_to_4() -> None:
    def rubric(d: dict[str, Any]) -> None:
        d["skills"][1]["rubric"] = {"required_for": 5, "criteria": []}

    errors = errors_of(edit_yaml(mini_source(), "package.yaml", rubric))
    assert "package.yaml: skills[1].rubric.criteria: needs at least 1 item" in errors
    assert "package.yaml: skills[1].rubric.required_for: input should be less than or equal to 4" in errors


def test_a_skill_rubric_with_a_criterion_twice_is_refused() -> None:
    def rubric(d: dict[str, Any]) -> None:
        d["skills"][0]["rubric"] = {"criteria": [{"id": "asks", "title": "Asks"}, {"id": "asks", "title": "Again"}]}

    errors = errors_of(edit_yaml(mini_source(), "package.yaml", rubric))
    assert errors == ["package.yaml: skills[0].rubric.criteria[1]: duplicate criterion id 'asks'"]


def test_a_valid_rubric_is_accepted() -> None:
    def rubric(d: dict[str, Any]) -> None:
        d["skills"][0]["rubric"] = {"required_for": 3, "criteria": [{"id": "asks", "title": "Asks open questions"}]}

    package = parse_package(edit_yaml(mini_source(), "package.yaml", rubric))
    assert package.header.skills[0].rubric is not None and package.header.skills[0].rubric.required_for == 3
