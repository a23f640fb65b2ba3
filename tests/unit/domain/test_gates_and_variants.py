from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.gates import Progress, Status, gates, module_gate, newly_unlocked, record_check
from skillpath.domain.variants import next_variant
from tests.unit.domain.builders import sales


def test_module_stays_locked_until_its_prerequisite_is_passed() -> None:
    c = sales()
    assert module_gate(c, "f", {}).status is Status.AVAILABLE
    gate = module_gate(c, "a1", {})
    assert gate.status is Status.LOCKED
    assert gate.reasons == ("Pass *F* with 80%",)


def test_locked_reason_says_the_best_score_so_far() -> None:
    gate = module_gate(sales(), "a1", {"f": Progress(best_score=0.6, started=True)})
    assert gate.reasons == ("Pass *F* with 80% (best so far: 60%)",)


def test_passing_unlocks_the_modules_that_require_it() -> None:
    c = sales()
    before = {"f": Progress(best_score=0.6, started=True)}
    after = {"f": record_check(before["f"], 0.8, 0.8)}
    assert after["f"].passed and after["f"].best_score == 0.8
    assert newly_unlocked(c, before, after) == ["a1", "a2"]
    assert module_gate(c, "a1", after).status is Status.AVAILABLE


def test_a_failed_check_keeps_the_best_score_and_never_unpasses() -> None:
    passed = record_check(Progress(), 0.9, 0.8)
    again = record_check(passed, 0.4, 0.8)
    assert again.passed and again.best_score == 0.9


def test_statuses_in_progress_passed_and_tested_out() -> None:
    c = sales()
    progress = {
        "f": Progress(tested_out=True),
        "a1": Progress(best_score=0.5, started=True),
        "a2": Progress(passed=True),
    }
    statuses = {m: g.status for m, g in gates(c, progress).items()}
    assert statuses == {"f": Status.TESTED_OUT, "a1": Status.IN_PROGRESS, "a2": Status.PASSED, "m": Status.LOCKED}


def test_scores_just_below_the_pass_mark_by_float_error_still_pass() -> None:
    assert record_check(Progress(), 0.1 + 0.7, 0.8).passed


@given(st.dictionaries(st.sampled_from(["f", "a1", "a2", "m"]), st.booleans()))
def test_a_module_is_open_exactly_when_all_its_requirements_are_done(done: dict[str, bool]) -> None:
    c = sales()
    progress = {m: Progress(passed=p, started=True) for m, p in done.items()}
    for module_id, gate in gates(c, progress).items():
        requirements_done = all(done.get(r, False) for r in c.modules[module_id].requires)
        assert gate.open == (requirements_done or done.get(module_id, False))
        assert bool(gate.reasons) == (not gate.open)


def test_first_practice_uses_the_first_variant_then_rotates() -> None:
    assert next_variant([0, 1, 2], []) == 0
    assert next_variant([0, 1, 2], [0]) == 1
    assert next_variant([0, 1, 2], [0, 1]) == 2
    assert next_variant([0, 1, 2], [0, 1, 2]) == 0
    assert next_variant([0, 1, 2], [0, 1, 2, 0]) == 1
    assert next_variant([0], [0, 0]) == 0


def test_a_concept_without_variants_has_nothing_to_show() -> None:
    with pytest.raises(ValueError, match="a concept needs at least one variant"):
        next_variant([], [])


@given(st.lists(st.integers(0, 3), max_size=12), st.integers(2, 4))
def test_never_the_variant_just_seen_when_there_is_another(seen: list[int], count: int) -> None:
    available = list(range(count))
    seen = [s for s in seen if s < count]
    choice = next_variant(available, seen)
    assert choice in available
    if seen:
        assert choice != seen[-1]
