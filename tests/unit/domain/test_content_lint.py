"""Content lint: the length cues, thin and repeated practice, implausible distractors."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillpath.domain.content import parse_package
from skillpath.domain.content.cues import (
    Tally,
    choice_rank,
    correct_is_longest,
    cue_stats,
    move_values,
    reply_cues,
    similarity,
)
from skillpath.domain.content.lint import (
    FEW_VARIANTS,
    IMPLAUSIBLE_OPTION,
    NEAR_DUPLICATE,
    OPTION_LENGTH,
    REPLY_LENGTH,
    LintRules,
    lint_package,
    module_warnings,
    share_warnings,
)
from skillpath.domain.content.model import Choice, Cloze, Module, Scenario
from tests.helpers import mini_source
from tests.unit.domain.test_grading_strategies import ACTIVITIES, Activity, choices, scenarios

PLANS = "Enterprise includes single sign-on"


def choice(*options: tuple[str, bool]) -> Choice:
    return Choice.model_validate(
        {"type": "choice", "prompt": "Which?", "options": [{"text": t, "correct": c} for t, c in options]}
    )


def scenario(nodes: dict[str, Any]) -> Scenario:
    return Scenario.model_validate({"type": "scenario", "prompt": "A call.", "start": "a", "nodes": nodes})


def cloze(text: str) -> Cloze:
    return Cloze.model_validate({"type": "cloze", "prompt": "Complete.", "text": text})


def module(*variants: Activity, concepts: int = 1) -> Module:
    return Module.model_validate(
        {
            "id": "m",
            "title": "M",
            "skills": ["s"],
            "minutes": 5,
            "pass_score": 0.8,
            "lesson": [{"text": "x"}],
            "concepts": [{"id": f"c{i}", "title": "C", "variants": list(variants)} for i in range(concepts)],
        }
    )


def checks_of(m: Module, rules: LintRules | None = None) -> list[tuple[str, str]]:
    return [(w.path, w.check) for w in module_warnings(m, "modules/m.yaml", rules or LintRules())]


FOUR_DISTINCT = [
    cloze("Every contract is {{annual}} and priced per {{location}}."),
    cloze("A P1 on Enterprise gets a first response within {{30 minutes}}, around the clock."),
    cloze("Growth customers with a custom ERP connect it through the public {{REST API}} and webhooks."),
    cloze("Stockroom counts a warehouse as one {{location}} when the Harbor Foods quote is priced."),
]


# --- the longest-option cue --------------------------------------------------------------------


def test_the_correct_option_is_longest_only_when_strictly_longer_than_every_other() -> None:
    assert correct_is_longest(choice(("a longer answer", True), ("short", False)))
    assert not correct_is_longest(choice(("short", True), ("a longer answer", False)))
    assert not correct_is_longest(choice(("same!", True), ("equal", False)))


def test_a_correct_option_much_longer_than_every_distractor_is_a_cue() -> None:
    cued = choice(
        ("Enterprise, because it carries the 99.9% uptime SLA", True), ("Growth", False), ("Essentials", False)
    )
    assert (
        "concepts[0].variants[0].options",
        OPTION_LENGTH,
    ) in checks_of(module(cued))


def test_a_correct_option_slightly_longer_than_a_distractor_is_no_cue() -> None:
    fair = choice(("Enterprise, for the 99.9% uptime SLA", True), ("Growth, for its 1-hour P1 target", False))
    assert OPTION_LENGTH not in [check for _, check in checks_of(module(fair))]


def test_several_correct_options_are_a_cue_only_when_every_one_is_much_longer() -> None:
    cued = choice(
        ("A ready connector for the scanner models", True),
        ("The REST API and webhooks for the ERP", True),
        ("Nothing", False),
    )
    mixed = choice(("A ready connector for the scanner models", True), ("REST API", True), ("Nothing", False))
    assert ("concepts[0].variants[0].options", OPTION_LENGTH) in checks_of(module(cued))
    assert ("concepts[0].variants[0].options", OPTION_LENGTH) not in checks_of(module(mixed))


# --- implausible options -----------------------------------------------------------------------


def test_a_distractor_much_shorter_than_the_rest_is_implausible() -> None:
    options = (
        ("Ask what a stockout weekend costs them today", True),
        ("Offer 10% off if they sign this quarter", False),
        ("Nothing", False),
    )
    assert ("concepts[0].variants[0].options[2]", IMPLAUSIBLE_OPTION) in checks_of(module(choice(*options)))


def test_a_short_correct_option_and_uniformly_short_options_are_not_implausible() -> None:
    short_answer = choice(
        ("Confirm", True), ("Acknowledge the concern and ask", False), ("Clarify the concern and ask", False)
    )
    all_short = choice(("P1", True), ("P2", False), ("P3", False))
    assert IMPLAUSIBLE_OPTION not in [c for _, c in checks_of(module(short_answer))]
    assert IMPLAUSIBLE_OPTION not in [c for _, c in checks_of(module(all_short))]


def test_a_scenario_reply_much_shorter_than_its_siblings_is_implausible() -> None:
    s = scenario(
        {
            "a": {
                "text": "Buyer: it's expensive.",
                "choices": [
                    {"text": "'Compared with what: your spreadsheets or another system?'", "next": "w", "points": 2},
                    {"text": "'Fine, I can take 10% off if you sign by Friday.'", "next": "l", "points": 0},
                    {"text": "Hang up.", "next": "l", "points": 0},
                ],
            },
            "w": {"text": "Won.", "end": "success"},
            "l": {"text": "Lost.", "end": "fail"},
        }
    )
    assert checks_of(module(s, *FOUR_DISTINCT[1:])) == [
        ("concepts[0].variants[0].nodes.a.choices[2]", IMPLAUSIBLE_OPTION)
    ]


# --- scenarios whose best path is always the longest reply -------------------------------------


def two_decisions(best_first: str, other_first: str, best_second: str, other_second: str) -> Scenario:
    return scenario(
        {
            "a": {
                "text": "Start.",
                "choices": [
                    {"text": best_first, "next": "b", "points": 2},
                    {"text": other_first, "next": "l", "points": 0},
                ],
            },
            "b": {
                "text": "Then.",
                "choices": [
                    {"text": other_second, "next": "l", "points": 1},
                    {"text": best_second, "next": "w", "points": 2},
                ],
            },
            "w": {"text": "Won.", "end": "success"},
            "l": {"text": "Lost.", "end": "fail"},
        }
    )


def test_a_best_path_that_always_takes_the_longest_reply_is_a_cue() -> None:
    cued = two_decisions(
        "Ask what the stockout cost them", "Offer a discount", "Confirm the next step in writing", "Send the deck"
    )
    assert reply_cues(cued) == {"a": "longest", "b": "longest"}
    assert ("concepts[0].variants[0].nodes", REPLY_LENGTH) in checks_of(module(cued))


def test_one_short_best_move_on_the_path_breaks_the_cue() -> None:
    fair = two_decisions(
        "Ask what it costs", "Offer a 10% discount", "Confirm the next step in writing", "Send the deck"
    )
    assert reply_cues(fair) == {"a": "shortest", "b": "longest"}
    assert REPLY_LENGTH not in [c for _, c in checks_of(module(fair))]


def test_a_node_whose_replies_are_all_worth_the_same_is_not_a_decision() -> None:
    s = scenario(
        {
            "a": {
                "text": "Start.",
                "choices": [
                    {"text": "Left, the long way", "next": "w", "points": 1},
                    {"text": "Right", "next": "w", "points": 1},
                ],
            },
            "w": {"text": "Done.", "end": "success"},
        }
    )
    assert reply_cues(s) == {}
    assert move_values(s) == {"a": [1, 1]}


def test_the_value_of_a_move_counts_what_can_follow_it() -> None:
    s = two_decisions("x" * 5, "y" * 20, "z" * 30, "w" * 2)
    assert move_values(s) == {"a": [4, 0], "b": [1, 2]}


# --- variants: how many, and how alike ---------------------------------------------------------


def test_a_concept_with_fewer_than_four_variants_is_flagged_once() -> None:
    assert checks_of(module(*FOUR_DISTINCT[:3])) == [("concepts[0].variants", FEW_VARIANTS)]
    assert checks_of(module(*FOUR_DISTINCT)) == []
    assert checks_of(module(*FOUR_DISTINCT[:3]), LintRules(min_variants=3)) == []


def test_a_variant_that_rewords_another_is_a_near_duplicate() -> None:
    reworded = cloze("Each contract is {{annual}} and is priced per {{location}}.")
    warnings = module_warnings(module(*FOUR_DISTINCT, reworded), "modules/m.yaml")
    assert [(w.path, w.check) for w in warnings] == [("concepts[0].variants[4]", NEAR_DUPLICATE)]
    assert "with variants[0]" in warnings[0].message


def test_similarity_ignores_function_words_and_fills_the_blanks() -> None:
    assert similarity(cloze("The {{annual}} contract"), cloze("an annual contract, {{the}}")) == 1.0
    assert similarity(FOUR_DISTINCT[0], FOUR_DISTINCT[2]) < LintRules().near_duplicate


@settings(suppress_health_check=[HealthCheck.too_slow])  # two activities of any type: slow to draw on a busy machine
@given(ACTIVITIES, ACTIVITIES)
def test_similarity_is_a_symmetric_share(a: Activity, b: Activity) -> None:
    assert 0 <= similarity(a, b) == similarity(b, a) <= 1
    assert similarity(a, a) == 1


# --- properties of the length checks -----------------------------------------------------------


@given(choices(), st.integers(1, 80))
def test_options_of_equal_length_never_give_a_length_warning(c: Choice, width: int) -> None:
    equal = Choice.model_validate(
        {
            **c.model_dump(),
            "options": [{**o.model_dump(), "text": f"{i:03d}".ljust(width + 3, "x")} for i, o in enumerate(c.options)],
        }
    )
    assert not correct_is_longest(equal)
    assert {OPTION_LENGTH, IMPLAUSIBLE_OPTION}.isdisjoint(c for _, c in checks_of(module(equal)))


@given(scenarios())
def test_replies_of_equal_length_never_give_a_length_warning(s: Scenario) -> None:
    nodes = {
        node_id: {**n.model_dump(), "choices": [{**c.model_dump(), "text": "same reply"} for c in n.choices]}
        for node_id, n in s.nodes.items()
    }
    equal = Scenario.model_validate({**s.model_dump(), "nodes": nodes})
    assert set(reply_cues(equal).values()) <= {None}
    assert {REPLY_LENGTH, IMPLAUSIBLE_OPTION}.isdisjoint(c for _, c in checks_of(module(equal)))


@given(scenarios())
def test_making_every_best_move_the_longest_reply_makes_every_decision_a_cue(s: Scenario) -> None:
    values = move_values(s)
    nodes = {}
    for node_id, n in s.nodes.items():
        best = max(values.get(node_id, [0]))
        texts = [
            "the best move, written out at length" if values.get(node_id) and values[node_id][i] == best else "other"
            for i in range(len(n.choices))
        ]
        nodes[node_id] = {
            **n.model_dump(),
            "choices": [{**c.model_dump(), "text": t} for c, t in zip(n.choices, texts, strict=True)],
        }
    cued = Scenario.model_validate({**s.model_dump(), "nodes": nodes})
    cues = reply_cues(cued)
    assert set(cues) <= set(values)
    assert all(cues[n] == "longest" for n in cues if values[n].count(max(values[n])) == 1)


@given(st.lists(choices(), max_size=8))
def test_cue_stats_count_only_single_answer_choices(cs: list[Choice]) -> None:
    stats = cue_stats([module(*cs)] if cs else [])
    assert stats.choices.total == sum(not c.multiple for c in cs)
    assert stats.choices.longest + stats.choices.shortest <= stats.choices.total
    assert 0 <= stats.choices.share("longest") <= 1 and 0 <= stats.choices.share("shortest") <= 1
    assert stats.choices.chance == sum(1 / len(c.options) for c in cs if not c.multiple)


# --- the package -------------------------------------------------------------------------------


def test_the_mini_package_lints_with_every_warning_in_file_order() -> None:
    report = lint_package(parse_package(mini_source()))
    assert [str(w).split(": ")[0:2] for w in report.warnings] == [
        ["modules/basics.yaml", "concepts[0].variants"],
        ["modules/basics.yaml", "concepts[0].variants[0].options"],
        ["modules/basics.yaml", "concepts[1].variants"],
        ["modules/closing-talk.yaml", "concepts[0].variants"],
        ["modules/closing-talk.yaml", "concepts[1].variants"],
        ["modules/questions.yaml", "concepts[0].variants"],
        ["modules/questions.yaml", "concepts[0].variants[1].nodes"],
    ]
    assert report.counts() == {OPTION_LENGTH: 1, REPLY_LENGTH: 1, FEW_VARIANTS: 5}
    assert report.stats.variant_counts == (2, 2, 2, 1, 2)


def test_a_package_whose_correct_options_are_mostly_longest_is_warned_with_its_worst_modules() -> None:
    cued = [choice((f"the right answer number {i}", True), (f"wrong {i}", False)) for i in range(5)]
    fair = [choice((f"right {i}", True), (f"a wrong answer number {i}", False)) for i in range(3)]
    stats = cue_stats([module(*cued), module(*fair).model_copy(update={"id": "n"})])
    assert stats.choices == Tally(total=8, longest=5, shortest=3, chance=4.0)
    warnings = share_warnings(
        stats, "package.yaml", "", "in the package", {"m": "modules/m.yaml", "n": "modules/n.yaml"}
    )
    assert [w.check for w in warnings] == [OPTION_LENGTH]
    assert warnings[0].message.startswith(
        "the correct option is the longest option in 62% of single-answer choices in the package "
        "(5 of 8; chance would give 50%, keep it at most 60%)"
    )
    assert warnings[0].message.endswith("most in modules/m.yaml (5 of 5)")
    too_few = cue_stats([module(*cued[:4])])
    assert share_warnings(too_few, "package.yaml", "", "here", {"m": "modules/m.yaml"}) == []


def test_a_package_whose_best_moves_are_mostly_the_longest_replies_is_warned() -> None:
    cued = two_decisions("Ask what the stockout cost them", "Offer a discount", "Confirm the next step", "Send a deck")
    stats = cue_stats([module(cued, cued, cued)])
    assert (stats.replies.longest, stats.replies.total, stats.replies.share("longest")) == (6, 6, 1.0)
    warnings = share_warnings(stats, "package.yaml", "roles[0]", "on the Seller path", {"m": "modules/m.yaml"})
    assert [(w.path, w.check) for w in warnings] == [("roles[0]", REPLY_LENGTH)]
    assert "100% of scenario decisions on the Seller path (6 of 6; chance would give 50%" in warnings[0].message
    assert cue_stats([]).replies.share("longest") == cue_stats([]).replies.chance_share == 0.0


def test_answers_that_are_mostly_the_shortest_option_are_a_cue_too() -> None:
    cued = [
        choice((f"right {i}", True), (f"a wrong answer {i}", False), (f"another wrong one {i}", False))
        for i in range(6)
    ]
    stats = cue_stats([module(*cued)])
    assert (stats.choices.shortest, stats.choices.longest) == (6, 0)
    assert abs(stats.choices.chance_share - 1 / 3) < 1e-9
    (warning,) = share_warnings(stats, "package.yaml", "", "here", {"m": "modules/m.yaml"})
    assert warning.message.startswith("the correct option is the shortest option in 100% of single-answer choices here")
    assert "chance would give 33%, keep it at most 43%" in warning.message


def test_a_correct_option_much_shorter_than_every_distractor_is_a_cue() -> None:
    cued = choice(
        ("Growth", True), ("Enterprise, for its 99.9% uptime SLA", False), ("Essentials, for its price", False)
    )
    assert choice_rank(cued) == "shortest"
    warnings = module_warnings(module(cued), "modules/m.yaml")
    assert [w.check for w in warnings] == [FEW_VARIANTS, OPTION_LENGTH]
    assert "much shorter than every distractor (6 vs at least 25 characters)" in warnings[1].message


def test_a_best_path_that_always_takes_the_shortest_reply_is_a_cue() -> None:
    cued = two_decisions("Ask why", "Offer them a discount today", "Confirm it", "Send the full deck tonight")
    assert reply_cues(cued) == {"a": "shortest", "b": "shortest"}
    warnings = [w for w in module_warnings(module(cued), "m.yaml") if w.check == REPLY_LENGTH]
    assert [w.message.split(" (")[0] for w in warnings] == [
        "the best move is the shortest reply at every decision on the best path"
    ]


def test_translated_modules_are_linted_for_their_own_cues_but_not_their_originals_structure() -> None:
    warnings = lint_package(parse_package(mini_source(translated=True))).warnings
    translated = [(w.file, w.path, w.check) for w in warnings if w.file.startswith("translations/")]
    assert translated == [
        ("translations/de/modules/basics.yaml", "concepts[0].variants[0].options", "option-length"),
        ("translations/de/modules/questions.yaml", "concepts[0].variants[1].nodes", "reply-length"),
    ]
    assert "(43 vs at most 26 characters" in next(
        w.message for w in warnings if w.file.endswith("de/modules/basics.yaml")
    )
