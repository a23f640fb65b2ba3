"""Team heat-map cells, recall charts and session progress as they are read out (no database)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from skillpath.insights.charts import recall_chart
from skillpath.insights.heatmap import heat_cell
from skillpath.insights.team import Cell
from skillpath.learning.pages import RecallPoint, SkillView
from skillpath.learning.session import SessionProgress, session_progress


def spoken(html: str) -> str:
    """What a screen reader reads in a cell: everything but what is aria-hidden."""
    return re.sub(r"<[^>]+>", "", re.sub(r'<span aria-hidden="true">.*?</span>', "", html))


def seen(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="visually-hidden">.*?</span>', "", html))


@pytest.mark.parametrize(
    ("cell", "shown", "heard"),
    [
        (Cell(2, 2, 2, False, None), "2/2", "level 2, target 2: at target"),
        (Cell(1, 1, 2, False, None), "1/2", "level 1, target 2: below target"),
        (Cell(2, 1, 2, True, None), "1/2 ↓", "level 2, counts as 1 while fading, target 2: fading"),
        (
            Cell(2, 2, 2, False, datetime(2026, 3, 14, tzinfo=UTC)),
            "2/2 !",
            "level 2, target 2: at target for now, will drop below it around 14 March",
        ),
        (Cell(3, 3, 0, False, None), "3/0", "level 3: not required at this level"),
    ],
)
def test_a_heat_map_cell_says_its_status_in_words_not_only_by_colour(cell: Cell, shown: str, heard: str) -> None:
    html = heat_cell(cell)
    assert f'class="cell {cell.status}"' in html and "title=" not in html
    assert seen(html) == shown
    assert spoken(html) == heard


def skill(forecast: list[RecallPoint]) -> SkillView:
    return SkillView("desk", "Service desk", 1, "foundation", 1, False, None, 90, (), None, forecast)


def test_the_recall_chart_is_hidden_from_screen_readers_and_said_once_in_its_sentence() -> None:
    chart = recall_chart(skill([RecallPoint(0, 1.0), RecallPoint(15, 0.8), RecallPoint(30, 0.6)]))
    assert chart is not None
    assert 'aria-hidden="true"' in chart.svg and "role=" not in chart.svg and "aria-label" not in chart.svg
    assert chart.text == (
        "Predicted recall of Service desk without practice: 100% today, 60% in 30 days; below 70% (fading) from day 30."
    )
    assert recall_chart(skill([])) is None


def test_session_progress_is_the_item_the_learner_is_on_out_of_the_plan() -> None:
    plan = [{"kind": "reinforcement", "ref": "m/c"}] * 7
    # a plan made before items carried their minutes counts one minute each
    assert session_progress({"plan": plan, "index": 0}) == SessionProgress(1, 7, 7)
    assert session_progress({"plan": plan, "index": 6}) == SessionProgress(7, 7, 1)
    assert session_progress({"plan": plan, "index": 9}) == SessionProgress(7, 7, 1)  # finished: stays on the last
    assert session_progress({"plan": [], "index": 0}) is None


def test_session_progress_says_the_minutes_left_rounded_up_and_at_least_one() -> None:
    plan = [{"kind": "reinforcement", "ref": "m/c", "minutes": 0.5}] * 3 + [
        {"kind": "module", "ref": "m", "minutes": 4}
    ]
    assert session_progress({"plan": plan, "index": 0}) == SessionProgress(1, 4, 6)  # 0.5 × 3 + 4 = 5.5
    assert session_progress({"plan": plan, "index": 3}).minutes_left == 4  # type: ignore[union-attr]
    assert session_progress({"plan": plan[:1], "index": 0}).minutes_left == 1  # type: ignore[union-attr]
    assert session_progress({"plan": plan, "index": 1}).done == 1  # type: ignore[union-attr]
