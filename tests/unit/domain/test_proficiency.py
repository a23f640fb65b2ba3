"""Levels from evidence per concept: shown, recalled after a day, sustained over weeks; fading."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.evidence import ConceptEvidence
from skillpath.domain.gates import Progress
from skillpath.domain.memory import Memory, MemoryModel, Rating
from skillpath.domain.proficiency import earned_level, fading_since, level_from_evidence, skill_level, stage_level
from tests.unit.domain.builders import T0, curriculum, memory, module, sales

MODEL = MemoryModel()
PASSED = Progress(passed=True, started=True)
G, A = Rating.GOOD, Rating.AGAIN
PERFECT = [0, 2, 13, 59]  # the days a learner who always answers well is asked (default FSRS schedule)


def passed(*ids: str) -> dict[str, Progress]:
    return dict.fromkeys(ids, PASSED)


def history(days: Sequence[float], ratings: Sequence[Rating] | None = None) -> Memory:
    memory = MODEL.replay([(T0 + timedelta(days=d), r) for d, r in zip(days, ratings or [G] * len(days), strict=True)])
    assert memory is not None
    return memory


def everyone(days: Sequence[float], concepts: Sequence[str]) -> dict[str, Memory]:
    return {k: history(days) for k in concepts}


ALL = ("f", "a1", "a2", "m")


# --- golden: the levels a learner earns over time ----------------------------------------------------


def test_passing_every_module_on_the_first_day_is_level_1_not_mastery() -> None:
    c = sales()
    memories = everyone([0], c.concepts_of_skill("s"))
    level = skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(hours=2))
    assert level.level == 1
    assert level.next_step is not None and level.next_step.startswith("To reach level 2 (application): recall “f/c0”")


def test_mastery_needs_every_concept_recalled_a_day_or_more_after_learning() -> None:
    c = sales()
    concepts = c.concepts_of_skill("s")
    memories = everyone([0, 2], concepts)
    assert skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(days=2)).level == 3
    memories[concepts[-1]] = history([0])  # one mastery idea never recalled
    level = skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(days=2))
    assert level.level == 2
    assert level.missing == ("recall “m/c2” a day or more after learning it",)


def test_application_needs_application_work_and_the_foundation_recalled() -> None:
    c = sales()
    concepts = c.concepts_of_skill("s")
    foundation = [k for k in concepts if k.startswith("f/")]
    memories = everyone([0, 2], foundation) | everyone([2], [k for k in concepts if k.startswith("a")])
    at = T0 + timedelta(days=2)
    assert skill_level(c, "s", passed("f", "a1", "a2"), memories, MODEL, at).level == 2
    assert skill_level(c, "s", passed("f", "a1"), memories, MODEL, at).level == 1  # every application module
    level = skill_level(c, "s", passed("f"), memories, MODEL, at)
    assert level.missing == ("pass A1", "pass A2")


def test_sustained_needs_two_spaced_recalls_one_three_weeks_after_learning_and_a_stable_memory() -> None:
    c = sales()
    concepts = c.concepts_of_skill("s")
    on_day_13 = skill_level(c, "s", passed(*ALL), everyone(PERFECT[:3], concepts), MODEL, T0 + timedelta(days=13))
    assert on_day_13.level == 3
    assert on_day_13.missing[0] == "“f/c0”: a recall 21+ days after learning (longest so far: 13 days)"
    on_day_59 = skill_level(c, "s", passed(*ALL), everyone(PERFECT, concepts), MODEL, T0 + timedelta(days=59))
    assert on_day_59.level == 4
    assert on_day_59.next_step is None


def test_a_concept_with_11_lapses_in_27_reviews_is_not_sustained() -> None:
    days = [0, 2, 5, 8, 10, 13, 16, 20, 23, 27, 30, 34, 38, 42, 46, 50, 55, 60, 65, 70, 75, 80, 95, 110, 130, 155, 190]
    ratings = [G, A, G, A, G, G, A, G, A, G, A, G, A, G, A, G, A, G, A, G, G, A, G, A, G, G, G]
    shaky = history(days, ratings)
    assert (shaky.reviews, shaky.lapses) == (27, 11)
    assert shaky.spaced_recalls >= 2 and shaky.held_days >= 21  # its latest recalls alone would look sustained
    c = sales()
    concepts = c.concepts_of_skill("s")
    memories = everyone([0, 2, 13, 59, 190], concepts) | {concepts[0]: shaky}
    level = skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(days=190))
    assert level.level == 3
    assert level.missing == (
        "“f/c0”: a memory stable for 21+ days (now 14 days), fewer lapses (11 of 27 reviews; at most one in 4)",
    )


def test_a_lapse_restarts_the_evidence_of_retention() -> None:
    c = sales()
    concepts = c.concepts_of_skill("s")
    memories = everyone(PERFECT, concepts)
    memories[concepts[0]] = history([*PERFECT, 80], [G, G, G, G, A])
    level = skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(days=80))
    assert level.level == 3  # no longer sustained; still mastery: it was recalled after a spacing before
    assert level.missing[0].startswith("“f/c0”: 2 more spaced recalls (0 since its lapse on 2026-03-26)")


def test_tested_out_modules_count_as_shown() -> None:
    c = sales()
    progress = {"f": Progress(tested_out=True)}
    assert skill_level(c, "s", progress, {}, MODEL, T0).level == 1


def test_a_skill_taught_only_in_mastery_reaches_mastery_once_recalled() -> None:
    c = curriculum({"foundation": [module("f")], "mastery": [module("neg", skills=("n",))]})
    keys = c.concepts_of_skill("n")
    assert skill_level(c, "n", {}, {}, MODEL, T0).next_step == "To reach level 1 (foundation): pass Neg."
    assert skill_level(c, "n", passed("neg"), everyone([0], keys), MODEL, T0).level == 1
    assert skill_level(c, "n", passed("neg"), everyone([0, 2], keys), MODEL, T0 + timedelta(days=2)).level == 3


def test_a_skill_without_mastery_work_says_so() -> None:
    c = curriculum({"foundation": [module("f")], "application": [module("a")]})
    level = skill_level(c, "s", passed("f", "a"), everyone([0, 2], c.concepts_of_skill("s")), MODEL, T0)
    assert level.level == 2
    assert level.next_step == "Level 3 (mastery) needs mastery-stage work on this skill; your path has none."
    only = curriculum({"foundation": [module("f")]})
    assert skill_level(only, "s", passed("f"), {}, MODEL, T0).next_step == (
        "Level 2 (application) needs application-stage work on this skill; your path has none."
    )


def test_a_skill_taught_only_in_reinforcement_has_no_level_and_no_next_step() -> None:
    c = curriculum({"foundation": [module("f")], "reinforcement": [module("refresh", skills=("r",))]})
    level = skill_level(c, "r", passed("refresh"), {}, MODEL, T0)
    assert (level.level, level.next_step, level.concepts) == (0, None, ())
    assert level.explanation[1] == "No foundation, application or mastery module on your path teaches this skill."


def test_why_level_3_lists_every_concept_and_its_evidence() -> None:
    c = curriculum({"foundation": [module("f", concepts=1)], "mastery": [module("m", concepts=2)]})
    memories = {"f/c0": history(PERFECT), "m/c0": history([0, 2]), "m/c1": history([0, 2, 3], [G, A, G])}
    level = skill_level(c, "s", passed("f", "m"), memories, MODEL, T0 + timedelta(days=59))
    recall = round(100 * (level.mean_recall or 0))
    assert level.explanation == (
        "Skill S: level 3 (mastery).",
        "Of its 3 ideas: 3 shown, 3 recalled a day or more after learning, 1 sustained over weeks.",
        "“f/c0” (foundation): sustained: 3 spaced recalls, held 59 days, stable for 162 days.",
        "“m/c0” (mastery): recalled 2 days after learning.",
        "“m/c1” (mastery): recalled 3 days after learning; last lapse 2026-01-07.",
        f"Predicted recall now: {recall}% (fading: it counts one level lower until refreshed)."
        if level.fading
        else f"Predicted recall now: {recall}% (holding).",
    )
    assert level.next_step is not None and level.next_step.startswith("To reach level 4 (sustained): “m/c0”: ")


def test_not_shown_concepts_name_the_module_to_pass() -> None:
    level = skill_level(sales(), "s", passed("f"), {}, MODEL, T0)
    assert "“a1/c0” (application): not shown yet (pass A1)." in level.explanation
    assert "“f/c0” (foundation): shown in F; not yet recalled a day or more after learning." in level.explanation


# --- fading ----------------------------------------------------------------------------------------------


def test_a_skill_with_low_predicted_recall_is_fading_and_counts_one_level_lower() -> None:
    c = sales()
    memories = {k: memory(T0, stability=2, retained_days=2) for k in c.concepts_of_skill("s")}
    fresh = skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(days=1))
    assert (fresh.level, fresh.fading, fresh.effective) == (3, False, 3)
    stale = skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(days=30))
    assert (stale.level, stale.fading, stale.effective) == (3, True, 2)
    assert any("fading" in line for line in stale.explanation)


def test_fading_since_finds_when_mean_recall_crossed_70_percent() -> None:
    c = sales()
    memories = {k: memory(T0, stability=2) for k in c.concepts_of_skill("s")}
    now = T0 + timedelta(days=30)
    since = fading_since(c, "s", memories, MODEL, now)
    assert since is not None and T0 < since < now
    assert skill_level(c, "s", {}, memories, MODEL, since + timedelta(minutes=2)).fading
    assert not skill_level(c, "s", {}, memories, MODEL, since - timedelta(minutes=2)).fading
    assert fading_since(c, "s", memories, MODEL, T0 + timedelta(hours=1)) is None


def test_fading_since_is_the_last_review_when_recall_was_already_low_then() -> None:
    c = sales()
    concepts = c.concepts_of_skill("s")
    last_review = T0 + timedelta(days=60)
    memories = {k: memory(T0, stability=1) for k in concepts[:3]} | {concepts[3]: memory(last_review, stability=1)}
    assert fading_since(c, "s", memories, MODEL, last_review + timedelta(days=1)) == last_review


def test_fading_on_is_the_first_day_mean_recall_is_below_70_percent() -> None:
    from skillpath.domain.proficiency import FADING_BELOW, fading_on

    memories = [memory(T0, stability=s) for s in (2, 5, 9)]
    day = fading_on(memories, MODEL)
    assert day is not None and day > T0

    def mean(at: datetime) -> float:
        return sum(MODEL.retrievability(m, at) for m in memories) / 3

    assert mean(day) < FADING_BELOW <= mean(day - timedelta(days=1))
    assert fading_on([], MODEL) is None
    assert fading_on([memory(T0, stability=0.05)], MODEL) == T0 + timedelta(days=1)


@given(
    st.lists(
        st.tuples(st.floats(0.01, 60.0), st.integers(0, 40 * 24 * 60)),  # stability (days), minutes before the latest
        min_size=1,
        max_size=8,
    )
)
def test_fading_on_is_the_first_whole_day_when_mean_recall_by_date_is_below_the_line(
    stabilities: list[tuple[float, int]],
) -> None:
    """The fast search (recall from whole days since each review) agrees with recall read at each date."""
    from dataclasses import replace

    from skillpath.domain.proficiency import FADING_BELOW, fading_on

    latest = T0 + timedelta(days=40)
    memories = [
        replace(memory(T0, stability=s), last_review=latest - timedelta(minutes=before)) for s, before in stabilities
    ]
    start = max(m.last_review for m in memories)

    def below(at: datetime) -> bool:
        return sum(MODEL.retrievability(m, at) for m in memories) / len(memories) < FADING_BELOW

    day = fading_on(memories, MODEL)
    assert day is not None and below(day)
    assert day == start or not below(day - timedelta(days=1))


def test_fading_on_is_the_last_review_when_recall_is_already_low_then() -> None:
    from dataclasses import replace

    from skillpath.domain.proficiency import fading_on

    old = replace(memory(T0, stability=0.01), last_review=T0 - timedelta(days=30))
    fresh = memory(T0, stability=0.01)
    assert fading_on([old, old, fresh], MODEL) == T0


def test_a_level_is_named_in_words() -> None:
    c = sales()
    assert skill_level(c, "s", {}, {}, MODEL, T0).name == "not started"
    assert skill_level(c, "s", passed("f"), {}, MODEL, T0).name == "foundation"


# --- properties ----------------------------------------------------------------------------------------


@st.composite
def evidence_lists(draw: st.DrawFn) -> list[ConceptEvidence]:
    items = []
    for i in range(draw(st.integers(0, 7))):
        sustained = draw(st.booleans())
        recalled = sustained or draw(st.booleans())
        items.append(
            ConceptEvidence(
                f"c{i}", f"C{i}", draw(st.integers(1, 3)), f"M{i}", draw(st.booleans()), recalled, sustained
            )
        )
    return items


def stronger(e: ConceptEvidence, flag: str) -> ConceptEvidence:
    from dataclasses import replace

    if flag == "sustained":
        return replace(e, sustained=True, recalled=True)
    flags: dict[str, Any] = {flag: True}
    return replace(e, **flags)


@given(evidence_lists(), st.data())
def test_more_evidence_never_lowers_a_level(evidence: list[ConceptEvidence], data: st.DataObject) -> None:
    if not evidence:
        return
    i = data.draw(st.integers(0, len(evidence) - 1))
    flag = data.draw(st.sampled_from(["shown", "recalled", "sustained"]))
    more = [stronger(e, flag) if j == i else e for j, e in enumerate(evidence)]
    assert level_from_evidence(more) >= level_from_evidence(evidence)


@given(evidence_lists())
def test_each_level_implies_the_evidence_of_the_one_below(evidence: list[ConceptEvidence]) -> None:
    level = level_from_evidence(evidence)
    if level >= 3:
        assert all(e.shown and e.recalled for e in evidence) and any(e.stage == 3 for e in evidence)
    if level == 4:
        assert all(e.sustained for e in evidence)
    if level >= 2:
        assert all(e.shown and e.recalled for e in evidence if e.stage == 1)
    if level >= 1:
        assert any(e.shown for e in evidence)


REVIEWS = st.lists(st.tuples(st.floats(0, 200, allow_nan=False), st.sampled_from(list(Rating))), max_size=8)


def replayed(reviews: list[tuple[float, Rating]]) -> Memory:
    return history([0.0, *sorted(d for d, _ in reviews)], [G, *(r for _, r in sorted(reviews))])


@given(st.lists(REVIEWS, min_size=12, max_size=12), st.sets(st.sampled_from(ALL)))
def test_levels_from_real_histories_respect_their_time(
    histories: list[list[tuple[float, Rating]]], done: set[str]
) -> None:
    c = sales()
    memories = {k: replayed(h) for k, h in zip(c.concepts_of_skill("s"), histories, strict=True)}
    latest = max(m.last_review for m in memories.values())
    level = skill_level(c, "s", passed(*done), memories, MODEL, latest)
    assert level.level <= stage_level(c, "s", passed(*done)) or level.level == 4
    if level.level >= 2:  # never above level 1 within a day of the first answer
        assert any(m.retained_days >= 1 for m in memories.values())
    if level.level == 4:  # sustained: every concept kept for three weeks, and shown at level 3 first
        assert all(m.held_days >= 21 and m.stability >= 21 for m in memories.values())
        assert stage_level(c, "s", passed(*done)) == 3


@given(
    st.lists(
        st.lists(st.tuples(st.floats(0, 0.99, allow_nan=False), st.sampled_from(list(Rating))), max_size=6),
        min_size=12,
        max_size=12,
    )
)
def test_nobody_is_above_level_1_within_a_day_of_their_first_answer(
    histories: list[list[tuple[float, Rating]]],
) -> None:
    c = sales()
    memories = {k: replayed(h) for k, h in zip(c.concepts_of_skill("s"), histories, strict=True)}
    assert skill_level(c, "s", passed(*ALL), memories, MODEL, T0 + timedelta(days=1)).level <= 1


@given(st.sets(st.sampled_from(ALL)))
def test_the_modules_ceiling_never_drops_when_more_modules_are_passed(done: set[str]) -> None:
    c = sales()
    base = stage_level(c, "s", passed(*done))
    for extra in ALL:
        assert stage_level(c, "s", passed(*done, extra)) >= base


@given(
    st.lists(REVIEWS, min_size=12, max_size=12),
    st.sets(st.sampled_from(ALL)),
    st.sampled_from([None, 1, 2, 3, 4]),
    st.booleans(),
)
def test_the_level_an_answer_records_is_the_level_the_pages_explain(
    histories: list[list[tuple[float, Rating]]], done: set[str], needs: int | None, observed: bool
) -> None:
    """``earned_level`` (the answer path, no words) and ``skill_level`` (the pages, with words) never disagree,
    also where a level needs an observation on the job."""
    c = sales()
    if needs is not None:
        c = dataclasses.replace(c, observation_levels={"s": needs})
    memories = {k: replayed(h) for k, h in zip(c.concepts_of_skill("s"), histories, strict=True)}
    latest = max(m.last_review for m in memories.values())
    explained = skill_level(c, "s", passed(*done), memories, MODEL, latest, observed=observed)
    assert earned_level(c, "s", passed(*done), memories, observed=observed) == explained.level
