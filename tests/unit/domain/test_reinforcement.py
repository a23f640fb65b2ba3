"""The reinforcement stage: every learned idea, due, fading or retained, by skill, modules or not."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.memory import MemoryModel
from skillpath.domain.reinforcement import RecallState, reinforcement_stage
from tests.unit.domain.builders import T0, curriculum, memory, module, sales

MODEL = MemoryModel()


def two_skills() -> Curriculum:
    return curriculum(
        {
            "foundation": [module("f", concepts=2), module("g", skills=("t",), concepts=1)],
            "reinforcement": [module("review", concepts=1)],
        }
    )


def test_an_empty_stage_says_what_will_come_there() -> None:
    stage = reinforcement_stage(sales(), {}, MODEL, T0)
    assert stage.skills == () and stage.next_due is None
    assert stage.summary.startswith("Nothing learned yet: every idea you learn comes back here")


def test_each_learned_concept_is_due_fading_or_retained_by_skill() -> None:
    c = two_skills()
    now = T0 + timedelta(days=10)
    memories = {
        "f/c0": memory(T0, stability=100),  # retained
        "f/c1": memory(T0, stability=1),  # long overdue: fading
        "g/c0": memory(T0, stability=9, due=T0 + timedelta(days=9)),  # due, recall still above 70%
    }
    stage = reinforcement_stage(c, memories, MODEL, now)
    assert [s.skill for s in stage.skills] == ["s", "t"]
    assert [(r.concept, r.state) for r in stage.skills[0].concepts] == [
        ("f/c1", RecallState.FADING),
        ("f/c0", RecallState.RETAINED),
    ]
    assert stage.skills[1].concepts[0].state is RecallState.DUE
    assert (stage.count(RecallState.DUE), stage.count(RecallState.FADING), stage.count(RecallState.RETAINED)) == (
        1,
        1,
        1,
    )
    assert stage.summary == "3 ideas in spaced reinforcement: 1 due now, 1 fading (refresh these first), 1 retained."
    assert stage.modules == ("review",)


def test_when_nothing_is_due_it_says_when_the_next_idea_comes_back() -> None:
    c = two_skills()
    memories = {"f/c0": memory(T0, stability=30, due=T0 + timedelta(days=30))}
    stage = reinforcement_stage(c, memories, MODEL, T0 + timedelta(days=2))
    assert stage.summary == "1 idea in spaced reinforcement: 1 retained. Next one due in 28 days."
    assert stage.next_due == T0 + timedelta(days=30)
    soon = reinforcement_stage(c, memories, MODEL, T0 + timedelta(days=29, hours=12))
    assert soon.summary.endswith("Next one due today.")


def test_a_path_without_reinforcement_modules_still_has_the_stage() -> None:
    c = sales()
    stage = reinforcement_stage(c, {"f/c0": memory(T0)}, MODEL, T0)
    assert stage.modules == () and len(stage.skills) == 1


@given(
    st.dictionaries(
        st.sampled_from(["f/c0", "f/c1", "g/c0", "review/c0", "unknown/c9"]),
        st.tuples(st.floats(0.1, 400), st.integers(0, 400)),
    ),
    st.integers(0, 500),
)
def test_every_learned_concept_on_the_path_is_in_exactly_one_state(
    raw: dict[str, tuple[float, int]], days: int
) -> None:
    c = two_skills()
    memories = {k: memory(T0, stability=s, due=T0 + timedelta(days=d)) for k, (s, d) in raw.items()}
    now = T0 + timedelta(days=days)
    stage = reinforcement_stage(c, memories, MODEL, now)
    listed = [r.concept for s in stage.skills for r in s.concepts]
    assert sorted(listed) == sorted(k for k in memories if k != "unknown/c9")
    for row in (r for s in stage.skills for r in s.concepts):
        assert (row.state is RecallState.FADING) == (row.recall < 0.70)
        if row.state is RecallState.RETAINED:
            assert row.due > now
