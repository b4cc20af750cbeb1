"""Docs are executable: every ``>>>`` example in README.md, docs/*.md and every module's
docstrings (private modules included) runs here, and every public name is documented."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pathlib
import pkgutil

import pytest

import contact_policy

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: README.md and every page of the documentation site (docs/, its folders included).
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
#: Every module of the package, found by walking it (so a new module is never left out).
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(contact_policy.__path__, "contact_policy.")
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


#: Examples that need pandas (an optional extra): skipped where it is not installed (the
#: lowest-versions CI run leaves it out).
NEEDS_PANDAS = {"performance.md", "contact_policy.frames"}


#: Examples that read YAML (the yaml extra): skipped where PyYAML is not installed.
NEEDS_YAML = {"formats.md"}
#: Examples that write or read iCalendar (the ics extra): skipped without icalendar.
NEEDS_ICS = {"formats.md", "contact_policy.formats.ics"}


def _needs_what_is_missing(name: str) -> None:
    if name in NEEDS_PANDAS and importlib.util.find_spec("pandas") is None:
        pytest.skip("needs pandas (the scale extra)")
    if name in NEEDS_YAML and importlib.util.find_spec("yaml") is None:
        pytest.skip("needs PyYAML (the yaml extra)")
    if name in NEEDS_ICS and importlib.util.find_spec("icalendar") is None:
        pytest.skip("needs icalendar (the ics extra)")


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_markdown_examples_run(path: pathlib.Path) -> None:
    _needs_what_is_missing(path.name)
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0, f"{result.failed} example(s) failed in {path.name}"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    _needs_what_is_missing(name)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.failed == 0, f"{result.failed} example(s) failed in {name}"


def test_every_public_name_is_documented() -> None:
    docs = "\n".join(p.read_text() for p in DOC_FILES)
    missing = [
        name
        for name in contact_policy.__all__
        if not name.startswith("__") and f"`{name}" not in docs and name not in docs
    ]
    assert not missing, f"public names not mentioned in README.md or docs/: {missing}"


def test_every_public_name_has_a_docstring() -> None:
    undocumented = [
        name
        for name in contact_policy.__all__
        if not name.startswith("__") and not (getattr(contact_policy, name).__doc__ or "").strip()
    ]
    assert not undocumented


def test_every_module_is_walked() -> None:
    assert {"contact_policy._policy_strategies", "contact_policy._plan"} <= set(MODULES)
