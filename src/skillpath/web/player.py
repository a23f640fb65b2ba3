"""The module player and reinforcement pages: lesson, practice one activity at a time, feedback, result.

Each answer form carries a fresh attempt id (so a double submit or a reload records the answer once)
and a signed time of display (so the time taken is measured by the server, not claimed by the client).
Responses are full pages, or just the activity card when htmx asks (``HX-Request``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from skillpath import clock
from skillpath.content import models as cm
from skillpath.domain.content.model import Scenario
from skillpath.domain.grading import scenario_step
from skillpath.learning.player import check_page, check_result, module_page
from skillpath.learning.selectors import reinforcement_variant
from skillpath.learning.services import LearningError, activity_of, attempt_submit, module_start
from skillpath.people.models import Person
from skillpath.people.selectors import access_person
from skillpath.web.activities import (
    FormInvalid,
    activity_view,
    parse_path,
    parse_step,
    posted_id,
    response_from_form,
    scenario_progress,
)
from skillpath.web.feedback import feedback_view

SALT = "skillpath.answer"


def _stamp(variant: cm.Variant) -> str:
    return signing.dumps({"v": variant.pk, "t": clock.now().timestamp()}, salt=SALT)


def answered_seconds(stamp: str, variant: cm.Variant) -> float:
    """Time since the activity was shown, 1 s to 1 h; a missing or forged stamp counts as a minute."""
    try:
        data = signing.loads(stamp, salt=SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return 60.0
    if data.get("v") != variant.pk:
        return 60.0
    return min(max(clock.now().timestamp() - float(data["t"]), 1.0), 3600.0)


def _partial(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def activity_context(person: Person, variant: cm.Variant, action: str, seed: str, **extra: Any) -> dict[str, Any]:
    activity = activity_of(variant)
    path = extra.pop("path", None)
    return {
        "variant": variant,
        "view": activity_view(activity, seed, path),
        "action": action,
        "attempt_id": extra.pop("attempt_id", None) or uuid4(),
        "stamp": extra.pop("stamp", None) or _stamp(variant),
        "concept_title": variant.concept.title,
        **extra,
    }


@login_required
def module_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = access_person(request.user)
    page = module_page(person, slug)
    if page is None:
        raise Http404("This module is not on your path.")
    return render(request, "web/module.html", {"page": page, "in_session": "session" in request.GET})


@login_required
@require_POST
def module_begin(request: HttpRequest, slug: str) -> HttpResponse:
    person = access_person(request.user)
    if module_page(person, slug) is None:
        raise Http404("This module is not on your path.")
    try:
        run = module_start(person, slug, now=clock.now())
    except LearningError as exc:
        page = module_page(person, slug)
        return render(request, "web/module.html", {"page": page, "error": str(exc)}, status=409)
    return redirect("check", run_id=run.pk)


@login_required
def check(request: HttpRequest, run_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    page = check_page(person, run_id)
    if page is None:
        raise Http404("No such module check.")
    if page.next_variant is None:
        return redirect("check_result", run_id=run_id)
    seed = f"{person.pk}:{run_id}:{page.next_variant.pk}"
    context = activity_context(person, page.next_variant, f"/checks/{run_id}/answer", seed, page=page)
    return render(request, "web/check.html", context)


def _answer(
    request: HttpRequest, person: Person, variant: cm.Variant, *, run_id: UUID | None, seed: str, action: str,
    template: str, extra: dict[str, Any],
) -> HttpResponse:  # fmt: skip
    """Grade a posted answer (or move a scenario one step) and render feedback, or the form with an error."""
    activity = activity_of(variant)
    form = request.POST
    attempt_id = form.get("attempt_id", "")
    stamp = form.get("stamp", "")
    try:
        client_id = UUID(attempt_id)
        if isinstance(activity, Scenario):
            shown = scenario_turn(request, person, variant, activity, action, seed, template, client_id, stamp, extra)
            if shown is not None:
                return shown
        response = response_from_form(activity, form)
        result = attempt_submit(
            person, client_id=client_id, variant_id=variant.pk, response=response,
            duration_seconds=answered_seconds(stamp, variant), now=clock.now(), run_id=run_id,
        )  # fmt: skip
    except (ValueError, FormInvalid, LearningError) as exc:
        context = activity_context(person, variant, action, seed, error=str(exc), **extra)
        return render(request, template if not _partial(request) else "web/_activity.html", context, status=422)
    context = {"feedback": feedback_view(activity, result.grade), "result": result, "variant": variant, **extra}
    return render(request, "web/_feedback.html" if _partial(request) else "web/feedback.html", context)


def scenario_turn(
    request: HttpRequest, person: Person, variant: cm.Variant, activity: Scenario, action: str, seed: str,
    template: str, client_id: UUID, stamp: str, extra: dict[str, Any],
) -> HttpResponse | None:  # fmt: skip
    """One turn of a branching scenario: show the consequence of a choice, then the next situation.

    Returns None once the path has reached an ending and the learner continued: then it is graded.
    """
    path = parse_path(request.POST.get("path", ""))
    stage = request.POST.get("stage", "choose")
    if stage == "choose":
        step = request.POST.get("step", "")
        if not step.strip():
            raise FormInvalid("choose one of the options first")
        path.append(parse_step(step))
    ended, consequence = scenario_progress(activity, path)
    if stage == "continue" and ended:
        return None
    chosen = None
    if stage == "choose":
        node = scenario_step(activity, path[:-1])
        chosen = activity.nodes[node].choices[path[-1]].text
    context = activity_context(
        person, variant, action, seed, path=path, attempt_id=client_id, stamp=stamp,
        consequence_mode=stage == "choose", consequence=consequence, chosen_text=chosen, ended=ended, **extra,
    )  # fmt: skip
    return render(request, "web/_activity.html" if _partial(request) else template, context)


@login_required
@require_POST
def check_answer(request: HttpRequest, run_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    page = check_page(person, run_id)
    if page is None:
        raise Http404("No such module check.")
    if page.next_variant is None:
        return redirect("check_result", run_id=run_id)
    variant = page.next_variant
    posted = request.POST.get("variant")
    if posted and posted != str(variant.pk):  # answered already (a resubmitted older form): show the next item
        return redirect("check", run_id=run_id)
    seed = f"{person.pk}:{run_id}:{variant.pk}"
    return _answer(
        request, person, variant, run_id=run_id, seed=seed, action=f"/checks/{run_id}/answer",
        template="web/check.html", extra={"page": page, "next_url": f"/checks/{run_id}/"},
    )  # fmt: skip


@login_required
def check_result_view(request: HttpRequest, run_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    result = check_result(person, run_id)
    if result is None:
        raise Http404("No such completed module check.")
    return render(request, "web/result.html", {"result": result, "in_session": "session" in request.session})


@login_required
@require_http_methods(["GET", "POST"])
def practice(request: HttpRequest, module: str, concept: str) -> HttpResponse:
    """One spaced reinforcement of a concept, with a variant not seen last time."""
    concept = f"{module}/{concept}"
    person = access_person(request.user)
    variant = reinforcement_variant(person, concept)
    if variant is None:
        raise Http404("Nothing to practise here yet.")
    seed = f"{person.pk}:{concept}:{variant.pk}:{clock.now().date()}"
    action = f"/practice/{concept}/"
    if request.method == "POST":
        posted = request.POST.get("variant")
        if posted and posted != str(variant.pk):
            try:
                posted_pk = posted_id(posted, "variant")
            except FormInvalid as exc:
                context = activity_context(person, variant, action, seed, error=str(exc))
                return render(request, "web/practice.html", context, status=422)
            # The form shown before this answer (the rotation has moved on since, e.g. on a resubmit).
            shown = cm.Variant.objects.select_related("concept").filter(pk=posted_pk, concept_id=variant.concept_id)
            variant = shown.first() or variant
        return _answer(request, person, variant, run_id=None, seed=seed, action=action, template="web/practice.html",
                       extra={"next_url": "/session/next" if "session" in request.session else "/"})  # fmt: skip
    return render(request, "web/practice.html", activity_context(person, variant, action, seed))
