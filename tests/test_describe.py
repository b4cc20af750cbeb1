"""The policy in plain words: ``Policy.describe()``, ``Policy.voicemail_greeting(name)``,
``PolicyHistory.describe()`` and ``contact-policy describe``."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings

from contact_policy import (
    AfterHours,
    CallbackWindow,
    ContactPolicyError,
    FrequencyFlag,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OperatingHours,
    OutreachBoundary,
    Policy,
    PolicyHistory,
    PolicyVersion,
    SchedulingOnlyLine,
    Turnaround,
    VoicemailGate,
    default_policy,
    load_policy,
)
from contact_policy._describe import spoken_span, spoken_week
from contact_policy.cli import main
from contact_policy.testing import policies
from contact_policy.wording import channel_words, duration_words

ROOT = Path(__file__).resolve().parent.parent
EMERGENCY = (
    "If this is an emergency, hang up and dial 911 or go to the nearest emergency room. "
    "For a mental-health crisis, call or text 988 (Suicide & Crisis Lifeline)."
)
ON_CALL = " After hours, reach After-hours on-call clinician: +1-555-010-0199."


class TestDefaultPolicy:
    def test_text(self) -> None:
        assert default_policy().describe() == (
            "If I miss your call, I will return it within 24 hours, not counting weekends and "
            "US holidays. I return calls only when you leave a voicemail. Calls are not taken "
            "during another client's session: leave a voicemail and it will be returned "
            "(except a crisis, an administrative call the clinic requires and an urgent call "
            "the therapist expects). Calls outside answering hours (Monday to Friday between 9 am "
            "and 5 pm) go to voicemail, whose greeting gives the emergency path.\n\n"
            + EMERGENCY
            + ON_CALL
        )

    def test_markdown(self) -> None:
        text = default_policy().describe(format="markdown")
        lines = text.splitlines()
        assert lines[0] == (
            "- If I miss your call, I will return it within 24 hours, not counting weekends "
            "and US holidays."
        )
        assert lines[1] == "- I return calls only when you leave a voicemail."
        assert sum(line.startswith("- ") for line in lines) == 4
        assert lines[-1] == "**In an emergency:** " + EMERGENCY + ON_CALL

    def test_greeting_without_a_name(self) -> None:
        assert default_policy().voicemail_greeting() == (
            "You have reached the practice. Please leave a voicemail with your name and "
            "number; I return calls only when you leave a voicemail. I will return your call "
            "within 24 hours, not counting weekends and US holidays. " + EMERGENCY + ON_CALL
        )

    def test_greeting_with_a_name(self) -> None:
        greeting = default_policy().voicemail_greeting(name="Dr. Rivera")
        assert greeting.startswith("You have reached Dr. Rivera. Please leave a voicemail")

    @pytest.mark.parametrize("name", ["", "  ", 7])
    def test_greeting_bad_name(self, name: object) -> None:
        with pytest.raises(ContactPolicyError, match="name="):
            default_policy().voicemail_greeting(name=name)  # type: ignore[arg-type]

    def test_bad_format(self) -> None:
        with pytest.raises(ContactPolicyError, match="format='html'"):
            default_policy().describe(format="html")


class TestExamples:
    def test_callback_window_and_office_hours(self) -> None:
        policy = Policy(
            zone="America/New_York",
            holidays=["US"],
            rules=[
                Turnaround.business_hours(4, urgency=["urgent"]),
                Turnaround.business_days(2, urgency=["routine"]),
                OperatingHours(hours={"mon-thu": ["09:00-17:00"], "fri": ["09:00-13:00"]}),
                CallbackWindow.daily("08:00", "09:00", zone="client"),
            ],
        )
        assert policy.describe().split("\n\n")[0] == (
            "If I miss your routine call, I will return it within 2 business days. "
            "If I miss your urgent call, I will return it within 4 hours of operating hours. "
            "My office hours are Monday to Thursday between 9 am and 5 pm; Friday between 9 am "
            "and 1 pm; closed on US holidays. I return calls Monday to Friday between 8 and 9 "
            "am, your local time; not on US holidays."
        )
        greeting = policy.voicemail_greeting(name="Dr. Rivera")
        assert "Please leave a message with your name and number." in greeting
        assert "voicemail" not in greeting
        assert "I return calls Monday to Friday between 8 and 9 am, your local time" in greeting

    def test_no_holiday_calendar(self) -> None:
        policy = Policy(zone="UTC", rules=[Turnaround.hours(48, skip=("sat", "sun"))])
        assert policy.describe() == (
            "If I miss your call, I will return it within 48 hours, not counting weekends."
            "\n\n" + EMERGENCY
        )

    def test_gate_on_texts_for_routine(self) -> None:
        gate = VoicemailGate(channels=["call", "text"], urgency=["routine"])
        policy = Policy(zone="UTC", rules=[gate])
        assert policy.describe().startswith(
            "I return routine calls and texts only when you leave a voicemail."
        )
        assert "I return routine calls only when you leave a voicemail." in (
            policy.voicemail_greeting()
        )

    def test_boundaries(self) -> None:
        policy = Policy(
            zone="UTC",
            rules=[NoPersonalNumbers(), FrequencyFlag(limit=4, period=timedelta(days=7))],
        )
        text = policy.describe(format="markdown")
        assert "- Personal numbers are out of bounds" in text
        assert "- Frequent contact (over 4 in 7 days) is discussed at your next session" in text

    def test_empty_policy(self) -> None:
        assert Policy(zone="UTC").describe() == EMERGENCY
        assert Policy(zone="UTC").describe("markdown") == "**In an emergency:** " + EMERGENCY


class TestHistory:
    def test_version_in_force_and_notices(self) -> None:
        history = load_policy(ROOT / "docs" / "examples" / "history.toml")
        assert isinstance(history, PolicyHistory)
        text = history.describe(datetime(2027, 2, 1, tzinfo=UTC))
        assert text.startswith("Version 2 of 3, in force from Mon 4 Jan 2027.\n\n")
        assert "within 2 business days" in text
        notices = text.split("Changes:\n")[1].splitlines()
        assert notices == [f"- {c.text}" for c in history.changes()]

    def test_markdown(self) -> None:
        p1 = Policy(zone="UTC", rules=[Turnaround.hours(48)])
        p2 = Policy(zone="UTC", rules=[Turnaround.hours(24)])
        history = PolicyHistory(
            versions=[
                PolicyVersion(p1, effective=date(2026, 1, 1), announced=date(2025, 12, 1)),
                PolicyVersion(p2, effective=date(2026, 3, 1), announced=date(2026, 1, 1)),
            ]
        )
        text = history.describe(datetime(2026, 3, 2, tzinfo=UTC), format="markdown")
        assert text.startswith("**Version 2 of 2, in force from Sun 1 Mar 2026.**\n\n- If I")
        assert "within 24 hours" in text.split("**Changes:**")[0]
        assert text.endswith(f"- {history.changes()[0].text}")


class TestSpokenHours:
    @pytest.mark.parametrize(
        ("start", "end", "said"),
        [
            ("08:00", "09:00", "between 8 and 9 am"),
            ("08:30", "09:15", "between 8:30 and 9:15 am"),
            ("11:00", "13:00", "between 11 am and 1 pm"),
            ("09:00", "17:00", "between 9 am and 5 pm"),
            ("12:00", "14:00", "between noon and 2 pm"),
            ("10:00", "12:00", "between 10 am and noon"),
            ("12:30", "13:45", "between 12:30 and 1:45 pm"),
            ("00:00", "06:00", "between midnight and 6 am"),
            ("00:30", "01:00", "between 12:30 and 1 am"),
            ("22:00", "24:00", "between 10 pm and midnight"),
            ("22:00", "06:00", "between 10 pm and 6 am"),
            ("09:00", "08:00", "between 9 am and 8 am"),
            ("00:00", "24:00", "all day"),
        ],
    )
    def test_spans(self, start: str, end: str, said: str) -> None:
        assert spoken_span(start, end) == said

    def test_the_issues_example(self) -> None:
        policy = Policy(
            zone="America/New_York",
            holidays=["US"],
            rules=[Turnaround.hours(24), CallbackWindow.daily("08:00", "09:00")],
        )
        assert "I return calls Monday to Friday between 8 and 9 am; not on US holidays." in (
            policy.describe()
        )

    def test_days_and_several_spans(self) -> None:
        window = CallbackWindow(
            hours={"mon,wed,fri": ["12:00-13:00", "17:30-18:00"], "sat-sun": ["00:00-24:00"]},
            holidays=[],
        )
        text = Policy(zone="UTC", rules=[window]).describe()
        assert (
            "I return calls Monday, Wednesday and Friday between noon and 1 pm and between "
            "5:30 and 6 pm; Saturday and Sunday, all day; also on holidays." in text
        )


# --- every rule appears, and nothing else ---------------------------------------------------

#: How a callback window's sentence begins: "I return calls Monday to Friday between ...".
WINDOW_SENTENCE = (
    r"I return calls (every day|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
)
#: Words only a rule of this class writes.
ONLY: dict[type, str | re.Pattern[str]] = {
    Turnaround: "If I miss your",
    OperatingHours: "office hours",
    CallbackWindow: re.compile(WINDOW_SENTENCE),
    VoicemailGate: "only when you leave a voicemail",
    NoCallsDuringSessions: "another client's session",
    AfterHours: "answering hours",
    OutreachBoundary: "between sessions",
    NoPersonalNumbers: "personal numbers",
    SchedulingOnlyLine: "for scheduling only",
    FrequencyFlag: "discussed at your next session",
}


@settings(max_examples=300, deadline=None)
@given(policies())
def test_every_rule_appears_and_nothing_else(policy: Policy) -> None:
    text = policy.describe()
    markdown = policy.describe(format="markdown")
    # one bullet per rule, and the emergency path
    bullets = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(policy.rules)
    assert "911" in text
    assert "988" in text
    for contact in policy.emergency_path.contacts:
        assert contact.number in text
    for rule in policy.rules:
        if isinstance(rule, Turnaround):
            number = (
                f"{rule.days} business day"
                if rule.clock == "business_days"
                else duration_words(rule.within)  # type: ignore[arg-type]
            )
            assert f"within {number}" in text
            if rule.skip:
                assert "not counting" in text
        elif isinstance(rule, (OperatingHours, CallbackWindow)):
            assert spoken_week(rule.hours) in text
            if not any(getattr(r, "special_hours", ()) for r in policy.rules):
                for span in {str(x) for day in range(7) for x in rule.hours.for_day(day)}:
                    assert span not in text  # said as people say it, not as 08:00–09:00
        elif isinstance(rule, VoicemailGate):
            assert f"{channel_words([c.value for c in rule.channels])} only when" in text
        elif isinstance(rule, AfterHours) and rule.hours is not None:
            assert spoken_week(rule.hours) in text
        elif isinstance(rule, FrequencyFlag):
            assert f"over {rule.limit} in" in text
    present = {type(rule) for rule in policy.rules}
    for cls, words in ONLY.items():
        if cls not in present:
            found = words.search(text) if isinstance(words, re.Pattern) else words in text
            assert not found, (cls.__name__, text)
    named = set(policy.holidays) | {
        code for rule in policy.rules for code in (getattr(rule, "holidays", None) or ())
    }
    if "US" not in named:
        assert "US holidays" not in text
    if not any(isinstance(r, Turnaround) and r.skip for r in policy.rules):
        assert "not counting" not in text


@settings(max_examples=200, deadline=None)
@given(policies())
def test_greeting_says_what_the_rules_say(policy: Policy) -> None:
    greeting = policy.voicemail_greeting(name="Dr. Rivera")
    assert greeting.startswith("You have reached Dr. Rivera.")
    assert "911" in greeting
    assert "988" in greeting
    gated = any(isinstance(r, VoicemailGate) for r in policy.rules)
    assert ("only when you leave a voicemail" in greeting) == gated
    windows = any(isinstance(r, CallbackWindow) for r in policy.rules)
    assert (re.search(WINDOW_SENTENCE, greeting) is not None) == windows
    for rule in policy.rules_of(Turnaround):
        assert rule.describe().split(",")[0] in greeting


# --- the console ------------------------------------------------------------------------------


class TestCli:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["describe"]) == 0
        assert capsys.readouterr().out == default_policy().describe() + "\n"

    def test_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["describe", "--markdown"]) == 0
        assert capsys.readouterr().out == default_policy().describe("markdown") + "\n"

    def test_greeting(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["describe", "--greeting", "--name", "Dr. Rivera"]) == 0
        out = capsys.readouterr().out
        assert out == default_policy().voicemail_greeting(name="Dr. Rivera") + "\n"

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["describe", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data == {
            "policy": "Solo practice default",
            "format": "text",
            "text": default_policy().describe(),
        }

    def test_history(self, capsys: pytest.CaptureFixture[str]) -> None:
        path = str(ROOT / "docs" / "examples" / "history.toml")
        at = "2027-07-01T00:00-04:00"
        assert main(["describe", "--policy", path, "--at", at, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        history = load_policy(path)
        assert isinstance(history, PolicyHistory)
        assert data["text"] == history.describe(datetime.fromisoformat(at))
        assert data["changes"] == [c.text for c in history.changes()]
        assert data["text"].startswith("Version 3 of 3")


def test_a_history_without_at_describes_its_latest_version() -> None:
    """The library reads no clock: without ``at``, the latest version, whatever the date."""
    from contact_policy import Policy, PolicyHistory, PolicyVersion, Turnaround

    h = PolicyHistory(
        versions=[
            PolicyVersion(
                Policy(zone="UTC", rules=[Turnaround.hours(48)]),
                effective=date(2026, 1, 1),
                announced=date(2025, 12, 1),
            ),
            PolicyVersion(
                Policy(zone="UTC", rules=[Turnaround.hours(24)]),
                effective=date(2026, 3, 1),
                announced=date(2026, 1, 1),
            ),
        ]
    )
    assert h.describe().startswith("Version 2 of 2")
    assert h.describe(datetime(2026, 2, 1, tzinfo=UTC)).startswith("Version 1 of 2")
