"""A variant's usual answer time, robust to implausible times and to any one person.

"Easy" (``rating.py``) needs a full score answered clearly faster than the variant's usual time, so
the usual time must say how long *people* take, and nobody may steer it for everyone else:

1. Implausible times are ignored: below ``FLOOR_SECONDS`` nobody has read the question (a script or
   a double submit), above ``CEILING_SECONDS`` the learner was away.
2. Each person counts once: their own median time. A person who answers a thousand times weighs
   exactly as much as one who answered once.
3. The usual time is the median over people. A median ignores how far the outlying people are:
   trimming the same share from both tails (a trimmed median) gives the same value, so one person
   can move it at most from one neighbour's time to the next, however many answers they send and
   however extreme. More than half of the people would have to collude to set it.
4. It is used only once ``MIN_PEOPLE`` distinct people have a plausible time: before that, nobody's
   answer can be judged fast, so nobody gets "Easy" from timing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from statistics import median

FLOOR_SECONDS = 2.0
CEILING_SECONDS = 3600.0
MIN_PEOPLE = 5


def plausible(seconds: float, *, floor: float = FLOOR_SECONDS, ceiling: float = CEILING_SECONDS) -> bool:
    """Whether an answer time can be a person reading and answering (``floor`` ≤ seconds ≤ ``ceiling``)."""
    return floor <= seconds <= ceiling


def per_person(
    samples: Iterable[tuple[Hashable, float]], *, floor: float = FLOOR_SECONDS, ceiling: float = CEILING_SECONDS
) -> dict[Hashable, float]:
    """Each person's median plausible answer time (people with none are left out)."""
    times: dict[Hashable, list[float]] = {}
    for person, seconds in samples:
        if plausible(seconds, floor=floor, ceiling=ceiling):
            times.setdefault(person, []).append(seconds)
    return {person: median(own) for person, own in times.items()}


def usual_seconds(
    samples: Iterable[tuple[Hashable, float]],
    *,
    floor: float = FLOOR_SECONDS,
    ceiling: float = CEILING_SECONDS,
    min_people: int = MIN_PEOPLE,
) -> float | None:
    """The usual answer time from ``(person id, seconds)`` samples, or None while fewer than
    ``min_people`` distinct people have a plausible time."""
    people = per_person(samples, floor=floor, ceiling=ceiling)
    if len(people) < min_people:
        return None
    return float(median(people.values()))
