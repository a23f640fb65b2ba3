"""A module's check: when it is complete, its score, and whether it passes.

The check asks one activity per concept of the module right after its lesson. Its score is the mean of
the concepts' scores (each concept's latest answer), and it passes at the module's ``pass_score``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from skillpath.domain.curriculum import is_passing, percent


@dataclass(frozen=True)
class CheckOutcome:
    complete: bool  # False: some concepts get another go first (``retry``)
    score: float
    passed: bool
    retry: tuple[str, ...] = ()  # concept keys to ask again, with another variant
    reason: str = ""  # in words: why it passed or not


def check_outcome(scores: Mapping[str, Sequence[float]], pass_score: float) -> CheckOutcome:
    """The outcome of a check once every concept has an answer (``scores``: concept key → its scores, in order)."""
    if not scores or any(not s for s in scores.values()):
        raise ValueError("every concept of the check needs an answer first")
    score = sum(s[-1] for s in scores.values()) / len(scores)
    passed = is_passing(score, pass_score)
    verdict = "passed" if passed else "not passed"
    reason = f"{percent(score)}% against the {percent(pass_score)}% needed: {verdict}."
    return CheckOutcome(True, score, passed, (), reason)
