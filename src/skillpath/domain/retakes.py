"""Retaking a failed module check: other questions, after reviewing what was missed, after a short wait.

An immediate retake with the same questions proves little: the answers were just shown. So:

- **Other questions.** Each concept gets a variant the learner has not seen, in authored order; when
  all were seen, the one seen longest ago, never the one just failed when there is another
  (``variants.next_variant``).
- **Review first.** The retake opens only once the learner has looked at what they missed (the
  review of the failed check: each missed question with the right answer and why). Retaking without
  reading it is guessing again.
- **A short wait that grows with repeated failures.** ``RETAKE_WAITS``: 10 minutes after the first
  failed check, 4 hours after the second in a row, a day after the third and later. Ten minutes is
  enough for the just-read feedback to leave working memory, so the retake shows the idea was
  understood rather than echoed; repeated failures mean the lesson itself needs another read and a
  night's sleep, and they make cycling through variants until one is guessed right slow.

``retake_gate`` says whether a retake is open now and, if not, when it will be and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import ngettext
from skillpath.domain.timeutil import utc
from skillpath.domain.variants import next_variant

RETAKE_WAITS = (timedelta(minutes=10), timedelta(hours=4), timedelta(days=1))


@dataclass(frozen=True)
class RetakeGate:
    open: bool
    available_at: datetime | None  # when the wait ends (None: no wait, or the review is still to do)
    needs_review: bool  # the learner has not yet looked at what they missed
    reason: str | None  # why it is not open yet, in words (None when open)


def retake_wait(failures_in_a_row: int) -> timedelta:
    """The wait after the ``failures_in_a_row``-th failed check in a row (1 = the first failure)."""
    if failures_in_a_row < 1:
        return timedelta(0)
    return RETAKE_WAITS[min(failures_in_a_row, len(RETAKE_WAITS)) - 1]


def retake_gate(
    *, failed_at: datetime, failures_in_a_row: int, reviewed_at: datetime | None, now: datetime
) -> RetakeGate:
    """Whether a module whose latest check failed at ``failed_at`` can be retaken ``now``.

    ``failures_in_a_row`` counts the failed checks since the module was last started fresh (≥ 1);
    ``reviewed_at`` is when the learner opened the review of the failed check (None: not yet).
    """
    failed_at, now = utc(failed_at), utc(now)
    available_at = failed_at + retake_wait(failures_in_a_row)
    reviewed = reviewed_at is not None and utc(reviewed_at) >= failed_at
    if not reviewed:
        return RetakeGate(False, None, True, _("Review what you missed in your last check first."))
    if now < available_at:
        wait = _duration(available_at - now)
        return RetakeGate(
            False,
            available_at,
            False,
            _("Your retake opens {wait}, with new questions on the same ideas.").format(wait=wait),
        )
    return RetakeGate(True, None, False, None)


def retake_variants(
    concepts: Sequence[str], available: Mapping[str, Sequence[int]], seen: Mapping[str, Sequence[int]]
) -> dict[str, int]:
    """The variant position for each concept of a retake (or of another go): unseen first, in authored
    order, then the one seen longest ago. ``seen`` lists the positions shown to the learner, oldest first."""
    return {concept: next_variant(available[concept], seen.get(concept, ())) for concept in concepts}


def _duration(delta: timedelta) -> str:
    """``in 3 minutes``, ``in 2 hours``, ``in 1 day``: the wait rounded up to the unit people read."""
    minutes = -(-delta.total_seconds() // 60)
    if minutes < 60:
        n = int(max(minutes, 1))
        return ngettext("in {count} minute", "in {count} minutes", n).format(count=n)
    hours = -(-minutes // 60)
    if hours < 24:
        return ngettext("in {count} hour", "in {count} hours", int(hours)).format(count=int(hours))
    days = int(-(-hours // 24))
    return ngettext("in {count} day", "in {count} days", days).format(count=days)
