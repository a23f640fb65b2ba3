"""The fastest honest route to a level and to 100 % readiness, for a learner who does everything right."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from skillpath.domain.gates import Progress
from skillpath.domain.memory import MemoryModel, Rating
from skillpath.domain.pace import fastest_readiness, learning_days, minimum_days, perfect_schedule
from skillpath.domain.proficiency import skill_level
from tests.unit.domain.builders import T0, curriculum, module, sales

MODEL = MemoryModel()


def test_the_perfect_schedule_of_the_default_memory_model() -> None:
    schedule = perfect_schedule(MODEL)
    assert (schedule.review_days, schedule.recalled_day, schedule.sustained_day) == ((3, 17, 74), 3, 74)
    assert minimum_days(MODEL) == {1: 0, 2: 3, 3: 3, 4: 74}


def test_a_lower_desired_retention_spaces_reviews_further() -> None:
    assert perfect_schedule(MemoryModel(desired_retention=0.8)).sustained_day > 74


def test_the_perfect_schedule_really_earns_the_levels_on_those_days() -> None:
    c = sales()
    schedule = perfect_schedule(MODEL)
    progress = dict.fromkeys(["f", "a1", "a2", "m"], Progress(passed=True))

    def level_on(day: int) -> int:
        reviews = [(T0, Rating.GOOD)] + [
            (T0 + timedelta(days=d), Rating.GOOD) for d in schedule.review_days if d <= day
        ]
        memories = {k: MODEL.replay(reviews) for k in c.concepts_of_skill("s")}
        return skill_level(c, "s", progress, memories, MODEL, T0 + timedelta(days=day)).level  # type: ignore[arg-type]

    assert [level_on(d) for d in (0, 1, 3, 73, 74)] == [1, 1, 3, 3, 4]


def test_readiness_for_mastery_comes_three_days_after_the_last_lesson_and_sustained_after_74() -> None:
    c = sales()
    assert fastest_readiness(c, {"s": 1}, MODEL).days == 0
    assert fastest_readiness(c, {"s": 3}, MODEL).days == 3
    assert fastest_readiness(c, {"s": 4}, MODEL).days == 74


def test_a_daily_budget_spreads_the_lessons_and_delays_readiness() -> None:
    c = sales()  # four 5-minute modules
    route = fastest_readiness(c, {"s": 3}, MODEL, daily_minutes=10)
    assert route.module_days == {"f": 0, "a1": 0, "a2": 1, "m": 1}
    assert route.days == 4
    assert learning_days(c, ["f", "a1"], daily_minutes=3) == {"f": 0, "a1": 1}  # a longer module: a day of its own


def test_modules_already_passed_are_not_planned_again_and_prerequisites_are() -> None:
    c = sales()
    route = fastest_readiness(c, {"s": 3}, MODEL, daily_minutes=5, progress={"f": Progress(passed=True)})
    assert route.module_days == {"f": 0, "a1": 0, "a2": 1, "m": 2}


def test_a_level_the_path_cannot_give_is_unreachable() -> None:
    c = curriculum({"foundation": [module("f")], "application": [module("a")]})
    route = fastest_readiness(c, {"s": 3}, MODEL)
    assert route.days is None and route.skills[0].day is None
    assert fastest_readiness(c, {}, MODEL).days == 0


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.just("s"), st.integers(0, 4)), st.none() | st.integers(5, 30))
def test_readiness_never_comes_sooner_than_the_minimum_days_of_its_highest_level(
    requires: dict[str, int], budget: int | None
) -> None:
    route = fastest_readiness(sales(), requires, MODEL, daily_minutes=budget)
    top = max(requires.values(), default=0)
    assert route.days is not None
    assert route.days >= (minimum_days(MODEL)[top] if top else 0)
    if top >= 2:
        assert route.days >= 1  # never above level 1 within a day


def test_prerequisites_outside_the_skill_are_learned_first() -> None:
    c = curriculum({"foundation": [module("intro", skills=("t",))], "application": [module("a", requires=("intro",))]})
    route = fastest_readiness(c, {"s": 2}, MODEL, daily_minutes=5)
    assert route.module_days == {"intro": 0, "a": 1}
    assert route.days == 4
