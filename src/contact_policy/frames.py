"""Obligations over call logs in dataframes: the partition function for Dask and Spark.

Large call logs are spread over processes or machines by an existing engine, never by a
home-made worker pool. :func:`obligations_frame` maps one pandas partition of a call log to
obligation columns; give it to Dask's ``map_partitions`` (with :func:`obligations_meta` as
``meta``) or wrap it for Spark's ``mapInPandas``. Policies pickle, so each worker rebuilds its
compiled calendars once and then answers every row of its partitions. See
docs/performance.md for the recipes. pandas is needed only here (``pip install
contact-policy[scale]``).
"""

from __future__ import annotations

from typing import Any

from .contact import Contact
from .policy import Policy

__all__ = ["OBLIGATION_COLUMNS", "obligations_frame", "obligations_meta"]

#: The columns :func:`obligations_frame` returns, in order.
OBLIGATION_COLUMNS = ("required", "due", "earliest", "conflict", "reasons")

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


def obligations_frame(frame: Any, policy: Policy, *, at: str = "at") -> Any:
    """Obligations for every row of a pandas ``frame`` (one partition of a call log) under
    ``policy``. The partition comes first, as ``map_partitions`` passes it.

    ``frame[at]`` holds aware timestamps (any zone); the optional columns ``voicemail``,
    ``urgency``, ``channel``, ``direction`` and ``client_zone`` are used when present. The
    result has the same index and :data:`OBLIGATION_COLUMNS`: due times in UTC, reasons joined
    into one text per row.
    """
    import pandas as pd

    if len(frame) == 0:
        return obligations_meta()
    stamps = frame[at]
    if getattr(stamps.dt, "tz", None) is None:
        msg = f"column {at!r} holds naive timestamps; localize them (Series.dt.tz_localize)"
        from .errors import NaiveDatetimeError

        raise NaiveDatetimeError(msg, path=at)
    instants = stamps.dt.tz_convert("UTC").dt.to_pydatetime()
    present = [name for name in _OPTIONAL_FIELDS if name in frame.columns]
    columns = [frame[name].tolist() for name in present]
    contacts = []
    for i, when in enumerate(instants):
        fields = {name: col[i] for name, col in zip(present, columns, strict=True)}
        fields = {k: v for k, v in fields.items() if v is not None and v == v}  # drop NaN
        contacts.append(Contact(when, **fields))
    answers = policy.return_by_many(contacts)
    out = pd.DataFrame(
        {
            "required": [o.required for o in answers],
            "due": pd.to_datetime([o.due for o in answers], utc=True).as_unit("us"),
            "earliest": pd.to_datetime([o.earliest for o in answers], utc=True).as_unit("us"),
            "conflict": [o.conflict for o in answers],
            "reasons": ["; ".join(str(r) for r in o.reasons) for o in answers],
        },
        index=frame.index,
    )
    return out
