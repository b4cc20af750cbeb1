"""Example tests for ``contact_policy.report`` and ``contact-policy report``: the text, JSON
and HTML forms of the adherence record of the sample log, bad rows (exit status 2, the line
and the column named, no page written) and ``--skip-bad``."""

from __future__ import annotations

import io
import json
import pathlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contact_policy import Contact, Return, adherence, default_policy
from contact_policy.cli import main
from contact_policy.report import FirstMissed, MissedSpool, html_report, text_report, week_chart

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "docs" / "examples" / "call-log.csv")
HISTORY = str(ROOT / "docs" / "examples" / "history.toml")
NY = ZoneInfo("America/New_York")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "Traceback" not in err
    return err.strip()


class TestConsole:
    def test_the_text_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "report", SAMPLE)
        assert "as of Mon 2026-11-30 09:00 EST" in out
        assert "percent met              66.7%" in out
        assert "worst lateness           1 h 30 min" in out
        assert "  - c-104: called Wed 2026-11-18 16:00 EST, due Thu 2026-11-19 16:00 EST" in out
        assert out.index("c-104") < out.index("c-106")  # in order of receipt

    def test_json_is_one_object_with_every_missed_obligation(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        data = json.loads(run(capsys, "report", SAMPLE, "--json"))
        assert (data["owed"], data["met"], data["missed"], data["open"]) == (8, 4, 2, 2)
        assert data["worst_late"] == "PT1H30M"
        assert data["by_label"]["dr-b"]["percent_met"] == 100.0
        assert [o["client"] for o in data["outcomes"]] == ["c-104", "c-106"]
        assert data["outcomes"][0]["reasons"][-1]["rule"] == "outcome"
        assert data["skipped"] == []

    def test_html_is_one_self_contained_page(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        page = tmp_path / "report.html"
        out = run(capsys, "report", SAMPLE, "--html", str(page), "--quiet")
        assert out == ""
        html = page.read_text()
        assert html.startswith("<!DOCTYPE html>")
        assert "<script" not in html
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert html.count("<rect") == 6  # met and missed for each of three weeks
        assert "re-rated routine -&gt; urgent" in html  # reasons, escaped

    def test_now_closes_the_books_later(self, capsys: pytest.CaptureFixture[str]) -> None:
        data = json.loads(
            run(capsys, "report", SAMPLE, "--json", "--now", "2026-12-04T00:00-05:00")
        )
        assert (data["open"], data["missed"]) == (0, 4)  # c-109 and c-110 are now late

    def test_a_policy_history(self, capsys: pytest.CaptureFixture[str]) -> None:
        data = json.loads(run(capsys, "report", SAMPLE, "--json", "--policy", HISTORY))
        assert data["owed"] > 0
        assert {o["version"] for o in data["outcomes"]} <= {1}

    def test_a_bad_row_stops_the_report_and_writes_no_page(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        log = tmp_path / "log.csv"
        text = pathlib.Path(SAMPLE).read_text().replace("e-006,contact,", "e-006,contatc,")
        log.write_text(text)
        page = tmp_path / "report.html"
        err = fails(capsys, "report", str(log), "--html", str(page))
        assert err == (
            "contact-policy: error: line 7.kind: 'contatc' is not an event kind; use contact, "
            "return, call_after, rerate"
        )
        assert not page.exists()
        assert list(tmp_path.iterdir()) == [log]  # no temporary file left either

    def test_bad_rows_in_json(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        log = tmp_path / "log.csv"
        log.write_text("at,voicemail\n2026-11-17T09:00,yes\n")
        main(["report", str(log), "--json"])
        out, _ = capsys.readouterr()
        error = json.loads(out)["error"]
        assert (error["code"], error["field"]) == ("bad_event", "line 2.at")

    def test_skip_bad_lists_the_skipped_rows(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        log = tmp_path / "log.csv"
        text = pathlib.Path(SAMPLE).read_text()
        text = text.replace("e-006,contact,", "e-006,contatc,").replace(
            ",c-108,dr-b,yes,", ",c-108,dr-b,maybe,"
        )
        log.write_text(text)
        status = main(["report", str(log), "--skip-bad"])
        out, err = capsys.readouterr()
        assert status == 0
        assert "skipped rows (3): the figures leave them out" in out  # and c-108's return
        assert "line 7.kind" in out
        assert "line 18.voicemail" in out
        assert "line 19.client" in out
        assert "3 bad rows were skipped" in err

    def test_a_missing_log(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert "does not exist" in fails(capsys, "report", "no-such-log.csv")


class TestParts:
    def test_labels_are_escaped_in_the_page(self) -> None:
        log = [
            Contact(datetime(2026, 11, 16, 9, tzinfo=NY), voicemail=True, label="<b>dr</b> & co"),
        ]
        page = html_report(adherence(default_policy(), log, now=datetime(2026, 11, 20, tzinfo=NY)))
        assert "&lt;b&gt;dr&lt;/b&gt; &amp; co" in page
        assert "<b>dr</b>" not in page

    def test_the_spool_gives_missed_obligations_in_order_of_receipt(self) -> None:
        log = [
            Contact(datetime(2026, 11, 16, 9, tzinfo=NY), voicemail=True, client="a"),
            Contact(datetime(2026, 11, 16, 10, tzinfo=NY), voicemail=True, client="b"),
            Return(datetime(2026, 11, 18, 9, tzinfo=NY), client="b", reached=True),  # b late first
        ]
        with MissedSpool() as spool:
            record = adherence(
                default_policy(),
                log,
                now=datetime(2026, 11, 20, tzinfo=NY),
                keep="missed",
                sink=spool.add,
            )
            assert record.outcomes == ()
            assert [e["client"] for e in spool] == ["a", "b"]
            assert len(spool) == 2

    def test_first_missed_keeps_the_earliest_received(self) -> None:
        start = datetime(2026, 11, 16, 9, tzinfo=NY)
        log = [
            Contact(start + timedelta(minutes=i), voicemail=True, client=f"c-{i}")
            for i in range(30)
        ]
        first = FirstMissed(3)
        adherence(
            default_policy(), log, now=start + timedelta(days=5), keep="missed", sink=first.add
        )
        assert [e["client"] for e in first] == ["c-0", "c-1", "c-2"]
        text = text_report(adherence(default_policy(), log, now=start + timedelta(days=5)))
        assert "... and 10 more (--html or --json lists every one)" in text

    def test_the_chart_scales_to_many_weeks(self) -> None:
        record = adherence(default_policy(), [])
        assert week_chart(record.weeks).startswith("<svg")
        sample = adherence(default_policy(), _sample_events())
        svg = week_chart(sample.weeks)
        assert 'role="img"' in svg
        assert "<title>" in svg


def _sample_events() -> list[object]:
    from contact_policy.calllog import CallLog

    return list(CallLog(io.StringIO(pathlib.Path(SAMPLE).read_text())))
