"""The heat map's cells as HTML, built in one pass: 500 people × 20 skills is 10,000 cells, too many
for a template loop to render quickly. Only numbers, dates and escaped titles go into the markup."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from skillpath.insights.team import Row, TeamView


@dataclass(frozen=True)
class HeatRow:
    row: Row
    cells: SafeString


def _head(row: Row, team_url: str) -> str:
    """The row's person, readiness, modules and levels cells."""
    sub = " · ".join(escape(x) for x in (row.role, row.level, row.team) if x)
    nxt = f'<span class="muted row-sub">for {escape(row.next_level)}</span>' if row.next_level else ""
    return (
        f'<th scope="row"><a href="{team_url}{row.person_id}/">{escape(row.name)}</a>'
        f'<span class="muted row-sub">{sub}</span></th><td>{row.readiness}%{nxt}</td>'
        f"<td>{row.modules_passed}/{row.modules_total}</td><td>{row.levels_met}/{row.levels_required}</td>"
    )


def heat_table_rows(view: TeamView, team_url: str) -> SafeString:
    """Every ``<tr>`` of the heat map."""
    rows = heat_rows(view)
    html = "".join(f"<tr>{_head(h.row, team_url)}{h.cells}</tr>" for h in rows)
    return mark_safe(html)  # noqa: S308 - built from escaped text and numbers


def drop_lines(view: TeamView) -> list[str]:
    return [f"{d.person}: {d.skill} (target {d.target}) around {d.on:%A %-d %B}" for d in view.drops]


def heat_rows(view: TeamView) -> list[HeatRow]:
    titles = [(slug, escape(title)) for slug, title in view.skills]
    out = []
    for row in view.rows:
        parts = []
        for slug, title in titles:
            cell = row.cells.get(slug)
            if cell is None:
                parts.append('<td class="cell none"><span class="visually-hidden">not part of this role</span></td>')
                continue
            note, mark = "", ""
            if cell.fading:
                note, mark = f", fading (counts {cell.effective})", ' ↓<span class="visually-hidden"> fading</span>'
            elif cell.drops_on:
                day = f"{cell.drops_on:%-d %b}"
                note = f", drops below target around {day}"
                mark = f' !<span class="visually-hidden"> drops {day}</span>'
            label = f"{title}: level {cell.level}{note}, target {cell.target}"
            parts.append(f'<td class="cell {cell.status}" title="{label}">{cell.effective}/{cell.target}{mark}</td>')
        out.append(HeatRow(row, mark_safe("".join(parts))))  # noqa: S308 - built from escaped titles and numbers
    return out
