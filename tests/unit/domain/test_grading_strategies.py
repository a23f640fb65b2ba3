"""Hypothesis strategies for grading: valid activities of every type and valid responses to them.

Every strategy builds activities that pass content validation (``activity_problems`` is empty).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from skillpath.domain.content.model import Categorize, Choice, Cloze, Match, Order, Scenario, Simulation

Activity = Choice | Order | Categorize | Match | Cloze | Scenario | Simulation
LETTERS = "abcdefghijklmnopqrstuvwxyz"
WORD = st.builds(str.__add__, st.sampled_from(LETTERS + LETTERS.upper()), st.text(LETTERS, max_size=5))
ANSWER = st.builds(" ".join, st.lists(WORD, min_size=1, max_size=2))
LITERAL = st.text("abc ,.", max_size=6)


def labels(prefix: str, count: int) -> list[str]:
    return [f"{prefix} {i}" for i in range(count)]


@st.composite
def choices(draw: st.DrawFn) -> Choice:
    correct = draw(st.lists(st.booleans(), min_size=2, max_size=6).filter(any))
    feedback = draw(st.lists(st.none() | WORD, min_size=len(correct), max_size=len(correct)))
    options = [
        {"text": t, "correct": c, "feedback": f}
        for t, c, f in zip(labels("option", len(correct)), correct, feedback, strict=True)
    ]
    return Choice.model_validate({"type": "choice", "prompt": "p", "options": options})


@st.composite
def orders(draw: st.DrawFn) -> Order:
    count = draw(st.integers(2, 8))
    return Order.model_validate({"type": "order", "prompt": "p", "items": labels("item", count)})


@st.composite
def categorizes(draw: st.DrawFn) -> Categorize:
    ids = [f"c{i}" for i in range(draw(st.integers(2, 4)))]
    kinds = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=7))
    return Categorize.model_validate(
        {
            "type": "categorize",
            "prompt": "p",
            "categories": [{"id": i, "title": i.upper()} for i in ids],
            "items": [{"text": t, "category": k} for t, k in zip(labels("item", len(kinds)), kinds, strict=True)],
        }
    )


@st.composite
def matches(draw: st.DrawFn) -> Match:
    count = draw(st.integers(2, 6))
    pairs = [{"left": f"left {i}", "right": f"right {i}"} for i in range(count)]
    return Match.model_validate({"type": "match", "prompt": "p", "pairs": pairs})


@st.composite
def clozes(draw: st.DrawFn) -> Cloze:
    blanks = draw(st.lists(st.lists(ANSWER, min_size=1, max_size=3), min_size=1, max_size=4))
    parts = [draw(LITERAL) + "{{" + "|".join(alternatives) + "}}" for alternatives in blanks]
    return Cloze.model_validate({"type": "cloze", "prompt": "p", "text": "".join(parts) + draw(LITERAL) + "x"})


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A random acyclic scenario: inner nodes n0..n(k-1) only lead to later nodes, endings come last.

    Every node gets a parent among the inner nodes before it (so all are reachable from n0), and
    every inner node gets at least one choice (so every path ends at an ending).
    """
    inner, endings = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    total = inner + endings
    edges: dict[int, list[int]] = {i: [] for i in range(inner)}
    for node in range(1, total):
        edges[draw(st.integers(0, min(node, inner) - 1))].append(node)
    for node in range(inner):
        extra = draw(st.lists(st.integers(node + 1, total - 1), max_size=2))
        edges[node] = draw(st.permutations(edges[node] + extra)) or [total - 1]
    nodes: dict[str, Any] = {f"n{i}": {"text": f"end {i}", "end": "success"} for i in range(inner, total)}
    for node, targets in edges.items():
        points = draw(st.lists(st.integers(0, 3), min_size=len(targets), max_size=len(targets)))
        nodes[f"n{node}"] = {
            "text": f"node {node}",
            "choices": [
                {"text": f"to {t}", "next": f"n{t}", "points": p, "feedback": f"{node}>{t}"}
                for t, p in zip(targets, points, strict=True)
            ],
        }
    nodes["n0"]["choices"][0]["points"] += 1  # the best path must earn points to be valid
    return Scenario.model_validate({"type": "scenario", "prompt": "p", "start": "n0", "nodes": nodes})


@st.composite
def simulation_fields(draw: st.DrawFn) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = []
    for j in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            options = labels("opt", draw(st.integers(2, 4)))
            fields.append({"label": f"field {j}", "answer": draw(st.sampled_from(options)), "options": options})
        else:
            answers = draw(st.lists(ANSWER, min_size=1, max_size=2))
            fields.append({"label": f"field {j}", "answer": "|".join(answers), "feedback": draw(st.none() | WORD)})
    return fields


@st.composite
def simulations(draw: st.DrawFn) -> Simulation:
    """2..5 screens, each with hotspots, choices (one right, with feedback) or a form of typed and listed fields."""
    steps: list[dict[str, Any]] = []
    for i in range(draw(st.integers(2, 5))):
        step: dict[str, Any] = {"title": f"screen {i}", "text": f"do {i}"}
        kind = draw(st.sampled_from(["hotspots", "choices", "fields"]))
        if kind == "fields":
            step["fields"] = draw(simulation_fields())
        else:
            count, name = draw(st.integers(2, 4)), "label" if kind == "hotspots" else "text"
            right = draw(st.integers(0, count - 1))
            step[kind] = [{name: f"control {k}", "correct": k == right, "feedback": f"f{k}"} for k in range(count)]
        steps.append(step)
    return Simulation.model_validate({"type": "simulation", "prompt": "p", "steps": steps})


ACTIVITIES = st.one_of(choices(), orders(), categorizes(), matches(), clozes(), scenarios(), simulations())


def all_paths(scenario: Scenario, node_id: str | None = None) -> list[list[int]]:
    """Every complete path (choice indices) from ``node_id`` (default: start) to an ending."""
    node = scenario.nodes[node_id or scenario.start]
    if not node.choices:
        return [[]]
    return [[i, *rest] for i, c in enumerate(node.choices) for rest in all_paths(scenario, c.next)]


def path_points(scenario: Scenario, path: list[int]) -> int:
    node_id, points = scenario.start, 0
    for index in path:
        choice = scenario.nodes[node_id].choices[index]
        points, node_id = points + choice.points, choice.next
    return points


def perfect_response(activity: Activity) -> dict[str, Any]:
    """The authored perfect answer."""
    if isinstance(activity, Choice):
        return {"selected": [i for i, o in enumerate(activity.options) if o.correct]}
    if isinstance(activity, Order):
        return {"order": list(range(len(activity.items)))}
    if isinstance(activity, Categorize):
        return {"placements": [item.category for item in activity.items]}
    if isinstance(activity, Match):
        return {"pairs": list(range(len(activity.pairs)))}
    if isinstance(activity, Cloze):
        return {"blanks": [answers[0] for answers in activity.blanks]}
    if isinstance(activity, Simulation):
        return {"steps": [simulation_action(step, right=True) for step in activity.steps]}
    return {"path": max(all_paths(activity), key=lambda p: path_points(activity, p))}


def simulation_action(step: Any, *, right: bool) -> dict[str, Any]:
    """The right action on a screen (the control marked correct, each field's first answer), or a wrong one."""
    if step.fields:
        texts = [f.answer if f.options else f.answer.split("|")[0] for f in step.fields]
        if not right:
            first = step.fields[0]
            texts[0] = next(o for o in first.options if o != first.answer) if first.options else "?"
        return {"fields": texts}
    marks = [h.correct for h in step.hotspots] or [c.correct for c in step.choices]
    return {"pick": marks.index(right)}


def vary(draw: st.DrawFn, answer: str) -> str:
    """``answer`` as a learner might type it: other case, extra spaces, a trailing period."""
    words = [w.upper() if draw(st.booleans()) else w for w in answer.split()]
    return draw(st.sampled_from(["", " "])) + "  ".join(words) + draw(st.sampled_from(["", ".", " . "]))


@st.composite
def responses(draw: st.DrawFn, activity: Activity) -> dict[str, Any]:
    """Any valid response to ``activity``, in authored positions."""
    if isinstance(activity, Choice):
        count = len(activity.options)
        return {"selected": draw(st.lists(st.integers(0, count - 1), unique=True, min_size=1, max_size=count))}
    if isinstance(activity, Order):
        return {"order": draw(st.permutations(range(len(activity.items))))}
    if isinstance(activity, Categorize):
        ids = st.sampled_from([c.id for c in activity.categories])
        placements = [draw(st.none() | ids) for _ in activity.items]
        kept = draw(st.integers(0, len(placements) - 1))  # at least one item placed: empty answers are refused
        placements[kept] = placements[kept] or activity.items[kept].category
        return {"placements": placements}
    if isinstance(activity, Match):
        order = draw(st.permutations(range(len(activity.pairs))))
        kept = draw(st.integers(0, len(order) - 1))
        return {"pairs": [None if i != kept and draw(st.booleans()) else right for i, right in enumerate(order)]}
    if isinstance(activity, Cloze):
        return {
            "blanks": [
                vary(draw, draw(st.sampled_from(a))) if draw(st.booleans()) else draw(ANSWER) for a in activity.blanks
            ]
        }
    if isinstance(activity, Simulation):
        return {"steps": [draw(simulation_step_response(step)) for step in activity.steps]}
    return {"path": draw(st.sampled_from(all_paths(activity)))}


@st.composite
def simulation_step_response(draw: st.DrawFn, step: Any) -> dict[str, Any]:
    """Any valid action on a screen: a control, or a form with at least one field filled in."""
    if not step.fields:
        return {"pick": draw(st.integers(0, len(step.hotspots or step.choices) - 1))}
    texts = []
    for field in step.fields:
        if field.options:
            texts.append(draw(st.sampled_from(["", *field.options])))
        else:
            typed = vary(draw, draw(st.sampled_from(field.answer.split("|"))))
            texts.append(draw(st.sampled_from(["", typed, draw(ANSWER)])))
    if not any(t.strip() for t in texts):
        texts[0] = step.fields[0].answer.split("|")[0]
    return {"fields": texts}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 9) | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
