from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from skillpath.domain.gates import Progress, gates
from skillpath.domain.memory import Memory, MemoryModel
from skillpath.domain.queue import Kind, build_queue
from tests.unit.domain.builders import T0, memory, sales

MODEL = MemoryModel()
DAY_END = T0.replace(hour=23, minute=59)


def queue(progress: dict[str, Progress], memories: dict[str, Memory], budget: int = 10, now=T0, share=None):  # type: ignore[no-untyped-def]
    c = sales()
    return build_queue(
        curriculum=c,
        gates=gates(c, progress),
        memories=memories,
        model=MODEL,
        now=now,
        day_end=now.replace(hour=23, minute=59),
        budget_minutes=budget,
        review_share=share,
    )


def test_a_new_person_starts_with_the_first_module() -> None:
    q = queue({}, {})
    assert [(i.kind, i.ref) for i in q.items] == [(Kind.MODULE, "f")]
    assert q.next_module == "f" and q.due_count == 0


def test_due_reinforcement_comes_first_lowest_recall_first_then_the_module_in_progress() -> None:
    c = sales()
    f0, f1, f2 = c.modules["f"].concepts
    memories = {
        f0: memory(T0 - timedelta(days=20), stability=5),  # very overdue: lowest recall
        f1: memory(T0 - timedelta(days=6), stability=5),
        f2: memory(T0 - timedelta(days=1), stability=5),  # not due
    }
    progress = {"f": Progress(passed=True, started=True), "a1": Progress(best_score=0.5, started=True)}
    q = queue(progress, memories)
    assert [(i.kind, i.ref) for i in q.items] == [
        (Kind.REINFORCEMENT, f0),
        (Kind.REINFORCEMENT, f1),
        (Kind.MODULE, "a1"),
    ]
    assert q.items[2].continuing
    assert q.items[0].recall is not None and q.items[1].recall is not None
    assert q.items[0].recall < q.items[1].recall


def test_reviews_beyond_the_budget_are_deferred_and_the_queue_says_so() -> None:
    c = sales()
    concepts = [k for m in c.modules.values() for k in m.concepts]
    memories = {k: memory(T0 - timedelta(days=10 + i), stability=3) for i, k in enumerate(concepts)}
    q = queue({"f": Progress(passed=True)}, memories, budget=5)
    assert len(q.reinforcement) == 5 and q.due_count == len(concepts)
    assert len(q.deferred) == len(concepts) - 5
    assert (
        q.deferred_note
        == "7 reviews moved to the next days to keep today within 5 minutes (the ones your memory holds best)."
    )
    assert q.minutes <= 5


def test_spare_time_takes_reviews_from_a_coming_day_that_would_overflow() -> None:
    c = sales()
    concepts = [k for m in c.modules.values() for k in m.concepts]
    tomorrow = T0 + timedelta(days=1, hours=1)
    memories = {k: memory(T0 - timedelta(days=3), due=tomorrow) for k in concepts}  # 12 min due tomorrow
    q = queue({"f": Progress(passed=True), "a1": Progress(passed=True), "a2": Progress(passed=True)}, memories)
    early = [i for i in q.reinforcement if i.early]
    assert len(early) == 2  # tomorrow overflows a 10-minute budget by 2 one-minute reviews
    assert q.due_count == 0


def test_nothing_is_pulled_forward_when_coming_days_fit() -> None:
    c = sales()
    k = c.modules["f"].concepts[0]
    q = queue({"f": Progress(passed=True)}, {k: memory(T0, due=T0 + timedelta(days=2))})
    assert q.reinforcement == []


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["f", "a1", "a2", "m"]), st.sampled_from(["passed", "started", "none"])),
    st.lists(st.tuples(st.integers(0, 11), st.integers(-30, 10), st.floats(0.5, 40)), max_size=12),
    st.integers(1, 30),
)
def test_a_locked_module_never_appears_and_the_budget_holds(
    states: dict[str, str], reviews: list[tuple[int, int, float]], budget: int
) -> None:
    c = sales()
    concepts = [k for m in c.modules.values() for k in m.concepts]
    progress = {m: Progress(passed=s == "passed", started=s != "none") for m, s in states.items()}
    memories = {concepts[i]: memory(T0 + timedelta(days=d), stability=s) for i, d, s in reviews}
    now = T0 + timedelta(days=11)
    q = queue(progress, memories, budget, now=now)
    g = gates(c, progress)
    for item in q.items:
        if item.kind is Kind.MODULE:
            assert g[item.ref].open and item.ref not in [m for m, p in progress.items() if p.passed]
    reinforcement = sum(i.minutes for i in q.reinforcement)
    assert reinforcement <= budget or len(q.reinforcement) == 1
    recalls = [i.recall for i in q.reinforcement if not i.early]
    assert recalls == sorted(recalls)
    assert len(q.deferred) + len([i for i in q.reinforcement if not i.early]) == q.due_count


def test_no_deferral_note_when_every_due_review_fits_the_budget() -> None:
    k = sales().modules["f"].concepts[0]
    q = queue({"f": Progress(passed=True)}, {k: memory(T0 - timedelta(days=10), stability=3)})
    assert [i.ref for i in q.reinforcement] == [k]
    assert q.deferred == ()
    assert q.deferred_note is None


def overdue(n: int) -> dict[str, Memory]:
    concepts = [k for m in sales().modules.values() for k in m.concepts][:n]
    return {k: memory(T0 - timedelta(days=10 + i), stability=3) for i, k in enumerate(concepts)}


def test_a_split_keeps_new_learning_its_share_when_reviews_pile_up() -> None:
    memories = overdue(10)  # ten minutes of reviews due, and module a1 open
    unsplit = queue({"f": Progress(passed=True)}, memories)
    assert [i.kind for i in unsplit.items].count(Kind.MODULE) == 0  # reviews took the whole budget
    split = queue({"f": Progress(passed=True)}, memories, share=0.4)
    assert len(split.reinforcement) == 4 and len(split.deferred) == 6
    assert [(i.kind, i.ref) for i in split.items][-1] == (Kind.MODULE, "a1")
    assert split.review_budget_minutes == 4
    assert split.deferred_note == (
        "6 reviews moved to the next days to keep today within the 4 minutes you keep for reinforcement "
        "(the ones your memory holds best)."
    )


def test_a_split_caps_new_learning_at_its_share() -> None:
    q = queue({}, {}, budget=10, share=0.5)  # 5 minutes of new learning: module f (5 min) fits, a1 is locked
    assert [(i.kind, i.ref) for i in q.items] == [(Kind.MODULE, "f")]
    roomy = queue({"f": Progress(passed=True)}, {}, budget=20)
    capped = queue({"f": Progress(passed=True)}, {}, budget=20, share=0.6)  # 8 minutes: one 5-minute module
    assert [i.ref for i in roomy.items] == ["a1", "a2"] and [i.ref for i in capped.items] == ["a1"]


def test_with_nothing_to_learn_reviews_may_use_the_whole_budget() -> None:
    done = {m: Progress(passed=True) for m in ("f", "a1", "a2", "m")}
    q = queue(done, overdue(10), share=0.4)
    assert len(q.reinforcement) == 10 and q.deferred == () and q.review_budget_minutes is None


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 12), st.integers(2, 30), st.sampled_from([0.2, 0.3, 0.5, 0.7, 0.8]))
def test_under_a_split_each_side_stays_within_its_share(reviews: int, budget: int, share: float) -> None:
    q = queue({"f": Progress(passed=True)}, overdue(reviews), budget, share=share)
    reinforcement = sum(i.minutes for i in q.reinforcement)
    new = sum(i.minutes for i in q.items if i.kind is Kind.MODULE)
    assert reinforcement <= budget * share or len(q.reinforcement) == 1
    modules = [i for i in q.items if i.kind is Kind.MODULE]
    room = budget * (1 - share)  # the one module of the day may run over by half its length, or more when alone
    assert new <= room or (len(modules) == 1 and (modules[0].minutes * 0.5 <= room or not q.reinforcement))
