"""From a graded answer to an FSRS rating.

The rule (DESIGN.md): score < 0.6 → Again; < 0.9 → Hard; ≥ 0.9 → Good; a full score answered clearly
faster than that variant's usual time → Easy. "Clearly faster" means at most ``EASY_SPEED`` of the
median time other people took on the same variant, and it counts only once ``MIN_TIMINGS`` answers
are known (before that, nobody's answer can be judged fast).
"""

from __future__ import annotations

from skillpath.domain.memory import Rating

AGAIN_BELOW = 0.6
HARD_BELOW = 0.9
EASY_SPEED = 0.6
MIN_TIMINGS = 5


def rating_for(score: float, seconds: float | None = None, usual_seconds: float | None = None) -> Rating:
    """The FSRS rating of an answer with ``score`` in [0, 1] that took ``seconds``.

    ``usual_seconds`` is the variant's median answer time, or ``None`` while fewer than
    ``MIN_TIMINGS`` answers are known.
    """
    if not 0 <= score <= 1:
        raise ValueError(f"score must be in [0, 1], got {score}")
    if score < AGAIN_BELOW:
        return Rating.AGAIN
    if score < HARD_BELOW:
        return Rating.HARD
    if score == 1 and seconds is not None and usual_seconds and seconds <= EASY_SPEED * usual_seconds:
        return Rating.EASY
    return Rating.GOOD
