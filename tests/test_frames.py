"""The scale-out recipes of docs/performance.md: obligations over a call log with Dask's
``map_partitions``, in separate processes (so policies must pickle), and with Spark's
``mapInPandas`` (a real local Spark when pyspark and Java are installed: the ``spark`` extra),
equal to scalar answers; bad rows named by their index label."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contact_policy import (
    Contact,
    ContactPolicyError,
    EventLogError,
    NaiveDatetimeError,
    OutOfRangeError,
    PolicyValidationError,
    UnknownTimeZoneError,
    adherence,
    default_policy,
)
from contact_policy.calllog import CallLog
from contact_policy.frames import (
    OBLIGATION_COLUMNS,
    OUTCOME_COLUMNS,
    SPARK_SCHEMA,
    adherence_frame,
    obligations_frame,
    obligations_meta,
    obligations_partitions,
    outcomes_frame,
    outcomes_meta,
)

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


def dues(result: object) -> list[tuple[bool, object]]:
    return [
        (bool(r), None if pd.isna(d) else d.to_pydatetime())
        for r, d in zip(result["required"], result["due"], strict=True)  # type: ignore[index]
    ]


def spark_style(frame: object) -> object:
    """What Spark hands ``mapInPandas`` with session time zone UTC: naive UTC wall times."""
    out = frame.copy()  # type: ignore[attr-defined]
    out["at"] = out["at"].dt.tz_convert("UTC").dt.tz_localize(None)
    out["call_id"] = [f"c-{i}" for i in range(len(out))]
    return out


def test_partitions_as_map_in_pandas_passes_them_keep_ids_and_match_scalar_answers() -> None:
    frame = call_log(150)
    naive = spark_style(frame)
    parts = [naive.iloc[:60], naive.iloc[60:60], naive.iloc[60:]]  # an empty one too
    outs = list(
        obligations_partitions(iter(parts), default_policy(), keep=["call_id"], naive_zone="UTC")
    )
    assert len(outs) == 3
    assert all(list(o.columns) == ["call_id", *OBLIGATION_COLUMNS] for o in outs)
    result = pd.concat(outs)
    assert result["call_id"].tolist() == naive["call_id"].tolist()
    assert dues(result) == expected(frame)


def test_spark_schema_names_the_columns_in_order() -> None:
    names = [part.split()[0] for part in SPARK_SCHEMA.split(",")]
    assert tuple(names) == OBLIGATION_COLUMNS


def test_naive_times_need_a_zone() -> None:
    naive = spark_style(call_log(3))
    with pytest.raises(NaiveDatetimeError, match="naive_zone=") as err:
        obligations_frame(naive, default_policy())
    assert err.value.path == "at"
    with pytest.raises(UnknownTimeZoneError, match="Mars/Base") as err2:
        obligations_frame(naive, default_policy(), naive_zone="Mars/Base")
    assert err2.value.path == "naive_zone"


def test_naive_wall_time_that_occurs_twice_is_named_not_guessed() -> None:
    frame = pd.DataFrame(
        {"at": pd.to_datetime(["2026-10-30 10:00", "2026-11-01 01:30"])}, index=[40, 41]
    )
    with pytest.raises(PolicyValidationError, match="occurs twice or never") as err:
        obligations_frame(frame, default_policy(), naive_zone="America/New_York")
    assert err.value.path == "at[41]"


def test_bad_rows_are_named_by_their_index_label() -> None:
    frame = call_log(4)
    frame.index = ["a", "b", "c", "d"]
    frame.loc["c", "at"] = pd.NaT
    with pytest.raises(PolicyValidationError, match="no time") as err:
        obligations_frame(frame, default_policy())
    assert err.value.path == "at['c']"
    frame = call_log(4)
    frame.loc[2, "urgency"] = "soon"
    with pytest.raises(ContactPolicyError, match="urgency") as err2:
        obligations_frame(frame, default_policy())
    assert err2.value.path == "[2].urgency"


def test_times_whose_utc_year_is_outside_the_supported_years_are_named() -> None:
    """Year 1 at +05:00 is year 0 in UTC, which no Python datetime holds: the error names the
    row, it is not a ValueError from pandas' conversion."""
    early = timezone(timedelta(hours=5))
    frame = pd.DataFrame(
        {"at": [datetime(2026, 11, 16, 9, tzinfo=NY), datetime(1, 1, 1, 1, tzinfo=early)]},
        index=["ok", "early"],
    )
    with pytest.raises(OutOfRangeError, match="supported years") as err:
        obligations_frame(frame, default_policy())
    assert err.value.path == "at['early']"
    late = pd.DataFrame({"at": ["9999-12-31T23:00:00-05:00"]})
    with pytest.raises(OutOfRangeError, match="10000-01-01") as err2:
        obligations_frame(late, default_policy())
    assert err2.value.path == "at[0]"


def test_nanoseconds_are_dropped_like_everywhere_else() -> None:
    frame = call_log(3)
    exact = obligations_frame(frame, default_policy())
    frame["at"] = frame["at"] + pd.Timedelta(nanoseconds=999)  # no warning, same answers
    assert obligations_frame(frame, default_policy()).equals(exact)


def test_keep_names_missing_columns() -> None:
    with pytest.raises(PolicyValidationError, match="call_id") as err:
        list(obligations_partitions([call_log(2)], default_policy(), keep=["call_id"]))
    assert err.value.path == "keep"
    log = call_log(2).assign(due=1)
    with pytest.raises(PolicyValidationError, match="answers have too: due") as err2:
        list(obligations_partitions([log], default_policy(), keep=["due"]))
    assert err2.value.path == "keep"


@pytest.mark.filterwarnings("ignore::FutureWarning")  # pyspark on a newer pandas than it knows
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_spark_map_in_pandas() -> None:
    """The Spark recipe of docs/performance.md, verbatim, on a local two-worker Spark."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this interpreter
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("contact-policy-test")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        frame = call_log(80)
        log = frame.assign(call_id=range(len(frame)))
        calls = spark.createDataFrame(log).repartition(3)
        policy = default_policy()

        def partitions(frames):  # type: ignore[no-untyped-def]
            return obligations_partitions(frames, policy, keep=["call_id"], naive_zone="UTC")

        result = (
            calls.mapInPandas(partitions, schema="call_id long, " + SPARK_SCHEMA)
            .toPandas()
            .sort_values("call_id")
        )
    finally:
        spark.stop()
    assert result["call_id"].tolist() == list(range(len(frame)))
    got = [
        (bool(r), None if pd.isna(d) else d.to_pydatetime().replace(tzinfo=None))
        for r, d in zip(result["required"], result["due"], strict=True)
    ]
    want = [
        (r, None if d is None else d.astimezone(ZoneInfo("UTC")).replace(tzinfo=None))
        for r, d in expected(frame)
    ]
    assert got == want


# --- the adherence record over frames -------------------------------------------------------

SAMPLE_LOG = Path(__file__).resolve().parent.parent / "docs" / "examples" / "call-log.csv"


def sample_frame() -> object:
    """The sample call log as a frame: timestamps parsed, yes/no as booleans."""
    frame = pd.read_csv(SAMPLE_LOG, dtype=str)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    frame["after"] = pd.to_datetime(frame["after"], utc=True)
    for name in ("voicemail", "reached"):
        frame[name] = frame[name].map({"yes": True, "no": False})
    return frame


def test_outcome_rows_count_to_the_same_record_as_the_log() -> None:
    policy = default_policy()
    record = adherence(policy, CallLog(SAMPLE_LOG))
    rows = outcomes_frame(sample_frame(), policy, now=record.now)
    assert list(rows.columns) == list(OUTCOME_COLUMNS)
    assert list(rows["state"]) == [o.state.value for o in record.outcomes]
    again = adherence_frame(rows, now=record.now)
    assert again.to_json_dict() | {"outcomes": []} == record.to_json_dict() | {"outcomes": []}


def test_dask_outcomes_by_client_in_processes() -> None:
    dd = pytest.importorskip("dask.dataframe")
    import dask

    policy = default_policy()
    frame = sample_frame()
    record = adherence(policy, CallLog(SAMPLE_LOG))
    # Each client's events in one partition, in time order.
    ddf = dd.from_pandas(frame, npartitions=3).shuffle("client", npartitions=3)
    ddf = ddf.map_partitions(lambda part: part.sort_values("at", kind="stable"))
    lazy = ddf.map_partitions(outcomes_frame, policy, now=record.now, meta=outcomes_meta())
    with dask.config.set(scheduler="processes", num_workers=2):
        rows = lazy.compute()
    again = adherence_frame(rows, now=record.now)
    assert again.to_json_dict() | {"outcomes": []} == record.to_json_dict() | {"outcomes": []}


def test_bad_event_rows_are_named_by_their_index_label() -> None:
    frame = sample_frame()
    frame.index = [f"r{i}" for i in range(len(frame))]
    frame.loc["r3", "urgency"] = "soon"
    with pytest.raises(EventLogError, match="urgency") as err:
        outcomes_frame(frame, default_policy(), now=datetime(2026, 12, 1, tzinfo=NY))
    assert err.value.path == "['r3'].urgency"
    with pytest.raises(PolicyValidationError, match="no event field: notes"):
        outcomes_frame(
            frame.assign(notes="x"), default_policy(), now=datetime(2026, 12, 1, tzinfo=NY)
        )
    empty = outcomes_frame(frame.iloc[:0], default_policy(), now=datetime(2026, 12, 1, tzinfo=NY))
    assert list(empty.columns) == list(OUTCOME_COLUMNS)
