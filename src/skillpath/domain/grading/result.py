"""What grading returns: a score in [0, 1] with feedback per element, or ``ResponseInvalid``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class ResponseInvalid(ValueError):
    """The response does not have the shape its activity type needs.

    The message names the activity type, what is wrong and how the response should look, e.g.
    ``order: item 3 appears twice; send every item index 0..4 exactly once``.
    """


class ResponseEmpty(ResponseInvalid):
    """Nothing was answered (no option chosen, nothing matched or placed, no reply, every blank empty).

    The message is a friendly prompt for the learner (``Choose at least one option before checking
    your answer.``). An empty answer is refused rather than graded 0: it shows a missed click, not a
    lack of knowledge, and recording it would count against the learner's memory and checks.
    """


@dataclass(frozen=True)
class ItemFeedback:
    """Feedback on one element of an activity, keyed by its authored position (``"options[2]"``).

    ``correct`` says whether the learner handled this element right. ``text`` is the option's
    authored feedback for ``choice``; for ``categorize``, ``match`` and ``cloze`` it is the right
    answer (category title, right side, first accepted answer) when the learner's was wrong, else
    ``None``; for ``order`` it is ``None``; for ``scenario`` it is the chosen choice's feedback.
    ``picked`` is set for ``choice`` only: whether the learner selected the option.
    ``given`` and ``expected`` are set for ``cloze`` only: what the learner typed in the blank, and the
    accepted answer it matched (or, when wrong, the first accepted answer), to show side by side.
    """

    key: str
    correct: bool
    text: str | None
    picked: bool | None = None
    given: str | None = None
    expected: str | None = None


@dataclass(frozen=True)
class ScenarioStep:
    """One step of a scenario path: at ``node`` the learner took choice number ``choice``.

    ``points`` are the points of that choice. ``best_points_here`` is the most points any path
    from ``node`` to an ending can earn (for the first step: the best path's points), so a step
    was the best move when ``points`` plus the best from the next node equals it.
    """

    node: str
    node_text: str
    choice: int
    choice_text: str
    points: int
    best_points_here: int
    feedback: str | None


@dataclass(frozen=True)
class Grade:
    """A graded response. ``feedback`` follows the authored order of the activity's elements."""

    score: float
    correct: bool
    feedback: tuple[ItemFeedback, ...]
    explanation: str | None
    path: tuple[ScenarioStep, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.score <= 1:
            raise ValueError(f"score must be in [0, 1], got {self.score}")
        if self.correct != (self.score == 1):
            raise ValueError(f"correct must be True exactly when score is 1 (score {self.score})")


def make_grade(
    score: float,
    feedback: Iterable[ItemFeedback],
    explanation: str | None,
    path: Iterable[ScenarioStep] = (),
) -> Grade:
    """A ``Grade`` whose ``correct`` follows from ``score``."""
    return Grade(float(score), score == 1, tuple(feedback), explanation, tuple(path))


def share(right: int, total: int) -> float:
    """The share of ``total`` elements that are right (1.0 when there is nothing to get wrong)."""
    return right / total if total else 1.0
