from __future__ import annotations

from datetime import date, timedelta

from skillpath.domain.gates import Progress
from skillpath.domain.planning import RoleMilestone, SkillGoal, plan_90_days
from tests.unit.domain.builders import curriculum, module

START = date(2026, 3, 2)


def ladder():  # type: ignore[no-untyped-def]
    """Foundation f → application a → mastery m, one skill 's'; an unrelated foundation module 'x'."""
    return curriculum({
        "foundation": [module("f"), module("x", skills=("other",))],
        "application": [module("a", requires=("f",))],
        "mastery": [module("m", requires=("a",), minutes=7)],
    })  # fmt: skip


def test_the_plan_puts_gap_modules_in_order_after_their_prerequisites() -> None:
    plan = plan_90_days(
        ladder(), {}, {}, {"s": 3}, [], daily_minutes=10, start=START, role_started=START, known_concepts=0
    )
    weeks = {p.module: p.week for w in plan.weeks for p in w.modules}
    assert weeks["f"] <= weeks["a"] <= weeks["m"]
    assert len(plan.weeks) == 13 and plan.weeks[1].starts == START + timedelta(weeks=1)
    reasons = {p.module: p.reason for w in plan.weeks for p in w.modules}
    assert reasons["m"] == "closes the gap in Skill S" and reasons["x"] == "next on your path"
    assert plan.forecast["s"] == 4  # mastery planned early enough to be sustained by day 90
    assert plan.unplanned == ()


def test_milestone_modules_come_first_and_checkpoints_say_if_they_are_on_track() -> None:
    milestones = [RoleMilestone(14, "Onboarded", ("x",))]
    plan = plan_90_days(ladder(), {}, {}, {"s": 2}, milestones, daily_minutes=2, start=START, role_started=START,
                        known_concepts=0)  # fmt: skip
    first = plan.weeks[0].modules
    assert first and first[0].module == "x" and first[0].reason == "Onboarded (day 14)"
    assert plan.checkpoints[0].milestones == ("Onboarded",)
    assert plan.checkpoints[0].on_track


def test_a_small_budget_spreads_modules_and_reviews_take_their_share() -> None:
    roomy = plan_90_days(ladder(), {}, {}, {"s": 3}, [], daily_minutes=10, start=START, role_started=START,
                         known_concepts=0)  # fmt: skip
    tight = plan_90_days(ladder(), {}, {}, {"s": 3}, [], daily_minutes=2, start=START, role_started=START,
                         known_concepts=6)  # fmt: skip
    assert tight.week_of("m") > roomy.week_of("m")  # type: ignore[operator]
    assert tight.weeks[3].review_minutes >= 3  # 6 known concepts at half a minute a week, and new ones' reviews
    assert roomy.week_of("nothing") is None


def test_passed_modules_are_not_planned_again_and_forecast_starts_from_them() -> None:
    progress = {"f": Progress(passed=True), "a": Progress(passed=True)}
    plan = plan_90_days(ladder(), progress, {"s": 2}, {"s": 2}, [], daily_minutes=10, start=START,
                        role_started=START - timedelta(days=40), known_concepts=6)  # fmt: skip
    planned = {p.module for w in plan.weeks for p in w.modules}
    assert "f" not in planned and "a" not in planned
    assert plan.checkpoints[0].levels["s"] >= 2


def test_a_milestone_that_cannot_be_met_in_time_is_behind() -> None:
    milestones = [RoleMilestone(3, "Day three", ("m",))]
    plan = plan_90_days(ladder(), {}, {}, {"s": 3}, milestones, daily_minutes=1, start=START, role_started=START,
                        known_concepts=0)  # fmt: skip
    assert not plan.checkpoints[0].on_track


def test_modules_that_do_not_fit_in_90_days_are_listed() -> None:
    big = curriculum({"foundation": [module(f"m{i}", minutes=60) for i in range(20)]})
    plan = plan_90_days(big, {}, {}, {"s": 1}, [], daily_minutes=1, start=START, role_started=START, known_concepts=0)
    assert plan.unplanned


def test_replanning_mid_way_puts_what_is_left_from_the_current_week() -> None:
    progress = {"f": Progress(passed=True)}
    plan = plan_90_days(ladder(), progress, {"s": 1}, {"s": 3}, [], daily_minutes=10, start=START, role_started=START,
                        known_concepts=3, from_week=5)  # fmt: skip
    assert plan.week_of("a") == 5 and plan.week_of("f") is None


def test_a_milestone_already_past_is_not_planned_for_and_passed_modules_count_as_ready() -> None:
    milestones = [RoleMilestone(10, "Early", ("f",)), RoleMilestone(40, "Later", ("f", "a"))]
    plan = plan_90_days(ladder(), {"f": Progress(passed=True)}, {"s": 1}, {"s": 2}, milestones, daily_minutes=10,
                        start=START, role_started=START - timedelta(days=20), known_concepts=3)  # fmt: skip
    reasons = {p.module: p.reason for w in plan.weeks for p in w.modules}
    assert reasons["a"] == "Later (day 40)"
    assert plan.checkpoints[0].milestones == ("Later",) and plan.checkpoints[0].on_track


def test_a_skill_goal_puts_the_modules_that_reach_its_level_first_even_before_milestones() -> None:
    """A manager's goal "Skill S at level 2 by 16 March" outranks an onboarding milestone on another skill."""
    milestones = [RoleMilestone(30, "Onboarded", ("x",))]
    goals = [SkillGoal("s", 2, START + timedelta(days=14)), SkillGoal("other", 1, START + timedelta(days=60))]
    plan = plan_90_days(ladder(), {}, {"other": 1}, {}, milestones, daily_minutes=2, start=START,
                        role_started=START, known_concepts=0, goals=goals)  # fmt: skip
    order = [p.module for w in plan.weeks for p in w.modules]
    assert order[:2] == ["f", "a"] and order.index("a") < order.index("x")
    reasons = {p.module: p.reason for w in plan.weeks for p in w.modules}
    assert reasons["a"] == "towards your goal: Skill S at level 2 by 16 Mar"
    assert reasons["m"] == "next on your path"  # mastery is beyond the goal's level
    assert reasons["x"] == "Onboarded (day 30)"  # the goal on 'other' is met already
