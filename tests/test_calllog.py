"""Example tests for ``contact_policy.calllog``: CSV call logs read as a stream of events,
every malformed row named by line and column (the cell, the row's width, the header), quoted
line breaks and blank lines counted, a byte order mark read past, and bad rows skipped and
listed."""

from __future__ import annotations

import csv
import io
import pathlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contact_policy import Contact, EventLogError, Policy, adherence, default_policy
from contact_policy.calllog import CallLog, read_events
from contact_policy.ledger import CallAfter, Return
from contact_policy.testing import call_logs, policies

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


# --- the report's fast path (calllog._follow) against the general one --------------------------

_COLUMNS = ("id", "kind", "at", "client", "label", "direction", "channel", "voicemail",
            "urgency", "client_zone", "line", "topic", "expected", "scheduled", "reached",
            "after")  # fmt: skip


def _csv(events: list[Any]) -> str:
    """The log as CSV (every column; a cell a kind does not take left empty)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_COLUMNS)
    for e in events:
        cells = dict.fromkeys(_COLUMNS, "")
        cells["id"], cells["at"] = e.id or "", e.at.isoformat()
        cells["client"] = e.client or ""
        if isinstance(e, Contact):
            cells["kind"] = "contact"
            for name in ("direction", "channel", "urgency", "line", "topic"):
                value = getattr(e, name)
                cells[name] = "" if value is None else value.value
            for name in ("voicemail", "expected", "scheduled"):
                cells[name] = "yes" if getattr(e, name) else "no"
            cells["client_zone"], cells["label"] = e.client_zone or "", e.label or ""
        elif isinstance(e, Return):
            cells["kind"], cells["reached"] = "return", "yes" if e.reached else ""
        elif isinstance(e, CallAfter):
            cells["kind"], cells["after"] = "call_after", e.after.isoformat()
        else:
            cells["kind"], cells["urgency"] = "rerate", e.urgency.value
        writer.writerow([cells[c] for c in _COLUMNS])
    return out.getvalue()


class _GeneralPath:
    """The log as ``(where, line, event)`` rows only: the ledger's general loop follows it."""

    def __init__(self, text: str) -> None:
        self.log = CallLog(io.StringIO(text))

    def located(self) -> Any:
        return self.log.located()


def _record(source: Any, events: Any, skip_bad: bool) -> Any:
    try:
        return adherence(source, events, keep="all", skip_bad=skip_bad)
    except EventLogError as exc:
        return (type(exc).__name__, str(exc), exc.path)


def _row(**cells: str) -> str:
    return ",".join(cells.get(c, "") for c in _COLUMNS)


#: Rows that break a log: bad cells, events the ledger refuses (out of time order, a return
#: for a client who never called, an id used twice), the wrong width, a blank line.
_BREAKS = st.sampled_from(
    [
        _row(kind="contact", at="not-a-time", client="c-0"),
        _row(kind="contact", at="2026-11-17T09:00", client="c-0"),
        _row(kind="contact", at="2026-11-17T09:00Z", client="c-0", voicemail="maybe"),
        _row(kind="callback", at="2026-11-17T09:00Z", client="c-0"),
        _row(kind="return", at="2026-11-17T09:00Z", client="c-0", label="dr-a"),
        _row(kind="return", at="2099-01-01T09:00Z", client="nobody"),
        _row(kind="contact", at="2000-01-01T09:00Z", client="c-0", voicemail="yes"),
        _row(kind="contact", at="2099-01-01T09:00Z", client="c-0", id="dup"),
        _row(kind="rerate", at="2099-01-02T09:00Z", client="c-0"),
        "a,b",
        "",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    policy=policies(),
    log=call_logs(),
    broken=st.lists(st.tuples(st.integers(0, 20), _BREAKS), max_size=3),
    skip_bad=st.booleans(),
)
def test_a_csv_log_takes_the_fast_path_to_the_same_record(
    policy: Policy, log: list[Any], broken: list[tuple[int, str]], skip_bad: bool
) -> None:
    # calllog._follow feeds the ledger straight from the CSV reader (returns as values);
    # the general loop takes CallLog.located()'s rows: the same record, or the same error.
    lines = _csv(log).splitlines(keepends=True)
    for place, text in broken:
        lines.insert(1 + place % len(lines), text + "\n")
    text = "".join(lines)
    fast = _record(policy, CallLog(io.StringIO(text)), skip_bad)
    general = _record(policy, _GeneralPath(text), skip_bad)
    assert fast == general
    if not broken:  # and the same as the events themselves
        assert fast == _record(policy, log, skip_bad)


@given(log=call_logs())
def test_a_csv_contact_is_the_contact_written(log: list[Any]) -> None:
    # The reader builds each Contact without validating it again: every field in the
    # model's order, and the fields-set of the cells given.
    read = [e for e in CallLog(io.StringIO(_csv(log))) if isinstance(e, Contact)]
    written = [e for e in log if isinstance(e, Contact)]
    assert read == written
    for got in read:
        again = Contact.model_validate({k: getattr(got, k) for k in got.model_fields_set})
        assert list(vars(got)) == list(Contact.model_fields)
        assert vars(got) == vars(again)
        assert got.model_fields_set == again.model_fields_set
