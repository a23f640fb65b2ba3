"""From a graded answer to an FSRS rating.

The rule (DESIGN.md): score < 0.6 → Again; < 0.9 → Hard; ≥ 0.9 → Good; a full score answered clearly
faster than that variant's usual time → Easy. "Clearly faster" means at most ``EASY_SPEED`` of the
variant's usual time: the median over people of each person's plausible answer times, known only
once ``MIN_TIMINGS`` distinct people answered (``timing.usual_seconds``, which no one person can
steer); before that, nobody's answer can be judged fast.
"""

from __future__ import annotations

from skillpath.domain.memory import Rating
from skillpath.domain.timing import MIN_PEOPLE

AGAIN_BELOW = 0.6
HARD_BELOW = 0.9
EASY_SPEED = 0.6
MIN_TIMINGS = MIN_PEOPLE


def rating_for(score: float, seconds: float | None = None, usual_seconds: float | None = None) -> Rating:
    """The FSRS rating of an answer with ``score`` in [0, 1] that took ``seconds``.

    ``usual_seconds`` is the variant's usual answer time (``timing.usual_seconds``), or ``None``
    while it is not known.
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
