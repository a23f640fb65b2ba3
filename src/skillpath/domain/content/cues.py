"""Measuring what gives an answer away: option lengths, scenario reply lengths, near-identical variants.

``cue_stats(modules)`` counts, over single-answer choices and scenario decisions, how often the answer
is strictly the longest or strictly the shortest of its options, next to what chance would give if
length said nothing (one in n for n options). ``similarity`` compares two activities' words. The
warnings built on these figures are in ``lint``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, assert_never

from skillpath.domain.content.model import (
    Activity,
    Categorize,
    Choice,
    Cloze,
    Match,
    Module,
    Order,
    Scenario,
    Simulation,
)

Rank = Literal["longest", "shortest"] | None


@dataclass(frozen=True)
class Tally:
    """Over ``total`` questions (or decisions): how often the answer was the longest or the shortest option.

    ``chance`` is the expected count of either if lengths were random: the sum of 1/n over the questions.
    """

    total: int = 0
    longest: int = 0
    shortest: int = 0
    chance: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.total + other.total,
            self.longest + other.longest,
            self.shortest + other.shortest,
            self.chance + other.chance,
        )

    def count(self, rank: Literal["longest", "shortest"]) -> int:
        return self.longest if rank == "longest" else self.shortest

    def share(self, rank: Literal["longest", "shortest"]) -> float:
        return self.count(rank) / self.total if self.total else 0.0

    @property
    def chance_share(self) -> float:
        return self.chance / self.total if self.total else 0.0

    @classmethod
    def of(cls, rank: Rank, options: int) -> Tally:
        return cls(1, int(rank == "longest"), int(rank == "shortest"), 1 / options)


@dataclass(frozen=True)
class CueStats:
    """Figures over a set of modules: the length cues (per module too) and the variants per concept."""

    choices: Tally = Tally()
    replies: Tally = Tally()
    variant_counts: tuple[int, ...] = ()
    module_choices: Mapping[str, Tally] = field(default_factory=dict)
    module_replies: Mapping[str, Tally] = field(default_factory=dict)


def _length(text: str) -> int:
    return len(text.strip())


def length_rank(texts: list[str], answers: set[int]) -> Rank:
    """``"longest"`` when the strictly longest text is an answer, ``"shortest"`` when the strictly shortest is."""
    lengths = [_length(t) for t in texts]
    extremes: list[tuple[Rank, int]] = [("longest", max(lengths)), ("shortest", min(lengths))]
    for rank, extreme in extremes:
        if lengths.count(extreme) == 1 and lengths.index(extreme) in answers:
            return rank
    return None


def choice_rank(choice: Choice) -> Rank:
    """Where the correct option of a single-answer choice stands by length."""
    return length_rank([o.text for o in choice.options], {i for i, o in enumerate(choice.options) if o.correct})


def correct_is_longest(choice: Choice) -> bool:
    """A single-answer choice whose correct option is strictly longer than every other option."""
    return choice_rank(choice) == "longest"


def move_values(scenario: Scenario) -> dict[str, list[int]]:
    """For each node with two or more choices, each choice's value: its points plus the best that can follow."""

    @cache
    def best_from(node_id: str) -> int:
        node = scenario.nodes[node_id]
        return max((c.points + best_from(c.next) for c in node.choices), default=0)

    return {
        node_id: [c.points + best_from(c.next) for c in node.choices]
        for node_id, node in scenario.nodes.items()
        if len(node.choices) >= 2
    }


def reply_cues(scenario: Scenario) -> dict[str, Rank]:
    """Each decision (a node whose choices are not all worth the same) → where its best move stands by length."""
    cues: dict[str, Rank] = {}
    for node_id, values in move_values(scenario).items():
        if len(set(values)) < 2:
            continue
        best = {i for i, v in enumerate(values) if v == max(values)}
        cues[node_id] = length_rank([c.text for c in scenario.nodes[node_id].choices], best)
    return cues


def _module_tallies(module: Module) -> tuple[Tally, Tally, list[int]]:
    choices, replies, counts = Tally(), Tally(), []
    for concept in module.concepts:
        counts.append(len(concept.variants))
        for activity in concept.variants:
            match activity:
                case Choice():
                    if not activity.multiple:
                        choices += Tally.of(choice_rank(activity), len(activity.options))
                case Scenario():
                    for node_id, rank in reply_cues(activity).items():
                        replies += Tally.of(rank, len(activity.nodes[node_id].choices))
                case Simulation():
                    for step in activity.steps:  # a decision on a screen is a choice; hotspots name controls
                        if step.choices:
                            right = {i for i, c in enumerate(step.choices) if c.correct}
                            rank = length_rank([c.text for c in step.choices], right)
                            choices += Tally.of(rank, len(step.choices))
                case Order() | Categorize() | Match() | Cloze():
                    pass  # no option or reply whose length could give the answer away
                case _:
                    assert_never(activity)
    return choices, replies, counts


def cue_stats(modules: Iterable[Module]) -> CueStats:
    """The length cues and variants per concept of ``modules``."""
    per_choices: dict[str, Tally] = {}
    per_replies: dict[str, Tally] = {}
    counts: list[int] = []
    for module in modules:
        per_choices[module.id], per_replies[module.id], module_counts = _module_tallies(module)
        counts += module_counts
    return CueStats(
        choices=sum(per_choices.values(), Tally()),
        replies=sum(per_replies.values(), Tally()),
        variant_counts=tuple(counts),
        module_choices=per_choices,
        module_replies=per_replies,
    )


WORD = re.compile(r"[a-z0-9]+(?:['.%][a-z0-9]+)*%?")
# Function words carry no situation; leaving them in would make any two English texts look alike.
_FUNCTION_WORDS = (
    "a about after all also an and any are as at be been before but by can could did do does each for from had"
    " has have he her his how i if in into is it its just me more most my no not of on only or our she should so"
    " than that the their them then there these they this those to was we were what when which who why will"
    " with would you your"
)
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def activity_text(activity: Activity) -> str:
    """Every word a learner reads in an activity (prompt, options, items, nodes; blanks filled in)."""
    parts = [activity.prompt]
    match activity:
        case Choice():
            parts += [o.text for o in activity.options]
        case Order():
            parts += activity.items
        case Categorize():
            parts += [c.title for c in activity.categories] + [i.text for i in activity.items]
        case Match():
            parts += [side for p in activity.pairs for side in (p.left, p.right)]
        case Cloze():
            parts.append(re.sub(r"\{\{(.*?)\}\}", lambda m: m.group(1).split("|")[0], activity.text))
        case Scenario():
            nodes = activity.nodes.values()
            parts += [n.text for n in nodes] + [c.text for n in nodes for c in n.choices]
        case Simulation():
            for step in activity.steps:
                parts += [step.title, step.text, *(name for name, _, _ in step.picks)]
                parts += [f"{f.label} {f.answers[0]}" for f in step.fields]
        case _:
            assert_never(activity)
    return " ".join(parts)


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(text.lower()) if w not in STOPWORDS)


def similarity(a: Activity, b: Activity) -> float:
    """Token Jaccard similarity of two activities' content words: shared words / all words, 0..1."""
    words_a, words_b = content_words(activity_text(a)), content_words(activity_text(b))
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 1.0
