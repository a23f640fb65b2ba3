"""The analytics charts, drawn on the server as SVG with the sentence pages print beside them
(:class:`skillpath.insights.charts.Chart`: the SVG is hidden from screen readers, the sentence is read)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join

from skillpath.analytics.selectors import Pick
from skillpath.domain.calibration import Bin
from skillpath.insights.charts import PAD, WIDTH, Chart

SIDE = 160
BAR = 16


def _at(value: float) -> float:
    return PAD + (SIDE - 2 * PAD) * value


def calibration_chart(title: str, bins: Sequence[Bin]) -> Chart | None:
    """Observed against predicted recall, one dot per bin, beside the diagonal a perfect model would follow."""
    if not bins:
        return None
    dots = format_html_join(
        "",
        '<circle class="chart-dot" cx="{}" cy="{}" r="{}"/>',
        ((f"{_at(b.predicted):.1f}", f"{_at(1 - b.observed):.1f}", 2 + min(b.reviews, 400) ** 0.5 / 4) for b in bins),
    )
    svg = format_html(
        '<svg class="chart chart-square" viewBox="0 0 {s} {s}" aria-hidden="true" focusable="false">'
        '<line class="chart-threshold" x1="{lo}" y1="{hi}" x2="{hi}" y2="{lo}"/>{dots}'
        '<text class="chart-label" x="{lo}" y="{base}">predicted 0%</text>'
        '<text class="chart-label chart-end" x="{hi}" y="{base}">100%</text>'
        '<text class="chart-label" x="2" y="{top}">observed 100%</text></svg>',
        s=SIDE,
        lo=PAD,
        hi=SIDE - PAD,
        base=SIDE - 6,
        top=PAD - 6,
        dots=dots,
    )
    parts = "; ".join(
        f"predicted {b.low:.0%}–{b.high:.0%}: {b.reviews} review{'s' if b.reviews != 1 else ''}, "
        f"{b.predicted:.0%} predicted, {b.observed:.0%} recalled"
        for b in bins
    )
    return Chart(svg, f"Recall of {title} at spaced reviews, predicted against observed: {parts}.")


def picks_chart(picks: Sequence[Pick], answers: int) -> Chart | None:
    """The share of answers that chose each option or drop target, one bar each."""
    if not picks or not answers:
        return None
    height = BAR * len(picks) + 4
    bars = format_html_join(
        "",
        '<rect class="chart-bar{}" x="{}" y="{}" width="{}" height="{}"/>'
        '<text class="chart-label" x="{}" y="{}">{}%</text>',
        (
            (
                " chart-bar-correct" if p.option.correct else "",
                0,
                i * BAR + 2,
                f"{(WIDTH - 40) * p.share:.1f}",
                BAR - 4,
                f"{(WIDTH - 40) * p.share + 4:.1f}",
                i * BAR + BAR - 4,
                round(p.share * 100),
            )
            for i, p in enumerate(picks)
        ),
    )
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" aria-hidden="true" focusable="false">{bars}</svg>',
        w=WIDTH,
        h=height,
        bars=bars,
    )
    parts = "; ".join(f"“{p.option.label}”{' (correct)' if p.option.correct else ''} {p.share:.0%}" for p in picks)
    return Chart(svg, f"Share of {answers} answers choosing each: {parts}.")
