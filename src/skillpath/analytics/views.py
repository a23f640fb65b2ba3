"""Item analytics pages for authors and admins: package → module → variant, each table also as CSV."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from skillpath.analytics.charts import calibration_chart, picks_chart
from skillpath.analytics.export import calibration_csv, module_csv, overview_csv, variant_csv
from skillpath.analytics.selectors import (
    AnalyticsRefused,
    module_analytics,
    package_overview,
    packages_overview,
    variant_analytics,
)
from skillpath.people.selectors import access_person


def _refusals_are_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AnalyticsRefused as exc:
            raise Http404(str(exc)) from None

    return login_required(wrapped)


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@_refusals_are_404
def overview(request: HttpRequest) -> HttpResponse:
    view = packages_overview(access_person(request.user))
    return render(request, "analytics/overview.html", {"view": view, "level": "package"})


@_refusals_are_404
def overview_export(request: HttpRequest) -> HttpResponse:
    return _csv(overview_csv(packages_overview(access_person(request.user))), "analytics-packages")


@_refusals_are_404
def package(request: HttpRequest, package: str) -> HttpResponse:
    view = package_overview(access_person(request.user), package)
    return render(request, "analytics/overview.html", {"view": view, "level": "module", "package": package})


@_refusals_are_404
def package_export(request: HttpRequest, package: str) -> HttpResponse:
    return _csv(overview_csv(package_overview(access_person(request.user), package)), f"analytics-{package}")


@_refusals_are_404
def module(request: HttpRequest, package: str, module: str) -> HttpResponse:
    view = module_analytics(access_person(request.user), package, module)
    charts = [(c, calibration_chart(c.title, c.bins)) for c in view.concepts]
    return render(request, "analytics/module.html", {"view": view, "charts": charts})


@_refusals_are_404
def module_export(request: HttpRequest, package: str, module: str) -> HttpResponse:
    return _csv(module_csv(module_analytics(access_person(request.user), package, module)), f"analytics-{module}")


@_refusals_are_404
def calibration_export(request: HttpRequest, package: str, module: str) -> HttpResponse:
    view = module_analytics(access_person(request.user), package, module)
    return _csv(calibration_csv(view), f"calibration-{module}")


@_refusals_are_404
def variant(request: HttpRequest, package: str, module: str, concept: str, position: int) -> HttpResponse:
    view, row = variant_analytics(access_person(request.user), package, module, concept, position)
    concept_row = next((c for c in view.concepts if c.slug == concept), None)
    context = {
        "view": view,
        "row": row,
        "picks": picks_chart(row.picks, row.stats.attempts if row.stats else 0),
        "calibration": calibration_chart(concept_row.title, concept_row.bins) if concept_row else None,
    }
    return render(request, "analytics/variant.html", context)


@_refusals_are_404
def variant_export(request: HttpRequest, package: str, module: str, concept: str, position: int) -> HttpResponse:
    _, row = variant_analytics(access_person(request.user), package, module, concept, position)
    return _csv(variant_csv(row), f"analytics-{module}-{concept}-{position}")
