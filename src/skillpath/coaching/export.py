"""Assignments as CSV: one row per person and assignment, with its standing against the due date."""

from __future__ import annotations

import csv
import io

from skillpath.coaching.selectors import AssignmentView
from skillpath.domain.spreadsheet import cell_for_spreadsheet

HEADER = [
    "person",
    "team",
    "assignment",
    "assigned_by",
    "assigned_on",
    "due_on",
    "standing",
    "done",
    "total",
    "percent",
]


def assignments_csv(views: list[AssignmentView]) -> str:
    """Names and titles a spreadsheet would run as formulas are escaped (``domain.spreadsheet``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for v in views:
        row = [
            v.person,
            v.team,
            v.title,
            v.assigned_by,
            v.assigned_on.isoformat(),
            v.due_on.isoformat(),
            v.standing_label,
            v.status.done,
            v.status.total,
            v.status.percent,
        ]
        writer.writerow([cell_for_spreadsheet(c) for c in row])
    return out.getvalue()
