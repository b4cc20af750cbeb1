"""A griffe extension for the documentation site: docstring examples become code blocks.

The library's docstrings hold bare ``>>>`` examples (they run as doctests, tests/test_docs.py).
Markdown would read them as prose (``[a, b]`` as a link), so this extension wraps each run of
example lines (a ``>>>`` line, its ``...`` continuations and the output up to a blank line or
the next prose) in a ``pycon`` fence before mkdocstrings renders the docstring, and writes
Sphinx roles (``:class:`X```) as inline code. Loaded by mkdocs.yml
(``plugins.mkdocstrings.handlers.python.options.extensions``); not part of the package.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import griffe

__all__ = ["DoctestFences", "fence", "plain_roles"]

#: A Sphinx cross-reference role, ``:class:`~contact_policy.Policy``` and the like.
_ROLE = re.compile(r":(?:attr|class|data|func|meth|mod|obj|exc):`~?([^`]+)`")


def plain_roles(text: str) -> str:
    """Sphinx roles as inline code (the short name where ``~`` asks for it).

    >>> plain_roles("see :meth:`track` and :class:`~contact_policy.Policy`")
    'see `track` and `Policy`'
    """
    return _ROLE.sub(lambda m: f"`{_short(m)}`", text)


def _short(match: re.Match[str]) -> str:
    name = match.group(1)
    return name.rsplit(".", 1)[-1] if match.group(0).count("~") else name


def fence(text: str) -> str:
    """``text`` with every run of doctest lines inside a ```` ```pycon ```` fence.

    >>> fence("Adds.\\n\\n>>> 1 + 1\\n2\\n\\nMore.").splitlines()
    ['Adds.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    inside = False
    fenced = False  # inside a fence the author wrote (left alone)
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("```"):
            if inside:
                out.append("```")
                inside = False
            fenced = not fenced
            out.append(line)
            continue
        if not fenced and not inside and stripped.startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not stripped:
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


def field_description(attribute: griffe.Attribute) -> str | None:
    """The ``description=`` of a pydantic ``Field(...)`` an attribute is set to (a string, or
    a module constant holding one), or None."""
    value = attribute.value
    if not isinstance(value, griffe.ExprCall):
        return None
    for argument in value.arguments:
        if isinstance(argument, griffe.ExprKeyword) and argument.name == "description":
            text = argument.value
            if isinstance(text, griffe.ExprName):  # a constant such as RULE_HOLIDAYS
                try:
                    target = attribute.modules_collection[text.canonical_path]
                except (KeyError, AttributeError, griffe.AliasResolutionError):
                    return None
                text = getattr(target, "value", None)
            if isinstance(text, str):
                try:
                    found = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    return None
                return found if isinstance(found, str) else None
    return None


class DoctestFences(griffe.Extension):
    """Fence the doctest examples of every docstring griffe loads, and give a model's fields
    their ``Field(description=...)`` as their docstring, so the reference lists them."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is None and isinstance(obj, griffe.Attribute):
            described = field_description(obj)
            if described is not None:
                obj.docstring = griffe.Docstring(described, parent=obj)
        if obj.docstring is not None:
            obj.docstring.value = fence(plain_roles(obj.docstring.value))
