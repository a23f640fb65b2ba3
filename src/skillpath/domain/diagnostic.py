"""The skill-gap diagnostic: a short adaptive test that lets people show what they already know.

It works module by module. It starts with the first application-stage module not yet passed (where
most newcomers' knowledge runs out) and asks its concepts one at a time:
- every concept answered well → the module is shown (tested out), and the next question comes from
  a harder module (the next one on the path at the same or a later stage);
- a concept answered poorly → that module stops there, and the next question comes from an easier
  module (an earlier stage), so the test follows the person's level up and down.
It ends after ``MAX_QUESTIONS`` (about ten minutes) or when no untried module is left.

Testing out uses the answers as given (``shown_concepts``, ``modules_tested_out``): a concept is
shown only when its *first* answer was good and no later answer to it was poor. Every answer, right or wrong,
is recorded as evidence; a second try at the same question after seeing it answered proves nothing,
so trial and error can never test a module out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.gates import NOT_STARTED, Progress

MAX_QUESTIONS = 14
GOOD_SCORE = 0.9  # an answer this good shows the concept (and seeds its memory)
START_STAGE = 2


@dataclass(frozen=True)
class Answer:
    concept: str  # concept key
    good: bool


@dataclass(frozen=True)
class ModuleResult:
    module: str
    asked: int
    shown: bool  # every concept answered well
    failed: bool  # a concept answered poorly


def shown_concepts(answers: Sequence[Answer]) -> set[str]:
    """Concepts the answers show: the first answer to the concept was good, and no later one was poor.

    Pass one diagnostic's answers in the order given (or all of a person's diagnostic answers in
    order, for the stricter "first answer ever").
    """
    first: dict[str, bool] = {}
    contradicted: set[str] = set()
    for a in answers:
        if a.concept not in first:
            first[a.concept] = a.good
        elif not a.good:
            contradicted.add(a.concept)
    return {concept for concept, good in first.items() if good and concept not in contradicted}


def module_results(curriculum: Curriculum, answers: Sequence[Answer]) -> dict[str, ModuleResult]:
    """What the answers say about each module they touched, in the order first touched."""
    touched: dict[str, list[Answer]] = {}
    for a in answers:
        touched.setdefault(curriculum.module_of(a.concept), []).append(a)
    shown = shown_concepts(answers)
    results = {}
    for module, given in touched.items():
        concepts = curriculum.modules[module].concepts if module in curriculum.modules else ()
        results[module] = ModuleResult(
            module, len(given), bool(concepts) and set(concepts) <= shown, any(not a.good for a in given)
        )
    return results


def modules_tested_out(curriculum: Curriculum, answers: Sequence[Answer]) -> list[str]:
    """The modules the answers test out (every concept shown, ``shown_concepts``), in the order first touched."""
    return [module for module, result in module_results(curriculum, answers).items() if result.shown]


def _candidates(curriculum: Curriculum, progress: Mapping[str, Progress], tried: set[str]) -> list[str]:
    return [
        m
        for m in curriculum.path_order
        if m not in tried and not progress.get(m, NOT_STARTED).done and curriculum.stage_of[m] <= 3
    ]


def next_question(curriculum: Curriculum, progress: Mapping[str, Progress], answers: Sequence[Answer]) -> str | None:
    """The concept key to ask next, or None when the diagnostic is over."""
    if len(answers) >= MAX_QUESTIONS:
        return None
    results = module_results(curriculum, answers)
    asked = {a.concept for a in answers}
    for module, result in results.items():
        if not result.shown and not result.failed:  # a module under way: go on with it
            return next(c for c in curriculum.modules[module].concepts if c not in asked)
    candidates = _candidates(curriculum, progress, set(results))
    if not candidates:
        return None
    stage = START_STAGE
    if results:
        last = list(results.values())[-1]
        last_stage = curriculum.stage_of.get(last.module, START_STAGE)
        stage = min(last_stage + 1, 3) if last.shown else max(last_stage - 1, 1)
    by_distance = sorted(
        candidates, key=lambda m: (abs(curriculum.stage_of[m] - stage), curriculum.path_order.index(m))
    )
    module = by_distance[0]
    return curriculum.modules[module].concepts[0] if curriculum.modules[module].concepts else None
