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
from .errors import ContactPolicyError, EventLogError
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
        try:
            with open(source, newline="", encoding="utf-8-sig") as f:
                yield from _rows(f, str(source))
        except FileNotFoundError:
            msg = f"call log {str(source)!r} does not exist"
            raise EventLogError(msg, path="log") from None
        except IsADirectoryError:
            msg = f"call log {str(source)!r} is a directory, not a CSV file"
            raise EventLogError(msg, path="log") from None
        return
    if not isinstance(source, io.TextIOBase) and not hasattr(source, "read"):
        msg = f"{type(source).__name__} is not a call log; pass a path or an open text file"
        raise EventLogError(msg, path="log")
    yield from _rows(source, "the call log")


def _rows(f: IO[str], name: str) -> Iterator[tuple[str, int, Any]]:
    reader = csv.reader(f)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise EventLogError.at("line 1", 1, None, f"{name} is not readable CSV: {exc}") from None
    if header is None:
        raise EventLogError.at("line 1", 1, None, f"{name} is empty; it needs a header row")
    columns = [c.strip().lower() for c in header]
    _check_header(columns)
    read = _RowReader(columns).event
    width = len(columns)
    previous = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            line = reader.line_num
            yield (
                f"line {line}",
                line,
                EventLogError.at(f"line {line}", line, None, f"not readable CSV: {exc}"),
            )
            return
        line = reader.line_num
        if line - previous > 1:  # quoted line breaks (or blank lines) before this row's end
            line -= _extra_lines(row)
        previous = reader.line_num
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            detail = f"the row has {len(row)} cells; the header has {width}"
            yield f"line {line}", line, EventLogError.at(f"line {line}", line, None, detail)
            continue
        try:
            yield "", line, read(row)
        except _BadCellError as bad:
            yield (
                f"line {line}",
                line,
                EventLogError.at(f"line {line}", line, bad.column, bad.detail),
            )
        except ContactPolicyError as exc:  # a check of the event itself
            yield (
                f"line {line}",
                line,
                EventLogError.at(f"line {line}", line, exc.path, exc.detail),
            )


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
    """One header's rows to events: the columns' places and each kind's cell readers looked
    up once, so a row costs a few list reads, dict lookups and one ``fromisoformat``."""

    __slots__ = ("i_at", "i_client", "i_id", "i_kind", "kinds")

    def __init__(self, columns: list[str]) -> None:
        index = {c: i for i, c in enumerate(columns)}
        self.i_kind = index.get("kind")
        self.i_at = index["at"]
        self.i_client = index.get("client")
        self.i_id = index.get("id")
        shared = {"kind", "at", "client", "id"}
        #: kind -> (its cells: (column, place, reader), the places it must leave empty)
        self.kinds: dict[str, tuple[list[tuple[str, int, Any]], list[tuple[str, int]]]] = {}
        for kind, takes in _TAKES.items():
            cells = [(c, i, _READERS[c]) for c, i in index.items() if c in takes]
            empty = [(c, i) for c, i in index.items() if c not in takes and c not in shared]
            self.kinds[kind] = (cells, empty)

    def event(self, row: list[str]) -> Any:
        kind = "contact" if self.i_kind is None else row[self.i_kind]
        found = self.kinds.get(kind)
        if found is None:
            kind = kind.strip().lower() or "contact"
            found = self.kinds.get(kind)
            if found is None:
                detail = f"{kind!r} is not an event kind; use {', '.join(_TAKES)}"
                raise _BadCellError("kind", detail)
        cells, empty = found
        for column, i in empty:
            cell = row[i]
            if cell and cell.strip():
                detail = f"{cell.strip()!r}: a {kind} row takes no {column} (leave the cell empty)"
                raise _BadCellError(column, detail)
        at = _instant(row[self.i_at], "at")
        client = eid = None
        if self.i_client is not None:
            client = row[self.i_client].strip()
            if len(client) > MAX_TEXT:
                _text(client, "client")  # raises, with the words
        if self.i_id is not None:
            eid = row[self.i_id].strip()
            if len(eid) > MAX_TEXT:
                _text(eid, "id")
        if kind == "contact":
            fields = dict(_CONTACT_DEFAULTS)
            fields["at"] = at
            given = {"at"}
            if client:
                fields["client"] = client
                given.add("client")
            if eid:
                fields["id"] = eid
                given.add("id")
            for column, i, reader in cells:
                cell = row[i]
                if cell:
                    fields[column] = reader(cell, column)
                    given.add(column)
            return _filled(Contact, fields, given)
        values = {column: reader(row[i], column) for column, i, reader in cells if row[i]}
        if kind == "return":
            reached = values.get("reached", False)
            return _filled(
                Return,
                {"at": at, "client": client or None, "reached": reached, "id": eid or None},
                {"at", "client", "reached", "id"},
            )
        if kind == "call_after":
            if "after" not in values:
                raise _BadCellError(
                    "after", "a call_after row needs the time asked for in 'after'"
                )
            return _filled(
                CallAfter,
                {"at": at, "after": values["after"], "client": client or None, "id": eid or None},
                {"at", "after", "client", "id"},
            )
        if "urgency" not in values:
            raise _BadCellError("urgency", "a rerate row needs the new urgency in 'urgency'")
        return _filled(
            Rerate,
            {"at": at, "urgency": values["urgency"], "client": client or None, "id": eid or None},
            {"at", "urgency", "client", "id"},
        )


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
