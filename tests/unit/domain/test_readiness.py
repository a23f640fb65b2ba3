from __future__ import annotations

from skillpath.domain.gates import Progress
from skillpath.domain.readiness import SkillStanding, gap_actions, readiness, with_actions
from tests.unit.domain.builders import curriculum, module, sales

TITLES = {"neg": "Negotiation", "obj": "Objections", "crm": "CRM"}


def test_readiness_counts_levels_up_to_what_is_required_and_writes_the_formula_out() -> None:
    result = readiness(
        {"neg": 3, "obj": 3, "crm": 2},
        {"neg": SkillStanding(2, False), "obj": SkillStanding(4, False), "crm": SkillStanding(1, False)},
        TITLES,
    )
    assert result.percent == 75  # CRM, Negotiation, Objections: (1 + 2 + 3) / (2 + 3 + 3)
    assert result.formula == "(1 + 2 + 3) / (2 + 3 + 3) = 6 / 8 = 75%"
    assert [g.title for g in result.gaps] == ["CRM", "Negotiation"]
    assert result.met == ("Objections",)
    assert not result.ready


def test_a_fading_skill_counts_one_level_lower() -> None:
    result = readiness({"neg": 3}, {"neg": SkillStanding(3, True)}, TITLES)
    assert result.percent == 67 and result.gaps[0].fading and result.gaps[0].current == 2


def test_nothing_required_is_fully_ready_and_unknown_skills_count_as_zero() -> None:
    assert readiness({}, {}, TITLES).percent == 100
    assert readiness({"neg": 0}, {}, TITLES).ready
    assert readiness({"neg": 2}, {}, TITLES).formula == "(0) / (2) = 0 / 2 = 0%"


def test_gap_actions_name_the_modules_to_pass_and_the_reinforcement_for_fading() -> None:
    c = sales()
    gap = readiness({"s": 2}, {"s": SkillStanding(1, True)}, {"s": "Skill S"}).gaps[0]
    actions = gap_actions(c, gap, {"f": Progress(passed=True)})
    assert actions[0] == "Pass A1, A2."
    assert actions[1].startswith("Refresh it with today's reinforcement (")


def test_level_4_gaps_ask_for_sustained_recall() -> None:
    c = sales()
    done = dict.fromkeys(["f", "a1", "a2", "m"], Progress(passed=True))
    gap = readiness({"s": 4}, {"s": SkillStanding(3, False)}, {}).gaps[0]
    assert gap_actions(c, gap, done) == (
        "Keep every idea of it over weeks: two spaced recalls, one 21+ days after learning it (or after its last "
        "lapse), a memory stable for 21+ days and few lapses (level 4, sustained).",
    )


def test_gaps_with_every_module_passed_ask_for_the_spaced_recalls_the_level_needs() -> None:
    c = sales()
    done = dict.fromkeys(["f", "a1", "a2", "m"], Progress(passed=True))
    mastery = readiness({"s": 3}, {"s": SkillStanding(1, False)}, {}).gaps[0]
    assert gap_actions(c, mastery, done) == (
        "Recall every idea of it in your reinforcement a day or more after learning them (level 3).",
    )
    application = readiness({"s": 2}, {"s": SkillStanding(1, False)}, {}).gaps[0]
    assert gap_actions(c, application, done)[0].startswith("Recall its foundation ideas")


def test_a_gap_with_nothing_left_to_pass_says_the_level_to_reach() -> None:
    c = curriculum({"foundation": [module("f")]})
    gap = readiness({"s": 3}, {"s": SkillStanding(1, False)}, {}).gaps[0]
    assert gap_actions(c, gap, {"f": Progress(passed=True)}) == ("Reach level 3 (mastery).",)
    assert with_actions(c, readiness({"s": 3}, {}, {}), {}).gaps[0].actions == ("Pass F.",)


def test_the_percentage_alone_equals_the_full_readiness() -> None:
    from skillpath.domain.readiness import readiness_percent

    requires = {"neg": 3, "obj": 3, "crm": 2, "none": 0}
    standing = {"neg": SkillStanding(2, False), "obj": SkillStanding(4, True), "crm": SkillStanding(1, False)}
    assert readiness_percent(requires, standing) == readiness(requires, standing, TITLES).percent == 75
    assert readiness_percent({}, {}) == 100
