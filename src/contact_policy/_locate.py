"""Where a field is in a policy file's text: the line of each key path, for error messages.

``tomllib`` and ``json`` give no positions, so :func:`toml_lines` and :func:`json_lines` scan
the text once more, lightly: they follow tables, arrays of tables, dotted keys, inline tables
and arrays, skipping strings and comments, and note the line where each key (or each item of
an array) begins. They run only on text that already parsed, so they need not check the
grammar, and on anything unexpected they stop with what they found. YAML gives positions
itself (the loader's node marks; :mod:`contact_policy._yaml`).

:func:`line_of` finds a problem's line from its path as the library writes it
(``rules[2].hours.tue[0]``), falling back to the nearest enclosing field that has one. A
weekday the model names (``tue``) is found under the key that holds it (``mon-fri``).

>>> lines = toml_lines('zone = "UTC"\\n\\n[[rules]]\\nkind = "operating_hours"\\n'
...                    '[rules.hours]\\nmon-fri = [["09:00", "17:00"]]\\n')
>>> line_of(lines, "rules[0].hours.tue[0]"), line_of(lines, "rules[0].within")
(6, 3)

Imports :mod:`contact_policy.hours` (weekday keys) and the errors only.
"""

from __future__ import annotations

import contextlib
import json
import re

from .errors import ContactPolicyError, PolicyFileError
from .hours import parse_days

__all__ = [
    "Lines",
    "Path",
    "Unreadable",
    "found_at",
    "json_lines",
    "line_of",
    "split_path",
    "toml_duplicate",
    "toml_lines",
]

#: A key path inside a document: keys and list indexes, ``("rules", 2, "hours")``.
Path = tuple[str | int, ...]
#: The 1-based line where each key path of a document begins.
Lines = dict[Path, int]


class Unreadable(Exception):  # noqa: N818 - internal: never leaves contact_policy.loading
    """A document that cannot be read as a policy file: ``detail`` says why, ``line`` where
    (when known), ``kind`` the error class the reader raises for it, ``path`` the error's
    path: the field at fault when ``field`` (``detail`` then completes it: "rules[0].within
    is given twice ..."), else what the problem is about (the ``format`` a reader needs)."""

    def __init__(
        self,
        detail: str,
        line: int | None = None,
        kind: type[ContactPolicyError] = PolicyFileError,
        path: str | None = None,
        *,
        field: bool = False,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.line = line
        self.kind = kind
        self.path = path
        self.field = field

    @property
    def message(self) -> str:
        """The detail with the field it is about, for an error that is not located by line."""
        return f"{self.path} {self.detail}" if self.field and self.path else self.detail

    @property
    def field_path(self) -> str:
        """The path a located problem shows (``file:line path: detail``)."""
        return (self.path or "") if self.field else ""


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(path: str) -> Path:
    """``"rules[2].hours.tue[0]"`` -> ``("rules", 2, "hours", "tue", 0)``.

    >>> split_path("versions[1].policy.rules[0].within")
    ('versions', 1, 'policy', 'rules', 0, 'within')
    """
    return tuple(int(i) if i else key for key, i in _PART.findall(path))


def line_of(lines: Lines, path: str | Path) -> int | None:
    """The line of ``path`` in a document whose :data:`Lines` are ``lines``: the line of the
    deepest part of the path the document has (None when not even its first part is there).

    A weekday (``tue``) that is not a key is looked up under a key naming it (``mon-fri``,
    ``"mon,tue"``), and an index into a table (``special_hours[0]`` given as a table of
    dates) is its table's key in that place."""
    return found_at(lines, path)[0]


def found_at(lines: Lines, path: str | Path) -> tuple[int | None, Path]:
    """:func:`line_of` ``path``, and the path as the document spells it (``mon-fri`` for
    ``tue``), the parts it lacks as given."""
    parts = split_path(path) if isinstance(path, str) else path
    found: int | None = None
    here: Path = ()
    for n, part in enumerate(parts):
        step = _step(lines, here, part)
        if step is None:
            return found, (*here, *parts[n:])
        here = (*here, step)
        found = lines[here]
    return found, here


def _step(lines: Lines, here: Path, part: str | int) -> str | int | None:
    if (*here, part) in lines:
        return part
    children = [p[-1] for p in lines if len(p) == len(here) + 1 and p[:-1] == here]
    if isinstance(part, int):
        keys = [c for c in children if isinstance(c, str)]
        return keys[part] if 0 <= part < len(keys) else None
    for child in children:
        if isinstance(child, str):
            try:
                if part in parse_days(child):
                    return child
            except ContactPolicyError:
                continue
    return None


# --- JSON -----------------------------------------------------------------------------------


def json_lines(text: str) -> Lines:
    """The line of each key and array item of a JSON document that parsed.

    >>> json_lines('{"zone": "UTC",\\n "rules": [\\n  {"kind": "voicemail_gate"}]}')
    {('zone',): 1, ('rules',): 2, ('rules', 0): 3, ('rules', 0, 'kind'): 3}
    """
    scan = _Scan(text)
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        scan.json_value(())  # on anything unexpected, what was found so far stands
    return scan.lines


# --- TOML -----------------------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_JSON_SCALAR = re.compile(r"[^,\]}\s]+")
_TOML_SCALAR = re.compile(r"[^,\]}\n#]+")


def toml_lines(text: str) -> Lines:
    """The line of each key, table header and array item of a TOML document that parsed
    (an array of tables' item is the line of its ``[[header]]``).

    >>> toml_lines('[[rules]]\\nkind = "turnaround"\\n[[rules]]\\nkind = "voicemail_gate"\\n')
    {('rules',): 1, ('rules', 0): 1, ('rules', 0, 'kind'): 2, ('rules', 1): 3, ('rules', 1, 'kind'): 4}
    """  # noqa: E501 - the doctest shows one whole result
    scan = _Scan(text)
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        scan.toml_document()
    return scan.lines


def toml_duplicate(text: str) -> tuple[Path, int, int] | None:
    """The first key a TOML document gives twice (``tomllib`` says only "Cannot overwrite a
    value"): its path, the line it was first given on and the line it is given again on; None
    when the scan finds none.

    >>> toml_duplicate('[[rules]]\\nkind = "turnaround"\\nwithin = "PT1H"\\nwithin = "PT2H"\\n')
    (('rules', 0, 'within'), 3, 4)
    """
    scan = _Scan(text)
    scan.leaves = {}
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        scan.toml_document()
    return scan.twice


class _Scan:
    """One pass over a document's text: ``i`` is the position, ``line`` its 1-based line."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.line = 1
        self.lines: Lines = {}
        #: When set (toml_duplicate), the line of each key given a value, and the first one
        #: given twice.
        self.leaves: dict[Path, int] | None = None
        self.twice: tuple[Path, int, int] | None = None

    def note(self, path: Path) -> None:
        self.lines.setdefault(path, self.line)

    def peek(self, k: int = 1) -> str:
        return self.s[self.i : self.i + k]

    def advance(self, n: int = 1) -> None:
        self.line += self.s.count("\n", self.i, self.i + n)
        self.i += n

    def blank(self, *, newlines: bool = True, comments: bool = True) -> None:
        """Skip spaces (and newlines, and ``#`` comments)."""
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.advance()
            elif comments and c == "#":
                end = s.find("\n", self.i)
                self.i = len(s) if end < 0 else end
            else:
                return

    def until(self, stop: str) -> None:
        """Advance past the next ``stop`` (to the end when there is none)."""
        end = self.s.find(stop, self.i)
        self.advance((len(self.s) if end < 0 else end + len(stop)) - self.i)

    def quoted(self) -> str:
        """A string starting here ("..." with escapes, or '...'); its text."""
        s, start, quote = self.s, self.i, self.s[self.i]
        j = start + 1
        while s[j] != quote:
            j += 2 if quote == '"' and s[j] == "\\" else 1
        self.advance(j + 1 - start)
        raw = s[start : j + 1]
        if quote == "'":
            return raw[1:-1]
        try:
            value = json.loads(raw)
        except ValueError:
            return raw[1:-1]
        return value if isinstance(value, str) else raw[1:-1]

    # JSON

    def json_value(self, path: Path) -> None:
        self.blank(comments=False)
        c = self.peek()
        if c == "{":
            self.advance()
            self.blank(comments=False)
            while self.peek() != "}":
                key = self.quoted()
                self.note((*path, key))
                self.blank(comments=False)
                self.advance()  # the colon
                self.json_value((*path, key))
                self.blank(comments=False)
                if self.peek() == ",":
                    self.advance()
                    self.blank(comments=False)
            self.advance()
        elif c == "[":
            self.advance()
            self.blank(comments=False)
            index = 0
            while self.peek() != "]":
                self.note((*path, index))
                self.json_value((*path, index))
                self.blank(comments=False)
                if self.peek() == ",":
                    self.advance()
                    self.blank(comments=False)
                index += 1
            self.advance()
        elif c == '"':
            self.quoted()
        elif c:
            m = _JSON_SCALAR.match(self.s, self.i)
            if m is None:
                raise ValueError(c)
            self.advance(m.end() - self.i)
        else:
            raise ValueError("end of text")

    # TOML

    def key(self) -> tuple[str, ...]:
        """A (dotted) key starting here."""
        parts: list[str] = []
        while True:
            self.blank(newlines=False, comments=False)
            if self.peek() in ('"', "'"):
                parts.append(self.quoted())
            else:
                m = _BARE.match(self.s, self.i)
                if m is None:
                    raise ValueError(self.peek())
                parts.append(m.group())
                self.advance(m.end() - self.i)
            self.blank(newlines=False, comments=False)
            if self.peek() != ".":
                return tuple(parts)
            self.advance()

    def toml_document(self) -> None:
        table: Path = ()
        arrays: dict[Path, int] = {}  # arrays of tables (with their parents' indexes): count
        while True:
            self.blank()
            if self.i >= len(self.s):
                return
            start = self.i
            if self.peek(2) == "[[":
                self.advance(2)
                table = self.header(self.key(), arrays, array=True)
                self.until("]]")
            elif self.peek() == "[":
                self.advance()
                table = self.header(self.key(), arrays, array=False)
                self.until("]")
            else:
                parts = self.key()
                for n in range(1, len(parts) + 1):
                    self.note((*table, *parts[:n]))
                leaves = self.leaves
                if leaves is not None:
                    full = (*table, *parts)
                    if full in leaves and self.twice is None:
                        self.twice = (full, leaves[full], self.line)
                    leaves.setdefault(full, self.line)
                self.blank(newlines=False)
                self.advance()  # the equals sign
                self.toml_value((*table, *parts))
            if self.i <= start:
                return  # no progress: stop with what was found

    def header(self, parts: tuple[str, ...], arrays: dict[Path, int], *, array: bool) -> Path:
        resolved: Path = ()
        for n, part in enumerate(parts):
            resolved = (*resolved, part)
            self.note(resolved)
            if array and n == len(parts) - 1:
                count = arrays.get(resolved, 0)
                arrays[resolved] = count + 1
                resolved = (*resolved, count)
                self.note(resolved)
            elif resolved in arrays:
                resolved = (*resolved, arrays[resolved] - 1)
        return resolved

    def toml_value(self, path: Path) -> None:
        self.blank(newlines=False, comments=False)
        s = self.s
        if s.startswith('"""', self.i) or s.startswith("'''", self.i):
            quote = s[self.i : self.i + 3]
            self.advance(3)
            j = self.i
            while True:
                j = s.index(quote, j)
                if quote == "'''" or not _escaped(s, j):
                    break
                j += 1
            while s.startswith(quote[0], j + 3):  # up to two quotes may end the string's text
                j += 1
            self.advance(j + 3 - self.i)
        elif self.peek() in ('"', "'"):
            self.quoted()
        elif self.peek() == "[":
            self.advance()
            index = 0
            while True:
                self.blank()
                if self.peek() == "]":
                    self.advance()
                    return
                self.note((*path, index))
                self.toml_value((*path, index))
                self.blank()
                if self.peek() == ",":
                    self.advance()
                index += 1
        elif self.peek() == "{":
            self.advance()
            while True:
                self.blank()
                if self.peek() == "}":
                    self.advance()
                    return
                parts = self.key()
                for n in range(1, len(parts) + 1):
                    self.note((*path, *parts[:n]))
                self.blank()
                self.advance()  # the equals sign
                self.toml_value((*path, *parts))
                self.blank()
                if self.peek() == ",":
                    self.advance()
        else:
            m = _TOML_SCALAR.match(s, self.i)
            if m is None:
                raise ValueError(self.peek())
            self.advance(m.end() - self.i)


def _escaped(s: str, j: int) -> bool:
    """Is the character at ``j`` escaped (an odd number of backslashes before it)?"""
    k = j
    while k > 0 and s[k - 1] == "\\":
        k -= 1
    return (j - k) % 2 == 1
