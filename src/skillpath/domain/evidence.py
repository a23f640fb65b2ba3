"""What a person has shown about each concept of a skill: the evidence levels are made of.

Three kinds of evidence, each stronger than the one before (``sustained`` implies ``recalled``):

- **shown**: the module teaching the concept was passed (its check, per concept: ``checking.py``)
  or tested out in the diagnostic. Shown right after a lesson, it may still be short-term memory.
- **recalled**: answered well at least ``RECALL_AFTER_DAYS`` (a day) after it was first learned,
  in spaced reinforcement (or a later check). By then the answer comes from long-term memory.
- **sustained**: kept over weeks, with a memory that holds and few failures:
  1. at least ``SUSTAIN_RECALLS`` (2) spaced recalls since it was learned, or since its last lapse
     (a lapse, answering it poorly after having learned it, shows the memory was lost: its evidence
     starts again from there);
  2. one of them at least ``SUSTAIN_DAYS`` (21) days after learning (or after that lapse), so no
     lapse in the three weeks before it nor since;
  3. a memory stability of at least ``SUSTAIN_STABILITY_DAYS`` (21): FSRS predicts it stays above
     90 % recall for three more weeks without practice;
  4. at most ``MAX_LAPSE_SHARE`` (a quarter) of its reviews were lapses: a memory that failed 11
     of 27 reviews is not reliable, however well its last two recalls went.

Every rule reads the review history only (not the clock), so evidence changes only when an answer
is recorded; how much is remembered *now* is fading's job (``proficiency.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.gates import NOT_STARTED, Progress
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop, ngettext
from skillpath.domain.memory import SPACED_RECALL_DAYS, Memory

# A concept's stage, as "Why level N?" names it (translated where shown).
STAGE_WORDS = {
    1: gettext_noop("foundation"),
    2: gettext_noop("application"),
    3: gettext_noop("mastery"),
    4: gettext_noop("reinforcement"),
}

RECALL_AFTER_DAYS = SPACED_RECALL_DAYS
SUSTAIN_RECALLS = 2
SUSTAIN_DAYS = 21
SUSTAIN_STABILITY_DAYS = 21
MAX_LAPSE_SHARE = 0.25
LEVEL_STAGES = (1, 2, 3)  # reinforcement-stage modules review; they do not define levels


@dataclass(frozen=True)
class ConceptEvidence:
    """One concept of a skill and what the person has shown about it."""

    concept: str  # concept key
    title: str
    stage: int  # 1 foundation, 2 application, 3 mastery: the stage of the module that teaches it
    module: str  # title of that module
    shown: bool
    recalled: bool  # answered well at least a day after it was first learned
    sustained: bool  # kept over weeks (implies recalled)
    memory: Memory | None = None

    def sustain_missing(self) -> tuple[str, ...]:
        """What this concept still needs to count as sustained, in words (empty when it is)."""
        return sustain_missing(self.memory)

    def summary(self) -> str:
        """One line for "Why level N?": the concept, its stage, and its strongest evidence."""
        head = _("“{concept}” ({stage})").format(concept=self.title, stage=_(STAGE_WORDS[self.stage]))
        m = self.memory
        if not self.shown:
            return _("{concept}: not shown yet (pass {module}).").format(concept=head, module=self.module)
        if m is None or not self.recalled:
            return _("{concept}: shown in {module}; not yet recalled a day or more after learning.").format(
                concept=head, module=self.module
            )
        lapse = _("; last lapse {date}").format(date=f"{m.last_lapse:%Y-%m-%d}") if m.last_lapse else ""
        if self.sustained:
            return _("{concept}: sustained: {recalls} spaced recalls, held {held}, stable for {stable}{lapse}.").format(
                concept=head, recalls=m.spaced_recalls, held=_days(m.held_days), stable=_days(m.stability), lapse=lapse
            )
        return _("{concept}: recalled {days} after learning{lapse}.").format(
            concept=head, days=_days(m.retained_days), lapse=lapse
        )


def recalled(m: Memory | None) -> bool:
    """Answered well at least ``RECALL_AFTER_DAYS`` after it was first learned."""
    return m is not None and m.retained_days >= RECALL_AFTER_DAYS


def sustain_missing(m: Memory | None) -> tuple[str, ...]:
    """What a concept with memory ``m`` still needs to count as sustained, in words (empty when it is)."""
    if m is None:
        return (_("learning it first"),)
    missing = []
    if m.spaced_recalls < SUSTAIN_RECALLS:
        more = SUSTAIN_RECALLS - m.spaced_recalls
        if m.last_lapse:
            text = ngettext(
                "{more} more spaced recall ({done} since its lapse on {date})",
                "{more} more spaced recalls ({done} since its lapse on {date})",
                more,
            )
        else:
            text = ngettext(
                "{more} more spaced recall ({done} since learning)",
                "{more} more spaced recalls ({done} since learning)",
                more,
            )
        missing.append(
            text.format(more=more, done=m.spaced_recalls, date=f"{m.last_lapse:%Y-%m-%d}" if m.last_lapse else "")
        )
    if m.held_days < SUSTAIN_DAYS:
        if m.last_lapse:
            text = _("a recall {days}+ days after the lapse (longest so far: {held})")
        else:
            text = _("a recall {days}+ days after learning (longest so far: {held})")
        missing.append(text.format(days=SUSTAIN_DAYS, held=_days(m.held_days)))
    if m.stability < SUSTAIN_STABILITY_DAYS:
        missing.append(
            _("a memory stable for {days}+ days (now {stable})").format(
                days=SUSTAIN_STABILITY_DAYS, stable=_days(m.stability)
            )
        )
    if m.lapses > MAX_LAPSE_SHARE * m.reviews:
        missing.append(
            _("fewer lapses ({lapses} of {reviews} reviews; at most one in {one_in})").format(
                lapses=m.lapses, reviews=m.reviews, one_in=round(1 / MAX_LAPSE_SHARE)
            )
        )
    return tuple(missing)


def concept_evidence(
    curriculum: Curriculum, skill: str, progress: Mapping[str, Progress], memories: Mapping[str, Memory]
) -> tuple[ConceptEvidence, ...]:
    """The evidence on every concept that the skill's foundation, application and mastery modules teach."""
    evidence = []
    for module in curriculum.modules_teaching(skill):
        stage = curriculum.stage_of[module.id]
        if stage not in LEVEL_STAGES:
            continue
        done = progress.get(module.id, NOT_STARTED).done
        for key in module.concepts:
            if curriculum.concept_skill.get(key) == skill:
                m = memories.get(key)
                sustained = recalled(m) and not sustain_missing(m)
                title = curriculum.concept_titles.get(key, key)
                evidence.append(ConceptEvidence(key, title, stage, module.title, done, recalled(m), sustained, m))
    return tuple(evidence)


def _days(days: float) -> str:
    whole = int(days)
    return ngettext("{count} day", "{count} days", whole).format(count=whole)
