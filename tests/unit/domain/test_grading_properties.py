"""Properties of grading that hold for every valid activity and every valid response."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.content.checks import activity_problems
from skillpath.domain.content.model import BLANK, Categorize, Choice, Cloze, Match, Order, Scenario, Simulation
from skillpath.domain.grading import ResponseEmpty, ResponseInvalid, cloze_segments, grade
from tests.unit.domain.test_grading_strategies import (
    ACTIVITIES,
    JSON,
    Activity,
    all_paths,
    choices,
    clozes,
    orders,
    path_points,
    perfect_response,
    responses,
    scenarios,
)


def element_count(activity: Activity, response: dict[str, Any]) -> int:
    if isinstance(activity, Choice):
        return len(activity.options)
    if isinstance(activity, Order | Categorize):
        return len(activity.items)
    if isinstance(activity, Match):
        return len(activity.pairs)
    if isinstance(activity, Cloze):
        return len(activity.blanks)
    if isinstance(activity, Simulation):
        return len(activity.steps)
    return len(response["path"])


@given(ACTIVITIES)
def test_generated_activities_pass_content_validation(activity: Activity) -> None:
    assert list(activity_problems(activity)) == []


@given(st.data(), ACTIVITIES)
def test_score_is_always_between_0_and_1_and_correct_means_a_full_score(
    data: st.DataObject, activity: Activity
) -> None:
    response = data.draw(responses(activity))
    result = grade(activity, response)
    assert 0 <= result.score <= 1
    assert result.correct == (result.score == 1)
    assert len(result.feedback) == element_count(activity, response)
    assert [f.key.split("[")[1] for f in result.feedback] == [f"{i}]" for i in range(len(result.feedback))]


@given(ACTIVITIES)
def test_the_authored_perfect_answer_scores_exactly_one(activity: Activity) -> None:
    result = grade(activity, perfect_response(activity))
    assert (result.score, result.correct) == (1.0, True)
    assert all(f.correct for f in result.feedback)


# --- the display is shuffled; the player maps the learner's display positions back -------------


def back(shown: list[int], display_position: int | None) -> int | None:
    """The authored index of what was shown at ``display_position`` (``shown[d]`` is authored)."""
    return None if display_position is None else shown[display_position]


def as_displayed(shown: list[int], authored: int | None) -> int | None:
    return None if authored is None else shown.index(authored)


def shuffled_round_trip(draw: st.DrawFn, activity: Activity, response: dict[str, Any]) -> dict[str, Any]:
    """``response`` given on a shuffled display (in display positions), then mapped back to authored ones."""

    def perm(count: int) -> list[int]:
        return draw(st.permutations(range(count)))

    if isinstance(activity, Choice):
        shown = perm(len(activity.options))
        clicks = draw(st.permutations([shown.index(i) for i in response["selected"]]))
        return {"selected": [back(shown, d) for d in clicks]}
    if isinstance(activity, Order):
        shown = perm(len(activity.items))
        arranged = [shown.index(i) for i in response["order"]]
        return {"order": [back(shown, d) for d in arranged]}
    if isinstance(activity, Categorize):
        return {"placements": categorize_round_trip(perm, activity, response["placements"])}
    if isinstance(activity, Match):
        lefts, rights = perm(len(activity.pairs)), perm(len(activity.pairs))
        linked = [as_displayed(rights, response["pairs"][i]) for i in lefts]  # per displayed left
        pairs: list[int | None] = [None] * len(lefts)
        for d, r in enumerate(linked):
            pairs[lefts[d]] = back(rights, r)
        return {"pairs": pairs}
    if isinstance(activity, Cloze | Simulation):
        return response  # blanks are never reordered; a simulation's picks and fields carry authored positions
    return {"path": scenario_round_trip(draw, activity, response["path"])}


def categorize_round_trip(
    perm: Callable[[int], list[int]], activity: Categorize, placements: list[str | None]
) -> list[str | None]:
    ids = [c.id for c in activity.categories]
    items, columns = perm(len(activity.items)), perm(len(ids))
    dropped = [placements[i] for i in items]  # per displayed item, its category id
    columns_hit = [as_displayed(columns, None if c is None else ids.index(c)) for c in dropped]
    mapped: list[str | None] = [None] * len(items)
    for d, column in enumerate(columns_hit):
        authored_column = back(columns, column)
        mapped[items[d]] = None if authored_column is None else ids[authored_column]
    return mapped


def scenario_round_trip(draw: st.DrawFn, scenario: Scenario, path: list[int]) -> list[int]:
    node_id, mapped = scenario.start, []
    for index in path:
        choices_shown = draw(st.permutations(range(len(scenario.nodes[node_id].choices))))
        clicked = choices_shown.index(index)
        mapped.append(choices_shown[clicked])
        node_id = scenario.nodes[node_id].choices[index].next
    return mapped


@given(st.data(), ACTIVITIES)
def test_shuffling_the_display_never_changes_the_grade(data: st.DataObject, activity: Activity) -> None:
    response = data.draw(responses(activity))
    mapped = data.draw(st.composite(lambda draw: shuffled_round_trip(draw, activity, response))())
    assert grade(activity, mapped) == grade(activity, response)


# --- scores against independent oracles -----------------------------------------------------


@given(st.data(), scenarios())
def test_scenario_score_is_points_on_the_path_over_the_best_paths_points(
    data: st.DataObject, scenario: Scenario
) -> None:
    path = data.draw(st.sampled_from(all_paths(scenario)))
    best = max(path_points(scenario, p) for p in all_paths(scenario))
    result = grade(scenario, {"path": path})
    assert result.score == path_points(scenario, path) / best
    assert [s.choice for s in result.path] == path
    assert sum(s.points for s in result.path) == path_points(scenario, path)
    assert result.path[0].best_points_here == best


@given(st.data(), orders())
def test_order_score_counts_the_longest_run_of_items_kept_in_order(data: st.DataObject, activity: Order) -> None:
    order = data.draw(st.permutations(range(len(activity.items))))
    longest = max(k for k in range(1, len(order) + 1) for run in combinations(order, k) if list(run) == sorted(run))
    result = grade(activity, {"order": order})
    assert result.score == (longest - 1) / (len(order) - 1)
    kept = [i for i in order if result.feedback[i].correct]
    assert len(kept) == longest and kept == sorted(kept)


@given(st.data(), choices())
def test_choice_score_follows_the_picks_right_minus_wrong_rule(data: st.DataObject, activity: Choice) -> None:
    picked = data.draw(responses(activity))["selected"]
    n_correct = sum(o.correct for o in activity.options)
    right = sum(activity.options[i].correct for i in picked)
    wrong = len(picked) - right
    expected = max(0, right - wrong) / n_correct if n_correct > 1 else float(right == 1 and wrong == 0)
    assert grade(activity, {"selected": picked}).score == expected
    assert [f.picked for f in grade(activity, {"selected": picked}).feedback] == [
        i in picked for i in range(len(activity.options))
    ]


@given(clozes())
def test_cloze_segments_put_back_together_give_the_text(activity: Cloze) -> None:
    blanks = [m.group(0) for m in BLANK.finditer(activity.text)]
    segments = cloze_segments(activity)
    assert "".join(blanks[s] if isinstance(s, int) else s for s in segments) == activity.text
    assert [s for s in segments if isinstance(s, int)] == list(range(len(blanks)))
    assert "" not in segments


@given(ACTIVITIES, st.sampled_from(["selected", "order", "placements", "pairs", "blanks", "path", "steps"]), JSON)
def test_any_json_response_is_either_graded_or_rejected_as_invalid(activity: Activity, key: str, value: Any) -> None:
    for response in ({key: value}, value):
        try:
            result = grade(activity, response)
        except ResponseEmpty as empty:
            assert str(empty).endswith(" before checking your answer.")
        except ResponseInvalid as invalid:
            assert str(invalid).startswith(f"{activity.type}: ")
        else:
            assert 0 <= result.score <= 1
