"""A role's path as a graph to draw: its modules in columns by stage, in stage order, with an arrow from each
module a module ``requires`` to it. Pure layout (numbers for an SVG); the page draws it and lists it in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

NODE_W, NODE_H = 200, 44
COL_GAP, ROW_GAP, MARGIN, HEAD = 60, 18, 16, 36


@dataclass(frozen=True)
class Node:
    id: str
    title: str
    stage: str
    x: int
    y: int


@dataclass(frozen=True)
class Edge:
    source: str  # the module required first
    target: str  # the module that requires it
    x1: int
    y1: int
    x2: int
    y2: int
    outside: bool  # the required module is not on this role's path


@dataclass(frozen=True)
class PathGraph:
    columns: list[tuple[str, int]]  # stage name, x of its column
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int


def path_graph(
    stages: Sequence[tuple[str, Sequence[str]]], requires: Mapping[str, Sequence[str]], titles: Mapping[str, str]
) -> PathGraph:
    """Lay out a role's stages (``(stage, module ids)`` in order). A module listed twice is drawn once, where it
    first appears; a requirement on a module outside the role is drawn as an edge from the top of the target."""
    nodes: dict[str, Node] = {}
    columns = []
    rows = 0
    for col, (stage, ids) in enumerate(stages):
        x = MARGIN + col * (NODE_W + COL_GAP)
        columns.append((stage, x))
        row = 0
        for module_id in ids:
            if module_id in nodes:
                continue
            y = MARGIN + HEAD + row * (NODE_H + ROW_GAP)
            nodes[module_id] = Node(module_id, titles.get(module_id, module_id), stage, x, y)
            row += 1
        rows = max(rows, row)
    edges = []
    for node in nodes.values():
        for required in requires.get(node.id, ()):
            source = nodes.get(required)
            if source is None:
                edges.append(
                    Edge(required, node.id, node.x + NODE_W // 2, MARGIN + HEAD - 8, node.x + NODE_W // 2, node.y, True)
                )
                continue
            if source.x == node.x:  # same stage: down (or up) the column, beside the boxes' text
                down = source.y < node.y
                x = node.x + NODE_W - 24
                y1, y2 = (source.y + NODE_H, node.y) if down else (source.y, node.y + NODE_H)
                edges.append(Edge(required, node.id, x, y1, x, y2, False))
            else:
                edges.append(
                    Edge(
                        required,
                        node.id,
                        source.x + NODE_W,
                        source.y + NODE_H // 2,
                        node.x,
                        node.y + NODE_H // 2,
                        False,
                    )
                )
    width = 2 * MARGIN + max(1, len(stages)) * (NODE_W + COL_GAP) - COL_GAP
    height = 2 * MARGIN + HEAD + max(1, rows) * (NODE_H + ROW_GAP)
    return PathGraph(columns, list(nodes.values()), edges, width, height)
