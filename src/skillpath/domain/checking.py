"""When a module check is complete and whether it passed: per concept, not on the average.

A module check asks one question per concept. An average hides a concept that was mostly wrong
(three ideas right and one wrong pass at 80 %), yet the module's gate promises that every idea of
the module can be used. So:

- **Floor.** Every concept needs at least ``CONCEPT_FLOOR`` (0.6). That is the line below which an
  answer rates *Again* (``rating.AGAIN_BELOW``): the memory model treats such an answer as "not
  recalled", and a check must not pass what the memory model counts as not known.
- **Another go.** A concept whose answer is below the floor gets ``EXTRA_TRIES`` (one) more
  question, with another variant, before the check completes: one slip (a misread question, a
  mis-click) should not fail a whole module, but one extra try is all: a second miss on a *new*
  question is evidence, and endless tries would be trial and error.
- **Score.** Each concept counts with its latest answer (after another go, that answer: it is a
  new question on the same idea); the check's score is their mean.
- **Passed** when the check is complete, the score is at least the module's ``pass_score`` and no
  concept is below the floor.

Both tries are still recorded as answers (the memory model sees the miss); only the check's verdict
uses the latest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from skillpath.domain.curriculum import is_passing, percent
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import ngettext
from skillpath.domain.rating import AGAIN_BELOW

CONCEPT_FLOOR = AGAIN_BELOW
EXTRA_TRIES = 1


@dataclass(frozen=True)
class CheckOutcome:
    complete: bool  # every concept answered, and no concept waits for another go
    unanswered: tuple[str, ...]  # concepts with no answer yet, in module order
    another_go: tuple[str, ...]  # concepts below the floor that get another question now
    weak: tuple[str, ...]  # concepts whose latest answer is below the floor
    score: float | None  # mean of each answered concept's latest score (None before any answer)
    passed: bool
    reason: str  # the verdict, or what happens next, in words


def below_floor(score: float) -> bool:
    """Whether a concept's answer is too weak to count as shown (below ``CONCEPT_FLOOR``)."""
    return score < CONCEPT_FLOOR - 1e-9


def check_outcome(
    concepts: Sequence[str],
    answers: Mapping[str, Sequence[float]],
    pass_score: float,
    titles: Mapping[str, str] | None = None,
) -> CheckOutcome:
    """The state of a check of a module with ``concepts`` (in order), given each concept's scores so far
    (oldest first; answers to concepts not in the module are ignored)."""
    titles = titles or {}
    latest = {c: answers[c][-1] for c in concepts if answers.get(c)}
    unanswered = tuple(c for c in concepts if c not in latest)
    weak = tuple(c for c in concepts if c in latest and below_floor(latest[c]))
    another_go = tuple(c for c in weak if len(answers[c]) <= EXTRA_TRIES)
    score = sum(latest.values()) / len(latest) if latest else None
    complete = bool(concepts) and not unanswered and not another_go
    if not concepts:
        return CheckOutcome(True, (), (), (), 1.0, True, _("Passed: this module has nothing to check."))
    passed = complete and score is not None and is_passing(score, pass_score) and not weak
    reason = _reason(complete, passed, score, pass_score, unanswered, another_go, weak, latest, titles)
    return CheckOutcome(complete, unanswered, another_go, weak, score, passed, reason)


def _reason(
    complete: bool,
    passed: bool,
    score: float | None,
    pass_score: float,
    unanswered: tuple[str, ...],
    another_go: tuple[str, ...],
    weak: tuple[str, ...],
    latest: Mapping[str, float],
    titles: Mapping[str, str],
) -> str:
    def named(concepts: Sequence[str]) -> str:
        return ", ".join(
            _("“{concept}” ({percent}%)").format(concept=titles.get(c, c), percent=percent(latest[c])) for c in concepts
        )

    floor = percent(CONCEPT_FLOOR)
    if another_go:
        return _("Another go with a new question for {concepts}: every idea needs at least {floor}%.").format(
            concepts=named(another_go), floor=floor
        )
    if not complete:
        left = len(unanswered)
        return ngettext("{count} question to go.", "{count} questions to go.", left).format(count=left)
    assert score is not None
    needed = percent(pass_score)
    if passed:
        return _("Passed: {score}% ({needed}% needed) and every idea at least {floor}%.").format(
            score=percent(score), needed=needed, floor=floor
        )
    if weak:
        return _(
            "Not passed: {concepts} stayed below {floor}% after another go, "
            "so the check does not pass even at {score}% overall ({needed}% needed)."
        ).format(concepts=named(weak), floor=floor, score=percent(score), needed=needed)
    return _("Not passed: {score}%, {needed}% needed.").format(score=percent(score), needed=needed)
