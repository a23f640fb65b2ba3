"""Evidence-based skill levels that can fade (DESIGN.md, "Proficiency"), defined per concept.

0 not started · 1 foundation · 2 application · 3 mastery · 4 sustained. A level names a capability,
not a column of the path. Over the concepts that the skill's foundation, application and mastery
modules teach (the evidence on each: ``evidence.py``):

- **1 foundation**: the foundation is shown: every foundation-stage concept of the skill (and at
  least one concept) is shown.
- **2 application**: every foundation- and application-stage concept is shown, some application
  (or mastery) work on the skill is passed, and the foundation was kept: every foundation concept
  recalled at least a day after learning (and at least one concept recalled, for a skill with no
  foundation concepts). Applying an idea that is already forgotten is not application.
- **3 mastery**: every concept of the skill is shown, mastery-stage work on it is passed, and
  *every* concept was recalled at least a day after learning. One module passed right after its
  lesson is never mastery: mastery is every idea applied, and kept past the day.
- **4 sustained**: every concept sustained: recalled after spacings of weeks, with a stable memory
  and no recent lapse (see ``evidence.py``).

A skill whose rubric says ``required_for: N`` (content format) also needs, from level N up, an
observation on the job that meets its rubric (recorded by a manager or a named reviewer): without
one the level stops at N - 1, and "why level N - 1?" says so. Quiz answers alone are weak evidence of
job performance.

Each condition asks that every concept of some kind has some evidence, so more evidence never
lowers a level. Levels read the review history, not the clock; so nobody is above level 1 within a
day of their first answer, and the stored level changes only when an answer is recorded.
A skill whose mean predicted recall now is below ``FADING_BELOW`` is *fading*: it counts one level
lower for readiness and certificates until refreshed (passed modules never re-lock).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from skillpath.domain.curriculum import Curriculum, percent
from skillpath.domain.evidence import ConceptEvidence, concept_evidence
from skillpath.domain.gates import Progress
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop, ngettext
from skillpath.domain.memory import Memory, MemoryModel

FADING_BELOW = 0.70
# English names (stored, exported); translate with _() where shown.
LEVEL_NAMES = {
    0: gettext_noop("not started"),
    1: gettext_noop("foundation"),
    2: gettext_noop("application"),
    3: gettext_noop("mastery"),
    4: gettext_noop("sustained"),
}
OBSERVATION_NEEDED = gettext_noop(
    "an observation on the job that meets the skill's rubric (by your manager or a reviewer)"
)


@dataclass(frozen=True)
class SkillLevel:
    skill: str
    level: int  # 0–4, as earned
    fading: bool
    mean_recall: float | None  # over the skill's concepts the person has met; None if none
    explanation: tuple[str, ...]  # why this level, in words: a summary, then one line per concept
    next_step: str | None  # what would raise it, in words
    concepts: tuple[ConceptEvidence, ...] = ()  # the evidence per concept
    missing: tuple[str, ...] = ()  # what the next level still needs, one item per module or concept

    @property
    def effective(self) -> int:
        """The level that counts for readiness and certificates (one lower while fading)."""
        return max(self.level - 1, 0) if self.fading else self.level

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.level]


def level_from_evidence(evidence: Sequence[ConceptEvidence]) -> int:
    """The level 0–4 that per-concept evidence earns (the rules in this module's docstring)."""
    level = 0
    for candidate in (1, 2, 3, 4):
        if not _meets(evidence, candidate):
            break
        level = candidate
    return level


def _meets(evidence: Sequence[ConceptEvidence], level: int) -> bool:
    def at(*stages: int) -> list[ConceptEvidence]:
        return [e for e in evidence if e.stage in stages]

    if level == 1:
        return any(e.shown for e in evidence) and all(e.shown for e in at(1))
    if level == 2:
        return (
            all(e.shown for e in at(1, 2))
            and any(e.shown for e in at(2, 3))
            and all(e.recalled for e in at(1))
            and any(e.shown and e.recalled for e in evidence)
        )
    if level == 3:
        return any(e.shown for e in at(3)) and all(e.shown and e.recalled for e in evidence)
    return all(e.sustained for e in evidence)


def stage_level(curriculum: Curriculum, skill: str, progress: Mapping[str, Progress]) -> int:
    """The highest level the passed modules alone allow (0–3): what the level becomes once the
    spaced recalls it needs are made. Planning and session summaries forecast with it."""
    recalled = [replace(e, recalled=True) for e in concept_evidence(curriculum, skill, progress, {})]
    return min(level_from_evidence(recalled), 3)


def mean_recall(
    curriculum: Curriculum, skill: str, memories: Mapping[str, Memory], model: MemoryModel, now: datetime
) -> float | None:
    recalls = [model.retrievability(memories[c], now) for c in curriculum.concepts_of_skill(skill) if c in memories]
    return sum(recalls) / len(recalls) if recalls else None


def earned_level(
    curriculum: Curriculum,
    skill: str,
    progress: Mapping[str, Progress],
    memories: Mapping[str, Memory],
    *,
    observed: bool = False,
) -> int:
    """A skill's level as earned (0–4), as ``skill_level`` gives it, without the words that explain it: what
    an answer records, many times a second, where the explanation is never read."""
    evidence = concept_evidence(curriculum, skill, progress, memories)
    return _held_level(evidence, curriculum.observation_levels.get(skill), observed)[0]


def _held_level(evidence: Sequence[ConceptEvidence], needs: int | None, observed: bool) -> tuple[int, bool]:
    """The level the evidence shows, held one below a level that needs an observation on the job not yet made;
    and whether it was held back."""
    level = level_from_evidence(evidence)
    if needs is not None and not observed and level >= needs:
        return needs - 1, True
    return level, False


def skill_level(
    curriculum: Curriculum,
    skill: str,
    progress: Mapping[str, Progress],
    memories: Mapping[str, Memory],
    model: MemoryModel,
    now: datetime,
    *,
    observed: bool = False,
) -> SkillLevel:
    """A skill's level for a person at ``now``, with its explanation ("Why level N?") and next step.
    ``observed``: an observation on the job that meets the skill's rubric has been recorded."""
    evidence = concept_evidence(curriculum, skill, progress, memories)
    needs = curriculum.observation_levels.get(skill)
    level, held_back = _held_level(evidence, needs, observed)
    recall = mean_recall(curriculum, skill, memories, model, now)
    fading = recall is not None and recall < FADING_BELOW
    title = curriculum.skill_titles.get(skill, skill)
    explanation = [
        _("{skill}: level {level} ({name}).").format(skill=title, level=level, name=_(LEVEL_NAMES[level])),
        *_counts(evidence),
    ]
    if held_back:
        explanation.append(
            _("The answers show level {level} too; it also needs {observation}.").format(
                level=needs, observation=_(OBSERVATION_NEEDED)
            )
        )
    elif needs is not None and observed:
        explanation.append(_("Observed on the job: an observation met the rubric."))
    explanation += [e.summary() for e in evidence]
    if recall is not None:
        if fading:
            text = _("Predicted recall now: {percent}% (fading: it counts one level lower until refreshed).")
        else:
            text = _("Predicted recall now: {percent}% (holding).")
        explanation.append(text.format(percent=percent(recall)))
    missing = missing_for(evidence, level + 1) if level < 4 else ()
    if needs is not None and not observed and level + 1 >= needs:
        missing = (*missing, _(OBSERVATION_NEEDED))
    return SkillLevel(
        skill, level, fading, recall, tuple(explanation), _next_step(evidence, level, missing), evidence, missing
    )


def _counts(evidence: Sequence[ConceptEvidence]) -> list[str]:
    if not evidence:
        return [_("No foundation, application or mastery module on your path teaches this skill.")]
    n = len(evidence)
    shown = sum(e.shown for e in evidence)
    recalled = sum(e.shown and e.recalled for e in evidence)
    sustained = sum(e.shown and e.sustained for e in evidence)
    text = ngettext(
        "Of its {n} idea: {shown} shown, {recalled} recalled a day or more after learning, {sustained} sustained "
        "over weeks.",
        "Of its {n} ideas: {shown} shown, {recalled} recalled a day or more after learning, {sustained} sustained "
        "over weeks.",
        n,
    )
    return [text.format(n=n, shown=shown, recalled=recalled, sustained=sustained)]


def missing_for(evidence: Sequence[ConceptEvidence], level: int) -> tuple[str, ...]:
    """What the evidence still lacks for ``level``, one item per module to pass or concept to recall."""
    if level == 4:
        return tuple(
            _("“{concept}”: {missing}").format(concept=e.title, missing=", ".join(e.sustain_missing()))
            for e in evidence
            if not e.sustained
        )
    if not evidence:
        return ()
    stages = {1: (1,), 2: (1, 2), 3: (1, 2, 3)}[level]
    modules = [e.module for e in evidence if e.stage in stages and not e.shown]
    own_work = [e for e in evidence if e.stage >= level]  # for level 1, any module shows the foundation
    if own_work and not any(e.shown or e.module in modules for e in own_work):
        modules.append(own_work[0].module)
    items = [_("pass {module}").format(module=m) for m in dict.fromkeys(modules)]
    if level >= 2:
        must = [e for e in evidence if not e.recalled and (level == 3 or e.stage == 1)]
        items += [_("recall “{concept}” a day or more after learning it").format(concept=e.title) for e in must]
        if not must and not any(e.recalled for e in evidence):
            items.append(_("recall any of its ideas a day or more after learning it"))
    return tuple(items)


def _next_step(evidence: Sequence[ConceptEvidence], level: int, missing: tuple[str, ...]) -> str | None:
    if level >= 4 or not evidence:
        return None
    if level == 2 and not any(e.stage == 3 for e in evidence):
        return _("Level 3 (mastery) needs mastery-stage work on this skill; your path has none.")
    if level == 1 and not any(e.stage >= 2 for e in evidence):
        return _("Level 2 (application) needs application-stage work on this skill; your path has none.")
    return _("To reach level {level} ({name}): {missing}.").format(
        level=level + 1, name=_(LEVEL_NAMES[level + 1]), missing="; ".join(missing)
    )


def fading_since(
    curriculum: Curriculum, skill: str, memories: Mapping[str, Memory], model: MemoryModel, now: datetime
) -> datetime | None:
    """When the skill's mean predicted recall fell below ``FADING_BELOW`` (None if it is not fading now).

    Without new reviews mean recall only falls, so the crossing is found by bisection between the
    last review of the skill's concepts and ``now`` (to the minute).
    """
    recall = mean_recall(curriculum, skill, memories, model, now)
    if recall is None or recall >= FADING_BELOW:
        return None
    met = [memories[c] for c in curriculum.concepts_of_skill(skill) if c in memories]
    low, high = max(m.last_review for m in met), now
    if (mean_recall(curriculum, skill, memories, model, low) or 1.0) < FADING_BELOW:
        return low
    while high - low > timedelta(minutes=1):
        mid = low + (high - low) / 2
        if (mean_recall(curriculum, skill, memories, model, mid) or 1.0) < FADING_BELOW:
            high = mid
        else:
            low = mid
    return high


def fading_on(memories: list[Memory], model: MemoryModel) -> datetime | None:
    """When the mean predicted recall of these memories falls below ``FADING_BELOW`` if nothing is practised.

    Recall only falls between reviews, so this one date answers "is it fading now?" (now ≥ date) and
    "will it fade within 30 days?" for any moment until the next review; dashboards read it instead of
    evaluating every memory. Found by doubling then bisecting on whole days, as FSRS counts time.
    None when there are no memories.
    """
    if not memories:
        return None
    start = max(m.last_review for m in memories)
    # Whole days elapsed at ``start + days`` are ``days`` plus those already elapsed at ``start``: the
    # search evaluates recall from (stability, days) pairs, with no date arithmetic per memory (it runs on
    # every answer, for the answered skill's memories, some 15 times over).
    known = [(m.stability, (start - m.last_review).days) for m in memories]

    def below(days: int) -> bool:
        return model.mean_recall_after(known, days) < FADING_BELOW

    if below(0):
        return start
    high = 1
    while not below(high):
        high *= 2
        if high > 36500:
            return start + timedelta(days=36500)  # pragma: no cover - a memory that outlives a century
    low = high // 2
    while high - low > 1:
        mid = (low + high) // 2
        if below(mid):
            high = mid
        else:
            low = mid
    return start + timedelta(days=high)
