"""The heat map's cells as HTML, built in one pass: 500 people × 20 skills is 10,000 cells, too many
for a template loop to render quickly. Only numbers, dates and escaped titles go into the markup."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillpath.config.formats import local_date
from skillpath.insights.charts import percent_text
from skillpath.insights.team import Cell, Row, TeamView


@dataclass(frozen=True)
class HeatRow:
    row: Row
    cells: SafeString


def _head(row: Row, team_url: str) -> str:
    """The row's person, readiness, modules and levels cells."""
    sub = " · ".join(escape(x) for x in (row.role, row.level, row.team) if x)
    nxt = (
        '<span class="muted row-sub">{}</span>'.format(_("for {level}").format(level=escape(row.next_level)))
        if row.next_level
        else ""
    )
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
    words = cell_words()
    for row in view.rows:
        skills = []
        for slug, title in view.skills:
            cell = row.cells.get(slug)
            if cell is not None:
                skills.append(
                    f'<li class="cell {cell.status}"><span class="heat-skill">{escape(title)}</span>'
                    f"{heat_cell_body(cell, words)}</li>"
                )
        sub = " · ".join(escape(x) for x in (row.level, row.team) if x)
        if row.next_level:
            readiness = _("Readiness {percent} for {level}").format(
                percent=percent_text(row.readiness), level=escape(row.next_level)
            )
        else:
            readiness = _("Readiness {percent}").format(percent=percent_text(row.readiness))
        facts = _("modules {passed}/{total} · levels at target {met}/{required}").format(
            passed=row.modules_passed, total=row.modules_total, met=row.levels_met, required=row.levels_required
        )
        out.append(
            f'<li class="heat-card"><p class="heat-name"><a href="{team_url}{row.person_id}/">{escape(row.name)}</a>'
            f'<span class="muted row-sub">{sub}</span></p><p class="muted heat-facts">{readiness} · {facts}</p>'
            f'<ul class="heat-skills">{"".join(skills)}</ul></li>'
        )
    return mark_safe("".join(out))  # noqa: S308 - built from escaped text and numbers


def drop_lines(view: TeamView) -> list[str]:
    return [
        _("{person}: {skill} (target {target}) around {day}").format(
            person=d.person, skill=d.skill, target=d.target, day=local_date(d.on, "WEEKDAY_FORMAT")
        )
        for d in view.drops
    ]


STATUS_WORDS = {
    "meets": gettext_lazy("at target"),
    "below": gettext_lazy("below target"),
    "fading": gettext_lazy("fading"),
    "drops": gettext_lazy("at target for now"),
    "extra": gettext_lazy("not required"),
}


@dataclass(frozen=True)
class CellWords:
    """A cell's words in the active language, looked up once per map (10,000 cells would otherwise spend most of
    their time in the catalogue)."""

    status: dict[str, str]
    plain: str
    fading: str
    drops: str
    extra: str
    bodies: dict[tuple[int, int, int, bool, str], str] = field(default_factory=dict)  # cells without a drop date


def cell_words() -> CellWords:
    return CellWords(
        {k: str(v) for k, v in STATUS_WORDS.items()},
        _("level {level}, target {target}: {status}"),
        _("level {level}, counts as {effective} while fading, target {target}: fading"),
        _("{status}, will drop below it around {day}"),
        _("level {level}: not required at this level"),
    )


def heat_cell(cell: Cell, words: CellWords | None = None) -> str:
    """One ``<td>``: ``level/target`` and a mark for the eyes, and for screen readers the same in words with the
    status, which colour and the mark alone would not say (read with the row's person and the column's skill)."""
    return f'<td class="cell {cell.status}">{heat_cell_body(cell, words)}</td>'


def heat_cell_body(cell: Cell, words: CellWords | None = None) -> str:
    """A cell's content: ``level/target`` and its mark for the eyes, the same in words for screen readers."""
    w = words or cell_words()
    status = cell.status
    key = (cell.level, cell.effective, cell.target, cell.fading, status)
    if cell.drops_on is None and key in w.bodies:
        return w.bodies[key]
    mark = ""
    text = w.plain.format(level=cell.effective, target=cell.target, status=w.status.get(status, ""))
    if cell.fading:
        mark = " ↓"
        text = w.fading.format(level=cell.level, effective=cell.effective, target=cell.target)
    elif cell.drops_on:
        mark = " !"
        text = w.drops.format(status=text, day=local_date(cell.drops_on, "DAY_MONTH_FORMAT"))
    elif status == "extra":
        text = w.extra.format(level=cell.level)
    shown = f'<span aria-hidden="true">{cell.effective}/{cell.target}{mark}</span>'
    body = f'{shown}<span class="visually-hidden">{text}</span>'
    if cell.drops_on is None:
        w.bodies[key] = body
    return body


def heat_rows(view: TeamView) -> list[HeatRow]:
    out = []
    words = cell_words()
    absent = '<td class="cell none"><span class="visually-hidden">{}</span></td>'.format(_("not part of this role"))
    for row in view.rows:
        parts = []
        for slug, _title in view.skills:
            cell = row.cells.get(slug)
            if cell is None:
                parts.append(absent)
            else:
                parts.append(heat_cell(cell, words))
        out.append(HeatRow(row, mark_safe("".join(parts))))  # noqa: S308 - built from numbers, dates and fixed words
    return out
