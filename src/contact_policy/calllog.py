"""Call logs as CSV: one event per row, read as a stream.

The columns (docs/tracking.md, "The CSV call log"; a sample ships in docs/examples/):

- ``at`` (required): when it happened, ISO 8601 with a UTC offset (``2026-11-20T15:00-05:00``
  or ``...Z``);
- ``kind``: ``contact`` (the default when the column is missing or the cell empty),
  ``return``, ``call_after`` or ``rerate``;
- ``client``, ``id``, ``label``: opaque text (a client reference, a unique event id, a
  grouping for reports such as a clinician's code);
- a contact's fields: ``direction``, ``channel``, ``voicemail``, ``urgency``, ``client_zone``,
  ``line``, ``topic``, ``expected``, ``scheduled``;
- ``reached`` (a return), ``after`` (a call-after request: the time asked for), ``urgency``
  (a re-rating: the new urgency; required).

Yes/no cells read ``true``/``false``, ``yes``/``no``, ``1``/``0`` (any case); empty is no. A
cell a row's kind does not take must be empty, and an unknown column is an error (a misspelt
``voicemial`` would otherwise be ignored, silently). Each problem is an
:class:`~contact_policy.EventLogError` naming the line and the column.

>>> import io
>>> text = "kind,at,client,voicemail\\ncontact,2026-11-20T15:00-05:00,c-1,yes\\n"
>>> [(where, type(e).__name__, e.voicemail) for where, _, e in read_events(io.StringIO(text))]
[('line 2', 'Contact', True)]

Imports the ledger's event classes and the contact.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

from ._model import get_zone
from ._time import MAX_YEAR, MIN_YEAR
from .answers import _filled
from .contact import Channel, Contact, Direction, Line, Topic, Urgency
from .errors import ContactPolicyError, EventLogError, open_user_file
from .ledger import CallAfter, Rerate, Return
from .limits import MAX_TEXT

__all__ = ["LOG_COLUMNS", "CallLog", "read_events"]

_CONTACT_FIELDS = (
    "direction",
    "channel",
    "voicemail",
    "urgency",
    "client_zone",
    "line",
    "topic",
    "expected",
    "scheduled",
)
#: Every column a call log may have.
LOG_COLUMNS = ("kind", "at", "client", "id", "label", *_CONTACT_FIELDS, "reached", "after")
#: The columns each kind of row takes (besides kind, at, client and id).
_TAKES = {
    "contact": frozenset(("label", *_CONTACT_FIELDS)),
    "return": frozenset(("reached",)),
    "call_after": frozenset(("after",)),
    "rerate": frozenset(("urgency",)),
}
_YES = frozenset(("true", "yes", "1", "y"))
_NO = frozenset(("false", "no", "0", "n", ""))
_ENUMS: dict[str, dict[str, Any]] = {
    "direction": {m.value: m for m in Direction},
    "channel": {m.value: m for m in Channel},
    "urgency": {m.value: m for m in Urgency},
    "line": {m.value: m for m in Line},
    "topic": {m.value: m for m in Topic},
}
#: Contact's fields in order, with their defaults (a row builds a Contact without validating
#: it again: every cell was checked here).
_CONTACT_DEFAULTS: dict[str, Any] = {
    "at": None,
    "direction": Direction.INBOUND,
    "channel": Channel.CALL,
    "voicemail": False,
    "urgency": Urgency.ROUTINE,
    "client_zone": None,
    "client": None,
    "line": Line.OFFICE,
    "topic": None,
    "expected": False,
    "scheduled": False,
    "id": None,
    "label": None,
}


class _BadCellError(Exception):
    """A bad cell: its column and what is wrong (located by the reader)."""

    def __init__(self, column: str, detail: str) -> None:
        super().__init__(detail)
        self.column = column
        self.detail = detail


class CallLog:
    """A CSV call log to follow: pass it where events go (``Policy.track``,
    :func:`~contact_policy.adherence`), and errors name its lines (``line 18.urgency``).
    It is read as it is followed, once per use.

    >>> import io
    >>> from contact_policy import default_policy
    >>> text = ("kind,at,client,voicemail,reached\\n"
    ...         "contact,2026-11-20T15:00-05:00,c-1,yes,\\n"
    ...         "return,2026-11-23T11:00-05:00,c-1,,yes\\n")
    >>> [o.state.value for o in default_policy().track(CallLog(io.StringIO(text)))]
    ['met']
    """

    def __init__(self, source: str | os.PathLike[str] | IO[str]) -> None:
        self.source = source

    def __repr__(self) -> str:
        return f"CallLog({self.source!r})"

    def located(self) -> Iterator[tuple[str, int, Any]]:
        """The rows as ``(where, line, event or EventLogError)`` (:func:`read_events`), but
        ``where`` left empty for a good row (whoever raises about it writes ``line N``)."""
        return _read(self.source)

    def follow(self, ledger: Any, skipped: list[EventLogError] | None) -> Iterator[Any]:
        """The log fed into ``ledger`` (``ledger._cases``' fast path): the cases it closes."""
        if isinstance(self.source, (str, os.PathLike)):
            with _opened(self.source) as f:
                yield from _follow(f, str(self.source), ledger, skipped)
            return
        _check_source(self.source)
        yield from _follow(self.source, "the call log", ledger, skipped)

    def __iter__(self) -> Iterator[Any]:
        """The events themselves; a bad row raises its error."""
        for _, _, event in read_events(self.source):
            if isinstance(event, EventLogError):
                raise event
            yield event


def read_events(
    source: str | os.PathLike[str] | IO[str],
) -> Iterator[tuple[str, int, Any]]:
    """The events of a CSV call log (a path or an open text file), one per row, as
    ``(where, line, event)``: ``where`` is ``"line 18"`` for errors, ``line`` the line number
    the row starts on. A bad row yields an :class:`~contact_policy.EventLogError` in place of
    its event (the caller raises it, or skips the row), so one bad row never hides the next.
    Reading streams: memory does not grow with the file."""
    for where, line, event in _read(source):
        yield where or f"line {line}", line, event


def _read(source: str | os.PathLike[str] | IO[str]) -> Iterator[tuple[str, int, Any]]:
    if isinstance(source, (str, os.PathLike)):
        with _opened(source) as f:
            yield from _rows(f, str(source))
        return
    _check_source(source)
    yield from _rows(source, "the call log")


def _opened(source: str | os.PathLike[str]) -> IO[str]:
    """The call log's file, opened (a FIFO, a device, a directory or a NUL in the name is
    refused first)."""
    opened: IO[str] = open_user_file(
        source, "call log", _log_error, mode="r", newline="", encoding="utf-8-sig"
    )
    return opened


def _check_source(source: Any) -> None:
    if not isinstance(source, io.TextIOBase) and not hasattr(source, "read"):
        msg = f"{type(source).__name__} is not a call log; pass a path or an open text file"
        raise EventLogError(msg, path="log")


def _log_error(message: str) -> EventLogError:
    return EventLogError(message, path="log")


def _header(f: IO[str], name: str) -> tuple[Any, _RowReader, int]:
    """The CSV reader past a checked header, the header's row reader and its width."""
    reader = csv.reader(f)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise EventLogError.at("line 1", 1, None, f"{name} is not readable CSV: {exc}") from None
    if header is None:
        raise EventLogError.at("line 1", 1, None, f"{name} is empty; it needs a header row")
    columns = [c.strip().lower() for c in header]
    _check_header(columns)
    return reader, _RowReader(columns), len(columns)


def _unreadable(line: int, exc: Exception) -> EventLogError:
    return EventLogError.at(f"line {line}", line, None, f"not readable CSV: {exc}")


def _bad_width(line: int, row: list[str], width: int) -> EventLogError | None:
    """The error of a row with the wrong number of cells (None: a blank line, skipped)."""
    if not row or (len(row) == 1 and not row[0].strip()):
        return None
    detail = f"the row has {len(row)} cells; the header has {width}"
    return EventLogError.at(f"line {line}", line, None, detail)


def _bad_row(line: int, exc: Exception) -> EventLogError:
    """A cell's problem (``_BadCellError``) or the event's own check, located at ``line``."""
    if isinstance(exc, _BadCellError):
        return EventLogError.at(f"line {line}", line, exc.column, exc.detail)
    if isinstance(exc, EventLogError):
        return exc
    assert isinstance(exc, ContactPolicyError)  # noqa: S101 - the callers catch no other
    return EventLogError.at(f"line {line}", line, exc.path, exc.detail)


def _rows(f: IO[str], name: str) -> Iterator[tuple[str, int, Any]]:
    reader, rows, width = _header(f, name)
    read = rows.event
    previous = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            line = reader.line_num
            yield f"line {line}", line, _unreadable(line, exc)
            return
        line = reader.line_num
        if line - previous > 1:  # quoted line breaks (or blank lines) before this row's end
            line -= _extra_lines(row)
        previous = reader.line_num
        if len(row) != width:
            error = _bad_width(line, row, width)
            if error is not None:
                yield f"line {line}", line, error
            continue
        try:
            yield "", line, read(row)
        except (_BadCellError, ContactPolicyError) as exc:  # a cell, or the event's own check
            yield f"line {line}", line, _bad_row(line, exc)


def _follow(
    f: IO[str], name: str, ledger: Any, skipped: list[EventLogError] | None
) -> Iterator[Any]:
    """:func:`_rows` fed straight into ``ledger`` (a :class:`~contact_policy.ledger._Ledger`):
    the cases it closes. The hot path of ``contact-policy report``: no generator between the
    CSV reader and the ledger, and a return row read into values (``_RowReader.fast``), not
    a :class:`~contact_policy.ledger.Return`. A bad row raises its error, or with ``skipped``
    is listed there and left out, as ``ledger._cases`` does with :func:`_rows`' (a property
    test holds the two to the same record)."""
    reader, rows, width = _header(f, name)
    fast = rows.fast
    take, feed = ledger.take, ledger.feed
    previous = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            _refuse(_unreadable(reader.line_num, exc), skipped)
            return
        line = reader.line_num
        if line - previous > 1:  # quoted line breaks (or blank lines) before this row's end
            line -= _extra_lines(row)
        previous = reader.line_num
        if len(row) != width:
            error = _bad_width(line, row, width)
            if error is not None:
                _refuse(error, skipped)
            continue
        try:
            event = fast(row)
            if type(event) is tuple:  # a return: (at, client, reached, id)
                case = take(Return, event[0], event[3], None, event[1], event[2], "", line)
            else:
                case = feed(event, "", line)
        except (_BadCellError, ContactPolicyError) as exc:
            _refuse(_bad_row(line, exc), skipped)
            continue
        if case is not None:
            yield case


def _refuse(error: EventLogError, skipped: list[EventLogError] | None) -> None:
    if skipped is None:
        raise error
    skipped.append(error)


def _extra_lines(row: list[str]) -> int:
    """How many line breaks quoted cells of ``row`` hold (so errors name the row's first
    line)."""
    return sum(cell.count("\n") for cell in row)


def _check_header(columns: list[str]) -> None:
    seen: set[str] = set()
    for i, column in enumerate(columns):
        if column in seen:
            detail = f"the column {column!r} appears twice in the header"
            raise EventLogError.at("line 1", 1, column, detail)
        seen.add(column)
        if column not in LOG_COLUMNS:
            detail = (
                f"column {i + 1}, {column!r}, is not a call-log column; the columns are "
                f"{', '.join(LOG_COLUMNS)} (docs/tracking.md)"
            )
            raise EventLogError.at("line 1", 1, column or None, detail)
    if "at" not in seen:
        detail = "the header has no 'at' column (when each event happened)"
        raise EventLogError.at("line 1", 1, "at", detail)


class _RowReader:
    """One header's rows to events. The reader is Python source written for the header (as
    ``namedtuple`` and ``dataclasses`` write theirs) and compiled once: each column's place
    is a constant and each kind's cells are read in straight-line code, so a row costs a few
    list reads and one ``fromisoformat``. What a cell means is in the helpers it calls
    (``_instant``, ``_flag``, ``_enum``, ``_zone``, ``_text``), the same for every header."""

    __slots__ = ("event", "fast")

    def __init__(self, columns: list[str]) -> None:
        index = {c: i for i, c in enumerate(columns)}
        code = _reader_source(index)
        namespace: dict[str, Any] = {
            "_instant": _instant,
            "_flag": _flag,
            "_enum": _enum,
            "_zone": _zone,
            "_text": _text,
            "_kind": _kind,
            "_bad": _foreign,
            "_filled": _filled,
            "_Bad": _BadCellError,
            "MAX_TEXT": MAX_TEXT,
            "Contact": Contact,
            "Return": Return,
            "CallAfter": CallAfter,
            "Rerate": Rerate,
            # each field's default as a name of its own (a global is read faster than a key)
            **{f"_D_{name}": value for name, value in _CONTACT_DEFAULTS.items()},
            "_NEEDS_AFTER": "a call_after row needs the time asked for in 'after'",
            "_NEEDS_URGENCY": "a rerate row needs the new urgency in 'urgency'",
        }
        exec(compile(code, "<call-log row reader>", "exec"), namespace)  # noqa: S102 - our own source
        self.event: Any = namespace["event"]
        #: The same, but a return row read into ``(at, client, reached, id)`` (for the
        #: ledger's ``take``) instead of a Return.
        fast = dict(namespace)
        exec(compile(_reader_source(index, fast=True), "<call-log row reader>", "exec"), fast)  # noqa: S102
        self.fast: Any = fast["event"]


def _reader_source(index: dict[str, int], *, fast: bool = False) -> str:
    """The source of ``event(row)`` for a header whose columns are at ``index`` (``fast``: a
    return row gives the tuple ``(at, client, reached, id)``)."""

    def cell(name: str) -> str:
        return f"row[{index[name]}]"

    def empty_checks(kind: str) -> list[str]:
        takes = _TAKES[kind] | {"kind", "at", "client", "id"}
        return [
            f"    if {cell(c)}: _bad({cell(c)}, {kind!r}, {c!r})" for c in index if c not in takes
        ]

    lines = ["def event(row):"]
    if "kind" in index:
        lines += [
            f"    kind = {cell('kind')}",
            "    if kind not in ('contact', 'return', 'call_after', 'rerate'):",
            "        kind = _kind(kind)",
        ]
    else:
        lines.append("    kind = 'contact'")
    lines.append(f"    at = _instant({cell('at')}, 'at')")
    for name in ("client", "id"):
        var = "eid" if name == "id" else name
        if name in index:
            lines += [
                f"    {var} = {cell(name)}.strip() or None",
                f"    if {var} is not None and len({var}) > MAX_TEXT: _text({var}, {name!r})",
            ]
        else:
            lines.append(f"    {var} = None")
    # contact
    lines.append("    if kind == 'contact':")
    lines += ["    " + x for x in empty_checks("contact")]
    # The fields in Contact's order, as one dict display (a cell left empty is the field's
    # default, the global _D_<field>), and the fields-set of those given.
    lines += [
        "        given = {'at'}",
        "        if client is not None:",
        "            given.add('client')",
        "        if eid is not None:",
        "            given.add('id')",
    ]
    values = {"at": "at", "client": "client", "id": "eid"}
    for name in _TAKES["contact"]:
        if name in index:
            var = f"v_{name}"
            lines += [
                f"        c = {cell(name)}",
                "        if c:",
                f"            {var} = {_READERS[name].__name__}(c, {name!r})",
                f"            given.add({name!r})",
                "        else:",
                f"            {var} = _D_{name}",
            ]
            values[name] = var
    shown = ", ".join(f"{name!r}: {values.get(name, f'_D_{name}')}" for name in _CONTACT_DEFAULTS)
    lines.append(f"        return _filled(Contact, {{{shown}}}, given)")
    # return
    lines.append("    if kind == 'return':")
    lines += ["    " + x for x in empty_checks("return")]
    if "reached" in index:
        lines += [
            f"        c = {cell('reached')}",
            "        reached = _flag(c, 'reached') if c else False",
        ]
    else:
        lines.append("        reached = False")
    lines.append(
        "        return (at, client, reached, eid)"
        if fast
        else "        return _filled(Return, {'at': at, 'client': client, 'reached': reached, "
        "'id': eid}, {'at', 'client', 'reached', 'id'})"
    )
    # call_after
    lines.append("    if kind == 'call_after':")
    lines += ["    " + x for x in empty_checks("call_after")]
    after = cell("after") if "after" in index else "''"
    lines += [
        f"        if not {after}.strip():",
        "            raise _Bad('after', _NEEDS_AFTER)",
        f"        after = _instant({after}, 'after')",
        "        return _filled(CallAfter, {'at': at, 'after': after, 'client': client, "
        "'id': eid}, {'at', 'after', 'client', 'id'})",
    ]
    # rerate
    lines += empty_checks("rerate")
    urgency = cell("urgency") if "urgency" in index else "''"
    lines += [
        f"    if not {urgency}.strip():",
        "        raise _Bad('urgency', _NEEDS_URGENCY)",
        f"    urgency = _enum({urgency}, 'urgency')",
        "    return _filled(Rerate, {'at': at, 'urgency': urgency, 'client': client, "
        "'id': eid}, {'at', 'urgency', 'client', 'id'})",
    ]
    return "\n".join(lines) + "\n"


def _kind(cell: str) -> str:
    """A kind cell that is not written exactly: spaces, capitals, or empty (a contact)."""
    kind = cell.strip().lower() or "contact"
    if kind not in _TAKES:
        detail = f"{kind!r} is not an event kind; use {', '.join(_TAKES)}"
        raise _BadCellError("kind", detail)
    return kind


def _foreign(cell: str, kind: str, column: str) -> None:
    """A cell a row's kind does not take: an error unless it is blank."""
    if cell.strip():
        detail = f"{cell.strip()!r}: a {kind} row takes no {column} (leave the cell empty)"
        raise _BadCellError(column, detail)


def _instant(cell: str, column: str) -> datetime:
    try:
        value = _fromisoformat(cell)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None or not 2 < value.year < 9998:
        return _instant_checked(cell, column)  # the words for what is wrong, or an edge year
    return value


def _instant_checked(cell: str, column: str) -> datetime:
    text = cell.strip()
    if not text:
        raise _BadCellError(column, "is empty; give the time in ISO 8601 with a UTC offset")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        detail = (
            f"{text!r} is not an ISO 8601 time; write e.g. 2026-11-20T15:00-05:00 (with its "
            "UTC offset)"
        )
        raise _BadCellError(column, detail) from None
    if value.tzinfo is None:
        detail = (
            f"{text!r} has no UTC offset, so it names no single instant; write it with one, "
            "e.g. 2026-11-20T15:00-05:00 or 2026-11-20T20:00Z"
        )
        raise _BadCellError(column, detail)
    if not MIN_YEAR <= value.year <= MAX_YEAR or not MIN_YEAR <= _utc_year(value) <= MAX_YEAR:
        detail = f"{text!r} lies outside the supported years {MIN_YEAR} to {MAX_YEAR}"
        raise _BadCellError(column, detail)
    return value


def _utc_year(value: datetime) -> int:
    try:
        return value.astimezone(UTC).year
    except OverflowError:
        return 0


def _flag(cell: str, column: str) -> bool:
    found = _FLAG_CELLS.get(cell)
    if found is not None:
        return found
    text = cell.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _BadCellError(column, f"{cell.strip()!r} is not yes or no (true/false, yes/no, 1/0)")


def _enum(cell: str, column: str) -> Any:
    member = _ENUMS[column].get(cell)
    if member is not None:
        return member
    text = cell.strip().lower()
    member = _ENUMS[column].get(text)
    if member is None:
        options = ", ".join(_ENUMS[column])
        article = "an" if column[0] in "aeiou" else "a"
        raise _BadCellError(column, f"{cell.strip()!r} is not {article} {column}; use {options}")
    return member


def _zone(cell: str, column: str) -> str:
    name = cell.strip()
    try:
        return get_zone(name, column).key
    except ContactPolicyError:
        detail = f"{name!r} is not an IANA time zone (e.g. America/Chicago)"
        raise _BadCellError(column, detail) from None


def _text(cell: str, column: str) -> str:
    text = cell.strip()
    if len(text) > MAX_TEXT:
        raise _BadCellError(column, f"is {len(text):,} characters long; at most {MAX_TEXT:,}")
    return text


_fromisoformat = datetime.fromisoformat
_FLAG_CELLS = {
    **{word: True for word in ("yes", "true", "1", "y", "Yes", "YES", "True", "TRUE", "Y")},
    **{word: False for word in ("no", "false", "0", "n", "No", "NO", "False", "FALSE", "N")},
}
#: How each column's cell is read (its column name is passed for the error).
_READERS: dict[str, Any] = {
    "label": _text,
    "direction": _enum,
    "channel": _enum,
    "voicemail": _flag,
    "urgency": _enum,
    "client_zone": _zone,
    "line": _enum,
    "topic": _enum,
    "expected": _flag,
    "scheduled": _flag,
    "reached": _flag,
    "after": _instant,
}
