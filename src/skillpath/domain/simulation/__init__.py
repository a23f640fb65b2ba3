"""Simulated learners for the learning-efficiency benchmark and the demo's believable histories.

A ground truth (:class:`FsrsTruth`, :class:`ActrTruth` or :class:`McmTruth`) is a person's real memory, independent of
any scheduler; a :class:`SimulatedLearner` answers activities from it. Everything is deterministic
given the seeds and the ``random.Random`` instances passed in.
"""

from skillpath.domain.simulation.actr_truth import ActrTraits, ActrTruth
from skillpath.domain.simulation.fsrs_truth import FsrsTraits, FsrsTruth
from skillpath.domain.simulation.learner import (
    ACTIVITY_SECONDS,
    Answer,
    SimulatedLearner,
    session_minutes,
    session_start,
    usual_seconds,
)
from skillpath.domain.simulation.mcm_truth import McmTraits, McmTruth
from skillpath.domain.simulation.truth import GroundTruth, Practice, seeded_rng

__all__ = [
    "ACTIVITY_SECONDS",
    "ActrTraits",
    "ActrTruth",
    "Answer",
    "FsrsTraits",
    "FsrsTruth",
    "GroundTruth",
    "McmTraits",
    "McmTruth",
    "Practice",
    "SimulatedLearner",
    "seeded_rng",
    "session_minutes",
    "session_start",
    "usual_seconds",
]
