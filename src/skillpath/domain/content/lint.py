"""Content-quality warnings (``skillpath lint``): cues that give answers away, and thin practice.

Validation errors (``checks``) make a package unusable; these warnings do not stop an import, but each one
weakens the evidence a check gives: a learner who picks "the longest option" should not pass, and a
reinforcement that repeats a question tests recognition rather than recall. The rules and their
thresholds are documented in docs/content-format.md ("Lint: content quality"); ``LintRules`` holds them.

Use ``lint_package(package)`` for the warnings and ``cue_stats(modules)`` for the figures behind them.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

from skillpath.domain.content.errors import ContentError, PathPart, format_path
from skillpath.domain.content.model import (
    Activity,
    Categorize,
    Choice,
    Cloze,
    Match,
    Module,
    Order,
    Package,
    Scenario,
)

# Check names, as counted in the summary.
LONGEST_OPTION = "longest-option"
LONGEST_REPLY = "longest-reply"
FEW_VARIANTS = "few-variants"
NEAR_DUPLICATE = "near-duplicate"
IMPLAUSIBLE_OPTION = "implausible-option"
CHECKS = (LONGEST_OPTION, LONGEST_REPLY, FEW_VARIANTS, NEAR_DUPLICATE, IMPLAUSIBLE_OPTION)


@dataclass(frozen=True)
class LintRules:
    """The thresholds; the defaults are the documented ones."""

    min_variants: int = 4
    # Share of single-answer choices whose correct option is strictly the longest. With four options chance
    # is 25%; "about a third" leaves room for honest cases without letting length predict the answer.
    longest_option_share: float = 0.35
    # Share of scenario decisions whose best move is strictly the longest reply (two or three replies a
    # decision, so chance is 33-50%).
    longest_reply_share: float = 0.40
    min_sample: int = 5  # a share is judged over at least this many questions or decisions
    much_longer: float = 1.5  # the correct option(s) at least this many times as long as every distractor
    much_shorter: float = 0.4  # a distractor shorter than this share of the other options' median length
    min_gap: int = 15  # ... and at least this many characters apart (short option sets are not cues)
    near_duplicate: float = 0.40  # token Jaccard similarity between two variants of one concept


DEFAULT_RULES = LintRules()


@dataclass(frozen=True, order=True)
class ContentWarning(ContentError):
    """One warning, printed like an error (``FILE: PATH: message``); ``check`` is one of ``CHECKS``."""

    check: str = field(default="", compare=False)


@dataclass(frozen=True)
class CueStats:
    """Figures over a set of modules: the length cues and the variants per concept."""

    single_choices: int = 0
    correct_longest: int = 0
    decisions: int = 0
    best_longest: int = 0
    variant_counts: tuple[int, ...] = ()
    # module id -> (cued, total) for choices and for scenario decisions
    choice_cues: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    reply_cues: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def correct_longest_share(self) -> float:
        return self.correct_longest / self.single_choices if self.single_choices else 0.0

    @property
    def best_longest_share(self) -> float:
        return self.best_longest / self.decisions if self.decisions else 0.0


@dataclass(frozen=True)
class LintReport:
    warnings: list[ContentWarning]
    stats: CueStats

    def counts(self) -> dict[str, int]:
        """Warnings per check, in ``CHECKS`` order, only the checks that warned."""
        found = Counter(w.check for w in self.warnings)
        return {check: found[check] for check in CHECKS if found[check]}


# --- measuring ---------------------------------------------------------------------------------


def _length(text: str) -> int:
    return len(text.strip())


def _strictly_longest(lengths: list[int]) -> int | None:
    """The index of the one longest item, or ``None`` when the longest length is shared."""
    top = max(lengths)
    return lengths.index(top) if lengths.count(top) == 1 else None


def correct_is_longest(choice: Choice) -> bool:
    """A single-answer choice whose correct option is strictly longer than every other option."""
    longest = _strictly_longest([_length(o.text) for o in choice.options])
    return longest is not None and choice.options[longest].correct


def move_values(scenario: Scenario) -> dict[str, list[int]]:
    """For each node, the value of each choice: its points plus the best that can follow it."""

    @cache
    def best_from(node_id: str) -> int:
        node = scenario.nodes[node_id]
        return max((c.points + best_from(c.next) for c in node.choices), default=0)

    return {
        node_id: [c.points + best_from(c.next) for c in node.choices]
        for node_id, node in scenario.nodes.items()
        if len(node.choices) >= 2
    }


def reply_cues(scenario: Scenario) -> dict[str, bool]:
    """Each decision (a node whose choices are not all worth the same) → is its best move the longest reply?"""
    cues: dict[str, bool] = {}
    for node_id, values in move_values(scenario).items():
        if len(set(values)) < 2:
            continue
        longest = _strictly_longest([_length(c.text) for c in scenario.nodes[node_id].choices])
        cues[node_id] = longest is not None and values[longest] == max(values)
    return cues


def cue_stats(modules: Iterable[Module]) -> CueStats:
    """The length cues and variants per concept of ``modules``."""
    choices: dict[str, tuple[int, int]] = {}
    replies: dict[str, tuple[int, int]] = {}
    counts: list[int] = []
    for module in modules:
        cued = total = r_cued = r_total = 0
        for concept in module.concepts:
            counts.append(len(concept.variants))
            for activity in concept.variants:
                if isinstance(activity, Choice) and not activity.multiple:
                    total += 1
                    cued += correct_is_longest(activity)
                elif isinstance(activity, Scenario):
                    decisions = reply_cues(activity)
                    r_total += len(decisions)
                    r_cued += sum(decisions.values())
        choices[module.id] = (cued, total)
        replies[module.id] = (r_cued, r_total)
    return CueStats(
        single_choices=sum(t for _, t in choices.values()),
        correct_longest=sum(c for c, _ in choices.values()),
        decisions=sum(t for _, t in replies.values()),
        best_longest=sum(c for c, _ in replies.values()),
        variant_counts=tuple(counts),
        choice_cues=choices,
        reply_cues=replies,
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
    if isinstance(activity, Choice):
        parts += [o.text for o in activity.options]
    elif isinstance(activity, Order):
        parts += activity.items
    elif isinstance(activity, Categorize):
        parts += [c.title for c in activity.categories] + [i.text for i in activity.items]
    elif isinstance(activity, Match):
        parts += [side for p in activity.pairs for side in (p.left, p.right)]
    elif isinstance(activity, Cloze):
        parts.append(re.sub(r"\{\{(.*?)\}\}", lambda m: m.group(1).split("|")[0], activity.text))
    else:
        parts += [n.text for n in activity.nodes.values()] + [
            c.text for n in activity.nodes.values() for c in n.choices
        ]
    return " ".join(parts)


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(text.lower()) if w not in STOPWORDS)


def similarity(a: Activity, b: Activity) -> float:
    """Token Jaccard similarity of two activities' content words: shared words / all words, 0..1."""
    words_a, words_b = content_words(activity_text(a)), content_words(activity_text(b))
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 1.0


# --- warnings ----------------------------------------------------------------------------------

Problem = tuple[tuple[PathPart, ...], str, str]  # path, check, message


def _choice_problems(choice: Choice, rules: LintRules) -> Iterator[Problem]:
    right = [_length(o.text) for o in choice.options if o.correct]
    wrong = [_length(o.text) for o in choice.options if not o.correct]
    if wrong and min(right) >= rules.much_longer * max(wrong) and min(right) - max(wrong) >= rules.min_gap:
        what = "the correct option is" if len(right) == 1 else "every correct option is"
        yield (
            ("options",),
            LONGEST_OPTION,
            f"{what} much longer than every distractor ({min(right)} vs at most {max(wrong)} characters): "
            "length gives the answer away; make the distractors as specific as the answer",
        )
    lengths = [_length(o.text) for o in choice.options]
    for i, option in enumerate(choice.options):
        if not option.correct:
            yield from _implausible(("options", i), lengths, i, "option", rules)


def _implausible(
    path: tuple[PathPart, ...], lengths: list[int], i: int, what: str, rules: LintRules
) -> Iterator[Problem]:
    others = statistics.median(lengths[:i] + lengths[i + 1 :])
    if lengths[i] < rules.much_shorter * others and others - lengths[i] >= rules.min_gap:
        yield (
            path,
            IMPLAUSIBLE_OPTION,
            f"this {what} is much shorter than the others ({lengths[i]} vs a median of {others:g} characters), "
            "so nobody would pick it; make it as specific and tempting as the rest",
        )


def _scenario_problems(scenario: Scenario, rules: LintRules) -> Iterator[Problem]:
    values = move_values(scenario)
    for node_id, node_values in values.items():
        lengths = [_length(c.text) for c in scenario.nodes[node_id].choices]
        for i, value in enumerate(node_values):
            if value < max(node_values):
                yield from _implausible(("nodes", node_id, "choices", i), lengths, i, "reply", rules)
    cues = reply_cues(scenario)
    on_path, node_id = [], scenario.start
    while node_id in values:
        if node_id in cues:
            on_path.append(cues[node_id])
        best = values[node_id].index(max(values[node_id]))
        node_id = scenario.nodes[node_id].choices[best].next
    if len(on_path) >= 2 and all(on_path):
        yield (
            ("nodes",),
            LONGEST_REPLY,
            f"the best move is the longest reply at every decision on the best path ({len(on_path)} of "
            f"{len(on_path)}): length gives the path away; make some best moves short and some wrong ones long",
        )


def _concept_problems(variants: list[Activity], rules: LintRules) -> Iterator[Problem]:
    if len(variants) < rules.min_variants:
        yield (
            ("variants",),
            FEW_VARIANTS,
            f"{len(variants)} variant{'s' if len(variants) != 1 else ''}; give each concept at least "
            f"{rules.min_variants} (the first is the practice, the others come back as spaced reinforcement)",
        )
    for (i, a), (j, b) in combinations(enumerate(variants), 2):
        score = similarity(a, b)
        if score >= rules.near_duplicate:
            yield (
                ("variants", j),
                NEAR_DUPLICATE,
                f"shares {score:.0%} of its words with variants[{i}] (near-duplicate at {rules.near_duplicate:.0%}); "
                "write a new situation that applies the idea, not a rewording",
            )


def module_warnings(module: Module, file: str, rules: LintRules = DEFAULT_RULES) -> list[ContentWarning]:
    """The warnings of one module file, in file order."""
    warnings = []
    for c, concept in enumerate(module.concepts):
        problems = list(_concept_problems(concept.variants, rules))
        for v, activity in enumerate(concept.variants):
            if isinstance(activity, Choice):
                problems += [(("variants", v, *p), k, m) for p, k, m in _choice_problems(activity, rules)]
            elif isinstance(activity, Scenario):
                problems += [(("variants", v, *p), k, m) for p, k, m in _scenario_problems(activity, rules)]
        for path, check, message in sorted(problems, key=lambda p: _path_key(p[0])):
            warnings.append(ContentWarning(file, format_path(("concepts", c, *path)), message, check))
    return warnings


def _path_key(path: tuple[PathPart, ...]) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def _worst(cues: Mapping[str, tuple[int, int]], files: Mapping[str, str]) -> str:
    ranked = sorted(((c, t, m) for m, (c, t) in cues.items() if c), key=lambda x: (-x[0] / x[1], -x[0], x[2]))
    return ", ".join(f"{files[m]} ({c} of {t})" for c, t, m in ranked[:3])


def share_warnings(
    stats: CueStats, file: str, path: str, where: str, files: Mapping[str, str], rules: LintRules = DEFAULT_RULES
) -> list[ContentWarning]:
    """The length-cue shares of a set of modules (``where`` names it in the message) against the thresholds."""
    warnings = []
    if stats.single_choices >= rules.min_sample and stats.correct_longest_share > rules.longest_option_share:
        warnings.append(
            ContentWarning(
                file,
                path,
                f"the correct option is the longest in {stats.correct_longest_share:.0%} of single-answer choices "
                f"{where} ({stats.correct_longest} of {stats.single_choices}; keep it at most "
                f"{rules.longest_option_share:.0%}); most in {_worst(stats.choice_cues, files)}",
                LONGEST_OPTION,
            )
        )
    if stats.decisions >= rules.min_sample and stats.best_longest_share > rules.longest_reply_share:
        warnings.append(
            ContentWarning(
                file,
                path,
                f"the best move is the longest reply at {stats.best_longest_share:.0%} of scenario decisions "
                f"{where} ({stats.best_longest} of {stats.decisions}; keep it at most "
                f"{rules.longest_reply_share:.0%}); most in {_worst(stats.reply_cues, files)}",
                LONGEST_REPLY,
            )
        )
    return warnings


def lint_package(
    package: Package, module_files: Mapping[str, str] | None = None, rules: LintRules = DEFAULT_RULES
) -> LintReport:
    """Every warning of a valid package: the package's and each role's cue shares, then module by module.

    ``module_files`` maps module ids to their files (default ``modules/<id>.yaml``).
    """
    files = {m: (module_files or {}).get(m, f"modules/{m}.yaml") for m in package.modules}
    stats = cue_stats(package.modules.values())
    warnings = share_warnings(stats, "package.yaml", "", "in the package", files, rules)
    for r, role in enumerate(package.header.roles):
        ids = [m for _, ids in role.stages.items() for m in ids if m in package.modules]
        role_stats = cue_stats(package.modules[m] for m in ids)
        where = f"on the {role.title} path"
        warnings += share_warnings(role_stats, "package.yaml", format_path(("roles", r)), where, files, rules)
    for module_id in sorted(package.modules, key=lambda m: files[m]):
        warnings += module_warnings(package.modules[module_id], files[module_id], rules)
    return LintReport(warnings=warnings, stats=stats)
