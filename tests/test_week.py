"""The picture of the week (``contact_policy.week``, ``contact-policy week``): the SVG is
parsed and every band, label and mark is checked against the policy itself: its calendars'
intervals, ``return_by``, and the linear map from local wall time to y."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contact_policy import (
    AfterHours,
    CallbackWindow,
    Contact,
    NaiveDatetimeError,
    OperatingHours,
    Policy,
    PolicyFileError,
    PolicyValidationError,
    SessionSeries,
    Turnaround,
    default_policy,
)
from contact_policy.calendar import BusinessCalendar
from contact_policy.cli import main
from contact_policy.testing import ZONES, calendars, dst_transitions, policies
from contact_policy.week import (
    COLUMN,
    HOUR_PX,
    LEFT,
    TOP,
    load_sessions,
    week_html,
    week_start,
    week_svg,
)

ROOT = Path(__file__).resolve().parent.parent
NY = "America/New_York"
TZ = ZoneInfo(NY)
SVG = "{http://www.w3.org/2000/svg}"
OFFICE = OperatingHours(hours={"mon-fri": ["09:00-17:00"]})


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def bands(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("data-kind") == kind]


def seconds(clock: str) -> float:
    h, m, *rest = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + (float(rest[0]) if rest else 0.0)


def y(clock: str) -> float:
    return TOP + seconds(clock) * HOUR_PX / 3600


def wall(instant: datetime, day: date, tz: ZoneInfo, *, end: bool = False) -> float:
    """Seconds after local midnight of ``day`` of ``instant``; for the ``end`` of a band, the
    clock just before it (so 24:00 for the next midnight, and the wall time before a change
    of the clocks for a band that ends at it)."""
    local = (instant - timedelta(microseconds=1) if end else instant).astimezone(tz)
    assert local.date() == day, (instant, day)
    value = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return value + (1e-6 if end else 0)


def title(element: ET.Element) -> str:
    found = element.find(f"{SVG}title")
    assert found is not None
    assert found.text
    return found.text


def day_intervals(cal: BusinessCalendar, monday: date) -> list[tuple[date, datetime, datetime]]:
    """The calendar's intervals over the week, cut at each local midnight: what is drawn."""
    tz = cal.tz
    out = []
    for i in range(7):
        d = monday + timedelta(days=i)
        a = datetime.combine(d, time(), tz)
        b = datetime.combine(d + timedelta(days=1), time(), tz)
        out += [(d, iv.start, iv.end) for iv in cal.intervals(a, b)]
    return out


def check_bands(
    root: ET.Element, kind: str, cal: BusinessCalendar, monday: date, rule: str | None = None
) -> None:
    """The bands of ``kind`` (of the ``rule`` at that path, if given) are exactly ``cal``'s
    intervals, day by day, and sit where the wall times say: y from the local time, x inside
    the day's column."""
    tz = cal.tz
    drawn = [g for g in bands(root, kind) if rule is None or g.get("data-rule") == rule]
    got = [
        (
            date.fromisoformat(g.get("data-day", "")),
            datetime.fromisoformat(g.get("data-from", "")),
            datetime.fromisoformat(g.get("data-to", "")),
        )
        for g in drawn
    ]
    want = day_intervals(cal, monday)
    assert [(d, s.timestamp(), e.timestamp()) for d, s, e in got] == [
        (d, s.timestamp(), e.timestamp()) for d, s, e in want
    ]
    for g, (d, s, e) in zip(drawn, got, strict=True):
        rects = g.findall(f"{SVG}rect")
        assert rects
        first, last = rects[0], rects[-1]
        assert g.get("data-start") == first.get("data-start")
        assert g.get("data-end") == last.get("data-end")
        assert seconds(first.get("data-start", "")) == pytest.approx(wall(s, d, tz), abs=1e-6)
        assert seconds(last.get("data-end", "")) == pytest.approx(
            wall(e, d, tz, end=True), abs=1e-6
        )
        x0 = LEFT + (d - monday).days * COLUMN
        for r in rects:
            top, height = float(r.get("y", "")), float(r.get("height", ""))
            assert top == pytest.approx(y(r.get("data-start", "")), abs=0.002)
            assert top + height == pytest.approx(y(r.get("data-end", "")), abs=0.004)
            x, width = float(r.get("x", "")), float(r.get("width", ""))
            assert x0 <= x
            assert x + width <= x0 + COLUMN
        # one rect a constant-offset piece: split only where the clocks change
        if len(rects) == 1:
            assert (
                s.astimezone(tz).utcoffset()
                == (e - timedelta(microseconds=1)).astimezone(tz).utcoffset()
            )


# --- examples -----------------------------------------------------------------------------------


class TestDefaultPolicy:
    def test_answering_hours_monday_to_friday(self) -> None:
        root = parse(week_svg(default_policy(), date(2026, 1, 5)))
        drawn = bands(root, "answering")
        assert [(g.get("data-day"), g.get("data-start"), g.get("data-end")) for g in drawn] == [
            (f"2026-01-0{d}", "09:00", "17:00") for d in range(5, 10)
        ]
        assert title(drawn[0]) == "Calls answered Mon 5 Jan 09:00–17:00"
        assert bands(root, "open") == []  # the default policy has no operating hours

    def test_accessible_root(self) -> None:
        root = parse(week_svg(default_policy(), date(2026, 1, 5)))
        assert root.get("role") == "img"
        labelled = (root.get("aria-labelledby") or "").split()
        ids = {e.get("id"): e for e in root.iter() if e.get("id")}
        assert [ids[i].tag for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
        assert "Mon 2026-01-05" in (ids["week-title"].text or "")
        assert "Calls answered: Mon 5 Jan 09:00–17:00" in (ids["week-desc"].text or "")

    def test_self_contained(self) -> None:
        page = week_html(default_policy(), date(2026, 1, 5))
        assert "<script" not in page
        assert "@import" not in page
        assert "url(http" not in page
        rest = page.replace("http://www.w3.org/2000/svg", "")
        assert "http://" not in rest
        assert "https://" not in rest
        assert page.startswith("<!DOCTYPE html>")
        assert "<figcaption>" in page

    def test_patterns_and_legend(self) -> None:
        root = parse(week_svg(default_policy(), date(2026, 1, 5)))
        patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
        fill = bands(root, "answering")[0].find(f"{SVG}rect")
        assert fill is not None
        assert fill.get("fill") == "url(#week-answering)"
        assert "week-answering" in patterns
        legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
        words = [t.text for t in legend.iter(f"{SVG}text")]
        assert "calls answered" in words

    def test_week_start(self) -> None:
        assert week_start(date(2026, 1, 11)) == date(2026, 1, 5)
        svg = week_svg(default_policy(), date(2026, 1, 8))
        assert 'data-monday="2026-01-05"' in svg


class TestWindows:
    policy = Policy(
        zone=NY,
        holidays=["US"],
        rules=[OFFICE, CallbackWindow.daily("08:00", "09:00"), Turnaround.business_hours(4)],
    )

    def test_windows_and_open_hours(self) -> None:
        root = parse(week_svg(self.policy, date(2026, 1, 12)))
        assert self.policy.operating_calendar is not None
        check_bands(root, "open", self.policy.operating_calendar, date(2026, 1, 12))
        window = self.policy.rules_of(CallbackWindow)[0].calendar_in(NY, ("US",))
        check_bands(root, "window", window, date(2026, 1, 12))
        # MLK day, Monday 19 Jan, is a holiday: not drawn here, in the next week
        assert len(bands(root, "window")) == 5

    def test_holiday_is_labelled_and_closed(self) -> None:
        root = parse(week_svg(self.policy, date(2026, 1, 19)))
        holiday = [e for e in root.iter() if e.get("data-kind") == "holiday"]
        assert [e.get("data-day") for e in holiday] == ["2026-01-19"]
        assert "Martin Luther King" in title(holiday[0])
        assert "2026-01-19" not in {g.get("data-day") for g in bands(root, "open")}
        label = [g for g in root.iter(f"{SVG}g") if g.get("data-kind") == "holiday-label"]
        text = " ".join(t.text or "" for t in label[0].iter(f"{SVG}text"))
        assert text.startswith("Holiday US: Martin Luther King")

    def test_special_day_is_labelled(self) -> None:
        oh = OperatingHours(
            hours={"mon-fri": ["09:00-17:00"]},
            special_hours=[{"date": date(2026, 12, 24), "hours": [["09:00", "12:00"]]}],
            closed=[date(2026, 12, 31)],
        )
        policy = Policy(zone=NY, holidays=["US"], rules=[oh])
        root = parse(week_svg(policy, date(2026, 12, 21)))
        opened = {
            g.get("data-day"): (g.get("data-start"), g.get("data-end"))
            for g in bands(root, "open")
        }
        assert opened["2026-12-24"] == ("09:00", "12:00")
        assert "2026-12-25" not in opened  # Christmas
        labels = {
            g.get("data-day"): " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
            for g in root.iter(f"{SVG}g")
            if g.get("data-kind") == "special-label"
        }
        assert labels["2026-12-24"] == "Special open hours: 09:00–12:00"
        root = parse(week_svg(policy, date(2026, 12, 28)))
        labels = {
            g.get("data-day"): " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
            for g in root.iter(f"{SVG}g")
            if g.get("data-kind") == "special-label"
        }
        assert labels["2026-12-31"] == "Closed date (open hours)"


class TestLabels:
    def test_closure_and_client_windows(self) -> None:
        oh = OperatingHours(
            hours={"mon-fri": ["09:00-17:00"]},
            closures=[(datetime(2026, 1, 7, 12, tzinfo=TZ), datetime(2026, 1, 7, 13, tzinfo=TZ))],
        )
        policy = Policy(zone=NY, rules=[oh, CallbackWindow.daily("08:00", "10:00", zone="client")])
        root = parse(week_svg(policy, date(2026, 1, 5)))
        labels = [
            " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
            for g in root.iter(f"{SVG}g")
            if g.get("data-kind") == "special-label" and g.get("data-day") == "2026-01-07"
        ]
        assert labels == ["Closed 12:00–13:00 (open hours)"]
        wednesday = [g for g in bands(root, "open") if g.get("data-day") == "2026-01-07"]
        assert [(g.get("data-start"), g.get("data-end")) for g in wednesday] == [
            ("09:00", "12:00"),
            ("13:00", "17:00"),
        ]
        window = bands(root, "window")[0]
        assert window.get("data-rule") == "rules[1]"
        assert "client's time" in title(window)

    def test_desc_says_overnight_spans(self) -> None:
        policy = Policy(zone=NY, rules=[OperatingHours(hours={"fri": ["22:00-06:00"]})])
        root = parse(week_svg(policy, date(2026, 1, 5)))
        desc = root.find(f"{SVG}desc")
        assert desc is not None
        assert "Open: Fri 9 Jan 22:00 to Sat 10 Jan 06:00." in (desc.text or "")


class TestDst:
    policy = Policy(
        zone=NY, rules=[OperatingHours(hours={"sun": ["00:00-24:00"], "mon": ["01:00-03:00"]})]
    )

    def test_spring_forward_has_a_gap(self) -> None:
        root = parse(week_svg(self.policy, date(2026, 3, 2)))
        sunday = [g for g in bands(root, "open") if g.get("data-day") == "2026-03-08"]
        assert len(sunday) == 1
        rects = sunday[0].findall(f"{SVG}rect")
        assert [(r.get("data-start"), r.get("data-end")) for r in rects] == [
            ("00:00", "02:00"),
            ("03:00", "24:00"),
        ]
        gap = [e for e in root.iter() if e.get("data-kind") == "gap"]
        assert [(g.get("data-day"), g.get("data-start"), g.get("data-end")) for g in gap] == [
            ("2026-03-08", "02:00", "03:00")
        ]
        assert float(gap[0].get("y", "")) == pytest.approx(y("02:00"))
        day = next(
            g
            for g in root.iter(f"{SVG}g")
            if g.get("data-day") == "2026-03-08" and g.get("class") == "day"
        )
        assert day.get("data-hours") == "23"
        assert self.policy.operating_calendar is not None
        check_bands(root, "open", self.policy.operating_calendar, date(2026, 3, 2))

    def test_fall_back_repeats_an_hour(self) -> None:
        root = parse(week_svg(self.policy, date(2026, 10, 26)))
        sunday = [g for g in bands(root, "open") if g.get("data-day") == "2026-11-01"]
        rects = sunday[0].findall(f"{SVG}rect")
        assert [(r.get("data-start"), r.get("data-end")) for r in rects] == [
            ("00:00", "02:00"),
            ("01:00", "24:00"),
        ]
        repeat = [e for e in root.iter() if e.get("data-kind") == "repeat"]
        assert [(r.get("data-start"), r.get("data-end")) for r in repeat] == [("01:00", "02:00")]
        day = next(
            g
            for g in root.iter(f"{SVG}g")
            if g.get("data-day") == "2026-11-01" and g.get("class") == "day"
        )
        assert day.get("data-hours") == "25"
        assert self.policy.operating_calendar is not None
        check_bands(root, "open", self.policy.operating_calendar, date(2026, 10, 26))

    def test_midnight_skipped_in_havana(self) -> None:
        # 2026-03-08 in Havana: 00:00 becomes 01:00, so the day starts at 01:00
        policy = Policy(
            zone="America/Havana",
            rules=[OperatingHours(hours={"sat": ["20:00-24:00"], "sun": ["00:00-03:00"]})],
        )
        root = parse(week_svg(policy, date(2026, 3, 2)))
        drawn = [
            (g.get("data-day"), g.get("data-start"), g.get("data-end"))
            for g in bands(root, "open")
        ]
        assert drawn == [("2026-03-07", "20:00", "24:00"), ("2026-03-08", "01:00", "03:00")]
        gap = [e for e in root.iter() if e.get("data-kind") == "gap"]
        assert [(g.get("data-day"), g.get("data-start"), g.get("data-end")) for g in gap] == [
            ("2026-03-08", "00:00", "01:00")
        ]
        assert policy.operating_calendar is not None
        check_bands(root, "open", policy.operating_calendar, date(2026, 3, 2))

    def test_the_label_says_what_happens(self) -> None:
        svg = week_svg(self.policy, date(2026, 3, 2))
        assert "Clocks go forward: 02:00–03:00 skipped" in svg


class TestOvernight:
    def test_split_at_midnight(self) -> None:
        policy = Policy(zone=NY, rules=[OperatingHours(hours={"fri": ["22:00-06:00"]})])
        root = parse(week_svg(policy, date(2026, 1, 5)))
        drawn = [
            (g.get("data-day"), g.get("data-start"), g.get("data-end"))
            for g in bands(root, "open")
        ]
        assert drawn == [("2026-01-09", "22:00", "24:00"), ("2026-01-10", "00:00", "06:00")]
        # last week's Sunday night does not spill into this Monday; Sunday's night ends at 24:00
        assert policy.operating_calendar is not None
        check_bands(root, "open", policy.operating_calendar, date(2026, 1, 5))


class TestCall:
    policy = Policy(
        zone=NY,
        rules=[OFFICE, CallbackWindow.daily("12:00", "14:00"), Turnaround.business_hours(4)],
    )

    def test_marks_match_return_by(self) -> None:
        at = datetime(2026, 1, 7, 15, tzinfo=TZ)
        root = parse(week_svg(self.policy, date(2026, 1, 5), call=Contact(at, voicemail=True)))
        obligation = self.policy.return_by(Contact(at, voicemail=True))
        assert obligation.earliest is not None
        assert obligation.due is not None
        for kind, when in (
            ("received", at),
            ("earliest", obligation.earliest),
            ("due", obligation.due),
        ):
            (mark,) = bands(root, kind)
            assert datetime.fromisoformat(mark.get("data-at", "")) == when
            d = date.fromisoformat(mark.get("data-day", ""))
            assert d == when.astimezone(TZ).date()
            line = mark.find(f"{SVG}line")
            assert line is not None
            assert float(line.get("y1", "")) == pytest.approx(y(mark.get("data-time", "")))
            assert seconds(mark.get("data-time", "")) == wall(when, d, TZ)
            assert float(line.get("x1", "")) == LEFT + (d - date(2026, 1, 5)).days * COLUMN
        slots = bands(root, "permitted")
        assert [(g.get("data-from"), g.get("data-to")) for g in slots] == [
            (s.start.isoformat(), s.end.isoformat()) for s in obligation.slots
        ]

    def test_a_datetime_is_a_call_with_a_voicemail(self) -> None:
        at = datetime(2026, 1, 7, 15, tzinfo=TZ)
        assert week_svg(default_policy(), date(2026, 1, 5), call=at).count('data-kind="due"') == 1
        not_owed = week_svg(default_policy(), date(2026, 1, 5), call=Contact(at))
        assert 'data-kind="due"' not in not_owed
        assert "no return is owed" in not_owed

    def test_due_outside_the_week(self) -> None:
        at = datetime(2026, 1, 9, 16, tzinfo=TZ)
        root = parse(week_svg(self.policy, date(2026, 1, 5), call=at))
        (due,) = bands(root, "due")
        assert due.get("data-day") == ""
        assert "outside this week" in title(due)

    def test_sessions(self) -> None:
        weekly = SessionSeries(
            rrule="DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH",
            duration=timedelta(minutes=50),
        )
        one = (datetime(2026, 1, 6, 15, tzinfo=TZ), datetime(2026, 1, 6, 16, tzinfo=TZ))
        root = parse(week_svg(self.policy, date(2026, 1, 5), sessions=[weekly, one]))
        drawn = [
            (g.get("data-day"), g.get("data-start"), g.get("data-end"))
            for g in bands(root, "session")
        ]
        assert drawn == [
            ("2026-01-05", "10:00", "10:50"),
            ("2026-01-06", "15:00", "16:00"),
            ("2026-01-08", "10:00", "10:50"),
        ]


class TestErrors:
    def test_bad_arguments_are_typed_errors(self) -> None:
        with pytest.raises(PolicyValidationError, match="not a date"):
            week_svg(default_policy(), datetime(2026, 1, 5, tzinfo=TZ))
        with pytest.raises(PolicyValidationError, match="outside the years"):
            week_svg(default_policy(), date(9999, 12, 27))
        with pytest.raises(PolicyValidationError, match="not a Policy"):
            week_svg("policy.toml", date(2026, 1, 5))  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError, match="call="):
            week_svg(default_policy(), date(2026, 1, 5), call=datetime(2026, 1, 5, 9))


# --- the console tool -----------------------------------------------------------------------


class TestCli:
    def test_svg_to_stdout_and_file(self, tmp_path: Path, capsys: Any) -> None:
        assert main(["week", "--from", "2026-01-07"]) == 0
        out = capsys.readouterr().out
        assert parse(out).get("data-monday") == "2026-01-05"
        target = tmp_path / "week.svg"
        assert main(["week", "--call", "2026-01-07T15:00-05:00", "--svg", str(target)]) == 0
        svg = target.read_text()
        assert svg == week_svg(
            default_policy(), date(2026, 1, 5), call=datetime(2026, 1, 7, 15, tzinfo=TZ)
        )

    def test_html(self, tmp_path: Path) -> None:
        target = tmp_path / "week.html"
        argv = ["week", "--call", "2026-01-07T15:00-05:00", "--html", str(target)]
        assert main(argv) == 0
        page = target.read_text()
        assert page == week_html(
            default_policy(), date(2026, 1, 5), call=datetime(2026, 1, 7, 15, tzinfo=TZ)
        )

    def test_default_week_is_the_reference_week(self, capsys: Any) -> None:
        assert main(["week"]) == 0
        assert 'data-monday="2026-01-05"' in capsys.readouterr().out

    def test_week_of_the_call(self, capsys: Any) -> None:
        assert main(["week", "--call", "2026-11-20T15:00-05:00"]) == 0
        assert 'data-monday="2026-11-16"' in capsys.readouterr().out

    def test_policy_file_and_sessions(self, tmp_path: Path, capsys: Any) -> None:
        policy = tmp_path / "p.toml"
        policy.write_text(
            'zone = "Europe/London"\n[[rules]]\nkind = "operating_hours"\n'
            '[rules.hours]\nmon = [["09:00", "12:00"]]\n'
        )
        argv = ["week", "--policy", str(policy), "--from", "2026-03-23"]
        argv += ["--session", "2026-03-24T10:00+00:00/2026-03-24T10:50+00:00"]
        assert main(argv) == 0
        root = parse(capsys.readouterr().out)
        assert [(g.get("data-day"), g.get("data-start")) for g in bands(root, "open")] == [
            ("2026-03-23", "09:00")
        ]
        assert [g.get("data-day") for g in bands(root, "session")] == ["2026-03-24"]

    def test_sessions_file(self, tmp_path: Path, capsys: Any) -> None:
        file = tmp_path / "sessions.toml"
        file.write_text(
            "[[sessions]]\nstart = 2026-01-06T15:00:00-05:00\nend = 2026-01-06T16:00:00-05:00\n"
            '[[series]]\nrrule = "DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO"\n'
            'duration = "PT50M"\n'
        )
        assert main(["week", "--sessions", str(file)]) == 0
        root = parse(capsys.readouterr().out)
        drawn = [(g.get("data-day"), g.get("data-start")) for g in bands(root, "session")]
        assert drawn == [("2026-01-05", "10:00"), ("2026-01-06", "15:00")]
        schedule = load_sessions(str(file))
        assert len(schedule.sessions) == 1
        assert len(schedule.series) == 1

    def test_bad_sessions_file_names_the_field(self, tmp_path: Path, capsys: Any) -> None:
        file = tmp_path / "sessions.json"
        file.write_text('{"sessions": [{"start": "2026-01-06T15:00", "end": "2026-01-06T16:00"}]}')
        assert main(["week", "--sessions", str(file)]) == 2
        err = capsys.readouterr().err
        assert "sessions.json: sessions[0].start" in err
        with pytest.raises(PolicyFileError, match="does not exist"):
            load_sessions(str(tmp_path / "none.toml"))
        with pytest.raises(PolicyFileError, match=r"name it \.toml"):
            load_sessions(str(tmp_path / "sessions.txt"))

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--from", "2026-02-30"], "is not a date"),
            (["--call", "2026-01-07T15:00"], "has no UTC offset"),
            (["--from", "0001-01-01"], "outside the years"),
            (["--policy", "/no/such/policy.toml"], "does not exist"),
            (["--html", "a.html", "--svg", "a.svg"], "not allowed with"),
            (["--svg", "/no/such/folder/week.svg"], "cannot write"),
        ],
    )
    def test_bad_input_exits_2(self, argv: list[str], message: str, capsys: Any) -> None:
        try:
            status = main(["week", *argv])
        except SystemExit as exc:  # argparse's usage errors
            status = int(exc.code or 0)
        assert status == 2
        err = capsys.readouterr().err
        assert err.startswith("contact-policy: error:")
        assert message in err


# --- the rendered example in the docs ----------------------------------------------------------


def docs_example() -> str:
    return week_svg(default_policy(), date(2026, 1, 5), call=datetime(2026, 1, 9, 15, tzinfo=TZ))


def test_docs_example_is_what_the_code_draws() -> None:
    committed = (ROOT / "docs/examples/week.svg").read_text(encoding="utf-8")
    assert committed == docs_example(), "regenerate: see docs/week.md, 'The example'"


# --- properties ---------------------------------------------------------------------------------


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_every_band_is_the_calendars(policy: Policy, day: date) -> None:
    monday = week_start(day)
    root = parse(week_svg(policy, day))
    if policy.operating_calendar is not None:
        check_bands(root, "open", policy.operating_calendar, monday)
    else:
        assert bands(root, "open") == []
    paths = {id(r): f"rules[{i}]" for i, r in enumerate(policy.rules)}
    windows = policy.rules_of(CallbackWindow)
    for w in windows:
        cal = w.calendar_in(policy.zone, policy.holidays)
        check_bands(root, "window", cal, monday, rule=paths[id(w)])
    want = sum(
        len(day_intervals(w.calendar_in(policy.zone, policy.holidays), monday)) for w in windows
    )
    assert len(bands(root, "window")) == want
    for rule in policy.rules_of(AfterHours):
        if rule.hours is not None:
            cal = rule.calendar_in(policy.zone, policy.holidays)
            check_bands(root, "answering", cal, monday, rule=paths[id(rule)])


@st.composite
def zone_weeks(draw: st.DrawFn) -> tuple[str, date]:
    """A zone and a Monday, usually of a week in which its clocks change."""
    zone = draw(st.sampled_from(ZONES))
    changes = dst_transitions(zone, 2026, 2026)
    if changes and draw(st.booleans()):
        return zone, week_start(draw(st.sampled_from(changes)).astimezone(ZoneInfo(zone)).date())
    return zone, week_start(draw(st.dates(date(2026, 1, 1), date(2026, 12, 31))))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_bands_are_the_intervals_in_any_zone(data: st.DataObject) -> None:
    zone, monday = data.draw(zone_weeks())
    week = st.dates(monday - timedelta(days=1), monday + timedelta(days=7))
    cal = data.draw(calendars(zone, dates=week))
    oh = OperatingHours(
        hours=cal.hours,
        holidays=cal.holidays,
        closed=cal.closed,
        special_hours=cal.special_hours,
        closures=cal.closures,
    )
    policy = Policy(zone=zone, rules=[oh])
    assert policy.operating_calendar is not None
    root = parse(week_svg(policy, monday))
    check_bands(root, "open", cal, monday)
    check_bands(root, "open", policy.operating_calendar, monday)
    days = {g.get("data-day"): g for g in root.iter(f"{SVG}g") if g.get("class") == "day"}
    for i in range(7):
        d = monday + timedelta(days=i)
        a = datetime.combine(d, time(), ZoneInfo(zone))
        b = datetime.combine(d + timedelta(days=1), time(), ZoneInfo(zone))
        hours = (b.timestamp() - a.timestamp()) / 3600
        assert float(days[d.isoformat()].get("data-hours", "")) == pytest.approx(hours)
    # a gap or a repeat is marked on the day of each of the zone's changes, and nowhere else
    tz = ZoneInfo(zone)
    changed = sorted(
        t.astimezone(tz).date().isoformat()
        for t in dst_transitions(zone, monday.year - 1, monday.year + 1)
        if monday <= t.astimezone(tz).date() < monday + timedelta(days=7)
    )
    marked = sorted(
        e.get("data-day", "") for e in root.iter() if e.get("data-kind") in ("gap", "repeat")
    )
    assert marked == changed
