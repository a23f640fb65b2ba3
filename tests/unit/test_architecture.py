"""What docs/architecture.md claims about views, checked on the source (import rules are import-linter's job).

Views translate: they parse the request, make one service or selector call and render. So no view module
touches the ORM: no ``Model.objects``, no queryset methods on a model, no transactions, no raw SQL.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "skillpath"
VIEW_MODULES = sorted(
    [
        *SRC.glob("*/views.py"),
        *SRC.glob("*/*_views.py"),
        *(p for p in SRC.glob("web/*.py") if p.stem != "urls"),
        *SRC.glob("api/routes_*.py"),
    ]
)
ORM_WRITES = {"save", "delete", "refresh_from_db", "bulk_create", "bulk_update", "select_for_update"}


def orm_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"line {node.lineno}: .objects")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ORM_WRITES:
            found.append(f"line {node.lineno}: .{node.func.attr}()")
        elif isinstance(node, ast.ImportFrom) and node.module in ("django.db", "django.db.models"):
            found.append(f"line {node.lineno}: from {node.module} import …")
    return found


def test_there_are_view_modules_to_check() -> None:
    assert len(VIEW_MODULES) >= 10


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_a_view_module_makes_no_orm_call(path: Path) -> None:
    assert orm_uses(path) == [], f"{path.relative_to(SRC)} queries or writes the database itself"


APPS = sorted(p.parent.name for p in SRC.glob("*/apps.py"))


def test_the_readme_diagram_and_the_architecture_page_name_every_app() -> None:
    root = SRC.parents[1]
    readme = (root / "README.md").read_text()
    diagram = readme[readme.index("┌") : readme.rindex("┘")]
    architecture = (root / "docs" / "architecture.md").read_text()
    assert len(APPS) >= 15
    assert [app for app in APPS if app not in diagram] == []
    assert [app for app in APPS if f"`{app}`" not in architecture] == []
