"""Reads for the analytics pages: the stored figures of the viewer's organization (authors and admins only).

Each page is a fixed number of set-based queries over :class:`ItemStats` (sums grouped by module or
package in SQL), whatever the size of the organization. Content ids (slugs, a concept's variant
position) address every page; retired content is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillpath.analytics.models import AnalyticsRefresh, ConceptCalibration, ItemStats
from skillpath.content import models as cm
from skillpath.domain.calibration import Bin
from skillpath.domain.itemstats import Option, item_flags, options_of
from skillpath.learning.curricula import ACTIVITY
from skillpath.people.models import Person

# How the pages name an activity's type and a flag (the stored values stay the core's English keys).
KIND_WORDS = {
    "choice": gettext_lazy("choice"),
    "order": gettext_lazy("order"),
    "categorize": gettext_lazy("categorize"),
    "match": gettext_lazy("match"),
    "cloze": gettext_lazy("cloze"),
    "scenario": gettext_lazy("scenario"),
    "simulation": gettext_lazy("simulation"),
}
FLAG_WORDS = {
    "too easy": gettext_lazy("too easy"),
    "too hard": gettext_lazy("too hard"),
    "does not discriminate": gettext_lazy("does not discriminate"),
    "distractor nobody picks": gettext_lazy("distractor nobody picks"),
    "answer given away by length": gettext_lazy("answer given away by length"),
}


class AnalyticsRefused(Exception):
    """The viewer may not see this organization's analytics, or the content is not there (show a 404)."""


@dataclass(frozen=True)
class Totals:
    """Figures summed over a package or module's current variants."""

    attempts: int = 0
    mean_score: float | None = None
    variants: int = 0
    answered: int = 0
    flagged: int = 0


@dataclass(frozen=True)
class Row:
    slug: str
    title: str
    totals: Totals


@dataclass(frozen=True)
class Overview:
    title: str
    rows: tuple[Row, ...]
    refreshed_at: datetime | None
    answers: int


@dataclass(frozen=True)
class Pick:
    option: Option
    share: float


@dataclass(frozen=True)
class VariantRow:
    concept_slug: str
    concept_title: str
    position: int
    kind: str
    prompt: str
    stats: ItemStats | None
    flags: tuple[tuple[str, str], ...]
    picks: tuple[Pick, ...] = ()

    @property
    def kind_label(self) -> str:
        return str(KIND_WORDS.get(self.kind, self.kind))

    @property
    def flag_labels(self) -> tuple[tuple[str, str], ...]:
        """Each flag in the reader's language, with its reason."""
        return tuple((str(FLAG_WORDS.get(flag, flag)), reason) for flag, reason in self.flags)

    @property
    def later_recall(self) -> float | None:
        if self.stats is None or not self.stats.later_reviews:
            return None
        return self.stats.later_recalled / self.stats.later_reviews


@dataclass(frozen=True)
class ConceptRow:
    slug: str
    title: str
    reviews: int
    bins: tuple[Bin, ...]


@dataclass(frozen=True)
class ModuleAnalytics:
    package_slug: str
    package_title: str
    slug: str
    title: str
    variants: tuple[VariantRow, ...]
    concepts: tuple[ConceptRow, ...]
    refreshed_at: datetime | None


def can_see_analytics(viewer: Person) -> bool:
    return viewer.is_author or viewer.is_admin


def _require(viewer: Person) -> None:
    if not can_see_analytics(viewer):
        raise AnalyticsRefused("only authors and admins of an organization see its content analytics")


def _refresh(viewer: Person) -> tuple[datetime | None, int]:
    row = AnalyticsRefresh.objects.filter(organization_id=viewer.organization_id).values_list("refreshed_at", "answers")
    found = row.first()
    return (found[0], found[1]) if found else (None, 0)


def _totals(rows: Any, key: str) -> dict[int, Totals]:
    grouped = rows.values(key).annotate(
        attempts=Sum("item_stats__attempts"),
        weighted=Sum(F("item_stats__mean_score") * F("item_stats__attempts")),
        variants=Count("pk"),
        answered=Count("item_stats"),
        flagged=Count("pk", filter=Q(item_stats__flag_count__gt=0)),
    )
    return {
        g[key]: Totals(
            g["attempts"] or 0,
            g["weighted"] / g["attempts"] if g["attempts"] else None,
            g["variants"],
            g["answered"],
            g["flagged"],
        )
        for g in grouped
    }


def _current_variants(viewer: Person) -> Any:
    return cm.Variant.objects.filter(
        organization_id=viewer.organization_id,
        retired_at=None,
        concept__retired_at=None,
        concept__module__retired_at=None,
    )


def packages_overview(viewer: Person) -> Overview:
    """Every package of the viewer's organization with its totals (3 queries)."""
    _require(viewer)
    totals = _totals(_current_variants(viewer), "concept__module__package_id")
    packages = cm.ContentPackage.objects.filter(organization_id=viewer.organization_id).order_by("title")
    rows = tuple(Row(p.slug, p.title, totals.get(p.pk, Totals())) for p in packages)
    refreshed_at, answers = _refresh(viewer)
    return Overview(_("Content analytics"), rows, refreshed_at, answers)


def package_overview(viewer: Person, package_slug: str) -> Overview:
    """The modules of one package with their totals (4 queries)."""
    _require(viewer)
    package = cm.ContentPackage.objects.filter(organization_id=viewer.organization_id, slug=package_slug).first()
    if package is None:
        raise AnalyticsRefused(f"there is no package '{package_slug}' in your organization")
    totals = _totals(_current_variants(viewer).filter(concept__module__package=package), "concept__module_id")
    modules = cm.Module.objects.filter(package=package, retired_at=None).order_by("title")
    rows = tuple(Row(m.slug, m.title, totals.get(m.pk, Totals())) for m in modules)
    refreshed_at, answers = _refresh(viewer)
    return Overview(package.title, rows, refreshed_at, answers)


def module_analytics(viewer: Person, package_slug: str, module_slug: str) -> ModuleAnalytics:
    """Every current variant of a module with its figures and flags, and each concept's calibration (4 queries)."""
    _require(viewer)
    module = (
        cm.Module.objects.select_related("package")
        .filter(organization_id=viewer.organization_id, package__slug=package_slug, slug=module_slug, retired_at=None)
        .first()
    )
    if module is None:
        raise AnalyticsRefused(f"there is no module '{module_slug}' in package '{package_slug}' of your organization")
    variants = (
        _current_variants(viewer)
        .filter(concept__module=module)
        .select_related("concept", "item_stats")
        .order_by("concept__position", "position")
    )
    rows = tuple(_variant_row(v) for v in variants)
    calibrations = ConceptCalibration.objects.filter(concept__module=module, concept__retired_at=None).select_related(
        "concept"
    )
    concepts = tuple(
        ConceptRow(c.concept.slug, c.concept.title, c.reviews, tuple(Bin(*b) for b in c.bins))
        for c in sorted(calibrations, key=lambda c: c.concept.position)
    )
    refreshed_at, _ = _refresh(viewer)
    return ModuleAnalytics(
        module.package.slug, module.package.title, module.slug, module.title, rows, concepts, refreshed_at
    )


def variant_analytics(
    viewer: Person, package_slug: str, module_slug: str, concept_slug: str, position: int
) -> tuple[ModuleAnalytics, VariantRow]:
    """One variant's figures (with its module's, for the page's context)."""
    module = module_analytics(viewer, package_slug, module_slug)
    row = next((v for v in module.variants if v.concept_slug == concept_slug and v.position == position), None)
    if row is None:
        raise AnalyticsRefused(f"there is no variant {position} of concept '{concept_slug}' in '{module_slug}'")
    return module, row


def _variant_row(variant: cm.Variant) -> VariantRow:
    stats: ItemStats | None = getattr(variant, "item_stats", None)
    activity = ACTIVITY.validate_python(variant.activity)
    picks = tuple(Pick(o, (stats.picks.get(o.key, 0.0) if stats else 0.0)) for o in options_of(activity))
    if stats is not None:
        flags = tuple((flag, reason) for flag, reason in stats.flags)
    else:  # what the content itself gives away shows before anyone answers
        flags = tuple((f.flag.value, f.reason) for f in item_flags(None, activity))
    return VariantRow(
        variant.concept.slug,
        variant.concept.title,
        variant.position,
        variant.kind,
        activity.prompt,
        stats,
        flags,
        picks,
    )
