"""Docs are executable: every ``>>>`` example in README.md, docs/*.md and the public modules'
docstrings runs here, and every public name is documented."""

from __future__ import annotations

import doctest
import importlib
import pathlib

import pytest

import contact_policy

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MODULES = [
    "contact_policy.calendar",
    "contact_policy.errors",
    "contact_policy._model",
    "contact_policy.contact",
    "contact_policy.answers",
    "contact_policy.rules",
    "contact_policy.policy",
    "contact_policy.loading",
    "contact_policy.boundaries",
    "contact_policy.frames",
    "contact_policy.testing",
]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_markdown_examples_run(path: pathlib.Path) -> None:
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0, f"{result.failed} example(s) failed in {path.name}"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
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
