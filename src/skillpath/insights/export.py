"""The team view as CSV (one row per person and role, a column per skill: level/target)."""

from __future__ import annotations

import csv
import io

from skillpath.domain.spreadsheet import cell_for_spreadsheet
from skillpath.insights.team import TeamView


def team_csv(view: TeamView) -> str:
    """Cells a spreadsheet would run as formulas (names, teams) are escaped (``domain.spreadsheet``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    skills = view.skills
    header = [
        "name",
        "role",
        "level",
        "team",
        "readiness_percent",
        "next_level",
        "modules_passed",
        "modules_total",
        "levels_met",
        "levels_required",
        *[f"{title} (level/target)" for _, title in skills],
    ]
    writer.writerow([cell_for_spreadsheet(c) for c in header])
    for r in view.rows:
        cells = []
        for slug, _ in skills:
            cell = r.cells.get(slug)
            if cell is None:
                cells.append("")
            else:
                mark = (
                    " fading" if cell.fading else " drops " + cell.drops_on.date().isoformat() if cell.drops_on else ""
                )
                cells.append(f"{cell.effective}/{cell.target}{mark}")
        row = [
            r.name,
            r.role,
            r.level,
            r.team,
            r.readiness,
            r.next_level,
            r.modules_passed,
            r.modules_total,
            r.levels_met,
            r.levels_required,
            *cells,
        ]
        writer.writerow([cell_for_spreadsheet(c) for c in row])
    return out.getvalue()
