"""Translations of a package: parsed like the originals, compared with them, merged for grading."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.content import parse_package
from skillpath.domain.content.model import Cloze, Module
from skillpath.domain.content.translations import (
    LANGUAGES,
    language_problem,
    localized_text,
    merge_answers,
    structure_problems,
)
from skillpath.domain.grading import grade
from tests.helpers import edit_yaml, mini_source
from tests.unit.domain.test_content_validation import errors_of

DE = "translations/de/modules/basics.yaml"
QUESTIONS_DE = "translations/de/modules/questions.yaml"
PACKAGE_DE = "translations/de/package.yaml"


def translated() -> dict[str, bytes]:
    return mini_source(translated=True)


def edit(file: str, change: Any) -> dict[str, bytes]:
    return edit_yaml(translated(), file, change)


def test_a_translated_package_parses_with_its_languages_modules_and_titles() -> None:
    package = parse_package(translated())
    german = package.translations["de"]
    assert sorted(german.modules) == ["basics", "questions"]  # closing-talk stays English
    assert german.modules["basics"].title == "Grundlagen des Zuhörens"
    assert german.package is not None and german.package.roles[0].title == "Verkäufer/in"
    assert set(package.translations) <= set(LANGUAGES)


def test_a_package_without_translations_has_none() -> None:
    assert parse_package(mini_source()).translations == {}


def test_a_changed_correct_flag_is_named_with_its_path_and_the_fix() -> None:
    source = edit(DE, lambda d: d["concepts"][0]["variants"][0]["options"][1].update(correct=True))
    assert errors_of(source) == [
        f"{DE}: concepts[0].variants[0].options[1].correct: is true, the original has false; a translation keeps "
        "the original's structure and answers: copy this value from the original"
    ]


def test_a_missing_option_and_an_extra_concept_say_how_many_the_original_has() -> None:
    missing = edit(DE, lambda d: d["concepts"][0]["variants"][0]["options"].append({"text": "Noch eine?"}))
    extra = edit(DE, lambda d: d["concepts"].append(d["concepts"][0]))
    assert errors_of(missing) == [
        f"{DE}: concepts[0].variants[0].options: has 3 options, the original has 2; "
        "translate each one and keep their number and order"
    ]
    assert errors_of(extra) == [
        f"{DE}: concepts: has 3 concepts, the original has 2; translate each one and keep their number and order"
    ]


def test_compare_names_lists_mappings_and_nothing_in_its_messages() -> None:
    from skillpath.domain.content.translations import KEEP, _compare

    assert list(_compare(["a", "b"], ["a"], (), True)) == [
        ((), "has 1 entries, the original has 2; translate each one and keep their number and order")
    ]
    assert list(_compare({"x": None}, {"x": [1]}, (), False)) == [
        (("x",), f"is a list, the original has nothing; {KEEP}")
    ]
    assert list(_compare({"x": {}}, {"x": 1}, (), False)) == [(("x",), f"is 1, the original has a mapping; {KEEP}")]


def test_missing_or_extra_keys_and_texts_are_reported() -> None:
    no_explanation = edit(DE, lambda d: d["concepts"][0]["variants"][0].pop("explanation"))
    extra_feedback = edit(QUESTIONS_DE, lambda d: d["concepts"][0]["variants"][0].update(explanation="Mehr."))
    new_node = edit(
        QUESTIONS_DE, lambda d: d["concepts"][0]["variants"][1]["nodes"].update(extra={"text": "Neu", "end": "fail"})
    )
    lost_node = edit(QUESTIONS_DE, lambda d: d["concepts"][0]["variants"][1]["nodes"].pop("meh"))
    assert errors_of(no_explanation) == [
        f"{DE}: concepts[0].variants[0].explanation: missing: the original has this text; translate it"
    ]
    assert errors_of(extra_feedback) == [
        f"{QUESTIONS_DE}: concepts[0].variants[0].explanation: "
        "the original has no text here; remove it (a translation adds nothing)"
    ]
    assert errors_of(new_node) == [
        f"{QUESTIONS_DE}: concepts[0].variants[1].nodes.extra: not in the original; remove it (a translation adds "
        "nothing)"
    ]
    lost = f"{QUESTIONS_DE}: concepts[0].variants[1].nodes.meh: missing: the original has it; translate it"
    assert lost + " (or copy it when it is not text)" in errors_of(lost_node)


def test_structural_values_ids_points_and_types_must_stay() -> None:
    source = edit(
        QUESTIONS_DE,
        lambda d: (
            d["concepts"][0]["variants"][0]["items"][0].update(category="problem"),
            d["concepts"][0]["variants"][1]["nodes"]["open"]["choices"][0].update(points=1),
            d["concepts"][0].update(id="schmerz"),
            d.update(pass_score=0.5),
        ),
    )
    assert errors_of(source) == [
        f"{QUESTIONS_DE}: pass_score: is 0.5, the original has 0.7; a translation keeps the original's structure "
        "and answers: copy this value from the original",
        f"{QUESTIONS_DE}: concepts[0].id: is 'schmerz', the original has 'pain-first'; a translation keeps the "
        "original's structure and answers: copy this value from the original",
        f"{QUESTIONS_DE}: concepts[0].variants[0].items[0].category: is 'problem', the original has 'situation'; "
        "a translation keeps the original's structure and answers: copy this value from the original",
        f"{QUESTIONS_DE}: concepts[0].variants[1].nodes.open.choices[0].points: is 1, the original has 2; a "
        "translation keeps the original's structure and answers: copy this value from the original",
    ]


def test_a_lesson_block_of_another_kind_and_a_changed_media_path_are_reported() -> None:
    source = edit(
        DE,
        lambda d: (d["lesson"].__setitem__(1, {"text": "Fragen"}), d["lesson"][2]["image"].update(src="media/x.svg")),
    )
    errors = errors_of(source)
    assert (
        f"{DE}: lesson[1].reveal: missing: the original has it; translate it (or copy it when it is not text)" in errors
    )
    assert f"{DE}: lesson[1].text: not in the original; remove it (a translation adds nothing)" in errors
    assert any(e.startswith(f"{DE}: lesson[2].image.src: is 'media/x.svg'") for e in errors)


def test_a_cloze_keeps_its_number_of_blanks_but_may_change_its_answers() -> None:
    fewer = edit(DE, lambda d: d["concepts"][0]["variants"][1].update(text="Eine offene Frage beginnt meist so."))
    more = edit(DE, lambda d: d["concepts"][0]["variants"][1].update(text="{{Was}} und {{wie}} fragen."))
    other = edit(DE, lambda d: d["concepts"][0]["variants"][1].update(text="Fragen Sie mit {{wozu|wofür}}."))
    keep = "keep every {{answer|alternatives}} (translate the answers, not the number of blanks)"
    assert errors_of(fewer) == [
        f"{DE}: concepts[0].variants[1].text: no blanks; write each blank as {{{{answer}}}} or "
        "{{answer|alternative}}",
        f"{DE}: concepts[0].variants[1].text: has 0 blanks, the original has 1; {keep}",
    ]
    assert errors_of(more) == [f"{DE}: concepts[0].variants[1].text: has 2 blanks, the original has 1; {keep}"]
    cloze = parse_package(other).translations["de"].modules["basics"].concepts[0].variants[1]
    assert isinstance(cloze, Cloze) and cloze.blanks == [["wozu", "wofür"]]


def test_a_translated_activity_is_checked_like_the_original() -> None:
    source = edit(
        DE,
        lambda d: d["concepts"][0]["variants"][0]["options"][1].update(
            text="Wie sieht eine gute Woche für Ihr Team aus?"
        ),
    )
    assert errors_of(source) == [
        f"{DE}: concepts[0].variants[0].options[1]: duplicate option 'Wie sieht eine gute Woche für Ihr Team aus?'"
    ]


def test_a_translated_module_is_parsed_with_the_same_parser() -> None:
    bad_yaml = {**translated(), DE: b"id: [\n"}
    bad_shape = edit(DE, lambda d: d.update(minutes="viele"))
    assert errors_of(bad_yaml)[0].startswith(f"{DE}: YAML syntax error at line 2")
    assert errors_of(bad_shape) == [
        f"{DE}: minutes: input should be a valid integer, unable to parse string as an integer"
    ]


def test_unknown_language_source_language_unknown_module_and_stray_files_are_refused() -> None:
    base = translated()
    source = {
        **base,
        "translations/fr/modules/basics.yaml": base[DE],
        "translations/en/package.yaml": b"title: X\n",
        "translations/de/modules/nope.yaml": base[DE],
        "translations/de/media/ohr.svg": b"<svg/>",
        "translations/de/modules/basics.txt": b"x",
        "translations/README.md": b"x",
    }
    assert errors_of(source) == [
        "translations/README.md: unknown language ''; translate into one of de, es (the platform's languages)",
        "translations/de/media/ohr.svg: only package.yaml and modules/<module id>.yaml belong in translations/de/",
        "translations/de/modules/basics.txt: only package.yaml and modules/<module id>.yaml belong in translations/de/",
        "translations/de/modules/nope.yaml: no module 'nope' in the package (no modules/nope.yaml); translate an "
        "existing module",
        "translations/en/package.yaml: 'en' is the language of the original; translations are in de, es",
        "translations/fr/modules/basics.yaml: unknown language 'fr'; translate into one of de, es (the platform's "
        "languages)",
    ]


def test_a_translation_of_a_broken_original_is_not_reported_again() -> None:
    source = edit(DE, lambda d: None)
    source = edit_yaml(source, "modules/basics.yaml", lambda d: d.update(minutes=0))
    assert errors_of(source) == ["modules/basics.yaml: minutes: input should be greater than or equal to 1"]


def test_language_problem_accepts_only_the_platforms_other_languages() -> None:
    assert language_problem("de") is None and language_problem("es") is None
    assert language_problem("en") is not None and language_problem("de-AT") is not None


def test_the_translated_package_yaml_names_only_existing_ids() -> None:
    def change(d: dict[str, Any]) -> None:
        d["skills"].append({"id": "juggling", "title": "Jonglieren"})
        d["skills"].append({"id": "listening", "title": "Noch einmal"})
        d["skills"][1]["rubric"] = {"criteria": [{"id": "x", "title": "X"}]}
        d["roles"][0]["levels"].append({"id": "boss", "title": "Chef"})
        d["roles"][0]["milestones"].append({"id": "later", "title": "Später"})
        d["roles"].append({"id": "buyer", "title": "Einkäufer"})

    assert errors_of(edit(PACKAGE_DE, change)) == [
        f"{PACKAGE_DE}: skills[2].id: no skill 'juggling' in the original package.yaml (the ids there: listening, "
        "closing)",
        f"{PACKAGE_DE}: skills[3].id: skill 'listening' is translated twice",
        f"{PACKAGE_DE}: skills[1].rubric: skill 'closing' has no rubric in the original; remove this one",
        f"{PACKAGE_DE}: roles[1].id: no role 'buyer' in the original package.yaml (the ids there: seller)",
        f"{PACKAGE_DE}: roles[0].levels[2].id: no level 'boss' in the original package.yaml (the ids there: seller, "
        "senior-seller)",
        f"{PACKAGE_DE}: roles[0].milestones[1].id: no milestone 'later' in the original package.yaml (the ids "
        "there: seller-onboarded)",
    ]


def test_a_translated_rubric_and_certificate_need_an_original_one() -> None:
    def rubric(d: dict[str, Any]) -> None:
        d["skills"][0]["rubric"] = {"criteria": [{"id": "asks", "title": "Fragt"}, {"id": "nope", "title": "Nein"}]}

    source = edit_yaml(
        translated(),
        "package.yaml",
        lambda d: (
            d["skills"][0].update(rubric={"criteria": [{"id": "asks", "title": "Asks"}]}),
            d["roles"][0].pop("certificate"),
        ),
    )
    source = edit_yaml(source, PACKAGE_DE, rubric)
    assert errors_of(source) == [
        f"{PACKAGE_DE}: skills[0].rubric.criteria[1].id: no criterion 'nope' in the original package.yaml (the ids "
        "there: asks)",
        f"{PACKAGE_DE}: roles[0].certificate: role 'seller' has no certificate in the original; remove this one",
    ]


def test_a_translated_package_yaml_is_checked_for_its_shape_and_skipped_with_a_broken_header() -> None:
    bad = edit(PACKAGE_DE, lambda d: d.update(version="2"))
    assert errors_of(bad) == [f"{PACKAGE_DE}: version: unknown field (check its spelling and indentation)"]
    no_header = {**translated(), "package.yaml": b"format: skillpath/1\n"}
    assert not [e for e in errors_of(no_header) if e.startswith("translations/")]


def test_localized_text_falls_back_to_the_original() -> None:
    texts = {"de": "Offene Fragen", "es": ""}
    assert localized_text(texts, "de", "Open questions") == "Offene Fragen"
    assert localized_text(texts, "es", "Open questions") == "Open questions"
    assert localized_text(texts, None, "Open questions") == "Open questions"
    assert localized_text({}, "de", "Open questions") == "Open questions"


def _module(source: dict[str, bytes], file: str) -> Module:
    return Module.model_validate(yaml.safe_load(source[file]))


def test_a_german_cloze_is_graded_against_the_german_answers_and_accepts_the_english_ones() -> None:
    source = translated()
    original = _module(source, "modules/basics.yaml").concepts[0].variants[1]
    german = _module(source, DE).concepts[0].variants[1]
    merged = merge_answers(german.model_dump(mode="json"), original.model_dump(mode="json"))
    cloze = Cloze.model_validate(merged)
    assert cloze.blanks == [["was", "wie", "warum", "what", "how", "why"]]
    assert grade(cloze, {"blanks": ["Wie"]}).score == 1
    assert grade(cloze, {"blanks": ["why"]}).score == 1
    assert grade(cloze, {"blanks": ["wann"]}).score == 0
    assert grade(cloze, {"blanks": ["wann"]}).feedback[0].expected == "was"


def test_merge_answers_adds_the_originals_typed_simulation_answers_and_leaves_other_activities() -> None:
    def sim(answer: str, option: str) -> dict[str, Any]:
        return {
            "type": "simulation",
            "prompt": "p",
            "steps": [
                {
                    "title": "t",
                    "text": "x",
                    "fields": [
                        {"label": "a", "answer": answer},
                        {"label": "b", "answer": option, "options": [option, "z"]},
                    ],
                },
                {"title": "t", "text": "x", "hotspots": [{"label": "Go", "correct": True}, {"label": "No"}]},
            ],
        }

    merged = merge_answers(sim("Lager|Bestand", "Ja"), sim("stock|Bestand", "Yes"))
    assert merged["steps"][0]["fields"][0]["answer"] == "Lager|Bestand|stock"
    assert merged["steps"][0]["fields"][1]["answer"] == "Ja"
    assert merged["steps"][1] == sim("", "")["steps"][1]
    choice = {"type": "choice", "prompt": "p", "options": []}
    assert merge_answers(choice, choice) is choice
    assert merge_answers(None, choice) is None


def test_a_list_field_keeps_the_original_option_as_its_answer() -> None:
    def module(options: list[str], answer: str) -> Module:
        step = {"title": "t", "text": "x", "fields": [{"label": "Status", "answer": answer, "options": options}]}
        hot = {"title": "t", "text": "x", "hotspots": [{"label": "Go", "correct": True}, {"label": "No"}]}
        activity = {"type": "simulation", "prompt": "p", "steps": [step, hot]}
        concept = {"id": "c", "title": "C", "variants": [activity]}
        return Module.model_validate(
            {
                "id": "m",
                "title": "M",
                "skills": ["s"],
                "minutes": 1,
                "pass_score": 1,
                "lesson": [{"text": "x"}],
                "concepts": [concept],
            }
        )

    original = module(["Open", "Closed"], "Closed")
    assert list(structure_problems(original, module(["Offen", "Geschlossen"], "Geschlossen"))) == []
    assert list(structure_problems(original, module(["Offen", "Geschlossen"], "Offen"))) == [
        (
            ("concepts", 0, "variants", 0, "steps", 0, "fields", 0, "answer"),
            "is option 1, the original's answer is option 2; give the translation of the same option",
        )
    ]
    wrong = list(structure_problems(original, module(["Offen", "Geschlossen"], "Zu")))
    assert wrong == [
        (("concepts", 0, "variants", 0, "steps", 0, "fields", 0, "answer"), "'Zu' is not one of the field's options")
    ]


texts = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12).map(str.strip).filter(bool)


@given(st.lists(texts, min_size=2, max_size=5, unique=True), st.lists(texts, min_size=2, max_size=5, unique=True))
def test_only_the_number_of_order_items_matters_never_their_text(original: list[str], translation: list[str]) -> None:
    def module(items: list[str]) -> Module:
        activity = {"type": "order", "prompt": "p", "items": items}
        return Module.model_validate(
            {
                "id": "m",
                "title": "M",
                "skills": ["s"],
                "minutes": 1,
                "pass_score": 1,
                "lesson": [{"text": "x"}],
                "concepts": [{"id": "c", "title": "C", "variants": [activity]}],
            }
        )

    problems = list(structure_problems(module(original), module(translation)))
    assert (problems == []) == (len(original) == len(translation))
