"""Small graph helpers used by validation (module prerequisites, scenario nodes) and grading."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from skillpath.domain.content.model import Scenario


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle as ``[a, b, ..., a]`` if the directed graph has one, else ``None``.

    Edges to nodes that are not keys are ignored (they are reported as unknown elsewhere).
    Nodes are visited in sorted order so the same graph always reports the same cycle.
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in edges.get(node, ()):
            if nxt not in edges:
                continue
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def reachable(edges: Mapping[str, Sequence[str]], start: str) -> set[str]:
    """Every node reachable from ``start`` (``start`` included)."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def scenario_edges(scenario: Scenario) -> dict[str, list[str]]:
    return {node_id: [c.next for c in node.choices] for node_id, node in scenario.nodes.items()}


def best_points(scenario: Scenario) -> int:
    """Points on the best path from ``start`` to an ending (the scenario must be valid: acyclic)."""

    @cache
    def best_from(node_id: str) -> int:
        node = scenario.nodes[node_id]
        return max((c.points + best_from(c.next) for c in node.choices), default=0)

    return best_from(scenario.start)
