from __future__ import annotations

import copy
from typing import Any

from skillpath.domain.content import parse_package
from tests.helpers import edit_yaml, mini_source
from tests.unit.domain.test_content_validation import errors_of, scenario_edit


def package_edit(change: Any) -> dict[str, bytes]:
    return edit_yaml(mini_source(), "package.yaml", change)


def test_a_milestone_id_used_by_two_roles_is_reported_once() -> None:
    def second_role(d: dict[str, Any]) -> None:
        role = copy.deepcopy(d["roles"][0])
        role["id"] = "closer"
        d["roles"].append(role)

    assert errors_of(package_edit(second_role)) == [
        "package.yaml: roles: milestone id 'seller-onboarded' is used more than once; "
        "milestone ids are unique in a package"
    ]


def test_a_level_requiring_an_undeclared_skill_is_reported() -> None:
    source = package_edit(lambda d: d["roles"][0]["levels"][0]["requires"].update(charm=2))
    assert errors_of(source) == [
        "package.yaml: roles[0].levels[0].requires.charm: unknown skill 'charm' "
        "(declare it under skills in package.yaml)"
    ]


def test_a_certificate_requiring_an_undeclared_skill_is_reported() -> None:
    source = package_edit(lambda d: d["roles"][0]["certificate"]["requires"].update(charm=2))
    assert errors_of(source) == [
        "package.yaml: roles[0].certificate.requires.charm: unknown skill 'charm' "
        "(declare it under skills in package.yaml)"
    ]


def test_a_role_without_a_certificate_is_valid() -> None:
    package = parse_package(package_edit(lambda d: d["roles"][0].pop("certificate")))
    assert package.header.roles[0].certificate is None


def test_a_module_listed_twice_on_a_path_is_reported_where_it_repeats() -> None:
    source = package_edit(lambda d: d["roles"][0]["stages"]["reinforcement"].append("basics"))
    assert errors_of(source) == [
        "package.yaml: roles[0].stages.reinforcement[0]: module 'basics' is already on this role's path"
    ]


def test_a_role_whose_path_has_no_modules_is_reported() -> None:
    source = package_edit(lambda d: d["roles"][0].update(stages={}))
    assert errors_of(source) == [
        "package.yaml: roles[0].stages: the path has no modules; list module ids under at least one stage"
    ]


def test_a_milestone_naming_an_unknown_module_is_reported() -> None:
    source = package_edit(lambda d: d["roles"][0]["milestones"][0]["modules"].append("ghost"))
    assert errors_of(source) == ["package.yaml: roles[0].milestones[0].modules[2]: unknown module 'ghost'"]


def test_a_module_that_requires_itself_is_reported_as_such_and_as_a_cycle() -> None:
    source = edit_yaml(mini_source(), "modules/basics.yaml", lambda d: d.update(requires=["basics"]))
    assert errors_of(source) == [
        "modules/basics.yaml: requires[0]: a module cannot require itself",
        "modules/basics.yaml: requires: prerequisite cycle: basics → basics",
    ]


def add_video(url: str) -> dict[str, bytes]:
    return edit_yaml(
        mini_source(), "modules/basics.yaml", lambda d: d["lesson"].append({"video": {"url": url, "transcript": "Hi"}})
    )


def test_a_video_from_media_must_exist_in_the_package() -> None:
    assert errors_of(add_video("media/clip.mp4")) == [
        "modules/basics.yaml: lesson[3].video.url: media file 'media/clip.mp4' does not exist in the package"
    ]
    package = parse_package({**add_video("media/clip.mp4"), "media/clip.mp4": b"\x00\x00\x00\x18ftypmp42 video"})
    assert "media/clip.mp4" in package.media


def test_a_video_on_the_web_is_not_looked_for_in_media() -> None:
    package = parse_package(add_video("https://example.com/clip.mp4"))
    assert len(package.modules["basics"].lesson) == 4


def test_a_concept_skill_must_be_one_of_its_modules_skills() -> None:
    source = edit_yaml(mini_source(), "modules/basics.yaml", lambda d: d["concepts"][0].update(skill="closing"))
    assert errors_of(source) == [
        "modules/basics.yaml: concepts[0].skill: 'closing' is not one of this module's skills (listening)"
    ]


def test_every_cloze_blank_with_an_empty_answer_is_reported() -> None:
    source = edit_yaml(
        mini_source(),
        "modules/basics.yaml",
        lambda d: d["concepts"][0]["variants"][1].update(text="{{ok}} {{a|}} {{}}"),
    )
    assert errors_of(source) == [
        "modules/basics.yaml: concepts[0].variants[1].text: blank 2 has an empty answer",
        "modules/basics.yaml: concepts[0].variants[1].text: blank 3 has an empty answer",
    ]


def test_a_scenario_start_must_name_one_of_its_nodes() -> None:
    assert errors_of(scenario_edit(lambda s: s.update(start="intro"))) == [
        "modules/questions.yaml: concepts[0].variants[1].start: no node 'intro'; start must name one of the nodes"
    ]


def test_a_scenario_ending_cannot_have_choices() -> None:
    source = scenario_edit(lambda s: s["nodes"]["won"].update(choices=[{"text": "Upsell", "next": "meh"}]))
    assert errors_of(source) == [
        "modules/questions.yaml: concepts[0].variants[1].nodes.won: an ending (end: ...) cannot have choices"
    ]
