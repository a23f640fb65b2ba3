"""Small charts drawn on the server as SVG, each with a sentence that says what it shows (no chart library, no CDN).

The SVG is hidden from screen readers (``aria-hidden``): pages print ``Chart.text`` next to it, so the chart is
heard once, as that sentence, rather than twice (as an image's name and again as its caption)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from skillpath.domain.proficiency import FADING_BELOW
from skillpath.learning.pages import SkillView

WIDTH, HEIGHT, PAD = 320, 120, 24


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    text: str


def percent_text(value: int) -> str:
    """A whole percentage as the reader's language writes it (47% · 47 % · 47 %)."""
    return _("{value}%").format(value=value)


def _x(day: int, days: int) -> float:
    return PAD + (WIDTH - 2 * PAD) * day / max(days, 1)


def _y(recall: float) -> float:
    return PAD / 2 + (HEIGHT - PAD) * (1 - recall)


def recall_chart(skill: SkillView) -> Chart | None:
    """Predicted recall over the coming days without practice, with the fading line at 70%."""
    if not skill.forecast:
        return None
    days = skill.forecast[-1].day
    points = " ".join(f"{_x(p.day, days):.1f},{_y(p.recall):.1f}" for p in skill.forecast)
    below = next((p.day for p in skill.forecast if p.recall < FADING_BELOW), None)
    start, end = round(skill.forecast[0].recall * 100), round(skill.forecast[-1].recall * 100)
    shares = {"start": percent_text(start), "end": percent_text(end), "line": percent_text(70)}
    if below is not None:
        text = _(
            "Predicted recall of {skill} without practice: {start} today, {end} in {days} days; "
            "below {line} (fading) from day {below}."
        ).format(skill=skill.title, days=days, below=below, **shares)
    else:
        text = _(
            "Predicted recall of {skill} without practice: {start} today, {end} in {days} days; it stays above {line}."
        ).format(skill=skill.title, days=days, **shares)
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label">{}</text>',
        ((f"{_x(d, days):.1f}", HEIGHT - 2, _("day {day}").format(day=d)) for d in (0, days // 2, days)),
    )
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" aria-hidden="true" focusable="false">'
        '<line class="chart-threshold" x1="{pad}" x2="{right}" y1="{ty}" y2="{ty}"/>'
        '<text class="chart-label" x="{pad}" y="{tly}">{threshold}</text>'
        '<polyline class="chart-line" fill="none" points="{points}"/>{labels}</svg>',
        w=WIDTH,
        h=HEIGHT,
        pad=PAD,
        right=WIDTH - PAD,
        ty=f"{_y(FADING_BELOW):.1f}",
        tly=f"{_y(FADING_BELOW) - 4:.1f}",
        points=points,
        labels=labels,
        threshold=_("{line} fading").format(line=percent_text(70)),
    )
    return Chart(svg, text)
