"""Content-quality warnings (``skillpath lint``): cues that give answers away, and thin practice.

Validation errors (``checks``) make a package unusable; these warnings do not stop an import, but each one
weakens the evidence a check gives: a learner who picks "the longest option" (or "never the longest")
should not pass, and a reinforcement that repeats a question tests recognition rather than recall. The
rules and their thresholds are documented in docs/content-format.md ("Lint: content quality");
``LintRules`` holds them and ``cues`` measures what they judge.

Use ``lint_package(package)`` for every warning of a package.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal, assert_never

from skillpath.domain.content.cues import CueStats, Tally, cue_stats, move_values, reply_cues, similarity
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
    Simulation,
)
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import ngettext

# Check names, as counted in the summary.
OPTION_LENGTH = "option-length"
REPLY_LENGTH = "reply-length"
FEW_VARIANTS = "few-variants"
NEAR_DUPLICATE = "near-duplicate"
IMPLAUSIBLE_OPTION = "implausible-option"
CHECKS = (OPTION_LENGTH, REPLY_LENGTH, FEW_VARIANTS, NEAR_DUPLICATE, IMPLAUSIBLE_OPTION)
RANKS: tuple[Literal["longest", "shortest"], ...] = ("longest", "shortest")


@dataclass(frozen=True)
class LintRules:
    """The thresholds; the defaults are the documented ones."""

    min_variants: int = 4
    # How far above chance the share of answers that are the longest (or the shortest) option may go. Chance
    # is one in n for n options: 25% with four options, so at most 35% ("about a third").
    length_tolerance: float = 0.10
    min_sample: int = 5  # a share is judged over at least this many questions or decisions
    much_longer: float = 1.5  # correct option(s) this many times as long as every distractor, or as short
    much_shorter: float = 0.4  # a distractor shorter than this share of the other options' median length
    min_gap: int = 15  # ... and at least this many characters apart (short option sets are not cues)
    near_duplicate: float = 0.40  # token Jaccard similarity between two variants of one concept


DEFAULT_RULES = LintRules()


@dataclass(frozen=True, order=True)
class ContentWarning(ContentError):
    """One warning, printed like an error (``FILE: PATH: message``); ``check`` is one of ``CHECKS``."""

    check: str = field(default="", compare=False)


@dataclass(frozen=True)
class LintReport:
    warnings: list[ContentWarning]
    stats: CueStats

    def counts(self) -> dict[str, int]:
        """Warnings per check, in ``CHECKS`` order, only the checks that warned."""
        found = Counter(w.check for w in self.warnings)
        return {check: found[check] for check in CHECKS if found[check]}


Problem = tuple[tuple[PathPart, ...], str, str]  # path, check, message


def _length(text: str) -> int:
    return len(text.strip())


def _choice_problems(choice: Choice, rules: LintRules) -> Iterator[Problem]:
    right = [_length(o.text) for o in choice.options if o.correct]
    wrong = [_length(o.text) for o in choice.options if not o.correct]
    if wrong and min(right) >= rules.much_longer * max(wrong) and min(right) - max(wrong) >= rules.min_gap:
        message = ngettext(
            "the correct option is much longer than every distractor ({right} vs at most {wrong} characters): "
            "length gives the answer away; make the distractors as specific as the answer",
            "every correct option is much longer than every distractor ({right} vs at most {wrong} characters): "
            "length gives the answer away; make the distractors as specific as the answer",
            len(right),
        )
        yield ("options",), OPTION_LENGTH, message.format(right=min(right), wrong=max(wrong))
    if wrong and min(wrong) >= rules.much_longer * max(right) and min(wrong) - max(right) >= rules.min_gap:
        message = ngettext(
            "the correct option is much shorter than every distractor ({right} vs at least {wrong} characters): "
            "length gives the answer away; say the answer as fully as the distractors",
            "every correct option is much shorter than every distractor ({right} vs at least {wrong} characters): "
            "length gives the answer away; say the answer as fully as the distractors",
            len(right),
        )
        yield ("options",), OPTION_LENGTH, message.format(right=max(right), wrong=min(wrong))
    lengths = [_length(o.text) for o in choice.options]
    for i, option in enumerate(choice.options):
        if not option.correct:
            yield from _implausible(("options", i), lengths, i, "option", rules)


def _implausible(
    path: tuple[PathPart, ...], lengths: list[int], i: int, what: Literal["option", "reply"], rules: LintRules
) -> Iterator[Problem]:
    others = statistics.median(lengths[:i] + lengths[i + 1 :])
    if lengths[i] < rules.much_shorter * others and others - lengths[i] >= rules.min_gap:
        message = (
            _(
                "this option is much shorter than the others ({length} vs a median of {median} characters), "
                "so nobody would pick it; make it as specific and tempting as the rest"
            )
            if what == "option"
            else _(
                "this reply is much shorter than the others ({length} vs a median of {median} characters), "
                "so nobody would pick it; make it as specific and tempting as the rest"
            )
        )
        yield path, IMPLAUSIBLE_OPTION, message.format(length=lengths[i], median=f"{others:g}")


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
    for rank in RANKS:
        if len(on_path) >= 2 and all(r == rank for r in on_path):
            message = (
                _(
                    "the best move is the longest reply at every decision on the best path ({count} of {count}): "
                    "length gives the path away; vary which reply is the longest"
                )
                if rank == "longest"
                else _(
                    "the best move is the shortest reply at every decision on the best path ({count} of {count}): "
                    "length gives the path away; vary which reply is the longest"
                )
            )
            yield ("nodes",), REPLY_LENGTH, message.format(count=len(on_path))


def _concept_problems(variants: list[Activity], rules: LintRules) -> Iterator[Problem]:
    if len(variants) < rules.min_variants:
        message = ngettext(
            "{count} variant; give each concept at least {least} (the first is the practice, the others come back "
            "as spaced reinforcement)",
            "{count} variants; give each concept at least {least} (the first is the practice, the others come back "
            "as spaced reinforcement)",
            len(variants),
        )
        yield ("variants",), FEW_VARIANTS, message.format(count=len(variants), least=rules.min_variants)
    for (i, a), (j, b) in combinations(enumerate(variants), 2):
        score = similarity(a, b)
        if score >= rules.near_duplicate:
            message = _(
                "shares {share} of its words with variants[{index}] (near-duplicate at {limit}); "
                "write a new situation that applies the idea, not a rewording"
            )
            message = message.format(share=f"{score:.0%}", index=i, limit=f"{rules.near_duplicate:.0%}")
            yield ("variants", j), NEAR_DUPLICATE, message


def _activity_problems(activity: Activity, rules: LintRules) -> Iterator[Problem]:
    match activity:
        case Choice():
            yield from _choice_problems(activity, rules)
        case Scenario():
            yield from _scenario_problems(activity, rules)
        case Order() | Categorize() | Match() | Cloze() | Simulation():
            pass  # no per-activity warnings: their cues are counted across variants
        case _:
            assert_never(activity)


def module_warnings(module: Module, file: str, rules: LintRules = DEFAULT_RULES) -> list[ContentWarning]:
    """The warnings of one module file, in file order."""
    warnings = []
    for c, concept in enumerate(module.concepts):
        problems = list(_concept_problems(concept.variants, rules))
        for v, activity in enumerate(concept.variants):
            problems += [(("variants", v, *p), k, m) for p, k, m in _activity_problems(activity, rules)]
        for path, check, message in sorted(problems, key=lambda p: _path_key(p[0])):
            warnings.append(ContentWarning(file, format_path(("concepts", c, *path)), message, check))
    return warnings


def _path_key(path: tuple[PathPart, ...]) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def _worst(tallies: Mapping[str, Tally], rank: Literal["longest", "shortest"], files: Mapping[str, str]) -> str:
    ranked = sorted(
        ((t.count(rank), t.total, m) for m, t in tallies.items() if t.count(rank)),
        key=lambda x: (-x[0] / x[1], -x[0], x[2]),
    )
    return ", ".join(_("{file} ({count} of {total})").format(file=files[m], count=c, total=t) for c, t, m in ranked[:3])


def share_warnings(
    stats: CueStats, file: str, path: str, where: str, files: Mapping[str, str], rules: LintRules = DEFAULT_RULES
) -> list[ContentWarning]:
    """The length-cue shares of a set of modules (``where``, translated, names it in the message) against chance."""
    warnings = []
    kinds = (
        (
            stats.choices,
            stats.module_choices,
            {
                "longest": _(
                    "the correct option is the longest option in {share} of single-answer choices {where}"
                    " ({count} of {total}; chance would give {chance}, keep it at most {limit}); most in {worst}"
                ),
                "shortest": _(
                    "the correct option is the shortest option in {share} of single-answer choices {where}"
                    " ({count} of {total}; chance would give {chance}, keep it at most {limit}); most in {worst}"
                ),
            },
            OPTION_LENGTH,
        ),
        (
            stats.replies,
            stats.module_replies,
            {
                "longest": _(
                    "the best move is the longest reply at {share} of scenario decisions {where}"
                    " ({count} of {total}; chance would give {chance}, keep it at most {limit}); most in {worst}"
                ),
                "shortest": _(
                    "the best move is the shortest reply at {share} of scenario decisions {where}"
                    " ({count} of {total}; chance would give {chance}, keep it at most {limit}); most in {worst}"
                ),
            },
            REPLY_LENGTH,
        ),
    )
    for tally, per_module, messages, check in kinds:
        for rank in RANKS:
            limit = tally.chance_share + rules.length_tolerance
            if tally.total < rules.min_sample or tally.share(rank) <= limit:
                continue
            message = messages[rank].format(
                share=f"{tally.share(rank):.0%}",
                where=where,
                count=tally.count(rank),
                total=tally.total,
                chance=f"{tally.chance_share:.0%}",
                limit=f"{limit:.0%}",
                worst=_worst(per_module, rank, files),
            )
            warnings.append(ContentWarning(file, path, message, check))
    return warnings


def lint_package(
    package: Package, module_files: Mapping[str, str] | None = None, rules: LintRules = DEFAULT_RULES
) -> LintReport:
    """Every warning of a valid package: the package's and each role's cue shares, then module by module.

    ``module_files`` maps module ids to their files (default ``modules/<id>.yaml``).
    """
    files = {m: (module_files or {}).get(m, f"modules/{m}.yaml") for m in package.modules}
    stats = cue_stats(package.modules.values())
    warnings = share_warnings(stats, "package.yaml", "", _("in the package"), files, rules)
    for r, role in enumerate(package.header.roles):
        ids = [m for _, ids in role.stages.items() for m in ids if m in package.modules]
        role_stats = cue_stats(package.modules[m] for m in dict.fromkeys(ids))
        where = _("on the {role} path").format(role=role.title)
        warnings += share_warnings(role_stats, "package.yaml", format_path(("roles", r)), where, files, rules)
    for module_id in sorted(package.modules, key=lambda m: files[m]):
        warnings += module_warnings(package.modules[module_id], files[module_id], rules)
    for language, translation in package.translations.items():
        warnings += _translation_warnings(language, translation.modules, rules)
    return LintReport(warnings=warnings, stats=stats)


def _translation_warnings(language: str, modules: Mapping[str, Module], rules: LintRules) -> list[ContentWarning]:
    """A translation's own cues (lengths and wording change with the language): its share of length cues, and each
    translated module's warnings but the structural ones its original already has (too few variants)."""
    files = {m: f"translations/{language}/modules/{m}.yaml" for m in modules}
    stats = cue_stats(modules.values())
    where = _("in the '{language}' translation").format(language=language)
    warnings = share_warnings(stats, f"translations/{language}/package.yaml", "", where, files, rules)
    for module_id in sorted(modules):
        found = module_warnings(modules[module_id], files[module_id], rules)
        warnings += [w for w in found if w.check != FEW_VARIANTS]
    return warnings
