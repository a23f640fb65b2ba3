"""The analytics tables as CSV. Every cell goes through ``cell_for_spreadsheet`` (``domain.spreadsheet``):
titles, prompts and option texts are authors' words and could start like a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from skillpath.analytics.selectors import ModuleAnalytics, Overview, VariantRow
from skillpath.domain.spreadsheet import cell_for_spreadsheet


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell_for_spreadsheet(c) for c in header])
    writer.writerows([cell_for_spreadsheet(c) for c in row] for row in rows)
    return out.getvalue()


def _round(value: float | None, digits: int = 3) -> float | str:
    return "" if value is None else round(value, digits)


def overview_csv(view: Overview) -> str:
    header = ["id", "title", "answers", "mean_score", "variants", "variants_answered", "variants_flagged"]
    rows = (
        [
            r.slug,
            r.title,
            r.totals.attempts,
            _round(r.totals.mean_score),
            r.totals.variants,
            r.totals.answered,
            r.totals.flagged,
        ]
        for r in view.rows
    )
    return _csv(header, rows)


def _variant_cells(v: VariantRow) -> list[object]:
    s = v.stats
    figures: list[object] = (
        [
            s.attempts,
            s.people,
            _round(s.mean_score),
            _round(s.first_try_correct),
            _round(s.discrimination),
            _round(s.median_seconds, 1),
            s.later_reviews,
            _round(v.later_recall),
        ]
        if s
        else ["", "", "", "", "", "", "", ""]
    )
    return [v.concept_slug, v.position, v.kind, v.prompt, *figures, "; ".join(f"{f}: {r}" for f, r in v.flags)]


def module_csv(view: ModuleAnalytics) -> str:
    header = [
        "concept",
        "variant",
        "type",
        "prompt",
        "answers",
        "people",
        "mean_score",
        "first_try_correct",
        "discrimination",
        "median_seconds",
        "later_reviews",
        "later_recall",
        "flags",
    ]
    return _csv(header, (_variant_cells(v) for v in view.variants))


def variant_csv(view: VariantRow) -> str:
    """The variant's options or drop targets and the share of answers that chose each."""
    return _csv(
        ["option", "correct", "share"], ([p.option.label, p.option.correct, round(p.share, 3)] for p in view.picks)
    )


def calibration_csv(view: ModuleAnalytics) -> str:
    """Each concept's spaced reviews binned by predicted recall: how many, predicted and observed recall."""
    header = ["concept", "predicted_from", "predicted_to", "reviews", "predicted_recall", "observed_recall"]
    rows = (
        [c.slug, b.low, b.high, b.reviews, round(b.predicted, 3), round(b.observed, 3)]
        for c in view.concepts
        for b in c.bins
    )
    return _csv(header, rows)
