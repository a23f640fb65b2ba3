"""The skill-gap diagnostic: a short adaptive test that lets people show what they already know.

It works module by module. It starts with the first application-stage module not yet passed (where
most newcomers' knowledge runs out) and asks its concepts one at a time:
- every concept answered well → the module is shown (tested out), and the next question comes from
  a harder module (the next one on the path at the same or a later stage);
- a concept answered poorly → that module stops there, and the next question comes from an easier
  module (an earlier stage), so the test follows the person's level up and down.
It ends after ``MAX_QUESTIONS`` (about ten minutes) or when no untried module is left.
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


def module_results(curriculum: Curriculum, answers: Sequence[Answer]) -> dict[str, ModuleResult]:
    """What the answers say about each module they touched, in the order first touched."""
    touched: dict[str, list[Answer]] = {}
    for a in answers:
        touched.setdefault(curriculum.module_of(a.concept), []).append(a)
    results = {}
    for module, given in touched.items():
        concepts = curriculum.modules[module].concepts if module in curriculum.modules else ()
        good = {a.concept for a in given if a.good}
        results[module] = ModuleResult(
            module, len(given), bool(concepts) and set(concepts) <= good, any(not a.good for a in given)
        )
    return results


def tested_out_modules(curriculum: Curriculum, answers: Sequence[Answer]) -> list[str]:
    """Modules the answers show, as given: every concept of the module answered, and every answer good.

    Each answer counts: a concept answered poorly and then well (trial and error) is not shown.
    """
    given: dict[str, list[bool]] = {}
    for a in answers:
        given.setdefault(a.concept, []).append(a.good)
    modules = dict.fromkeys(curriculum.module_of(a.concept) for a in answers)
    return [
        m
        for m in modules
        if m in curriculum.modules
        and curriculum.modules[m].concepts
        and all(c in given and all(given[c]) for c in curriculum.modules[m].concepts)
    ]


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
