"""The learner's endpoints: the same selectors and services as the pages Today, My path, Skills, Growth,
Certificates, the session and the module player."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from skillpath import clock
from skillpath.api import schemas as s
from skillpath.api.auth import acting, scope_of
from skillpath.api.presenting import answer_out, item_for, measured_seconds
from skillpath.api.problems import READ_ERRORS, WRITE_ERRORS, ApiProblem
from skillpath.credentials.selectors import certificates_page
from skillpath.insights.plans import growth_overview
from skillpath.learning.pages import path_page, skills_page
from skillpath.learning.player import check_page
from skillpath.learning.selectors import queue_for_person, reinforcement_item
from skillpath.learning.services import LearningError, attempt_submit, module_start

router = Router(tags=["learner"])


@router.get("/me", response={200: s.Me, **READ_ERRORS})
def me(request: HttpRequest) -> dict[str, object]:
    """Who the credential acts as."""
    person = acting(request)
    return {
        "id": person.pk,
        "name": person.name,
        "email": person.user.get_username(),
        "organization": person.organization.slug,
        "is_manager": person.is_manager,
        "is_author": person.is_author,
        "is_admin": person.is_admin,
        "scope": scope_of(request),
    }


@router.get("/today", response={200: s.Today, **READ_ERRORS})
def today(request: HttpRequest) -> object:
    """Today's work within the learner's time budget (the Today page)."""
    return queue_for_person(acting(request), now=clock.now())


@router.get("/path", response={200: list[s.RolePath], **READ_ERRORS})
def my_path(request: HttpRequest) -> object:
    """Every role's path: stages, each module's status and why it is locked, milestones (My path)."""
    return path_page(acting(request), now=clock.now())


@router.get("/skills", response={200: list[s.Skill], **READ_ERRORS})
def skills(request: HttpRequest) -> object:
    """Each skill's level, why, fading, and the 30-day recall forecast (Skills)."""
    return skills_page(acting(request), now=clock.now())


@router.get("/growth", response={200: s.Growth, **READ_ERRORS})
def growth(request: HttpRequest) -> object:
    """Readiness for the next level of each role, and 90-day plans (Growth)."""
    return growth_overview(acting(request), now=clock.now())


@router.get("/certificates", response={200: list[s.Certificate], **READ_ERRORS})
def certificates(request: HttpRequest) -> object:
    """Certificates held (with status) and still to earn (with what is missing) (Certificates)."""
    return certificates_page(acting(request), now=clock.now())


@router.get("/session/items/{module}/{concept}", response={200: s.Item, 404: s.Problem, **READ_ERRORS})
def reinforcement(request: HttpRequest, module: s.Slug, concept: s.Slug) -> object:
    """The activity of a spaced reinforcement of a concept from Today (a variant not seen last time)."""
    person = acting(request)
    key = f"{module}/{concept}"
    variant = reinforcement_item(person, key)
    if variant is None:
        raise ApiProblem(
            404, _("nothing to practise for {concept}: the concept is not one you have learned").format(concept=key)
        )
    return item_for(variant, f"{person.pk}:{key}:{variant.pk}:{clock.now().date()}")


@router.post("/modules/{module}/checks", response={200: s.CheckState, **WRITE_ERRORS})
def check_start(request: HttpRequest, module: s.Slug) -> object:
    """Open (or resume) a module's check: one activity per concept (the module page's Start)."""
    person = acting(request, "learner")
    try:
        check = module_start(person, module, now=clock.now())
    except LearningError as exc:
        raise ApiProblem(409, str(exc)) from exc
    return _check_state(request, check.pk)


@router.get("/checks/{run_id}", response={200: s.CheckState, 404: s.Problem, **READ_ERRORS})
def check(request: HttpRequest, run_id: UUID) -> object:
    """A module check: how far it is, and its next activity."""
    return _check_state(request, run_id)


def _check_state(request: HttpRequest, check_id: UUID) -> dict[str, object]:
    person = acting(request)
    page = check_page(person, check_id)
    if page is None:
        raise ApiProblem(404, _("no such module check of yours"))
    variant = page.next_variant
    return {
        "run_id": page.check,
        "module": page.module,
        "module_title": page.module_title,
        "total": page.total,
        "answered": page.answered,
        "next": item_for(variant, f"{person.pk}:{page.check}:{variant.pk}", page.check) if variant else None,
    }


@router.post("/answers", response={200: s.AnswerOut, **WRITE_ERRORS})
def answer(request: HttpRequest, data: s.AnswerIn) -> object:
    """Answer an activity (a check's, with its run_id, or a reinforcement's). The same service as the pages:
    ``attempt_id`` is the idempotency key (sent again, nothing new is recorded and the first result returns)."""
    person = acting(request, "learner")
    try:
        result = attempt_submit(
            person,
            client_id=data.attempt_id,
            variant_id=data.variant_id,
            response=data.response,
            duration_seconds=measured_seconds(data.stamp, data.variant_id, data.attempt_id),
            now=clock.now(),
            check_id=data.run_id,
        )
    except LearningError as exc:
        raise ApiProblem(422, str(exc), field="body") from exc
    return answer_out(result)
