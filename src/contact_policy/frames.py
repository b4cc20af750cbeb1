"""Obligations over call logs in dataframes: the partition functions for Dask and Spark.

Large call logs are spread over processes or machines by an existing engine, never by a
home-made worker pool. :func:`obligations_frame` maps one pandas partition of a call log to
obligation columns; give it to Dask's ``map_partitions`` (with :func:`obligations_meta` as
``meta``). :func:`obligations_partitions` is the same for Spark's ``mapInPandas`` (an iterator
of partitions in and out, with :data:`SPARK_SCHEMA`). Policies pickle, so each worker rebuilds
its compiled calendars once and then answers every row of its partitions. See
docs/performance.md for the recipes. pandas is needed only here (``pip install
contact-policy[scale]``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from ._model import get_zone
from ._time import MAX_YEAR, MIN_YEAR
from .calllog import _TAKES as CSV_TAKES
from .calllog import LOG_COLUMNS
from .errors import (
    ContactPolicyError,
    NaiveDatetimeError,
    OutOfRangeError,
    PolicyValidationError,
    shown,
)
from .policy import Policy

__all__ = [
    "OBLIGATION_COLUMNS",
    "OUTCOME_COLUMNS",
    "SPARK_SCHEMA",
    "adherence_frame",
    "obligations_frame",
    "obligations_meta",
    "obligations_partitions",
    "outcomes_frame",
    "outcomes_meta",
]

#: The columns :func:`obligations_frame` returns, in order.
OBLIGATION_COLUMNS = ("required", "due", "earliest", "conflict", "reasons")

#: The Spark SQL schema (DDL) of :data:`OBLIGATION_COLUMNS`, for ``mapInPandas``; put the types
#: of any ``keep`` columns in front: ``"call_id long, " + SPARK_SCHEMA``.
SPARK_SCHEMA = (
    "required boolean, due timestamp, earliest timestamp, conflict boolean, reasons string"
)

_OPTIONAL_FIELDS = ("voicemail", "urgency", "channel", "direction", "client_zone")


def obligations_meta() -> Any:
    """An empty pandas frame with the columns and dtypes :func:`obligations_frame` returns."""
    import pandas as pd

    return pd.DataFrame(
        {
            "required": pd.Series(dtype="bool"),
            "due": pd.Series(dtype="datetime64[us, UTC]"),
            "earliest": pd.Series(dtype="datetime64[us, UTC]"),
            "conflict": pd.Series(dtype="bool"),
            "reasons": pd.Series(dtype="object"),
        }
    )


def obligations_frame(
    frame: Any, policy: Policy, *, at: str = "at", naive_zone: str | None = None
) -> Any:
    """Obligations for every row of a pandas ``frame`` (one partition of a call log) under
    ``policy``. The partition comes first, as ``map_partitions`` passes it.

    ``frame[at]`` holds aware timestamps (any zone); the optional columns ``voicemail``,
    ``urgency``, ``channel``, ``direction`` and ``client_zone`` are used when present. The
    result has the same index and :data:`OBLIGATION_COLUMNS`: due times in UTC, reasons joined
    into one text per row.

    Naive timestamps are an error unless ``naive_zone`` names the zone they are wall times in
    (Spark hands ``mapInPandas`` naive wall times in its session time zone: make that ``"UTC"``,
    where every wall time is one instant; in a zone with DST, a wall time that occurs twice or
    never is an error naming its row). A bad row (a missing time, an unknown urgency) raises
    the library's error with the row's index label in its path: ``at[17]``, ``[17].urgency``.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        msg = f"frame={type(frame).__name__} is not a pandas DataFrame (one partition of a log)"
        raise PolicyValidationError(msg, path="frame")
    if not isinstance(policy, Policy):
        msg = f"policy={type(policy).__name__} is not a Policy"
        raise PolicyValidationError(msg, path="policy")
    if at not in frame.columns:
        msg = f"the call log has no column {at!r} holding when each call came in"
        raise PolicyValidationError(msg, path=at)
    if len(frame) == 0:
        return obligations_meta()
    from ._columnar import answer, read_columns, reasons

    index = frame.index

    def where(field: str, place: int) -> str:
        row = _label(index, place)
        return f"{at}[{row}]" if field == "at" else f"[{row}].{field}"

    given = {name: frame[name] for name in _OPTIONAL_FIELDS if name in frame.columns}
    cols = read_columns(_instants_us(frame, at, naive_zone), given, where)
    plan = policy._plan()
    answers = answer(plan, cols, where)
    return pd.DataFrame(
        {
            "required": answers.required,
            "due": _utc_column(answers.due),
            "earliest": _utc_column(answers.earliest),
            "conflict": answers.conflict,
            "reasons": reasons(plan, cols, answers),
        },
        index=index,
    )


def _utc_column(us: Any) -> Any:
    """Epoch microseconds (int64, NaT's value where there is none) as UTC timestamps."""
    import pandas as pd

    return pd.DatetimeIndex(us.view("datetime64[us]")).tz_localize("UTC")


def obligations_partitions(
    frames: Iterable[Any],
    policy: Policy,
    *,
    at: str = "at",
    keep: Sequence[str] = (),
    naive_zone: str | None = None,
) -> Iterator[Any]:
    """:func:`obligations_frame` over an iterator of pandas partitions, as Spark's
    ``mapInPandas`` passes them, yielding one frame per partition.

    ``keep`` names input columns (a call id) to carry in front of
    :data:`OBLIGATION_COLUMNS`, since Spark keeps no index to join the answers back by. Spark
    hands over naive wall times in its session time zone: set ``spark.sql.session.timeZone``
    to ``"UTC"`` and pass ``naive_zone="UTC"``.

    >>> import pandas as pd
    >>> from contact_policy import default_policy
    >>> log = pd.DataFrame({"call_id": [7, 8], "voicemail": [True, True],
    ...     "at": pd.to_datetime(["2026-11-20 20:00", "2026-11-21 14:30"])})  # naive, UTC
    >>> [out] = obligations_partitions([log], default_policy(), keep=["call_id"],
    ...                                naive_zone="UTC")
    >>> list(out.columns)
    ['call_id', 'required', 'due', 'earliest', 'conflict', 'reasons']
    >>> [str(d) for d in out["due"]]
    ['2026-11-23 20:00:00+00:00', '2026-11-24 05:00:00+00:00']
    """
    keep = list(keep)
    clash = [name for name in keep if name in OBLIGATION_COLUMNS]
    if clash:
        msg = f"keep names columns the answers have too: {', '.join(clash)}; rename them first"
        raise PolicyValidationError(msg, path="keep")
    for frame in frames:
        missing = [name for name in keep if name not in frame.columns]
        if missing:
            msg = f"keep names columns the call log does not have: {', '.join(missing)}"
            raise PolicyValidationError(msg, path="keep")
        out = obligations_frame(frame, policy, at=at, naive_zone=naive_zone)
        for place, name in enumerate(keep):
            out.insert(place, name, frame[name].to_numpy())
        yield out


def _instants(frame: Any, at: str, naive_zone: str | None, *, missing_ok: bool = False) -> Any:
    """``frame[at]`` as Python datetimes in UTC, whole microseconds (pandas keeps
    nanoseconds); a missing time (NaT) is an error naming its row, or None with
    ``missing_ok``."""
    utc, missing = _utc_stamps(frame, at, naive_zone, missing_ok=missing_ok)
    return [None if m else v for v, m in zip(utc.dt.to_pydatetime(), missing, strict=True)]


def _instants_us(frame: Any, at: str, naive_zone: str | None) -> Any:
    """``frame[at]`` as epoch microseconds (an int64 array); a missing time is an error."""
    import numpy as np

    utc, _ = _utc_stamps(frame, at, naive_zone, missing_ok=False)
    naive = utc.dt.tz_localize(None).to_numpy()
    return naive.astype("datetime64[us]").view(np.int64)


def _utc_stamps(frame: Any, at: str, naive_zone: str | None, *, missing_ok: bool) -> Any:
    """``frame[at]`` in UTC, floored to whole microseconds, and its mask of missing times."""
    stamps = _aware(frame[at], at, naive_zone)
    missing = stamps.isna()
    if missing.any() and not missing_ok:
        row = _label(frame.index, missing.to_numpy().argmax())
        msg = f"{at}[{row}] has no time (NaT); every call needs the instant it came in"
        raise PolicyValidationError(msg, path=f"{at}[{row}]")
    utc = stamps.dt.tz_convert("UTC").dt.floor("us")
    years = utc.dt.year
    outside = ((years < MIN_YEAR) | (years > MAX_YEAR)) & ~missing
    if outside.any():  # before Python's datetime meets year 0 or 10000
        place = outside.to_numpy().argmax()
        row = _label(frame.index, place)
        detail = OutOfRangeError.for_value(f"{utc.iloc[place]} in UTC").detail
        msg = f"{at}[{row}]: {detail}"
        raise OutOfRangeError(msg, path=f"{at}[{row}]", detail=detail)
    return utc, missing


def _aware(stamps: Any, at: str, naive_zone: str | None) -> Any:
    """``stamps`` as aware timestamps: naive ones are wall times in ``naive_zone``."""
    import pandas as pd

    if not pd.api.types.is_datetime64_any_dtype(stamps):
        stamps = _parsed(stamps, at)
    if getattr(stamps.dt, "tz", None) is not None:
        return stamps
    if naive_zone is None:
        msg = (
            f"column {at!r} holds naive timestamps; localize them (Series.dt.tz_localize) or "
            "pass naive_zone= the zone they are wall times in (Spark: its session time zone)"
        )
        raise NaiveDatetimeError(msg, path=at)
    zone = get_zone(naive_zone, "naive_zone").key
    aware = stamps.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    lost = aware.isna() & stamps.notna()
    if lost.any():
        place = lost.to_numpy().argmax()
        row, wall = _label(stamps.index, place), stamps.iloc[place]
        msg = (
            f"{at}[{row}] = {wall} occurs twice or never in {zone} (a DST change), so it "
            "names no single instant; keep call times aware, or naive in UTC"
        )
        raise PolicyValidationError(msg, path=f"{at}[{row}]")
    return aware


def _parsed(stamps: Any, at: str) -> Any:
    """A column of datetime objects or ISO 8601 text as timestamps (in UTC when their offsets
    differ); numbers are not times."""
    import pandas as pd

    msg = (
        f"column {at!r} does not hold timestamps; give datetimes (aware, or naive with "
        "naive_zone=) or ISO 8601 text with offsets"
    )
    if pd.api.types.is_numeric_dtype(stamps) or pd.api.types.is_bool_dtype(stamps):
        raise PolicyValidationError(msg, path=at)
    for place, value in enumerate(stamps):
        if not isinstance(value, (str, datetime)) and not _missing(value):
            row = _label(stamps.index, place)
            bad = (
                f"{at}[{row}] = {shown(value, 60)} is not a time; give an aware datetime or "
                "ISO 8601 text"
            )
            raise PolicyValidationError(bad, path=f"{at}[{row}]")
    problems = (TypeError, ValueError, OverflowError, pd.errors.OutOfBoundsDatetime)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' notes on formats: the answer is what counts
        try:
            return pd.to_datetime(stamps, format="ISO8601")
        except problems:
            pass
        try:  # offsets that differ (several zones): one instant each, in UTC
            return pd.to_datetime(stamps, format="ISO8601", utc=True)
        except problems:
            raise PolicyValidationError(msg, path=at) from None


def _missing(value: Any) -> bool:
    """Is ``value`` one of pandas' missing values (None, NaN, NaT, NA)?"""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: not a missing value
        return False


def _label(index: Any, place: int) -> str:
    """The index label at ``place``, as it reads in Python (``17``, ``'call-17'``)."""
    label = index[place]
    return repr(label.item() if hasattr(label, "item") else label)


# --- the adherence record over frames --------------------------------------------------------

#: The columns :func:`outcomes_frame` returns, in order: one row per obligation.
OUTCOME_COLUMNS = (
    "client",
    "label",
    "urgency",
    "state",
    "week",
    "received",
    "due",
    "returned",
    "late",
    "used",
    "remaining",
    "version",
    "contacts",
    "reasons",
)
#: The columns an events frame may have besides ``at``: the CSV call log's.
_EVENT_COLUMNS = frozenset(LOG_COLUMNS) - {"at"}
#: The columns each kind of row takes (the CSV's, with ``client`` and ``id``).
_TAKES = {kind: takes | {"client", "id"} for kind, takes in CSV_TAKES.items()}


_FLAGS = frozenset(("voicemail", "expected", "scheduled", "reached"))


def _yes_no(text: str, name: str) -> bool:
    from .calllog import _BadCellError, _flag

    try:
        return _flag(text, name)
    except _BadCellError as bad:
        raise PolicyValidationError(bad.detail, path=name) from None


def outcomes_meta() -> Any:
    """An empty pandas frame with the columns and dtypes :func:`outcomes_frame` returns."""
    import pandas as pd

    when, span = "datetime64[us, UTC]", "timedelta64[us]"
    dtypes = {
        "client": "object",
        "label": "object",
        "urgency": "object",
        "state": "object",
        "week": "object",
        "received": when,
        "due": when,
        "returned": when,
        "late": span,
        "used": span,
        "remaining": span,
        "version": "Int64",
        "contacts": "int64",
        "reasons": "object",
    }
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def outcomes_frame(
    frame: Any,
    source: Any,
    *,
    now: datetime | None = None,
    at: str = "at",
    naive_zone: str | None = None,
) -> Any:
    """The outcome of every obligation in a pandas ``frame`` of call-log events (one
    partition: all the events of its clients, in time order) under ``source`` (a Policy or a
    PolicyHistory), one row per obligation with :data:`OUTCOME_COLUMNS`. The columns are
    the CSV call log's (docs/tracking.md): ``at`` (and ``after``) hold timestamps, the
    others values or missing values. ``now`` closes the books, and must be the same for
    every partition. Give it to Dask's ``map_partitions`` with :func:`outcomes_meta` as
    ``meta`` after partitioning the log by client, then count the rows with
    :func:`adherence_frame`. A bad row raises :class:`~contact_policy.EventLogError` with
    its index label (``[17].urgency``).

    >>> import pandas as pd
    >>> from contact_policy import default_policy
    >>> log = pd.DataFrame({"kind": ["contact", "return"], "client": ["c-1", "c-1"],
    ...     "voicemail": [True, None], "reached": [None, True],
    ...     "at": pd.to_datetime(["2026-11-20 20:00", "2026-11-23 16:00"], utc=True)})
    >>> out = outcomes_frame(log, default_policy(), now=pd.Timestamp("2026-11-30", tz="UTC"))
    >>> out[["state", "week", "used"]].values.tolist()
    [['met', '2026-11-16', Timedelta('0 days 20:00:00')]]
    """
    import pandas as pd

    from .adherence import week_of
    from .errors import EventLogError
    from .ledger import _cases, _outcome

    if not isinstance(frame, pd.DataFrame):
        msg = f"frame={type(frame).__name__} is not a pandas DataFrame (one partition of a log)"
        raise PolicyValidationError(msg, path="frame")
    if at not in frame.columns:
        msg = f"the call log has no column {at!r} holding when each event happened"
        raise PolicyValidationError(msg, path=at)
    unknown = [str(c) for c in frame.columns if c != at and c not in _EVENT_COLUMNS]
    if unknown:
        msg = (
            f"the call log has columns that are no event field: {', '.join(unknown)} (the "
            "columns: docs/tracking.md); drop them first"
        )
        raise PolicyValidationError(msg, path=unknown[0])
    if now is None:
        msg = (
            "now= is required: it closes the books (an obligation not yet due stays open), "
            "and must be the same for every partition; pass an aware datetime"
        )
        raise NaiveDatetimeError(msg, path="now")
    if isinstance(now, pd.Timestamp):
        now = now.to_pydatetime()
    if len(frame) == 0:
        return outcomes_meta()
    instants = _instants(frame, at, naive_zone)
    afters = (
        _instants(frame, "after", naive_zone, missing_ok=True)
        if "after" in frame.columns
        else [None] * len(frame)
    )
    columns = {name: frame[name].tolist() for name in frame.columns if name in _EVENT_COLUMNS}

    def located() -> Iterator[tuple[str, int, Any]]:
        for i, when in enumerate(instants):
            where = f"[{_label(frame.index, i)}]"
            try:
                yield where, i, _event_of(columns, i, when, afters[i])
            except ContactPolicyError as exc:
                yield where, i, EventLogError.at(where, i, exc.path, exc.detail)

    rows = []
    for case in sorted(_cases(source, located(), now), key=lambda c: c.seq):
        o = _outcome(case)
        tz = o.obligation.received.tzinfo
        rows.append(
            {
                "client": o.client,
                "label": o.label,
                "urgency": o.urgency.value,
                "state": o.state.value,
                "week": week_of(o.received.astimezone(tz).date()),
                "received": o.received,
                "due": o.due,
                "returned": o.returned,
                "late": o.late,
                "used": o.used,
                "remaining": o.remaining,
                "version": o.version,
                "contacts": len(o.contacts),
                "reasons": "; ".join(str(r) for r in o.reasons),
            }
        )
    if not rows:
        return outcomes_meta()
    out = pd.DataFrame(rows)
    for name in ("received", "due", "returned"):
        out[name] = pd.to_datetime(out[name], utc=True).dt.as_unit("us")
    for name in ("late", "used", "remaining"):
        out[name] = pd.to_timedelta(out[name]).dt.as_unit("us")
    out["version"] = out["version"].astype("Int64")
    return out


def _event_of(columns: dict[str, list[Any]], i: int, when: datetime, after: Any) -> Any:
    """The event of row ``i``: its kind's fields, missing values left out."""
    from .ledger import EVENT_KINDS

    kind = columns["kind"][i] if "kind" in columns else "contact"
    if _missing(kind):
        kind = "contact"
    cls = EVENT_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        msg = f"{kind!r} is not an event kind; use {', '.join(EVENT_KINDS)}"
        raise PolicyValidationError(msg, path="kind")
    takes = _TAKES[kind]
    fields: dict[str, Any] = {"at": when}
    for name, values in columns.items():
        if name == "kind" or name == "after":
            continue
        value = values[i]
        if _missing(value):
            continue
        if name not in takes:
            msg = f"{value!r}: a {kind} row takes no {name} (leave it missing)"
            raise PolicyValidationError(msg, path=name)
        if isinstance(value, str) and name in _FLAGS:
            value = _yes_no(value, name)  # yes/no as the CSV writes it (or str(True))
        fields[name] = value.item() if hasattr(value, "item") else value
    if kind == "call_after":
        if after is None:
            msg = "a call_after row needs the time asked for in 'after'"
            raise PolicyValidationError(msg, path="after")
        fields["after"] = after
    elif after is not None:
        msg = f"a {kind} row takes no after (leave it missing)"
        raise PolicyValidationError(msg, path="after")
    return cls.model_validate(fields)


def adherence_frame(outcomes: Any, *, now: datetime | None = None) -> Any:
    """The adherence record counted from outcome rows (:func:`outcomes_frame`'s, from every
    partition, concatenated: a Dask computation's result): the same figures as
    :func:`~contact_policy.adherence` over the whole log, without the outcomes themselves.

    >>> import pandas as pd
    >>> from contact_policy import default_policy
    >>> log = pd.DataFrame({"kind": ["contact", "return"], "client": ["c-1", "c-1"],
    ...     "voicemail": [True, None], "reached": [None, True],
    ...     "at": pd.to_datetime(["2026-11-20 20:00", "2026-11-23 22:00"], utc=True)})
    >>> now = pd.Timestamp("2026-11-30", tz="UTC")
    >>> record = adherence_frame(outcomes_frame(log, default_policy(), now=now), now=now)
    >>> record.missed, str(record.worst_late)
    (1, '2:00:00')
    """
    import pandas as pd

    from .adherence import from_rows

    if not isinstance(outcomes, pd.DataFrame):
        msg = f"outcomes={type(outcomes).__name__} is not a pandas DataFrame of outcomes"
        raise PolicyValidationError(msg, path="outcomes")
    missing = [c for c in OUTCOME_COLUMNS if c not in outcomes.columns]
    if missing:
        msg = f"the outcomes lack the columns {', '.join(missing)} (from outcomes_frame)"
        raise PolicyValidationError(msg, path="outcomes")
    us = pd.Timedelta(microseconds=1)

    def micro(value: Any) -> int | None:
        return None if pd.isna(value) else int(value // us)

    rows = (
        (
            state,
            urgency,
            week,
            None if _missing(label) else label,
            micro(late),
            None if pd.isna(returned) else micro(used),
        )
        for state, urgency, week, label, late, returned, used in zip(
            outcomes["state"],
            outcomes["urgency"],
            outcomes["week"],
            outcomes["label"],
            outcomes["late"],
            outcomes["returned"],
            outcomes["used"],
            strict=True,
        )
    )
    return from_rows(rows, now=now)
