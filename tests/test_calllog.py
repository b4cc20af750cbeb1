"""Example tests for ``contact_policy.calllog``: CSV call logs read as a stream of events,
every malformed row named by line and column (the cell, the row's width, the header), quoted
line breaks and blank lines counted, a byte order mark read past, and bad rows skipped and
listed."""

from __future__ import annotations

import io
import pathlib

import pytest

from contact_policy import EventLogError, adherence, default_policy
from contact_policy.calllog import CallLog, read_events

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
