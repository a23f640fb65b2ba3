from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.gates import Progress
from skillpath.domain.memory import MemoryModel
from skillpath.domain.proficiency import fading_since, skill_level, stage_level
from tests.unit.domain.builders import T0, curriculum, memory, module, sales

MODEL = MemoryModel()
PASSED = Progress(passed=True, started=True)


def passed(*ids: str) -> dict[str, Progress]:
    return dict.fromkeys(ids, PASSED)


def test_levels_follow_the_stages_passed() -> None:
    c = sales()
    assert stage_level(c, "s", {}) == 0
    assert stage_level(c, "s", passed("f")) == 1
    assert stage_level(c, "s", passed("f", "a1")) == 1  # every application module is needed
    assert stage_level(c, "s", passed("f", "a1", "a2")) == 2
    assert stage_level(c, "s", passed("f", "a1", "a2", "m")) == 3


def test_a_skill_taught_only_in_mastery_goes_from_0_straight_to_3() -> None:
    c = curriculum({"foundation": [module("f")], "mastery": [module("neg", skills=("n",))]})
    assert stage_level(c, "n", {}) == 0
    assert stage_level(c, "n", passed("neg")) == 3


def test_tested_out_counts_as_passed_and_reinforcement_modules_do_not_count() -> None:
    c = curriculum({"foundation": [module("f")], "reinforcement": [module("r")]})
    assert stage_level(c, "s", {"f": Progress(tested_out=True)}) == 1
    assert stage_level(c, "s", passed("r")) == 0


def test_level_4_needs_every_concept_recalled_14_days_after_learning() -> None:
    c = sales()
    progress = passed("f", "a1", "a2", "m")
    concepts = c.concepts_of_skill("s")
    memories = {k: memory(T0, retained_days=20) for k in concepts}
    now = T0 + timedelta(days=1)
    assert skill_level(c, "s", progress, memories, MODEL, now).level == 4
    memories[concepts[0]] = memory(T0, retained_days=3)
    level = skill_level(c, "s", progress, memories, MODEL, now)
    assert level.level == 3
    assert level.next_step is not None and "14+ days after learning to reach level 4" in level.next_step


def test_a_skill_with_low_predicted_recall_is_fading_and_counts_one_level_lower() -> None:
    c = sales()
    progress = passed("f", "a1", "a2")
    memories = {k: memory(T0, stability=2) for k in c.concepts_of_skill("s")}
    fresh = skill_level(c, "s", progress, memories, MODEL, T0 + timedelta(days=1))
    assert (fresh.level, fresh.fading, fresh.effective) == (2, False, 2)
    stale = skill_level(c, "s", progress, memories, MODEL, T0 + timedelta(days=30))
    assert (stale.level, stale.fading, stale.effective) == (2, True, 1)
    assert any("fading" in line for line in stale.explanation)


def test_every_level_is_explained() -> None:
    level = skill_level(sales(), "s", passed("f"), {}, MODEL, T0)
    assert level.explanation == ("Skill S: level 1 (foundation).", "Passed: F (foundation).")
    assert level.next_step == "Pass A1, A2 to reach level 2 (application)."
    assert skill_level(sales(), "s", {}, {}, MODEL, T0).explanation[1] == (
        "No module teaching this skill has been passed yet."
    )


def test_fading_since_finds_when_mean_recall_crossed_70_percent() -> None:
    c = sales()
    memories = {k: memory(T0, stability=2) for k in c.concepts_of_skill("s")}
    now = T0 + timedelta(days=30)
    since = fading_since(c, "s", memories, MODEL, now)
    assert since is not None and T0 < since < now
    assert skill_level(c, "s", {}, memories, MODEL, since + timedelta(minutes=2)).fading
    assert not skill_level(c, "s", {}, memories, MODEL, since - timedelta(minutes=2)).fading
    assert fading_since(c, "s", memories, MODEL, T0 + timedelta(hours=1)) is None


@given(st.sets(st.sampled_from(["f", "a1", "a2", "m"])))
def test_level_never_drops_when_more_modules_are_passed(done: set[str]) -> None:
    c = sales()
    base = stage_level(c, "s", passed(*done))
    for extra in ["f", "a1", "a2", "m"]:
        assert stage_level(c, "s", passed(*done, extra)) >= base


def test_a_level_is_named_in_words() -> None:
    c = sales()
    assert skill_level(c, "s", {}, {}, MODEL, T0).name == "not started"
    assert skill_level(c, "s", passed("f", "a1", "a2"), {}, MODEL, T0).name == "application"


def test_a_skill_taught_only_in_mastery_names_the_mastery_module_as_the_next_step() -> None:
    c = curriculum({"foundation": [module("f")], "mastery": [module("negotiation", skills=("n",))]})
    level = skill_level(c, "n", {}, {}, MODEL, T0)
    assert level.level == 0
    assert level.next_step == "Pass Negotiation to reach level 3 (mastery)."


def test_a_skill_taught_only_in_reinforcement_has_no_next_step() -> None:
    c = curriculum({"foundation": [module("f")], "reinforcement": [module("refresh", skills=("r",))]})
    level = skill_level(c, "r", passed("refresh"), {}, MODEL, T0)
    assert (level.level, level.next_step) == (0, None)


def test_fading_since_is_the_last_review_when_recall_was_already_low_then() -> None:
    c = sales()
    concepts = c.concepts_of_skill("s")
    last_review = T0 + timedelta(days=60)
    # Three concepts long forgotten and one just reviewed: the mean is below 70% from that review on.
    memories = {k: memory(T0, stability=1) for k in concepts[:3]} | {concepts[3]: memory(last_review, stability=1)}
    assert fading_since(c, "s", memories, MODEL, last_review + timedelta(days=1)) == last_review


def test_fading_on_is_the_first_day_mean_recall_is_below_70_percent() -> None:
    from skillpath.domain.proficiency import FADING_BELOW, fading_on

    memories = [memory(T0, stability=s) for s in (2, 5, 9)]
    day = fading_on(memories, MODEL)
    assert day is not None and day > T0
    mean = lambda at: sum(MODEL.retrievability(m, at) for m in memories) / 3  # noqa: E731
    assert mean(day) < FADING_BELOW <= mean(day - timedelta(days=1))
    assert fading_on([], MODEL) is None
    assert fading_on([memory(T0, stability=0.05)], MODEL) == T0 + timedelta(days=1)


def test_fading_on_is_the_last_review_when_recall_is_already_low_then() -> None:
    from dataclasses import replace

    from skillpath.domain.proficiency import fading_on

    old = replace(memory(T0, stability=0.01), last_review=T0 - timedelta(days=30))
    fresh = memory(T0, stability=0.01)
    assert fading_on([old, old, fresh], MODEL) == T0  # mean recall at the latest review is already below 70%
