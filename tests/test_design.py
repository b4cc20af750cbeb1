"""The module map of docs/design.md is true: every module is listed, a module imports only
modules listed above it and only those its row declares (imports under ``TYPE_CHECKING``
aside); each concept has one definition (no copies of the weekday names, the day in
microseconds, ``HH:MM`` or the aware-datetime check outside their homes); and every module has
its test file.

A module of a subpackage is named by its path, ``formats/opening_hours``; the package itself
is ``__init__``."""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "contact_policy"


#: The base layer: every module below these rows of the map may import them, undeclared.
BASE = frozenset({"errors", "limits", "_time", "_model"})


def map_rows() -> list[tuple[list[str], set[str]]]:
    """The map's rows in order: the modules of each, and the modules its "may import" column
    names (its backquoted names)."""
    text = (ROOT / "docs" / "design.md").read_text()
    section = text.split("## The map", 1)[1].split("\n## ", 1)[0]
    rows: list[tuple[list[str], set[str]]] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = line.split(" | ")
            names = [name.removesuffix(".py") for name in re.findall(r"`([\w./]+)`", cells[0])]
            rows.append((names, set(re.findall(r"`([\w./]+)`", cells[-1]))))
    return rows


def mapped_order() -> list[str]:
    """Module names in the order of the map's table."""
    return [name for names, _ in map_rows() for name in names]


def module_files() -> dict[str, pathlib.Path]:
    """Every module of the package (subpackages included, the package itself as
    ``__init__``) by its map name."""
    return {p.relative_to(PACKAGE).with_suffix("").as_posix(): p for p in PACKAGE.rglob("*.py")}


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
    if path == PACKAGE / "__init__.py":  # the lazy exports: each name's home, on first use
        homes = next(
            node.value
            for node in tree.body
            if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "_HOMES"
        )
        found.update(ast.literal_eval(homes).values())
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


def test_imports_are_declared() -> None:
    files = module_files()
    wrong = []
    for names, declared in map_rows():
        allowed = declared | set(names) | (set() if BASE & set(names) else BASE)
        wrong += [
            f"{module} imports {other}, not in its row's 'may import'"
            for module in names
            for other in sorted(imported(files[module]) - allowed)
        ]
    assert not wrong, wrong


# --- one definition each ---------------------------------------------------------------------

#: Copies that must not come back: (what, pattern, the files allowed to hold it, and why).
_ONE_HOME: list[tuple[str, str, frozenset[str]]] = [
    # The day, hour and minute in microseconds live in _time; ledger.py and calllog.py write
    # their conversions out inline on the hot path, on purpose.
    ("a day in microseconds", r"86_?400_?000_?000", frozenset({"_time", "ledger", "calllog"})),
    ("an hour in microseconds", r"3_?600_?000_?000", frozenset({"_time", "ledger", "calllog"})),
    ("a minute in microseconds", r"\b60_?000_?000\b", frozenset({"_time", "ledger", "calllog"})),
    ("the epoch", r"datetime\(1970, 1, 1", frozenset({"_time", "ledger", "calllog"})),
    ("epoch microseconds to a datetime", r"def _?from_us\b", frozenset({"_time"})),
    # Month names are wording.MONTH_NAMES and MONTH_ABBRS (opening_hours keeps its own tokens).
    (
        "month names",
        r"\"Jan\",\s*\"Feb\",\s*\"Mar\"",
        frozenset({"wording", "formats/opening_hours"}),
    ),
    ("month names", r"\"January\",\s*\"February\"", frozenset({"wording"})),
    # HH:MM is hours.hhmm.
    ("HH:MM by strftime", r"strftime\([\"']%H:%M[\"']\)|:%H:%M\}", frozenset()),
    ("HH:MM by a format", r":02d\}:\{[^}]*:02d\}", frozenset({"hours"})),
    # The weekday names are hours.DAYS, DAY_ABBRS and DAY_NAMES (rules.SkipDay spells the keys
    # out because a typing.Literal cannot be built from a tuple).
    ("weekday keys", r"\"mon\",\s*\"tue\",\s*\"wed\",.*\"sun\"", frozenset({"hours", "rules"})),
    ("weekday short names", r"\"Mon\",\s*\"Tue\",\s*\"Wed\",.*\"Sun\"", frozenset({"hours"})),
    (
        "weekday names",
        r"\"Monday\",\s*\"Tuesday\",\s*\"Wednesday\",.*\"Sunday\"",
        frozenset({"hours"}),
    ),
    # "Is it aware?" is _time.is_aware / check_aware / aware_us. calllog.py is owned elsewhere
    # and still has its own check; sessions.py asks whether a parsed RRULE time was written
    # without a zone (a syntactic question, not "does it name an instant"); _check.py and
    # hours.py hold times of day, which must be naive.
    ("a naive check", r"tzinfo is None", frozenset({"_time", "calllog", "sessions", "_check"})),
    ("a naive check", r"utcoffset\(\) is None", frozenset({"_time", "calllog"})),
]


def test_one_definition_each() -> None:
    found = [
        f"{name}.py holds {what} ({pattern!r}); use its home"
        for name, path in sorted(module_files().items())
        for what, pattern, homes in _ONE_HOME
        if name not in homes and re.search(pattern, path.read_text())
    ]
    assert not found, found


# --- tests mirror src -------------------------------------------------------------------------

#: Modules without a ``tests/test_<module>.py`` of their own (a leading ``_`` dropped), and
#: where they are tested.
_TESTED_ELSEWHERE = {
    "__init__": "the lazy exports: test_cold_start.py and test_docs.py",
    "_holidays": "holiday tables through the calendar: test_calendar.py, test_cold_start.py",
    "_kit": "the integrator's kit: test_pytest_plugin.py and test_testing.py",
    "_locate": "the line of a field: test_loading.py and test_validate_cli.py",
    "_log_strategies": "hypothesis strategies: test_testing.py",
    "_policy_strategies": "hypothesis strategies: test_testing.py",
    "_model": "field types and pydantic's errors: test_errors.py and test_hostile.py",
    "_plan": "return_by: test_policy.py, test_rules.py and test_columnar.py",
    "_time": "instants: through every engine test; the aware check in test_errors.py",
    "analysis": "what a check reports: test_check.py",
    "limits": "every limit: test_hostile.py",
    "formats/__init__": "a docstring only",
    "formats/_common": "the JSON formats' refusals: test_fhir.py and test_schema_org.py",
    "formats/_ics_reader": "reading iCalendar: test_ics.py",
    "formats/_toml_writer": "writing TOML: test_convert.py",
    "formats/schemaorg": "schema.org: test_schema_org.py",
}


def test_every_module_has_its_test_file() -> None:
    tests = ROOT / "tests"
    missing = [
        name
        for name in sorted(module_files())
        if name not in _TESTED_ELSEWHERE
        and not (tests / f"test_{name.rsplit('/', 1)[-1].lstrip('_')}.py").is_file()
    ]
    assert not missing, missing
    stale = [name for name in _TESTED_ELSEWHERE if name not in module_files()]
    assert not stale, stale
