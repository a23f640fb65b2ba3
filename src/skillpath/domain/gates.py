"""Performance-based progression: which modules are open to a person, and what unlocks the rest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from skillpath.domain.curriculum import Curriculum, is_passing, percent
from skillpath.domain.i18n import gettext as _


class Status(StrEnum):
    LOCKED = "locked"
    AVAILABLE = "available"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    TESTED_OUT = "tested_out"


@dataclass(frozen=True)
class Progress:
    """A person's record on one module (absent = never started)."""

    best_score: float | None = None
    passed: bool = False
    tested_out: bool = False
    started: bool = False

    @property
    def done(self) -> bool:
        """Passed or tested out: counts as shown for gates and proficiency."""
        return self.passed or self.tested_out


NOT_STARTED = Progress()


@dataclass(frozen=True)
class Gate:
    module: str
    status: Status
    reasons: tuple[str, ...] = ()  # for a locked module: what the person must show, in words

    @property
    def open(self) -> bool:
        return self.status is not Status.LOCKED


def requirement_text(curriculum: Curriculum, module_id: str, progress: Progress) -> str:
    """``Pass *Objection handling techniques* with 80% (best so far: 60%)``."""
    module = curriculum.modules[module_id]
    if progress.best_score is None:
        return _("Pass *{module}* with {percent}%").format(module=module.title, percent=percent(module.pass_score))
    return _("Pass *{module}* with {percent}% (best so far: {best}%)").format(
        module=module.title, percent=percent(module.pass_score), best=percent(progress.best_score)
    )


def module_gate(curriculum: Curriculum, module_id: str, progress: Mapping[str, Progress]) -> Gate:
    """The status of a module for a person, with the exact reasons when it is locked."""
    own = progress.get(module_id, NOT_STARTED)
    if own.tested_out:
        return Gate(module_id, Status.TESTED_OUT)
    if own.passed:
        return Gate(module_id, Status.PASSED)
    missing = [
        requirement_text(curriculum, required, progress.get(required, NOT_STARTED))
        for required in curriculum.modules[module_id].requires
        if required in curriculum.modules and not progress.get(required, NOT_STARTED).done
    ]
    if missing:
        return Gate(module_id, Status.LOCKED, tuple(missing))
    return Gate(module_id, Status.IN_PROGRESS if own.started else Status.AVAILABLE)


def gates(curriculum: Curriculum, progress: Mapping[str, Progress]) -> dict[str, Gate]:
    """Every module on the person's paths → its gate, in path order."""
    return {m: module_gate(curriculum, m, progress) for m in curriculum.path_order}


def newly_unlocked(curriculum: Curriculum, before: Mapping[str, Progress], after: Mapping[str, Progress]) -> list[str]:
    """Modules on the paths that were locked with ``before`` and are open with ``after``."""
    return [
        m
        for m in curriculum.path_order
        if not module_gate(curriculum, m, before).open and module_gate(curriculum, m, after).open
    ]


def record_check(progress: Progress, score: float, pass_score: float) -> Progress:
    """A module's progress after a completed check with ``score``."""
    best = score if progress.best_score is None else max(progress.best_score, score)
    return Progress(
        best_score=best,
        passed=progress.passed or is_passing(score, pass_score),
        tested_out=progress.tested_out,
        started=True,
    )
