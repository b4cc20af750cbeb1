"""Example tests for ``contact_policy.adherence`` and ``contact_policy.calllog``: the record
of the sample call log (docs/examples/call-log.csv, worked out by hand in docs/tracking.md),
the summary's definitions, and every malformed CSV row named by line and column."""

from __future__ import annotations

import io
import pathlib
from datetime import timedelta
from typing import Any

import pytest

from contact_policy import (
    Adherence,
    Contact,
    EventLogError,
    PolicyValidationError,
    Return,
    adherence,
    default_policy,
    summarize,
)
from contact_policy.calllog import CallLog, read_events
from tests.helpers import t

SAMPLE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "examples" / "call-log.csv"


@pytest.fixture(scope="module")
def sample() -> Adherence:
    return adherence(default_policy(), CallLog(SAMPLE))


class TestTheSampleLog:
    def test_the_totals(self, sample: Adherence) -> None:
        assert (sample.owed, sample.met, sample.missed, sample.open) == (8, 4, 2, 2)
        assert (sample.not_owed, sample.routed) == (1, 1)
        assert sample.percent_met == pytest.approx(200 / 3)
        assert sample.now == t("2026-11-30T09:00-05:00")

    def test_lateness_and_time_to_return(self, sample: Adherence) -> None:
        # Missed: c-104 returned 1 h late, c-106 1 h 30 min late.
        assert sample.worst_late == timedelta(hours=1, minutes=30)
        assert sample.median_late == timedelta(hours=1, minutes=15)  # the mean of the two
        # Returned: c-101 4 h 50, c-103 23 h, c-104 25 h, c-105 1 h (from Mon 14:00),
        # c-106 25 h 30, c-108 21 h: the middle two are 21 h and 23 h.
        assert sample.median_return == timedelta(hours=22)

    def test_the_groups(self, sample: Adherence) -> None:
        assert list(sample.by_week) == ["2026-11-16", "2026-11-23", "2026-11-30"]
        week = sample.by_week["2026-11-16"]
        assert (week.owed, week.met, week.missed, week.not_owed, week.routed) == (5, 3, 2, 1, 1)
        assert list(sample.by_urgency) == ["routine", "urgent", "crisis"]
        assert sample.by_urgency["urgent"].missed == 1
        assert sample.by_label["dr-b"].percent_met == 100.0
        assert sample.by_label["dr-a"].owed == 5

    def test_every_figure_traces_to_its_outcomes(self, sample: Adherence) -> None:
        missed = [o.client for o in sample.outcomes if o.state.value == "missed"]
        assert missed == ["c-104", "c-106"]
        assert len(sample.outcomes) == 10

    def test_the_record_round_trips_through_json(self, sample: Adherence) -> None:
        assert Adherence.model_validate_json(sample.model_dump_json()) == sample


class TestDefinitions:
    def test_open_obligations_are_not_in_the_share_met(self) -> None:
        log = [Contact(t("2026-11-17T09:00-05:00"), voicemail=True, client="c-1")]
        record = adherence(default_policy(), log)
        assert (record.owed, record.open, record.percent_met) == (1, 1, None)
        assert (record.worst_late, record.median_late, record.median_return) == (None,) * 3

    def test_keep_chooses_the_outcomes_held(self) -> None:
        assert adherence(default_policy(), CallLog(SAMPLE), keep="none").outcomes == ()
        missed = adherence(default_policy(), CallLog(SAMPLE), keep="missed").outcomes
        assert [o.state.value for o in missed] == ["missed", "missed"]
        with pytest.raises(PolicyValidationError, match="keep='some'"):
            adherence(default_policy(), [], keep="some")  # type: ignore[arg-type]

    def test_summarize_counts_outcomes_found_apart(self, sample: Adherence) -> None:
        policy = default_policy()
        whole = list(CallLog(SAMPLE))
        clients = sorted({e.client for e in whole})
        parts = [
            [e for e in whole if e.client in clients[::2]],
            [e for e in whole if e.client in clients[1::2]],
        ]
        found = [o for part in parts for o in policy.track(part, now=sample.now)]
        again = summarize(found, now=sample.now)
        assert again.to_json_dict() == sample.to_json_dict()
        with pytest.raises(PolicyValidationError, match="is not an Outcome"):
            summarize(["met"])  # type: ignore[list-item]

    def test_an_empty_log(self) -> None:
        record = adherence(default_policy(), [])
        assert (record.owed, record.now, record.weeks) == (0, None, ())


CSV_HEADER = "kind,at,client,voicemail,urgency,reached,after,id\n"


def bad_row(row: str, header: str = CSV_HEADER) -> EventLogError:
    """The error of a log whose second row is ``row`` (the first is a good call)."""
    text = header + "contact,2026-11-17T09:00-05:00,c-1,yes,,,,e-1\n" + row + "\n"
    with pytest.raises(EventLogError) as err:
        adherence(default_policy(), CallLog(io.StringIO(text)))
    return err.value


class TestMalformedCsv:
    @pytest.mark.parametrize(
        ("row", "field", "match"),
        [
            ("contact,,c-2,yes,,,,e-2", "at", "is empty"),
            ("contact,2026-11-17 10:00,c-2,yes,,,,e-2", "at", "has no UTC offset"),
            ("contact,yesterday,c-2,yes,,,,e-2", "at", "is not an ISO 8601 time"),
            ("contact,0001-01-01T00:00+05:00,c-2,yes,,,,e-2", "at", "supported years"),
            ("call,2026-11-17T10:00-05:00,c-2,yes,,,,e-2", "kind", "'call' is not an event kind"),
            (
                "contact,2026-11-17T10:00-05:00,c-2,maybe,,,,e-2",
                "voicemail",
                "'maybe' is not yes or no",
            ),
            (
                "contact,2026-11-17T10:00-05:00,c-2,yes,soon,,,e-2",
                "urgency",
                "'soon' is not an urgency",
            ),
            (
                "contact,2026-11-17T10:00-05:00,c-2,yes,,yes,,e-2",
                "reached",
                "a contact row takes no reached",
            ),
            (
                "return,2026-11-17T10:00-05:00,c-1,yes,,,,e-2",
                "voicemail",
                "a return row takes no voicemail",
            ),
            ("call_after,2026-11-17T10:00-05:00,c-1,,,,,e-2", "after", "needs the time asked for"),
            ("rerate,2026-11-17T10:00-05:00,c-1,,,,,e-2", "urgency", "needs the new urgency"),
            (
                "contact,2026-11-17T08:00-05:00,c-2,yes,,,,e-2",
                "at",
                "earlier than the event before it",
            ),
            (
                "contact,2026-11-17T10:00-05:00,c-2,yes,,,,e-1",
                "id",
                "'e-1' was used by an earlier event",
            ),
            ("return,2026-11-17T10:00-05:00,c-9,,,yes,,e-2", "client", "has not called before it"),
        ],
    )
    def test_a_bad_cell_is_named_by_line_and_column(
        self, row: str, field: str, match: str
    ) -> None:
        err = bad_row(row)
        assert (err.row, err.field, err.path) == (3, field, f"line 3.{field}")
        assert match in str(err)
        assert str(err).startswith(f"line 3.{field}: ")

    def test_a_row_of_the_wrong_width(self) -> None:
        err = bad_row("contact,2026-11-17T10:00-05:00,c-2")
        assert (err.path, err.field) == ("line 3", None)
        assert "the row has 3 cells; the header has 8" in str(err)

    def test_a_bad_client_zone(self) -> None:
        header = "kind,at,client,client_zone\n"
        text = header + "contact,2026-11-17T09:00-05:00,c-1,Mars/Base\n"
        with pytest.raises(EventLogError, match="'Mars/Base' is not an IANA time zone") as err:
            adherence(default_policy(), CallLog(io.StringIO(text)))
        assert err.value.path == "line 2.client_zone"

    @pytest.mark.parametrize(
        ("header", "match"),
        [
            ("kind,at,voicemial\n", "'voicemial', is not a call-log column"),
            ("kind,at,at\n", "appears twice"),
            ("kind,client\n", "no 'at' column"),
            ("", "is empty; it needs a header row"),
        ],
    )
    def test_a_bad_header(self, header: str, match: str) -> None:
        with pytest.raises(EventLogError, match=match) as err:
            adherence(default_policy(), CallLog(io.StringIO(header)))
        assert err.value.path is not None
        assert err.value.path.startswith("line 1")

    def test_lines_count_quoted_line_breaks_and_skip_blank_lines(self) -> None:
        text = (
            "kind,at,client,id\n"
            'contact,2026-11-17T09:00-05:00,"c\n1",e-1\n'
            "\n"
            "call,2026-11-17T09:00-05:00,c-2,e-2\n"
        )
        found = list(read_events(io.StringIO(text)))
        assert [(where, type(e).__name__) for where, _, e in found] == [
            ("line 2", "Contact"),
            ("line 5", "EventLogError"),
        ]

    def test_a_byte_order_mark_is_read_past(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "log.csv"
        path.write_bytes(b"\xef\xbb\xbfat,voicemail\n2026-11-17T09:00-05:00,yes\n")
        (o,) = default_policy().track(CallLog(path))
        assert o.state.value == "open"

    def test_a_missing_file_or_a_folder(self, tmp_path: pathlib.Path) -> None:
        with pytest.raises(EventLogError, match="does not exist"):
            list(CallLog(tmp_path / "nope.csv"))
        with pytest.raises(EventLogError, match="is a directory"):
            list(CallLog(tmp_path))
        with pytest.raises(EventLogError, match="not a call log"):
            list(CallLog(42))  # type: ignore[arg-type]

    def test_skip_bad_lists_every_skipped_row_and_counts_the_rest(self) -> None:
        text = (
            CSV_HEADER
            + "contact,2026-11-17T09:00-05:00,c-1,yes,,,,e-1\n"
            + "contact,2026-11-17T10:00-05:00,c-2,maybe,,,,e-2\n"
            + "return,2026-11-17T11:00-05:00,c-9,,,yes,,e-3\n"
            + "return,2026-11-17T12:00-05:00,c-1,,,yes,,e-4\n"
        )
        record = adherence(default_policy(), CallLog(io.StringIO(text)), skip_bad=True)
        assert [(s.where, s.field) for s in record.skipped] == [
            ("line 3", "voicemail"),
            ("line 4", "client"),
        ]
        assert (record.owed, record.met) == (1, 1)


def test_python_events_are_named_by_index() -> None:
    log: list[Any] = [Contact(t("2026-11-17T09:00-05:00"), voicemail=True), "junk"]
    record = adherence(default_policy(), log, skip_bad=True)
    assert [(s.where, s.row) for s in record.skipped] == [("events[1]", 1)]
    assert record.owed == 1
    log = [Return(t("2026-11-17T09:00-05:00"))]
    with pytest.raises(EventLogError, match=r"events\[0\]\.client"):
        adherence(default_policy(), log)
