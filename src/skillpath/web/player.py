"""The module player and reinforcement pages: lesson, the check one activity at a time, feedback, result.

Answers go through ``web.answering`` (one flow for checks, reinforcement and the diagnostic). Responses
are full pages, or just the activity card when htmx asks (``HX-Request``).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from skillpath import clock
from skillpath.content.localizing import content_language
from skillpath.learning.player import CheckPage, check_page, check_result, check_review, module_page
from skillpath.learning.selectors import reinforcement_item
from skillpath.learning.services import LearningError, activity_of, check_reviewed, module_start
from skillpath.people.selectors import access_person
from skillpath.web.activities import FormInvalid, posted_id
from skillpath.web.answering import Place, answer, show
from skillpath.web.feedback import feedback_view


@login_required
def module_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = module_page(access_person(request.user), slug, now=clock.now())
    if page is None:
        raise Http404("This module is not on your path.")
    return render(request, "web/module.html", {"page": page, "in_session": "session" in request.GET})


@login_required
@require_POST
def module_begin(request: HttpRequest, slug: str) -> HttpResponse:
    person = access_person(request.user)
    try:
        check = module_start(person, slug, now=clock.now())
    except LearningError as exc:
        page = module_page(person, slug, now=clock.now())
        if page is None:
            raise Http404("This module is not on your path.") from exc
        return render(request, "web/module.html", {"page": page, "error": str(exc)}, status=409)
    return redirect("check", check_id=check.pk)


def _check_place(page: CheckPage, person_id: int) -> Place:
    assert page.next_variant is not None
    return Place(
        action=f"/checks/{page.check}/answer",
        template="web/check.html",
        seed=f"{person_id}:{page.check}:{page.next_variant.pk}",
        check_id=page.check,
        extra={"page": page, "next_url": f"/checks/{page.check}/"},
    )


@login_required
def check(request: HttpRequest, check_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    page = check_page(person, check_id)
    if page is None:
        raise Http404("No such module check.")
    if page.next_variant is None:
        return redirect("check_result", check_id=check_id)
    return show(request, page.next_variant, _check_place(page, person.pk))


@login_required
@require_POST
def check_answer(request: HttpRequest, check_id: UUID) -> HttpResponse:
    person = access_person(request.user)
    page = check_page(person, check_id)
    if page is None:
        raise Http404("No such module check.")
    if page.next_variant is None or request.POST.get("variant", str(page.next_variant.pk)) != str(page.next_variant.pk):
        # Answered already (a resubmitted older form, or the check is complete): go on from where it is.
        return redirect("check", check_id=check_id)
    return answer(request, person, page.next_variant, _check_place(page, person.pk))


@login_required
def check_review_view(request: HttpRequest, check_id: UUID) -> HttpResponse:
    """What the learner missed in a failed check: each question with their answer, the right one and why."""
    review = check_review(access_person(request.user), check_id)
    if review is None:
        raise Http404("No such failed module check.")
    language = content_language()
    items = [
        {
            "concept_title": i.concept_title,
            "prompt": activity_of(i.variant, language).prompt,
            "feedback": feedback_view(activity_of(i.variant, language), i.grade, i.response),
        }
        for i in review.items
    ]
    return render(request, "web/review.html", {"review": review, "items": items})


@login_required
@require_POST
def check_reviewed_view(request: HttpRequest, check_id: UUID) -> HttpResponse:
    try:
        check = check_reviewed(access_person(request.user), check_id, now=clock.now())
    except LearningError as exc:
        raise Http404(str(exc)) from exc
    return redirect("module", slug=check.module.slug)


@login_required
def check_result_view(request: HttpRequest, check_id: UUID) -> HttpResponse:
    result = check_result(access_person(request.user), check_id)
    if result is None:
        raise Http404("No such completed module check.")
    return render(request, "web/result.html", {"result": result, "in_session": "session" in request.session})


@login_required
@require_http_methods(["GET", "POST"])
def reinforcement(request: HttpRequest, module: str, concept: str) -> HttpResponse:
    """One spaced reinforcement of a concept, with a variant not seen last time."""
    person = access_person(request.user)
    key = f"{module}/{concept}"
    posted = request.POST.get("variant") if request.method == "POST" else None
    variant = reinforcement_item(person, key, shown=posted)
    if variant is None:
        raise Http404("Nothing to practise here yet.")
    place = Place(
        action=f"/reinforcement/{key}/",
        template="web/reinforcement.html",
        seed=f"{person.pk}:{key}:{variant.pk}:{clock.now().date()}",
        extra={"next_url": "/session/next" if "session" in request.session else "/"},
    )
    if request.method == "POST":
        try:
            if posted is not None:
                posted_id(posted, _("variant"))
        except FormInvalid as exc:
            return show(request, variant, place, status=422, error=str(exc))
        return answer(request, person, variant, place)
    return show(request, variant, place)


@require_http_methods(["GET"])
def reinforcement_moved(request: HttpRequest, module: str, concept: str) -> HttpResponse:
    """The reinforcement of a concept at its address before 2.0, moved for good."""
    return HttpResponsePermanentRedirect(f"/reinforcement/{module}/{concept}/")
