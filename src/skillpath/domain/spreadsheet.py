"""CSV cells that spreadsheet programs cannot mistake for formulas (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula when a
spreadsheet opens the file (``=HYPERLINK(…)`` sends data away). ``cell_for_spreadsheet`` puts a ``'`` in
front of such a cell, which spreadsheets show as text; ``cell_from_spreadsheet`` takes it off again when the
file comes back, so export then import changes nothing. A cell that already starts with ``'`` gets one more,
so the two are exact inverses.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def cell_for_spreadsheet(value: object) -> str:
    """``value`` as a CSV cell that is never a formula (numbers stay numbers: -3 is written as is)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith((*FORMULA_STARTS, _QUOTE)):
        return _QUOTE + text
    return text


def cell_from_spreadsheet(text: str) -> str:
    """The value ``cell_for_spreadsheet`` wrote; any other cell is returned as it is."""
    if text.startswith(_QUOTE) and text[1:].startswith((*FORMULA_STARTS, _QUOTE)):
        return text[1:]
    return text
