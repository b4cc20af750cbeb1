"""The scale-out recipe of docs/performance.md: obligations over a call log with Dask's
``map_partitions``, in separate processes (so policies must pickle), equal to scalar answers."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contact_policy import Contact, default_policy
from contact_policy.frames import OBLIGATION_COLUMNS, obligations_frame, obligations_meta

pd = pytest.importorskip("pandas")
NY = ZoneInfo("America/New_York")


def call_log(n: int = 200) -> object:
    start = datetime(2026, 11, 16, 7, 0, tzinfo=NY)
    rows = [
        {
            "at": start + timedelta(minutes=97 * i),
            "voicemail": i % 3 != 0,
            "urgency": "urgent" if i % 11 == 0 else "routine",
        }
        for i in range(n)
    ]
    frame = pd.DataFrame(rows)
    frame["at"] = pd.to_datetime(frame["at"], utc=True).dt.tz_convert("America/Chicago")
    return frame


def expected(frame: object) -> list[tuple[bool, object]]:
    policy = default_policy()
    out = []
    for row in frame.itertuples():  # type: ignore[attr-defined]
        o = policy.return_by(
            Contact(row.at.to_pydatetime(), voicemail=row.voicemail, urgency=row.urgency)
        )
        out.append((o.required, o.due))
    return out


def test_partition_function_matches_scalar_answers() -> None:
    frame = call_log()
    result = obligations_frame(frame, default_policy())
    assert tuple(result.columns) == OBLIGATION_COLUMNS
    got = [
        (bool(r), None if pd.isna(d) else d.to_pydatetime())
        for r, d in zip(result["required"], result["due"], strict=True)
    ]
    assert got == expected(frame)


def test_empty_partition_has_the_meta_shape() -> None:
    empty = call_log().iloc[:0]
    result = obligations_frame(empty, default_policy())
    assert list(result.dtypes) == list(obligations_meta().dtypes)


def test_policies_and_calendars_pickle_with_identical_answers() -> None:
    policy = default_policy()
    call = Contact(datetime(2026, 11, 20, 15, 0, tzinfo=NY), voicemail=True)
    policy.return_by(call)  # compile caches first: they must not travel
    copy = pickle.loads(pickle.dumps(policy))  # noqa: S301 - our own object
    assert copy == policy
    assert copy.return_by(call) == policy.return_by(call)


def test_dask_map_partitions_in_processes() -> None:
    dd = pytest.importorskip("dask.dataframe")
    import dask

    frame = call_log(120)
    ddf = dd.from_pandas(frame, npartitions=3)
    lazy = ddf.map_partitions(obligations_frame, default_policy(), meta=obligations_meta())
    with dask.config.set(scheduler="processes", num_workers=2):
        result = lazy.compute()
    got = [
        (bool(r), None if pd.isna(d) else d.to_pydatetime())
        for r, d in zip(result["required"], result["due"], strict=True)
    ]
    assert got == expected(frame)
