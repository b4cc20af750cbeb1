"""Contacts as columns, answered vectorised: ``Policy.due_many`` and the frames' path.

A call log often arrives as columns (numpy arrays, pandas Series, lists): receipt times,
urgency, voicemail, channel, direction, client zone. :func:`read_columns` reads each
categorical column as codes into its distinct values, validates every distinct value once,
exactly as :class:`~contact_policy.Contact` validates it, and gives missing values (None,
NaN, ``pd.NA``, ``NaT``) the field's default. :func:`answer` then computes the due and
earliest times with numpy over the compiled calendars: a turnaround's deadline with the
engine's ``add_array``, and the permitted time (operating hours and callback windows
intersected) as one sorted array of slots per group of rows under the same restrictions,
searched with ``searchsorted``. Rows the vectorised route cannot decide on its own (a
conflict, a business-days clock, no deadline under restrictions) are answered by the plan's
scalar parts, so every answer equals ``Policy.return_by``'s.

Needs numpy (imported on first use); pandas only when the columns are pandas objects.
Private: :class:`~contact_policy.Policy` and :mod:`contact_policy.frames` are the API.

One file: the columnar path's column reading, missing values and vectorised searches share the
same arrays and checks.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from ._plan import _POLICY, _TURNAROUND, _ordered, _permits, first_permitted_text, moved_text
from ._time import EPOCH, MAX_YEAR, MIN_YEAR, US, aware_us
from .answers import _new_reason
from .contact import Channel, Contact, Direction, Urgency
from .errors import ContactPolicyError, OutOfRangeError, PolicyValidationError

if TYPE_CHECKING:
    from ._plan import Plan

__all__ = ["FIELDS", "Answers", "Columns", "answer", "read_columns"]

#: The contact fields a return depends on, besides the receipt time, with their defaults.
FIELDS: dict[str, Any] = {
    "urgency": Urgency.ROUTINE,
    "voicemail": False,
    "channel": Channel.CALL,
    "direction": Direction.INBOUND,
    "client_zone": None,
}
#: Where an error names a value: ``where(field, place)`` gives its path (``urgency[17]``).
Where = Callable[[str, int], str]


def _np() -> Any:
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - the tests install numpy
        msg = (
            "answering columns needs numpy: pip install 'contact-policy[numpy]' (or pass "
            "Contact objects to return_by_many)"
        )
        raise PolicyValidationError(msg, path="at") from None
    return np


def column_path(field: str, place: int) -> str:
    """The default ``where``: ``urgency[17]``."""
    return f"{field}[{place}]"


class Columns:
    """Contacts as columns: ``at`` in epoch microseconds (int64), and for each of
    :data:`FIELDS` an int array of codes into a tuple of validated values."""

    __slots__ = ("at", "codes", "n", "values")

    def __init__(self, at: Any, codes: dict[str, Any], values: dict[str, tuple[Any, ...]]) -> None:
        self.at = at
        self.n = len(at)
        self.codes = codes
        self.values = values

    def field(self, name: str) -> tuple[Any, tuple[Any, ...]]:
        return self.codes[name], self.values[name]

    def contact(self, i: int) -> Contact:
        """Row ``i`` as a Contact (for the rows the scalar route answers)."""
        at = datetime.fromtimestamp(0, UTC) + int(self.at[i]) * US
        fields = {name: self.values[name][int(self.codes[name][i])] for name in FIELDS}
        return Contact.trusted(at=at, **fields)


def read_columns(at_us: Any, columns: dict[str, Any], where: Where = column_path) -> Columns:
    """:class:`Columns` from receipt instants (an int64 array of epoch microseconds) and the
    optional columns (None: every row takes the field's default)."""
    np = _np()
    n = len(at_us)
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        msg = f"unknown column {unknown[0]!r}; the columns are {', '.join(FIELDS)}"
        raise PolicyValidationError(msg, path=unknown[0])
    codes: dict[str, Any] = {}
    values: dict[str, tuple[Any, ...]] = {}
    for name, default in FIELDS.items():
        column = columns.get(name)
        if column is None:
            codes[name], values[name] = np.zeros(n, dtype=np.intp), (default,)
            continue
        one_dimensional(column, name)
        found, uniques = _factorize(column, n, name, where)
        checked = [_checked(name, u, found, k, where) for k, u in enumerate(uniques)]
        # Missing values (code -1) take the default, the last of the values (a numpy bool or
        # text column has none).
        checked.append(default)
        if not (isinstance(column, np.ndarray) and column.dtype.kind in "bU"):
            found = np.where(found < 0, len(checked) - 1, found)
        codes[name], values[name] = found, tuple(checked)
    return Columns(at_us, codes, values)


#: The supported instants as epoch microseconds: the UTC years 2 to 9998.
_FIRST_US = (datetime(MIN_YEAR, 1, 1, tzinfo=UTC) - EPOCH) // US
_LAST_US = (datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC) - EPOCH) // US - 1


def one_dimensional(column: Any, name: str) -> None:
    """A column is one value a row: an array of more dimensions is an error naming it."""
    ndim = getattr(column, "ndim", 1)
    if ndim != 1:
        shape = getattr(column, "shape", "?")
        msg = f"{name} has the shape {shape}; give a column of one value a row (1-D)"
        raise PolicyValidationError(msg, path=name)


def instants_us(at: Any, where: Where = column_path) -> Any:
    """Receipt times as an int64 array of epoch microseconds: a numpy ``datetime64`` array
    (UTC instants), a pandas Series or DatetimeIndex of aware timestamps, or aware datetimes.
    A missing time is an error naming its place; so is a naive one, and one outside the
    supported years 2 to 9998 (:class:`~contact_policy.errors.OutOfRangeError`)."""
    one_dimensional(at, "at")
    return _in_range(_instants_us(at, where), where)


def _in_range(x: Any, where: Where) -> Any:
    """``x`` itself when every instant lies in the supported years (two reductions)."""
    if len(x) and (int(x.min()) < _FIRST_US or int(x.max()) > _LAST_US):
        outside = (x < _FIRST_US) | (x > _LAST_US)
        place = int(outside.argmax())
        path = where("at", place)
        value = x[place : place + 1].view("datetime64[us]")[0]
        raise OutOfRangeError(OutOfRangeError.for_value(f"{path}={value}").message, path=path)
    return x


def _instants_us(at: Any, where: Where) -> Any:
    np = _np()
    if isinstance(at, np.ndarray) and at.dtype.kind == "M":
        x = at.astype("datetime64[us]").view(np.int64)
        _no_missing(x == np.iinfo(np.int64).min, where)
        return x
    if _is_pandas(at) and _datetime_like(at):
        import pandas as pd

        stamps = pd.Series(at) if not isinstance(at, pd.Series) else at
        if stamps.dt.tz is None:
            msg = (
                "'at' holds naive timestamps; localize them (Series.dt.tz_localize) or give "
                "aware datetimes"
            )
            from .errors import NaiveDatetimeError

            raise NaiveDatetimeError(msg, path="at")
        _no_missing(stamps.isna().to_numpy(), where)
        utc = stamps.dt.tz_convert("UTC").dt.tz_localize(None).dt.floor("us")
        return utc.to_numpy().astype("datetime64[us]").view(np.int64)
    if isinstance(at, (str, bytes)) or not isinstance(at, Iterable):
        msg = f"at={type(at).__name__} is not a column of receipt times"
        raise PolicyValidationError(msg, path="at")
    items = list(at)
    out = np.empty(len(items), dtype=np.int64)
    for i, value in enumerate(items):
        out[i] = aware_us(value, where("at", i))
    return out


def _no_missing(missing: Any, where: Where) -> None:
    if missing.any():
        place = int(missing.argmax())
        path = where("at", place)
        msg = f"{path} has no time (NaT); every call needs the instant it came in"
        raise PolicyValidationError(msg, path=path)


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.split(".", 1)[0] == "pandas"


def _datetime_like(value: Any) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_datetime64_any_dtype(value))


def _factorize(column: Any, n: int, name: str, where: Where) -> tuple[Any, list[Any]]:
    """``(codes, uniques)`` of a column: codes index ``uniques``, -1 marks a missing value."""
    np = _np()
    if _is_pandas(column):
        import pandas as pd

        try:
            codes, uniques = pd.factorize(column, use_na_sentinel=True)
        except TypeError:  # unhashable values (lists in an object column): named below
            found, distinct = _factorize_items(column, name, where)
        else:
            found, distinct = np.asarray(codes, dtype=np.intp), list(uniques)
    elif isinstance(column, np.ndarray) and column.dtype.kind == "b":
        found, distinct = column.astype(np.intp), [False, True]
    elif isinstance(column, np.ndarray) and column.dtype.kind == "U" and column.ndim == 1:
        found, distinct = _factorize_text(column, name)
    elif isinstance(column, (str, bytes)) or not isinstance(column, Iterable):
        msg = f"{name}={type(column).__name__} is not a column (a list, an array or a Series)"
        raise PolicyValidationError(msg, path=name)
    else:
        found, distinct = _factorize_items(column, name, where)
    if len(found) != n:
        msg = f"{name} has {len(found):,} values for {n:,} receipt times"
        raise PolicyValidationError(msg, path=name)
    return found, distinct


def _factorize_text(column: Any, name: str) -> tuple[Any, list[Any]]:
    """A numpy text column's codes: the field's own values are compared for first (a few fast
    comparisons, each over the rows no earlier value matched), anything else is sorted out by
    ``np.unique``."""
    np = _np()
    found = np.full(len(column), -1, dtype=np.intp)
    distinct: list[Any] = []
    rest: Any = None  # the rows not matched yet (None: every row)
    default = FIELDS[name]
    for value in [m.value for m in type(default)] if isinstance(default, Enum) else []:
        hit = (column if rest is None else column[rest]) == value
        count = int(np.count_nonzero(hit))
        if not count:
            continue
        found[hit if rest is None else rest[hit]] = len(distinct)
        distinct.append(value)
        rest = np.flatnonzero(~hit) if rest is None else rest[~hit]
        if not len(rest):
            return found, distinct
    if rest is None:
        rest = np.arange(len(column))
    if len(rest):
        extra, inverse = np.unique(column[rest], return_inverse=True)
        found[rest] = inverse.reshape(-1) + len(distinct)
        distinct += [str(v) for v in extra]
    return found, distinct


def _factorize_items(column: Iterable[Any], name: str, where: Where) -> tuple[Any, list[Any]]:
    np = _np()
    index: dict[Any, int] = {}
    items = list(column)
    found = np.empty(len(items), dtype=np.intp)
    for i, value in enumerate(items):
        if _missing(value):
            found[i] = -1
            continue
        try:
            found[i] = index.setdefault(value, len(index))
        except TypeError:  # unhashable: not a value of this field
            path = where(name, i)
            msg = f"{path} = {repr(value)[:60]} is not a value of {name}"
            raise PolicyValidationError(msg, path=path) from None
    return found, list(index)


def _missing(value: Any) -> bool:
    """None, NaN, ``NaT`` or ``pd.NA`` (whose comparisons give no truth value)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


def _checked(name: str, value: Any, codes: Any, k: int, where: Where) -> Any:
    """``value`` validated as the Contact field ``name``; an error names its first place."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars (np.bool_, np.str_) as Python values
    try:
        contact = Contact(EPOCH, **{name: value})
    except ContactPolicyError as exc:
        place = int((codes == k).argmax())
        raise _located(exc, where(name, place)) from None
    return getattr(contact, name)


def _located(exc: ContactPolicyError, path: str) -> ContactPolicyError:
    if isinstance(exc, PolicyValidationError):
        return type(exc).from_problems([(path, exc.detail)])
    return type(exc)(f"{path}: {exc.detail}", path=path, detail=exc.detail)


class Answers:
    """Columnar answers: ``required`` and ``conflict`` (bool arrays), ``due`` and
    ``earliest`` (int64 epoch microseconds, ``NAT`` where there is none; without the earliest
    times, ``earliest`` and ``deadline`` are empty)."""

    __slots__ = (
        "conflict",
        "deadline",
        "due",
        "earliest",
        "groups",
        "kinds",
        "required",
        "texts",
        "with_earliest",
    )

    def __init__(self, required: Any, due: Any, earliest: Any, conflict: Any) -> None:
        self.required = required
        self.due = due
        self.earliest = earliest
        self.conflict = conflict
        #: The deadline of each row counted on a clock (int64, NAT elsewhere).
        self.deadline = due.copy() if len(earliest) else earliest
        #: Each row's kind: _OUTBOUND, _CRISIS, _GATED or _OWED.
        self.kinds = None
        #: ``(clock, rows)`` of the owed rows, by the clock they count on (None: no turnaround).
        self.groups: list[tuple[Any, Any]] = []
        #: The reasons of the rows the scalar route answered, as the frames write them.
        self.texts: dict[int, str] = {}
        #: Are the earliest times wanted (the frames) or only the due times?
        self.with_earliest = True


def answer(
    plan: Plan, cols: Columns, where: Where = column_path, *, earliest: bool = True
) -> Answers:
    """The answers for every row of ``cols`` under ``plan``, equal to ``return_by``'s (without
    ``earliest``, the earliest times are left out where they cost a search). A row the engine
    cannot answer (a deadline past the year 9999) is an error naming it."""
    try:
        return _answer(plan, cols, with_earliest=earliest)
    except ContactPolicyError:
        for i in range(cols.n):  # find the row, for the error's path
            try:
                plan.obligation(cols.contact(i))
            except ContactPolicyError as exc:
                raise _located(exc, where("at", i)) from None
        raise


def _answer(plan: Plan, cols: Columns, *, with_earliest: bool) -> Answers:
    np = _np()
    nat = np.iinfo(np.int64).min
    n, r = cols.n, cols.at
    due = np.full(n, nat, dtype=np.int64)
    earliest = np.full(n if with_earliest else 0, nat, dtype=np.int64)
    conflict = np.zeros(n, dtype=bool)
    out = Answers(np.zeros(n, dtype=bool), due, earliest, conflict)
    out.with_earliest = with_earliest
    if n == 0:
        return out
    u_codes, urgencies = cols.field("urgency")
    ch_codes, channels = cols.field("channel")
    d_codes, directions = cols.field("direction")
    v_codes, flags = cols.field("voicemail")
    inbound = _lookup([d is not Direction.OUTBOUND for d in directions], d_codes)
    voicemail = _lookup([bool(f) for f in flags], v_codes)
    crisis = inbound & _lookup([u is Urgency.CRISIS for u in urgencies], u_codes)
    # Voicemail gates, by (urgency, channel): each gate's own predicate decides.
    gated_of = [[_gated(plan, u, ch) for ch in channels] for u in urgencies]
    if len(channels) == 1:
        gate = _lookup([row[0] for row in gated_of], u_codes)
    else:
        gate = np.array(gated_of, dtype=bool)[u_codes, ch_codes]
    gated = inbound & ~crisis & ~voicemail & gate
    owed = np.broadcast_to(inbound & ~gated, (n,))
    out.required[:] = owed
    crisis = np.broadcast_to(crisis, (n,))
    gated = np.broadcast_to(gated, (n,))
    inbound = np.broadcast_to(inbound, (n,))
    if with_earliest:  # the frames: each row's kind, for its reasons
        kinds = np.full(n, _OWED_ROW, dtype=np.int8)
        kinds[gated] = _GATED_ROW
        kinds[crisis] = _CRISIS_ROW
        kinds[~inbound] = _OUTBOUND_ROW
        out.kinds = kinds
    if crisis.any():
        due[crisis] = r[crisis]
        if with_earliest:
            earliest[crisis] = r[crisis]
    # The turnaround of each urgency: rows grouped by the clock they count on (code -1: a
    # crisis, counted on none).
    clocks: list[Any] = []
    clock_of: list[int] = []
    for u in urgencies:
        clock = None if u is Urgency.CRISIS else plan.by_urgency.get(u)
        if u is Urgency.CRISIS:
            clock_of.append(-1)
            continue
        if not any(c is clock for c in clocks):
            clocks.append(clock)
        clock_of.append(next(k for k, c in enumerate(clocks) if c is clock))
    which = np.array(clock_of, dtype=np.intp)[u_codes]
    which[~owed] = -1
    for k, clock in enumerate(clocks):
        rows = np.nonzero(which == k)[0]
        if len(rows):
            out.groups.append((clock, rows))
            _deadlines(plan, cols, clock, rows, out)
    return out


_OUTBOUND_ROW, _CRISIS_ROW, _GATED_ROW, _OWED_ROW = range(4)


def _lookup(table: list[bool], codes: Any) -> Any:
    """``table[codes]`` as a bool array, or one numpy bool when the table has one value."""
    np = _np()
    if len(table) == 1:
        return np.bool_(table[0])
    return np.array(table, dtype=bool)[codes]


def _gated(plan: Plan, urgency: Urgency, channel: Channel) -> bool:
    contact = Contact.trusted(at=EPOCH, urgency=urgency, channel=channel, voicemail=False)
    return any(gates(contact) for gates, _ in plan.gates)


def _deadlines(plan: Plan, cols: Columns, clock: Any, rows: Any, out: Answers) -> None:
    """Due and earliest times of ``rows``, owed and counted on ``clock`` (None: no
    turnaround applies)."""
    np = _np()
    r = cols.at[rows]
    if clock is None:  # no deadline: only the earliest permitted moment
        if plan.restricted and out.with_earliest:
            _scalar(plan, cols, rows, out)
        elif out.with_earliest:
            out.earliest[rows] = r
        return
    if clock.kind == "business_days":
        conv = plan.conv
        d = np.fromiter((clock.deadline(conv(x), x)[0] for x in r.tolist()), np.int64, len(r))
    else:
        d = clock.engine.add_array(r, clock.within)
    if out.with_earliest:
        out.deadline[rows] = d
    if not plan.restricted:
        out.due[rows] = d
        if out.with_earliest:
            out.earliest[rows] = r
        return
    for group, engines in _restriction_groups(plan, cols, rows):
        if group is None:
            _permitted_rows(plan, cols, rows, r, d, engines, out)
        else:
            _permitted_rows(plan, cols, rows[group], r[group], d[group], engines, out)


def _restriction_groups(plan: Plan, cols: Columns, rows: Any) -> Iterable[tuple[Any, list[Any]]]:
    """``(positions in rows, engines)`` for each set of restrictions among ``rows`` (None:
    all of them): one set, unless a callback window is read in the client's zone (then one
    per client zone)."""
    np = _np()
    engines = [eng for _, _, eng in plan._restrictions(_NO_ZONE, EPOCH, 0, None)]
    if not any(w.client for w in plan.windows):
        yield None, engines
        return
    z_codes, zones = cols.field("client_zone")
    codes = z_codes[rows]
    for k in np.unique(codes).tolist():
        contact = Contact.trusted(at=EPOCH, client_zone=zones[k])
        yield (
            np.nonzero(codes == k)[0],
            [eng for _, _, eng in plan._restrictions(contact, EPOCH, 0, None)],
        )


_NO_ZONE = Contact.trusted(at=EPOCH)


def _permitted_rows(
    plan: Plan, cols: Columns, rows: Any, r: Any, d: Any, engines: list[Any], out: Answers
) -> None:
    """Due (the latest permitted moment at or before the deadline ``d``) and earliest (the
    first permitted moment at or after receipt ``r``) for ``rows``, from the permitted slots
    of ``engines`` over the rows' whole span; conflicts go to the scalar route."""
    np = _np()
    found = _slot_arrays(plan, engines, int(r.min()), int(d.max()), many=len(r) >= _GRID_ROWS)
    if found is None:  # no permitted time, or a span too long for one search: row by row
        _scalar(plan, cols, rows, out)
        return
    starts, lasts = found
    n_slots = len(starts) - 1
    last = lasts[_count_at_most(starts, d) - 1]
    ok = last >= r
    everywhere = bool(ok.all())
    due = np.minimum(d, last)
    out.due[rows] = due if everywhere else np.where(ok, due, out.due[rows])
    if out.with_earliest:
        k = np.minimum(_count_at_most(lasts, r - 1), n_slots)
        first = np.maximum(r, starts[k])
        out.earliest[rows] = first if everywhere else np.where(ok, first, out.earliest[rows])
    if not everywhere:
        _scalar(plan, cols, rows[~ok], out)


def _slot_arrays(
    plan: Plan, engines: list[Any], a: int, b: int, *, many: bool
) -> tuple[Any, Any] | None:
    """The permitted slots of ``engines`` over ``[a, b]`` as two sorted int64 arrays, their
    first and last instants, each after a first slot before any instant (so every deadline
    has a slot starting at or before it); None when there are none or the span is too long
    for one search. For ``many`` rows, the slots of the whole UTC years around ``[a, b]``,
    kept in ``plan.slots``: a slot clipped to ``[a, b]`` gives every row in it the same
    answer as the whole slot, since each receipt and deadline lies in ``[a, b]``."""
    from ._plan import _SLOTS_CACHE_LIMIT, _intersect

    if many:
        lo, hi = _year_start(a), _year_end(b)
        key = (*engines, lo, hi)
        cached = plan.slots.get(key)
        if cached is not None:
            return cached if len(cached[0]) > 1 else None
        try:
            cached = _as_arrays(_intersect(engines, lo, hi))
        except ContactPolicyError:  # too long a span once widened: the exact one below
            pass
        else:
            if len(plan.slots) >= _SLOTS_CACHE_LIMIT:
                plan.slots.clear()
            plan.slots[key] = cached
            return cached if len(cached[0]) > 1 else None
    try:
        slots = _intersect(engines, a, b)
    except ContactPolicyError:
        return None
    return _as_arrays(slots) if slots else None


def _as_arrays(slots: list[tuple[int, int]]) -> tuple[Any, Any]:
    np = _np()
    first = np.iinfo(np.int64).min
    starts = np.fromiter(itertools.chain((first,), (s for s, _ in slots)), np.int64)
    lasts = np.fromiter(itertools.chain((first,), (e - 1 for _, e in slots)), np.int64)
    return starts, lasts


def _year_start(x: int) -> int:
    """The first instant of the UTC year holding ``x`` (epoch microseconds)."""
    year = (EPOCH + x * US).year
    return (datetime(year, 1, 1, tzinfo=UTC) - EPOCH) // US


def _year_end(x: int) -> int:
    """The last instant of the UTC year holding ``x`` (``x`` itself in the year 9999)."""
    year = (EPOCH + x * US).year
    if year >= 9999:
        return x
    return (datetime(year + 1, 1, 1, tzinfo=UTC) - EPOCH) // US - 1


#: ``_count_at_most`` searches a grid of at most this many cells, and only for this many rows
#: or more (fewer: ``searchsorted`` alone); a cell holding more than _GRID_STEPS of the sorted
#: values sends the whole search to ``searchsorted``.
_GRID_CELLS, _GRID_ROWS, _GRID_STEPS = 1 << 16, 4096, 3


def _count_at_most(values: Any, x: Any) -> Any:
    """``np.searchsorted(values, x, side="right")``: how many of the sorted int64 ``values``
    are at most each ``x``. For many rows, read off a grid over ``x``'s span: each cell's
    count at its first instant (one small ``searchsorted``), then at most _GRID_STEPS steps
    over the values inside the cell (an unsorted binary search per row costs several times
    that)."""
    np = _np()
    if len(x) < _GRID_ROWS:
        return np.searchsorted(values, x, side="right")
    lo, hi = int(x.min()), int(x.max())
    cells = min(_GRID_CELLS, max(1024, 8 * len(values)))
    width = max(1, -(-(hi - lo + 1) // cells))
    edges = lo + width * np.arange(cells + 1, dtype=np.int64)
    at_start = np.searchsorted(values, edges[:-1], side="right")
    steps = int((np.searchsorted(values, edges[1:] - 1, side="right") - at_start).max())
    if steps > _GRID_STEPS:
        return np.searchsorted(values, x, side="right")
    found = at_start[(x - lo) // width]
    if steps:
        padded = np.append(values, np.iinfo(np.int64).max)
        for _ in range(steps):
            found += padded[found] <= x
    return found


def _scalar(plan: Plan, cols: Columns, rows: Any, out: Answers) -> None:
    """The answers of ``rows`` by the scalar plan (each row as a Contact)."""
    from ._time import to_us

    for i in rows.tolist():
        o = plan.obligation(cols.contact(i))
        out.required[i] = o.required
        if o.due is not None:
            out.due[i] = to_us(o.due)
        if o.earliest is not None and out.with_earliest:
            out.earliest[i] = to_us(o.earliest)
        out.conflict[i] = o.conflict
        out.texts[i] = "; ".join(map(str, o.reasons))


def reasons(plan: Plan, cols: Columns, ans: Answers) -> list[str]:
    """Each row's reasons joined into one text (``"turnaround: within 24 hours, ..."``), as
    ``"; ".join(str(r) for r in return_by(contact).reasons)`` writes them."""
    np = _np()
    n = cols.n
    out = [""] * n
    kinds = ans.kinds
    if kinds is None or n == 0:
        return out
    joined = "; ".join
    outbound = joined(map(str, plan.outbound))
    for i in np.nonzero(kinds == _OUTBOUND_ROW)[0].tolist():
        out[i] = outbound
    crisis_rows = np.nonzero(kinds == _CRISIS_ROW)[0].tolist()
    if crisis_rows:
        crisis = joined(map(str, (plan.crisis or plan._crisis())[1]))
        for i in crisis_rows:
            out[i] = crisis
    u_codes, urgencies = cols.field("urgency")
    ch_codes, channels = cols.field("channel")
    gated_texts: dict[tuple[int, int], str] = {}
    for i in np.nonzero(kinds == _GATED_ROW)[0].tolist():
        key = (int(u_codes[i]), int(ch_codes[i]))
        text = gated_texts.get(key)
        if text is None:
            contact = Contact.trusted(
                at=EPOCH, urgency=urgencies[key[0]], channel=channels[key[1]], voicemail=False
            )
            label = next(label for gates, label in plan.gates if gates(contact))
            text = gated_texts[key] = joined(map(str, plan._gated(label, contact)))
        out[i] = text
    z_codes, zones = cols.field("client_zone")
    # A contact standing for each client zone: the restrictions read only its zone.
    in_zone = [Contact.trusted(at=EPOCH, client_zone=zone) for zone in zones]
    hours = plan.hours
    for clock, rows in ans.groups:
        r = cols.at[rows]
        closed = (~hours[1].is_open_array(r)).tolist() if hours is not None else [None] * len(r)
        for i, x, shut in zip(rows.tolist(), r.tolist(), closed, strict=True):
            text = ans.texts.get(i)
            if text is None:
                text = _owed_reasons(plan, clock, ans, i, x, in_zone[z_codes[i]], closed=shut)
            out[i] = text
    return out


def _owed_reasons(
    plan: Plan,
    clock: Any,
    ans: Answers,
    i: int,
    r: int,
    contact: Contact,
    *,
    closed: bool | None,
) -> str:
    """The reasons of the owed row ``i`` (received at ``r``) that the vectorised route
    answered: what ``Plan.obligation`` and ``Plan._schedule`` give it, in the same order."""
    conv = plan.conv
    received = conv(r)
    if clock is None:
        ranked = [(_POLICY, plan.no_turnaround)]
        d, deadline = 0, None
    else:
        d = int(ans.deadline[i])
        deadline = conv(d)
        ranked = [(_TURNAROUND, clock.reason(received, r, deadline))]
    if plan.restricted and deadline is not None:
        restrictions = plan._restrictions(contact, received, r, ranked, closed=closed)
        due, earliest = int(ans.due[i]), int(ans.earliest[i])
        if due < d:
            blocking = [(k, lab) for k, lab, eng in restrictions if not _permits(eng, d)]
            text = moved_text(deadline, conv(due))
            for rank, label in blocking or [restrictions[0][:2]]:
                ranked.append((rank, _new_reason(label, text)))
        elif earliest > r:
            ranked.append((_POLICY, _new_reason("policy", first_permitted_text(conv(earliest)))))
    return "; ".join([str(reason) for reason in _ordered(ranked)])
