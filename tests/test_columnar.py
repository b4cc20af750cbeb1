"""The columnar path (issue 14): ``Policy.due_many``, ``return_by_many`` over columns and
``frames.obligations_frame`` equal the scalar answers row by row, take pandas' missing values
in every optional column, and name a bad value's row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contact_policy import (
    CallbackWindow,
    Contact,
    ContactPolicyError,
    NaiveDatetimeError,
    OperatingHours,
    Policy,
    PolicyValidationError,
    Turnaround,
    VoicemailGate,
    default_policy,
)
from contact_policy.frames import obligations_frame
from contact_policy.testing import contacts, policies

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

NY = ZoneInfo("America/New_York")
FIELDS = ("urgency", "voicemail", "channel", "direction", "client_zone")


def utc64(value: datetime | None) -> Any:
    """An aware datetime as numpy's UTC datetime64[us] (NaT for None)."""
    if value is None:
        return np.datetime64("NaT", "us")
    return np.datetime64(value.astimezone(UTC).replace(tzinfo=None), "us")


def ints(values: Any) -> list[int]:
    """datetime64 values as integers (NaT is the least int64), so that NaT equals NaT."""
    return np.asarray(list(values), dtype="datetime64[us]").view(np.int64).tolist()


def as_columns(calls: list[Contact]) -> dict[str, list[Any]]:
    return {name: [getattr(c, name) for c in calls] for name in FIELDS}


def office_policy(**options: Any) -> Policy:
    """Office hours with a morning callback window and 4 business hours: deadlines move."""
    return Policy(
        zone="America/New_York",
        holidays=["US"],
        rules=[
            Turnaround.business_hours(4),
            OperatingHours(hours={"mon-fri": [("09:00", "17:00")]}),
            CallbackWindow(hours={"mon-fri": [("08:00", "12:00")]}, **options),
            VoicemailGate(),
        ],
    )


# --- equal to the scalar answers ---------------------------------------------------------------

calls_lists = st.lists(contacts(), min_size=1, max_size=12)


@settings(deadline=None)
@given(policies(boundaries=False), calls_lists)
def test_due_many_equals_return_by_row_by_row(policy: Policy, calls: list[Contact]) -> None:
    due = policy.due_many([c.at for c in calls], **as_columns(calls))
    assert due.dtype == np.dtype("datetime64[us]")
    assert ints(due) == ints(utc64(policy.return_by(c).due) for c in calls)


@settings(deadline=None)
@given(policies(boundaries=False), calls_lists)
def test_the_frame_equals_return_by_row_by_row(policy: Policy, calls: list[Contact]) -> None:
    frame = pd.DataFrame({"at": pd.Series([c.at for c in calls], dtype=object)})
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    for name, values in as_columns(calls).items():
        frame[name] = pd.Series([None if v is None else str(v) for v in values], dtype=object)
    frame["voicemail"] = [c.voicemail for c in calls]
    out = obligations_frame(frame, policy)
    for row, c in zip(out.itertuples(), calls, strict=True):
        o = policy.return_by(c)
        assert row.required == o.required
        assert (None if pd.isna(row.due) else row.due.to_pydatetime()) == o.due
        assert (None if pd.isna(row.earliest) else row.earliest.to_pydatetime()) == o.earliest
        assert row.conflict == o.conflict
        assert row.reasons == "; ".join(str(r) for r in o.reasons)


@given(policies(boundaries=False), calls_lists)
def test_return_by_many_over_columns_is_return_by(policy: Policy, calls: list[Contact]) -> None:
    at = [c.at for c in calls]
    cols = as_columns(calls)
    assert policy.return_by_many(at=at, **cols) == [policy.return_by(c) for c in calls]
    assert policy.return_by_many(at=at, due_only=True, **cols) == [
        policy.return_by(c).due for c in calls
    ]


def test_moved_deadlines_conflicts_and_client_zones_match() -> None:
    start = datetime(2026, 11, 20, 6, tzinfo=NY)
    calls = [
        Contact(start + timedelta(minutes=37 * i), voicemail=i % 5 != 0, client_zone=zone)
        for i in range(400)
        for zone in (None, "America/Los_Angeles", "Europe/London")
    ]
    for policy in (office_policy(), office_policy(zone="client")):
        out = obligations_frame(
            pd.DataFrame(
                {
                    "at": pd.to_datetime([c.at for c in calls], utc=True),
                    "voicemail": [c.voicemail for c in calls],
                    "client_zone": [c.client_zone for c in calls],
                }
            ),
            policy,
        )
        expected = [policy.return_by(c) for c in calls]
        assert list(out["conflict"]) == [o.conflict for o in expected]
        assert any(o.conflict for o in expected)
        assert any(o.due is not None and o.due < o.deadline for o in expected)  # type: ignore[operator]
        assert list(out["reasons"]) == ["; ".join(map(str, o.reasons)) for o in expected]
        assert ints(out["due"].dt.tz_convert(None).to_numpy()) == ints(
            utc64(o.due) for o in expected
        )


@settings(deadline=None)
@given(
    st.lists(st.integers(-(10**12), 10**12), max_size=40),
    st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=40),
    st.integers(0, 2**32),
)
def test_the_grid_search_counts_as_searchsorted(
    values: list[int], picks: list[int], seed: int
) -> None:
    """``_count_at_most`` (a grid, then a few steps) equals ``searchsorted(side="right")``:
    values in clusters (many in one cell: the fallback), on and beside the queries."""
    from contact_policy import _columnar

    rng = np.random.default_rng(seed)
    sorted_values = np.sort(np.array(values + [v + 1 for v in values[:5]], dtype=np.int64))
    near = np.array(picks + values, dtype=np.int64)
    x = near[rng.integers(0, len(near), _columnar._GRID_ROWS + 100)]
    x += rng.integers(-2, 3, len(x))
    for vals in (sorted_values, np.concatenate(([np.iinfo(np.int64).min], sorted_values))):
        assert _columnar._count_at_most(vals, x).tolist() == (
            np.searchsorted(vals, x, side="right").tolist()
        )


@pytest.mark.parametrize("options", [{}, {"zone": "client"}], ids=["policy zone", "client"])
def test_many_rows_over_dst_days_and_far_apart_years_match(
    options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grid search of the permitted slots (for every group of rows here): receipts every
    7 minutes over the DST days of 2026, and a batch spread over 1990-2040, equal the scalar
    answers."""
    from contact_policy import _columnar

    monkeypatch.setattr(_columnar, "_GRID_ROWS", 100)
    policy = office_policy(**options)
    spring = datetime(2026, 3, 6, tzinfo=NY)
    autumn = datetime(2026, 10, 30, tzinfo=NY)
    near = [base + timedelta(minutes=7 * i) for base in (spring, autumn) for i in range(2600)]
    rng = np.random.default_rng(14)
    far = [
        datetime(1990, 1, 1, tzinfo=UTC) + timedelta(minutes=int(m))
        for m in rng.integers(0, 50 * 365 * 24 * 60, 5000)
    ]
    zones = [None, "America/Los_Angeles", "Asia/Tokyo"]
    for at in (near, far):
        calls = [
            Contact(a, voicemail=i % 7 != 0, client_zone=zones[i % 3]) for i, a in enumerate(at)
        ]
        due = policy.due_many(
            [c.at for c in calls],
            voicemail=[c.voicemail for c in calls],
            client_zone=[c.client_zone for c in calls],
        )
        expected = [policy.return_by(c) for c in calls]
        assert ints(due) == ints(utc64(o.due) for o in expected)
        assert any(o.due is not None and o.due < o.deadline for o in expected)  # type: ignore[operator]


def test_cached_slots_answer_later_batches_and_stay_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The permitted slots kept on the plan (whole UTC years) answer a later batch of other
    rows in the same years exactly as the scalar plan; batches in far-apart years fill the
    cache, which is cleared at its limit."""
    from contact_policy import _columnar, _plan

    monkeypatch.setattr(_columnar, "_GRID_ROWS", 1)
    monkeypatch.setattr(_plan, "_SLOTS_CACHE_LIMIT", 3)
    policy = office_policy()
    plan = policy._plan()
    plan.slots.clear()
    conflicts = 0
    for k, year in enumerate((2026, 2026, 1950, 2090, 2026, 2031, 2031)):
        start = datetime(year, 3, 6, 5, tzinfo=NY) + timedelta(minutes=k)  # over a DST day
        calls = [Contact(start + timedelta(minutes=53 * i), voicemail=True) for i in range(300)]
        due = policy.due_many([c.at for c in calls], voicemail=[True] * len(calls))
        expected = [policy.return_by(c) for c in calls]
        assert ints(due) == ints(utc64(o.due) for o in expected)
        conflicts += sum(o.conflict for o in expected)
        assert 1 <= len(plan.slots) <= 3
    assert conflicts


# --- inputs ----------------------------------------------------------------------------------

FRIDAY = datetime(2026, 11, 20, 20, tzinfo=UTC)  # 15:00 in New York
MONDAY_DUE = np.datetime64("2026-11-23T20:00", "us")


@pytest.mark.parametrize(
    "at",
    [
        np.array([FRIDAY.replace(tzinfo=None)] * 2, dtype="datetime64[us]"),
        pd.Series([FRIDAY, FRIDAY]),
        pd.DatetimeIndex([FRIDAY, FRIDAY]).tz_convert("America/Chicago"),
        [FRIDAY, FRIDAY.astimezone(NY)],
    ],
    ids=["datetime64", "series", "datetimeindex", "list"],
)
def test_receipt_times_in_every_form(at: Any) -> None:
    due = default_policy().due_many(at, voicemail=[True, False])
    assert ints(due) == ints([MONDAY_DUE, np.datetime64("NaT", "us")])


MISSING = [None, float("nan"), pd.NA, pd.NaT]


@pytest.mark.parametrize(
    "dtype", [object, "string[pyarrow]", "category"], ids=["object", "pyarrow", "category"]
)
@pytest.mark.parametrize("missing", MISSING, ids=["None", "NaN", "NA", "NaT"])
def test_missing_values_take_the_fields_default(dtype: Any, missing: Any) -> None:
    if dtype == "string[pyarrow]":
        pytest.importorskip("pyarrow")
    if missing is pd.NaT and dtype is not object:
        pytest.skip("NaT is no text value")
    n = 3
    frame = pd.DataFrame({"at": pd.to_datetime([FRIDAY] * n, utc=True)})
    frame["urgency"] = pd.Series(["urgent", missing, "routine"], dtype=dtype)
    frame["channel"] = pd.Series([missing, "call", missing], dtype=dtype)
    frame["direction"] = pd.Series([missing, missing, "inbound"], dtype=dtype)
    frame["client_zone"] = pd.Series([missing, "Europe/London", missing], dtype=dtype)
    frame["voicemail"] = pd.Series([True, missing, True], dtype="object")
    out = obligations_frame(frame, default_policy())
    assert list(out["required"]) == [True, False, True]  # no voicemail: the gate
    policy = default_policy()
    due = policy.due_many(frame["at"], **{name: frame[name] for name in FIELDS})
    assert ints(due) == ints([MONDAY_DUE, np.datetime64("NaT", "us"), MONDAY_DUE])


def test_a_boolean_column_with_missing_values() -> None:
    voicemail = pd.Series([True, pd.NA, False], dtype="boolean")
    due = default_policy().due_many(pd.Series([FRIDAY] * 3), voicemail=voicemail)
    assert ints(due) == ints([MONDAY_DUE] + [np.datetime64("NaT", "us")] * 2)


def test_numpy_text_and_bool_columns() -> None:
    at = np.array([FRIDAY.replace(tzinfo=None)] * 3, dtype="datetime64[us]")
    due = default_policy().due_many(
        at,
        urgency=np.array(["routine", "crisis", "urgent"]),
        voicemail=np.array([True, False, False]),
    )
    assert ints(due) == ints([MONDAY_DUE, at[1], np.datetime64("NaT", "us")])


@given(
    st.lists(
        st.sampled_from(["routine", "urgent", "crisis", "ROUTINE", "urgent ", "", "crisis!"]),
        min_size=1,
        max_size=30,
    )
)
def test_a_numpy_text_column_keeps_every_value(values: list[str]) -> None:
    """Each row's code names its own text: the known values matched first (each over the rows
    left), the rest by ``np.unique``."""
    from contact_policy._columnar import _factorize_text

    column = np.array(values)
    found, distinct = _factorize_text(column, "urgency")
    assert [distinct[k] for k in found.tolist()] == values
    assert len(set(distinct)) == len(distinct)


def test_a_bad_value_in_a_numpy_text_column_names_its_place() -> None:
    at = np.array([FRIDAY.replace(tzinfo=None)] * 4, dtype="datetime64[us]")
    with pytest.raises(PolicyValidationError) as err:
        default_policy().due_many(at, urgency=np.array(["routine", "urgent", "routine", "soon"]))
    assert err.value.path == "urgency[3]"


class TestBadColumns:
    at = (FRIDAY, FRIDAY, FRIDAY)

    def test_a_bad_value_names_its_place(self) -> None:
        with pytest.raises(PolicyValidationError) as err:
            default_policy().due_many(self.at, urgency=["routine", "urgent", "someday"])
        assert err.value.path == "urgency[2]"

    def test_a_bad_value_in_a_frame_names_its_row_label(self) -> None:
        frame = pd.DataFrame(
            {"at": pd.to_datetime(self.at, utc=True), "channel": ["call", "pigeon", "call"]},
            index=["c-1", "c-2", "c-3"],
        )
        with pytest.raises(PolicyValidationError) as err:
            obligations_frame(frame, default_policy())
        assert err.value.path == "['c-2'].channel"

    def test_an_unhashable_value_in_a_frame(self) -> None:
        frame = pd.DataFrame(
            {"at": pd.to_datetime(self.at, utc=True), "voicemail": [True, [], False]},
            index=["c-1", "c-2", "c-3"],
        )
        with pytest.raises(PolicyValidationError) as err:
            obligations_frame(frame, default_policy())
        assert err.value.path == "['c-2'].voicemail"

    def test_a_bad_client_zone(self) -> None:
        with pytest.raises(ContactPolicyError, match=r"client_zone\[1\]"):
            default_policy().due_many(self.at, client_zone=[None, "Mars/Olympus", None])

    def test_a_missing_receipt_time(self) -> None:
        at = pd.Series([FRIDAY, None, FRIDAY], dtype="datetime64[ns, UTC]")
        with pytest.raises(PolicyValidationError) as err:
            default_policy().due_many(at)
        assert err.value.path == "at[1]"

    def test_naive_times(self) -> None:
        with pytest.raises(NaiveDatetimeError):
            default_policy().due_many(pd.Series([FRIDAY.replace(tzinfo=None)]))
        with pytest.raises(NaiveDatetimeError) as err:
            default_policy().due_many([FRIDAY, FRIDAY.replace(tzinfo=None)])
        assert err.value.path == "at[1]"

    def test_columns_of_another_length(self) -> None:
        with pytest.raises(PolicyValidationError, match="2 values for 3") as err:
            default_policy().due_many(self.at, voicemail=[True, False])
        assert err.value.path == "voicemail"

    def test_an_unknown_column(self) -> None:
        with pytest.raises(PolicyValidationError, match="unknown column 'urgncy'"):
            default_policy().due_many(self.at, urgncy=["routine"] * 3)

    def test_not_a_column(self) -> None:
        with pytest.raises(PolicyValidationError, match="is not a column"):
            default_policy().due_many(self.at, urgency="routine")
        with pytest.raises(PolicyValidationError, match="receipt times"):
            default_policy().due_many(17)

    def test_contacts_and_columns_together(self) -> None:
        with pytest.raises(PolicyValidationError, match="not both"):
            default_policy().return_by_many([Contact(FRIDAY)], at=self.at)

    def test_a_deadline_past_the_last_year_names_the_row(self) -> None:
        late = datetime(9999, 12, 30, tzinfo=UTC)
        with pytest.raises(ContactPolicyError, match="outside the supported years") as err:
            default_policy().due_many([FRIDAY, late], voicemail=[True, True])
        assert err.value.path == "at[1]"


def test_an_empty_column() -> None:
    due = default_policy().due_many(np.array([], dtype="datetime64[us]"))
    assert len(due) == 0


def test_dask_with_its_default_string_conversion() -> None:
    dd = pytest.importorskip("dask.dataframe")
    pytest.importorskip("pyarrow")
    import dask

    from contact_policy.frames import obligations_meta

    n = 90
    frame = pd.DataFrame(
        {
            "at": pd.to_datetime([FRIDAY + timedelta(minutes=41 * i) for i in range(n)], utc=True),
            "urgency": [
                None if i % 7 == 0 else ("urgent" if i % 3 else "routine") for i in range(n)
            ],
            "channel": [None if i % 4 == 0 else "call" for i in range(n)],
            "voicemail": [i % 5 != 0 for i in range(n)],
        }
    )
    with dask.config.set({"dataframe.convert-string": True, "scheduler": "synchronous"}):
        ddf = dd.from_pandas(frame, npartitions=3)
        assert str(ddf["urgency"].dtype).startswith("string")
        out = ddf.map_partitions(
            obligations_frame, default_policy(), meta=obligations_meta()
        ).compute()
    policy = default_policy()
    expected = [
        policy.return_by(
            Contact(
                row.at.to_pydatetime(),
                voicemail=row.voicemail,
                **{
                    k: v
                    for k, v in (("urgency", row.urgency), ("channel", row.channel))
                    if isinstance(v, str)
                },
            )
        )
        for row in frame.itertuples()
    ]
    assert list(out["required"]) == [o.required for o in expected]
    assert list(out["reasons"]) == ["; ".join(map(str, o.reasons)) for o in expected]


def test_equal_policies_share_one_compiled_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker unpickles the policy for every partition: the copy starts warm."""
    import pickle

    import contact_policy.policy

    monkeypatch.setattr(contact_policy.policy, "_PLANS", {})  # none kept from other tests
    policy = Policy.model_validate(default_policy().model_dump())
    policy.return_by(Contact(FRIDAY, voicemail=True))
    copy = pickle.loads(pickle.dumps(policy))  # noqa: S301 - our own object
    assert copy._plan() is policy._plan()
    other = office_policy()
    assert other._plan() is not policy._plan()
    assert copy.return_by(Contact(FRIDAY, voicemail=True)) == policy.return_by(
        Contact(FRIDAY, voicemail=True)
    )


# --- #12 audit: columns outside the supported years, of more dimensions, of other lengths ------


@pytest.mark.parametrize(
    ("values", "place"),
    [(["0001-01-01T00:00"], 0), (["2026-01-01T00:00", "200000-01-01T00:00"], 1)],
)
def test_an_instant_outside_the_supported_years_is_out_of_range_naming_its_row(
    values: list[str], place: int
) -> None:
    """#12: these raised OverflowError from the year arithmetic."""
    from contact_policy import OutOfRangeError, default_policy

    with pytest.raises(OutOfRangeError, match=rf"^at\[{place}\]=.* outside the supported years"):
        default_policy().due_many(np.array(values, dtype="datetime64[us]"))


def test_a_list_of_datetimes_in_the_year_1_is_out_of_range() -> None:
    from contact_policy import OutOfRangeError, default_policy

    at = [datetime(2026, 1, 5, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)]
    with pytest.raises(OutOfRangeError, match=r"^at\[1\]="):
        default_policy().due_many(at)


@pytest.mark.parametrize("voicemail", [None, [True]])
def test_a_2d_column_of_times_is_an_error_naming_it(voicemail: list[bool] | None) -> None:
    """#12: numpy's shape ValueError with a voicemail column, one silent NaT without."""
    from contact_policy import default_policy

    at = np.array([["2026-11-20T20:00", "2026-11-20T21:00"]], dtype="datetime64[us]")
    columns = {} if voicemail is None else {"voicemail": voicemail}
    with pytest.raises(PolicyValidationError, match=r"^at has the shape \(1, 2\)") as err:
        default_policy().due_many(at, **columns)
    assert err.value.path == "at"


def test_a_2d_field_column_and_one_of_another_length_are_errors_naming_them() -> None:
    from contact_policy import default_policy

    at = np.array(["2026-11-20T20:00", "2026-11-20T21:00"], dtype="datetime64[us]")
    with pytest.raises(PolicyValidationError, match=r"^voicemail has the shape \(1, 2\)"):
        default_policy().due_many(at, voicemail=np.array([[True, False]]))
    with pytest.raises(PolicyValidationError, match=r"^voicemail has 1 values for 2") as err:
        default_policy().due_many(at, voicemail=[True])
    assert err.value.path == "voicemail"
