"""Set-up for learning tests: the mini academy, a learner, and answering whole checks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from skillpath.content.services import organization_ensure, package_import
from skillpath.learning.player import check_page
from skillpath.learning.services import SubmitResult, activity_of, attempt_submit, module_start
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import mini_source, perfect_response, wrong_response


def learner(now: datetime, org: str = "acme", email: str = "lee@acme.test") -> Person:
    package_import(org, mini_source(), now=now)
    return person_upsert(
        organization_ensure(org), PersonSpec(email, "Lee", [("seller", None)]), password=None, today=now.date()
    )


def answer(
    person: Person, variant: Any, now: datetime, *, right: bool = True, check: Any = None, seconds: float = 30.0
) -> SubmitResult:
    activity = activity_of(variant)
    response = perfect_response(activity) if right else wrong_response(activity)
    return attempt_submit(
        person,
        client_id=uuid4(),
        variant_id=variant.pk,
        response=response,
        duration_seconds=seconds,
        now=now,
        check_id=check.pk if check else None,
    )


def do_check(person: Person, module: str, now: datetime, *, right: bool = True) -> list[SubmitResult]:
    """Answer a module's check to its end (weak ideas get another go), every answer right or every one wrong."""
    check = module_start(person, module, now=now)
    results = []
    page = check_page(person, check.pk)
    while page is not None and page.next_variant is not None:
        results.append(answer(person, page.next_variant, now, right=right, check=check))
        page = check_page(person, check.pk)
    return results


def retake_ready(person: Person, module: str, now: datetime) -> datetime:
    """Go through the latest failed check of ``module`` as the learner would; the time its retake opens."""
    from skillpath.learning import models as lm
    from skillpath.learning.services import check_reviewed

    failed = lm.ModuleCheck.objects.filter(person=person, module__slug=module, passed=False).latest("completed_at")
    check_reviewed(person, failed.pk, now=now)
    return now + timedelta(days=1)
