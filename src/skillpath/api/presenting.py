"""Activities and answer results as the API shows them: the same display (``web.activities``: shuffled
stably, answers never included) and the same display stamp and idempotency key as the answer pages
(``web.answering``), so an API answer is measured and recorded exactly like a page's."""

from __future__ import annotations

from uuid import UUID, uuid4

from skillpath.content import models as cm
from skillpath.content.localizing import concept_title, content_language
from skillpath.learning.services import SubmitResult, activity_of
from skillpath.web.activities import activity_view
from skillpath.web.answering import answered_seconds, stamp_for


def item_for(variant: cm.Variant, seed: str, check_id: UUID | None = None) -> dict[str, object]:
    attempt_id = uuid4()
    return {
        "variant_id": variant.pk,
        "concept_title": concept_title(variant.concept, content_language()),
        "run_id": check_id,
        "attempt_id": attempt_id,
        "stamp": stamp_for(variant, attempt_id),
        "activity": activity_view(activity_of(variant, content_language()), seed),
    }


def measured_seconds(stamp: str, variant_id: int, attempt_id: UUID) -> float | None:
    """The answer time from the display stamp (None: no stamp, or one not made for this attempt and variant)."""
    return answered_seconds(stamp, cm.Variant(pk=variant_id), attempt_id) if stamp else None


def answer_out(result: SubmitResult) -> dict[str, object]:
    changes, outcome = result.events, result.events.check_outcome
    complete = outcome is not None and outcome.complete
    return {
        "attempt": result.attempt_id,
        "duplicate": result.duplicate,
        "score": result.grade.score,
        "correct": result.grade.correct,
        "rating": result.rating.name.lower(),
        "explanation": result.grade.explanation,
        "feedback": list(result.grade.feedback),
        "next_review": result.memory.due if result.memory else None,
        "unlocked": list(changes.unlocked),
        "milestones": list(changes.milestones),
        "levels": [{"skill": skill, "before": before, "after": after} for skill, before, after in changes.levels],
        "check_complete": complete,
        "check_passed": outcome.passed if complete and outcome is not None else None,
    }
