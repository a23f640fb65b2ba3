"""One answer flow for every activity a learner answers: a module check, a spaced reinforcement, the diagnostic.

Each answer form carries a fresh attempt id (so a double submit or a reload records the answer once) and
a display stamp: the signed time the activity was shown, bound to that attempt id. The server measures the
answer time from it, so a stamp counts once (its attempt is recorded once) and cannot be swapped for a
fresher one; a time below ``PLAUSIBLE_SECONDS`` (an answer sent right after fetching the page) or a
missing, forged or foreign stamp makes the answer untimed: it is recorded, but it never rates Easy and
never counts towards a question's usual time.

A scenario is answered turn by turn: each turn shows the consequence of a choice, the path so far rides
in the form, and the whole path is graded once it reaches an ending. A simulation is answered screen by screen
the same way: each action gets its feedback at once, the actions so far ride in the form, and the whole task is
graded (and recorded, one action per screen) after the last screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillpath import clock
from skillpath.content import models as cm
from skillpath.content.localizing import concept_title, content_language
from skillpath.domain.content.model import Scenario, Simulation
from skillpath.domain.grading import scenario_step, step_feedback
from skillpath.domain.grading.result import ResponseInvalid
from skillpath.learning.player import answer_moments
from skillpath.learning.services import LearningError, activity_of, attempt_submit
from skillpath.people.models import Person
from skillpath.web.activities import (
    FormInvalid,
    activity_view,
    parse_done,
    parse_path,
    response_from_form,
    scenario_progress,
    simulation_action,
)
from skillpath.web.feedback import feedback_view, step_outcome

SALT = "skillpath.answer"
PLAUSIBLE_SECONDS = 2.0
MAX_SECONDS = 3600.0


@dataclass(frozen=True)
class Place:
    """Where an activity is answered, and what the pages around it need."""

    action: str  # the form's URL
    template: str  # the full page
    seed: str  # makes the display order stable across reloads of the same item
    check_id: UUID | None = None  # a module check
    diagnostic_id: UUID | None = None  # the diagnostic
    then: str | None = None  # after an answer, go here instead of showing feedback (the diagnostic)
    extra: dict[str, Any] = field(default_factory=dict)  # more template context


def stamp_for(variant: cm.Variant, attempt_id: UUID) -> str:
    return signing.dumps({"v": variant.pk, "a": str(attempt_id), "t": clock.now().timestamp()}, salt=SALT)


def answered_seconds(stamp: str, variant: cm.Variant, attempt_id: UUID) -> float | None:
    """Seconds since the activity was shown for this attempt; None when that cannot be trusted."""
    try:
        data = signing.loads(stamp, salt=SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("v") != variant.pk or data.get("a") != str(attempt_id):
        return None
    seconds = clock.now().timestamp() - float(data.get("t", 0))
    return seconds if PLAUSIBLE_SECONDS <= seconds <= MAX_SECONDS else None


def partial(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def activity_context(
    variant: cm.Variant, place: Place, *, attempt_id: UUID | None = None, stamp: str | None = None, **extra: Any
) -> dict[str, Any]:
    """What the activity templates show: the activity as displayed, and a fresh attempt id and stamp."""
    attempt_id = attempt_id or uuid4()
    path, done = extra.pop("path", None), extra.pop("done", None)
    return {
        "variant": variant,
        "view": activity_view(activity_of(variant, content_language()), place.seed, path, done),
        "action": place.action,
        "attempt_id": attempt_id,
        "stamp": stamp or stamp_for(variant, attempt_id),
        "concept_title": concept_title(variant.concept, content_language()),
        **place.extra,
        **extra,
    }


def show(request: HttpRequest, variant: cm.Variant, place: Place, *, status: int = 200, **extra: Any) -> HttpResponse:
    template = "web/_activity.html" if partial(request) else place.template
    return render(request, template, activity_context(variant, place, **extra), status=status)


@dataclass(frozen=True)
class Posted:
    """The fields every answer form sends, read and checked."""

    attempt_id: UUID
    stamp: str
    stage: str  # scenario: "choose" (a choice was made) or "continue" (after its consequence); else ""
    path: list[int]
    step: str


def read_posted(form: QueryDict) -> Posted:
    try:
        attempt_id = UUID(form.get("attempt_id", ""))
    except ValueError as exc:
        raise FormInvalid(_("this answer form is incomplete; reload the page and answer again")) from exc
    stage = form.get("stage", "")
    if stage not in ("", "choose", "continue"):
        raise FormInvalid(_("this answer form is out of date; reload the page and answer again"))
    return Posted(attempt_id, form.get("stamp", ""), stage, parse_path(form.get("path", "")), form.get("step", ""))


def answer(request: HttpRequest, person: Person, variant: cm.Variant, place: Place) -> HttpResponse:
    """Grade a posted answer (or move a scenario on by one turn) and show feedback, or the form with the error."""
    activity = activity_of(variant, content_language())
    try:
        posted = read_posted(request.POST)
        if isinstance(activity, Scenario) and posted.stage != "continue":
            return _scenario_turn(request, variant, activity, place, posted)
        if isinstance(activity, Scenario) and not scenario_progress(activity, posted.path)[0]:
            return _scenario_turn(request, variant, activity, place, posted)
        if isinstance(activity, Simulation) and (
            posted.stage != "continue" or len(parse_done(activity, request.POST.get("done", ""))) < len(activity.steps)
        ):
            return _simulation_turn(request, variant, activity, place, posted)
        response = response_from_form(activity, request.POST)
        result = attempt_submit(
            person,
            client_id=posted.attempt_id,
            variant_id=variant.pk,
            response=response,
            duration_seconds=answered_seconds(posted.stamp, variant, posted.attempt_id),
            now=clock.now(),
            check_id=place.check_id,
            diagnostic_id=place.diagnostic_id,
        )
    except (FormInvalid, LearningError) as exc:
        return show(request, variant, place, status=422, error=str(exc))
    if place.then is not None:
        return _go(request, place.then)
    feedback = feedback_view(activity, result.grade, response)
    context = {"feedback": feedback, "result": result, "variant": variant, "moments": answer_moments(person, result)}
    template = "web/_feedback.html" if partial(request) else "web/feedback.html"
    return render(request, template, {**place.extra, **context})


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Navigate to ``url``: a whole-page load for htmx (never a page inside the activity card), else a redirect."""
    if partial(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    response = HttpResponse(status=303)
    response["Location"] = url
    return response


def _still_choosing(activity: Scenario, path: list[int]) -> list[int]:
    """The longest start of a posted ``path`` that walks the scenario to a decision still to make (what to show
    again with the error when the form's path was refused: tampered with, or from another version)."""
    for end in range(len(path), 0, -1):
        try:
            if activity.nodes[scenario_step(activity, path[:end])].choices:
                return list(path[:end])
        except ResponseInvalid:
            continue
    return []


def _scenario_turn(
    request: HttpRequest, variant: cm.Variant, activity: Scenario, place: Place, posted: Posted
) -> HttpResponse:
    """One turn of a branching scenario: the consequence of a choice, then the next situation."""
    same: dict[str, Any] = {"attempt_id": posted.attempt_id, "stamp": posted.stamp}
    path, chosen = list(posted.path), None
    try:
        if posted.stage == "choose":
            path.append(_one_step(posted.step))
        ended, consequence = scenario_progress(activity, path)
    except FormInvalid as exc:
        walk = _still_choosing(activity, posted.path)
        return show(request, variant, place, status=422, error=str(exc), path=walk, **same)
    if posted.stage == "choose":
        chosen = activity.nodes[scenario_step(activity, path[:-1])].choices[path[-1]].text
    return show(
        request,
        variant,
        place,
        path=path,
        consequence_mode=posted.stage == "choose",
        consequence=consequence,
        chosen_text=chosen,
        ended=ended,
        **same,
    )


def _simulation_turn(
    request: HttpRequest, variant: cm.Variant, activity: Simulation, place: Place, posted: Posted
) -> HttpResponse:
    """One screen of a simulation: the learner's action and its feedback (stage "choose"), then the next screen."""
    same: dict[str, Any] = {"attempt_id": posted.attempt_id, "stamp": posted.stamp}
    done: list[dict[str, Any]] = []
    try:
        done = parse_done(activity, request.POST.get("done", ""))
        if posted.stage == "choose":
            if len(done) >= len(activity.steps):
                raise FormInvalid(_("every screen is done; press the button to see your score"))
            step = len(done)
            action = simulation_action(activity, step, request.POST)
            outcome = step_outcome(activity, step, step_feedback(activity, step, action))
            return show(
                request,
                variant,
                place,
                done=done,
                step_done=outcome,
                ended=step + 1 == len(activity.steps),
                done_after=json.dumps([*done, action], ensure_ascii=False, separators=(",", ":")),
                **same,
            )
    except FormInvalid as exc:
        return show(request, variant, place, status=422, error=str(exc), done=done, **same)
    return show(request, variant, place, done=done, **same)


def _one_step(text: str) -> int:
    steps = parse_path(text) if text.strip() else []
    if len(steps) != 1:
        raise FormInvalid(_("choose one of the options first"))
    return steps[0]
