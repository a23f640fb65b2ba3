"""The analytics charts, drawn on the server as SVG with the sentence pages print beside them
(:class:`skillpath.insights.charts.Chart`: the SVG is hidden from screen readers, the sentence is read)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skillpath.analytics.selectors import Pick
from skillpath.domain.calibration import Bin
from skillpath.insights.charts import PAD, WIDTH, Chart, percent_text

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
        '<text class="chart-label" x="{lo}" y="{base}">{predicted}</text>'
        '<text class="chart-label chart-end" x="{hi}" y="{base}">100%</text>'
        '<text class="chart-label" x="2" y="{top}">{observed}</text></svg>',
        s=SIDE,
        lo=PAD,
        hi=SIDE - PAD,
        base=SIDE - 6,
        top=PAD - 6,
        dots=dots,
        # xgettext:no-python-format
        predicted=_("predicted 0%"),
        # xgettext:no-python-format
        observed=_("observed 100%"),
    )
    parts = "; ".join(
        ngettext(
            "predicted {low}–{high}: {n} review, {predicted} predicted, {observed} recalled",
            "predicted {low}–{high}: {n} reviews, {predicted} predicted, {observed} recalled",
            b.reviews,
        ).format(
            low=percent_text(round(b.low * 100)),
            high=percent_text(round(b.high * 100)),
            n=b.reviews,
            predicted=percent_text(round(b.predicted * 100)),
            observed=percent_text(round(b.observed * 100)),
        )
        for b in bins
    )
    return Chart(
        svg,
        _("Recall of {title} at spaced reviews, predicted against observed: {parts}.").format(title=title, parts=parts),
    )


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
    parts = "; ".join(
        (_("“{option}” (correct) {share}") if p.option.correct else _("“{option}” {share}")).format(
            option=p.option.label, share=percent_text(round(p.share * 100))
        )
        for p in picks
    )
    text = ngettext(
        "Share of {n} answer choosing each: {parts}.", "Share of {n} answers choosing each: {parts}.", answers
    ).format(n=answers, parts=parts)
    return Chart(svg, text)
