"""Learning efficiency: how many concepts each scheduler keeps retained per hour of practice.

Run from the repository root::

    .venv/bin/python -m bench.learning_efficiency            # 200 people x 60 concepts x 90 days
    .venv/bin/python -m bench.learning_efficiency --quick    # a smaller run, for a quick look

Simulated people (``skillpath.domain.simulation``) learn the same course at the same pace under
every scheduler, with the same daily review budget, against three ground-truth memory models: an
FSRS-shaped one with per-person parameters, an ACT-R power-law one, and a multiscale context model
with per-concept difficulty shared by everyone (which SkillPath was not designed on). A concept counts as retained
when its TRUE recall on the day after the run is at least 0.9. The oracle knows the true memory and
reviews each concept when its true recall reaches 0.9. Schedulers are described in
``bench.efficiency_schedulers``, the run itself in ``bench.efficiency_sim``. Seeds are fixed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from bench.efficiency_schedulers import ABLATIONS, SCHEDULERS
from bench.efficiency_sim import TRUTHS, Outcome, Settings, simulate

GOALS = dict(zip(TRUTHS, (0.93, 0.88, None), strict=True))
"""Share of the oracle's retained/hour SkillPath must reach under each truth (None: rank 1 is the goal)."""


def main(argv: Sequence[str] | None = None) -> None:
    args = _arguments(argv)
    names = [*SCHEDULERS, *([] if args.no_ablations else ABLATIONS)]
    if args.only:
        names = [name for name in names if name in args.only or name == "oracle"]
    truths = [truth for truth in TRUTHS if not args.truth or any(part in truth for part in args.truth)]
    tasks = [
        Settings(truth, name, args.people, args.days, args.concepts, args.minutes, args.seed)
        for truth in truths
        for name in names
    ]
    tasks.sort(key=lambda s: not s.scheduler.startswith("SkillPath"))  # the longest runs first
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(pool.map(simulate, tasks))
    elapsed = time.perf_counter() - started
    print(
        f"Learning efficiency: {args.people} people x {args.concepts} concepts x {args.days} days, "
        f"{args.minutes:g} review minutes a day, seed {args.seed}"
    )
    by_run = {(o.settings.truth, o.settings.scheduler): o for o in outcomes}
    for truth in truths:
        _print_table(truth, [by_run[truth, name] for name in names])
    print(f"\nRun time: {elapsed:.1f} s ({args.jobs} processes)")


def _print_table(truth: str, outcomes: list[Outcome]) -> None:
    oracle = next(o for o in outcomes if o.settings.scheduler == "oracle")
    print(f"\nGround truth: {truth}")
    header = f"{'scheduler':<30}{'retained':>10}{'minutes':>10}{'reviews':>10}{'retained/h':>12}{'vs oracle':>11}"
    print(header)
    print("-" * len(header))
    for outcome in outcomes:
        ratio = outcome.retained_per_hour / oracle.retained_per_hour
        label = outcome.settings.scheduler + (" *" if outcome.settings.scheduler in ABLATIONS else "")
        print(
            f"{label:<30}{outcome.retained:>10.1f}{outcome.minutes:>10.1f}{outcome.reviews:>10.1f}"
            f"{outcome.retained_per_hour:>12.2f}{ratio:>11.3f}"
        )
    print(
        "* ablation, not a contender. retained: concepts whose TRUE recall is >= 0.9 the morning after the last day;"
        "\n  minutes: all practice (immediate checks + reviews); reviews: not counting immediate checks; per person."
    )
    _print_verdict(outcomes, oracle)
    skillpath = next((o for o in outcomes if o.settings.scheduler == "SkillPath"), None)
    for note in skillpath.notes if skillpath else ():
        print(f"  SkillPath refit, {note}")


def _print_verdict(outcomes: list[Outcome], oracle: Outcome) -> None:
    contenders = [o for o in outcomes if o.settings.scheduler in SCHEDULERS and o is not oracle]
    skillpath = next((o for o in contenders if o.settings.scheduler == "SkillPath"), None)
    if skillpath is None:
        return
    ranked = sorted(contenders, key=lambda o: -o.retained_per_hour)
    ratio = skillpath.retained_per_hour / oracle.retained_per_hour
    rank = ranked.index(skillpath) + 1
    fsrs = next((o for o in contenders if o.settings.scheduler == "FSRS default"), None)
    beats_fsrs = fsrs is None or skillpath.retained_per_hour >= fsrs.retained_per_hour
    goal = GOALS[skillpath.settings.truth]
    met = rank == 1 and beats_fsrs and (goal is None or ratio >= goal)
    others = [o for o in ranked if o is not skillpath]
    print(
        f"SkillPath: rank {rank} of {len(ranked)} non-oracle schedulers on retained/h"
        + (f" (best other: {others[0].settings.scheduler})" if others else "")
        + f", {ratio:.1%} of the oracle; goal (rank 1, not below FSRS"
        + (f", >= {goal:.0%}" if goal is not None else "")
        + f"): {'met' if met else 'NOT met'}"
    )


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--concepts", type=int, default=60)
    parser.add_argument("--minutes", type=float, default=5.0, help="review budget per day (new modules extra)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--no-ablations", action="store_true", help="skip the ablation rows")
    parser.add_argument("--truth", action="append", help="only the ground truths whose name contains this")
    parser.add_argument("--only", action="append", help="only this scheduler (and the oracle); repeatable")
    parser.add_argument("--quick", action="store_true", help="40 people x 60 concepts x 60 days")
    args = parser.parse_args(argv)
    if args.quick:
        args.people, args.days = 40, 60
    return args


if __name__ == "__main__":
    main()
