"""The authors' live preview: a draft module's lesson and each activity in the learners' own templates
(``_lesson.html``, ``_activity.html``, ``_feedback.html``), answered and graded with feedback, writing nothing to
any learner's record. The page frames the preview twice, at desktop and phone width; the framed response alone
allows framing by this site (``frame-ancestors 'self'``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from uuid import uuid4

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from skillpath.authoring.selectors import access_author, draft_media_file, draft_module
from skillpath.content.rendering import lesson_html
from skillpath.domain.content.model import Scenario
from skillpath.domain.grading import ResponseInvalid, grade, scenario_step
from skillpath.learning.player import lesson_blocks
from skillpath.people.models import Person
from skillpath.web.activities import FormInvalid, activity_view, response_from_form, scenario_progress
from skillpath.web.answering import read_posted
from skillpath.web.feedback import feedback_view


def _author(request: HttpRequest) -> Person:
    try:
        return access_author(request.user)
    except PermissionDenied as exc:
        raise Http404("no such page") from exc


def framable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """This site may frame the response: the strict ``frame-ancestors 'none'`` becomes ``'self'`` for it alone."""
    framed: Any = csp_replace({"frame-ancestors": ["'self'"]})(view)
    return cast("Callable[..., HttpResponse]", framed)


@dataclass(frozen=True)
class PreviewVariant:
    pk: str  # "concept.variant" (the hidden field the activity form carries)


def _module(request: HttpRequest, package: str, module: str) -> Any:
    found = draft_module(_author(request), package, module)
    if found is None:
        raise Http404("no such module in the draft")
    return found


def _pick(found: Any, text: str) -> tuple[int, int]:
    concept, _, variant = text.partition(".")
    try:
        c, v = int(concept or 0), int(variant or 0)
    except ValueError:
        return 0, 0
    concepts = found.module.concepts
    if not 0 <= c < len(concepts) or not 0 <= v < len(concepts[c].variants):
        return 0, 0
    return c, v


@login_required
@require_GET
def preview_page(request: HttpRequest, package: str, module: str) -> HttpResponse:
    found = _module(request, package, module)
    frame = reverse("authoring_preview_frame", args=[package, module])
    return render(request, "web/preview.html", {"package": package, "module": module, "found": found, "frame": frame})


def _frame_context(package: str, module_id: str, found: Any, c: int, v: int, **extra: Any) -> dict[str, Any]:
    module = found.module
    lesson = [b.model_dump(mode="json", exclude_none=True) for b in module.lesson]
    concept = module.concepts[c]
    activity = concept.variants[v]
    return {
        "package": package,
        "module": module,
        "module_id": module_id,
        "current": f"{c}.{v}",
        "lesson": lesson_blocks(lesson, lesson_html(lesson)),
        "media_base": reverse("authoring_draft_media", args=[package, "x"])[:-1],
        "variants": [
            {"key": f"{i}.{j}", "concept": k.title, "number": j + 1, "type": a.type}
            for i, k in enumerate(module.concepts)
            for j, a in enumerate(k.variants)
        ],
        "view": activity_view(activity, f"preview-{c}-{v}", extra.pop("path", None)),
        "action": reverse("authoring_preview_answer", args=[package, module_id]) + f"?v={c}.{v}",
        "attempt_id": extra.pop("attempt_id", None) or uuid4(),
        "stamp": "preview",
        "variant": PreviewVariant(f"{c}.{v}"),
        "concept_title": concept.title,
        "next_url": reverse("authoring_preview_frame", args=[package, module_id]) + f"?v={c}.{v}",
        **extra,
    }


@login_required
@require_GET
@xframe_options_sameorigin
@framable
def preview_frame(request: HttpRequest, package: str, module: str) -> HttpResponse:
    found = _module(request, package, module)
    if found.module is None:
        return render(request, "web/preview_frame.html", {"errors": found.errors, "module_id": module})
    c, v = _pick(found, request.GET.get("v", ""))
    return render(request, "web/preview_frame.html", _frame_context(package, module, found, c, v))


@login_required
@require_POST
@xframe_options_sameorigin
@framable
def preview_answer(request: HttpRequest, package: str, module: str) -> HttpResponse:
    """Grade a preview answer and show the learners' feedback; a scenario moves on turn by turn. Nothing is stored."""
    found = _module(request, package, module)
    if found.module is None:
        raise Http404("the module has errors; fix them to preview it")
    c, v = _pick(found, request.GET.get("v", ""))
    activity = found.module.concepts[c].variants[v]
    try:
        posted = read_posted(request.POST)
        same = {"attempt_id": posted.attempt_id}
        if isinstance(activity, Scenario):
            path = list(posted.path)
            if posted.stage == "choose":
                steps = [s for s in posted.step.split(",") if s.strip()]
                if len(steps) != 1 or not re.fullmatch(r"\d{1,4}", steps[0].strip()):
                    raise FormInvalid(_("choose one of the options first"))
                path.append(int(steps[0]))
            ended, consequence = scenario_progress(activity, path)
            if posted.stage == "choose" or not ended:
                chosen = activity.nodes[scenario_step(activity, path[:-1])].choices[path[-1]].text if path else None
                context = _frame_context(
                    package,
                    module,
                    found,
                    c,
                    v,
                    path=path,
                    consequence_mode=posted.stage == "choose",
                    consequence=consequence,
                    chosen_text=chosen,
                    ended=ended,
                    **same,
                )
                return render(request, "web/_activity.html", context)
        response = response_from_form(activity, request.POST)
        result = grade(activity, response)
    except (FormInvalid, ResponseInvalid) as exc:
        context = _frame_context(package, module, found, c, v, error=str(exc))
        return render(request, "web/_activity.html", context, status=422)
    context = {**_frame_context(package, module, found, c, v), "feedback": feedback_view(activity, result, response)}
    return render(request, "web/_feedback.html", context)


@login_required
@require_GET
def draft_media(request: HttpRequest, package: str, path: str) -> HttpResponse:
    found = draft_media_file(_author(request), package, f"media/{path}")
    if found is None:
        raise Http404("no such media file in the draft")
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
