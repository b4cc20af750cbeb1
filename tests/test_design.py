"""The module map of docs/design.md is true: every module is listed, and a module imports only
modules listed above it (imports under ``TYPE_CHECKING`` aside).

A module of a subpackage is named by its path, ``formats/opening_hours``."""

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
            order += [name.removesuffix(".py") for name in re.findall(r"`([\w./]+)`", first_cell)]
    return order


def module_files() -> dict[str, pathlib.Path]:
    """Every module of the package (subpackages included) by its map name."""
    files = {p.relative_to(PACKAGE).with_suffix("").as_posix(): p for p in PACKAGE.rglob("*.py")}
    del files["__init__"]
    return files


def map_name(parts: list[str]) -> str:
    """The map name of the module a dotted path inside the package names (``formats`` is
    ``formats/__init__``; ``calendar.BusinessCalendar`` is ``calendar``)."""
    for n in range(len(parts), 0, -1):
        name = "/".join(parts[:n])
        if (PACKAGE / name).is_dir():
            return f"{name}/__init__"
        if (PACKAGE / f"{name}.py").is_file():
            return name
    return "/".join(parts)


def imported(path: pathlib.Path) -> set[str]:
    """The package's modules that ``path`` imports at run time."""
    tree = ast.parse(path.read_text())
    package = list(path.relative_to(PACKAGE).parent.parts)
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.ImportFrom) and 1 <= node.level <= len(package) + 1:
                base = package[: len(package) - node.level + 1]
                if node.module:
                    found.add(map_name([*base, *node.module.split(".")]))
                else:
                    found.update(map_name([*base, alias.name]) for alias in node.names)
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    visit(inner)

    visit(tree.body)
    return found


def test_every_module_is_on_the_map() -> None:
    assert set(module_files()) == set(mapped_order())


def test_imports_point_up_the_map() -> None:
    order = mapped_order()
    files = module_files()
    rank = {name: i for i, name in enumerate(order)}
    wrong = [
        f"{module} imports {other}"
        for module in order
        for other in sorted(imported(files[module]))
        if other in rank and rank[other] >= rank[module] and other != module
    ]
    assert not wrong, wrong
