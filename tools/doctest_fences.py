"""A griffe extension for the documentation site: docstring examples become code blocks.

The library's docstrings hold bare ``>>>`` examples (they run as doctests, tests/test_docs.py).
Markdown would read them as prose (``[a, b]`` as a link), so this extension wraps each run of
example lines (a ``>>>`` line, its ``...`` continuations and the output up to a blank line or
the next prose) in a ``pycon`` fence before mkdocstrings renders the docstring. Loaded by
mkdocs.yml (``plugins.mkdocstrings.handlers.python.options.extensions``); not part of the
package.
"""

from __future__ import annotations

from typing import Any

import griffe

__all__ = ["DoctestFences", "fence"]


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


class DoctestFences(griffe.Extension):
    """Fence the doctest examples of every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence(obj.docstring.value)
