"""The heat map's cells as HTML, built in one pass: 500 people × 20 skills is 10,000 cells, too many
for a template loop to render quickly. Only numbers, dates and escaped titles go into the markup."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from skillpath.config.formats import local_date
from skillpath.insights.team import Cell, Row, TeamView


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


def heat_list_items(view: TeamView, team_url: str) -> SafeString:
    """The same map as a list of people for phones: each person's readiness, then each skill of the role as
    ``title level/target`` with its status in words (the table is hidden there, this list on wide screens)."""
    out = []
    for row in view.rows:
        skills = []
        for slug, title in view.skills:
            cell = row.cells.get(slug)
            if cell is not None:
                skills.append(
                    f'<li class="cell {cell.status}"><span class="heat-skill">{escape(title)}</span>'
                    f"{heat_cell_body(cell)}</li>"
                )
        sub = " · ".join(escape(x) for x in (row.level, row.team) if x)
        nxt = f" for {escape(row.next_level)}" if row.next_level else ""
        out.append(
            f'<li class="heat-card"><p class="heat-name"><a href="{team_url}{row.person_id}/">{escape(row.name)}</a>'
            f'<span class="muted row-sub">{sub}</span></p><p class="muted heat-facts">Readiness {row.readiness}%{nxt}'
            f" · modules {row.modules_passed}/{row.modules_total} · levels at target {row.levels_met}/"
            f'{row.levels_required}</p><ul class="heat-skills">{"".join(skills)}</ul></li>'
        )
    return mark_safe("".join(out))  # noqa: S308 - built from escaped text and numbers


def drop_lines(view: TeamView) -> list[str]:
    return [
        f"{d.person}: {d.skill} (target {d.target}) around {local_date(d.on, 'WEEKDAY_FORMAT')}" for d in view.drops
    ]


STATUS_WORDS = {
    "meets": "at target",
    "below": "below target",
    "fading": "fading",
    "drops": "at target for now",
    "extra": "not required",
}


def heat_cell(cell: Cell) -> str:
    """One ``<td>``: ``level/target`` and a mark for the eyes, and for screen readers the same in words with the
    status, which colour and the mark alone would not say (read with the row's person and the column's skill)."""
    return f'<td class="cell {cell.status}">{heat_cell_body(cell)}</td>'


def heat_cell_body(cell: Cell) -> str:
    """A cell's content: ``level/target`` and its mark for the eyes, the same in words for screen readers."""
    mark, words = "", f"level {cell.effective}, target {cell.target}: {STATUS_WORDS.get(cell.status, '')}"
    if cell.fading:
        mark, words = " ↓", f"level {cell.level}, counts as {cell.effective} while fading, target {cell.target}: fading"
    elif cell.drops_on:
        mark, words = " !", f"{words}, will drop below it around {local_date(cell.drops_on, 'DAY_MONTH_FORMAT')}"
    elif cell.status == "extra":
        words = f"level {cell.level}: not required at this level"
    shown = f'<span aria-hidden="true">{cell.effective}/{cell.target}{mark}</span>'
    return f'{shown}<span class="visually-hidden">{words}</span>'


def heat_rows(view: TeamView) -> list[HeatRow]:
    out = []
    for row in view.rows:
        parts = []
        for slug, _title in view.skills:
            cell = row.cells.get(slug)
            if cell is None:
                parts.append('<td class="cell none"><span class="visually-hidden">not part of this role</span></td>')
            else:
                parts.append(heat_cell(cell))
        out.append(HeatRow(row, mark_safe("".join(parts))))  # noqa: S308 - built from numbers, dates and fixed words
    return out
