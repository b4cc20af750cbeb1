"""The module map of docs/design.md is true: every module is listed, and a module imports only
modules listed above it (imports under ``TYPE_CHECKING`` aside)."""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "contact_policy"


def mapped_order() -> list[str]:
    """Module names in the order of the map's table."""
    text = (ROOT / "docs" / "design.md").read_text()
    section = text.split("## The map", 1)[1].split("\n## ", 1)[0]
    order: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            order += [name.removesuffix(".py") for name in re.findall(r"`([\w.]+)`", first_cell)]
    return order


def imported(path: pathlib.Path) -> set[str]:
    """The package's modules that ``path`` imports at run time."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    visit(inner)

    visit(tree.body)
    return found


def test_every_module_is_on_the_map() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(mapped_order())


def test_imports_point_up_the_map() -> None:
    order = mapped_order()
    rank = {name: i for i, name in enumerate(order)}
    wrong = [
        f"{module} imports {other}"
        for module in order
        for other in sorted(imported(PACKAGE / f"{module}.py"))
        if other in rank and rank[other] >= rank[module] and other != module
    ]
    assert not wrong, wrong
