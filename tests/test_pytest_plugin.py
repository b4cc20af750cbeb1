"""The pytest plugin, as an integrator meets it: installed, it is active (the ``pytest11`` entry
point), its fixtures work in a test file of theirs, and a test written only with
``contact_policy.testing`` and the plugin's helper catches a bug planted in small caller code,
its failure showing both answers' reasons. Each integrator's run is a pytest run inside this
one (``pytester``)."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
from datetime import UTC, timedelta
from importlib.metadata import entry_points

import pytest

from contact_policy import Contact, Obligation, Reason, default_policy
from contact_policy import pytest_plugin as plugin
from contact_policy.testing import (
    FIXED_NOW,
    CallLogBuilder,
    assert_same_obligation,
    obligation_diff,
)

pytest_plugins = ["pytester"]

SRC = pathlib.Path(plugin.__file__).resolve().parent

FIXTURES_TEST = """
from datetime import datetime, timedelta

from contact_policy import BusinessCalendar, Policy


def test_the_default_policy(contact_policy_default, contact_policy_now):
    from contact_policy import Contact

    assert isinstance(contact_policy_default, Policy)
    call = Contact(contact_policy_now, voicemail=True)  # Friday 15:00, before a weekend
    due = contact_policy_default.return_by(call).due
    assert due.isoformat() == "2026-11-23T15:00:00-05:00"


def test_the_fixed_now(contact_policy_now):
    assert contact_policy_now == datetime.fromisoformat("2026-11-20T15:00:00-05:00")


def test_the_sample_calendar(contact_policy_calendar, contact_policy_now):
    assert isinstance(contact_policy_calendar, BusinessCalendar)
    assert contact_policy_calendar.is_open(contact_policy_now)
    assert not contact_policy_calendar.is_open(contact_policy_now + timedelta(hours=3))


def test_the_log_builder(contact_policy_default, contact_policy_log):
    contact_policy_log.call("client-1", voicemail=True)
    contact_policy_log.returned("client-1", at=timedelta(days=3), reached=True)
    [outcome] = contact_policy_default.track(contact_policy_log)
    assert outcome.state.value == "met"
"""

#: An integrator's code with a planted bug (it adds 24 hours and forgets that the practice's
#: clock stops at weekends), and their test of it, written only with contact_policy.testing.
PLANTED_BUG_TEST = '''
from datetime import UTC, timedelta

from hypothesis import given, settings

from contact_policy import Obligation, Policy, Reason, Turnaround
from contact_policy.testing import assert_same_obligation, contacts

PRACTICE = Policy(
    zone="America/New_York",
    holidays=["US"],
    rules=[Turnaround.hours(24, skip=("sat", "sun", "holidays"))],
)


def due_by(contact):
    """The scheduling system's own due time (the planted bug: weekends are forgotten)."""
    due = contact.at + timedelta(hours=24)
    return Obligation(
        required=True,
        received=contact.at,
        earliest=contact.at,
        due=due,
        deadline=due,
        reasons=[Reason(rule="turnaround", text="due 24 hours after receipt")],
    )


@settings(max_examples=300, database=None, deadline=None)
@given(contacts(policy=PRACTICE, direction="inbound", urgency="routine"))
def test_due_by_agrees_with_the_policy(contact):
    assert_same_obligation(due_by(contact), PRACTICE.return_by(contact), fields=("due",))
'''

ASSERT_EQUAL_TEST = """
from datetime import UTC, timedelta

from contact_policy import Contact


def test_plain_assert(contact_policy_default, contact_policy_now):
    call = Contact(contact_policy_now, voicemail=True)
    expected = contact_policy_default.return_by(call)
    actual = expected.replace(due=expected.due + timedelta(hours=1),
                              deadline=expected.deadline + timedelta(hours=1))
    assert actual == expected
"""


def _run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makepyfile(test_integration=source)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")


def test_the_plugin_is_registered_by_the_entry_point() -> None:
    found = [ep for ep in entry_points(group="pytest11") if ep.name == "contact_policy"]
    assert [ep.value for ep in found] == ["contact_policy.pytest_plugin"]


def test_an_integrators_tests_use_the_fixtures(pytester: pytest.Pytester) -> None:
    result = _run(pytester, FIXTURES_TEST)
    result.assert_outcomes(passed=4)


def test_the_fixtures_are_listed_with_their_docs(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--fixtures")
    text = result.stdout.str()
    for name in ("default", "calendar", "now", "log"):
        assert f"contact_policy_{name}" in text


def test_a_planted_bug_is_found_and_both_reasons_shown(pytester: pytest.Pytester) -> None:
    result = _run(pytester, PLANTED_BUG_TEST)
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "the obligations differ" in text
    assert "≠ due" in text
    assert "turnaround: due 24 hours after receipt" in text  # the caller's reason
    assert "not counting weekends and holidays" in text  # the policy's reason


def test_a_plain_assert_between_obligations_is_explained(pytester: pytest.Pytester) -> None:
    result = _run(pytester, ASSERT_EQUAL_TEST)
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "Obligation == Obligation" in text
    assert "≠ due" in text


def test_the_plugin_can_be_turned_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_off="def test_off(contact_policy_now):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:contact_policy")
    result.assert_outcomes(errors=1)


def test_the_plugin_imports_no_hypothesis() -> None:
    code = (
        "import sys, contact_policy.pytest_plugin; "
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our own interpreter


def test_the_kit_reads_no_clock() -> None:
    for name in ("_kit.py", "pytest_plugin.py"):
        text = (SRC / name).read_text()
        for call in (".now(", ".today(", "time.time(", "utcnow("):
            assert call not in text, (name, call)


# --- the helper and the builder, directly ------------------------------------------------------


def test_equal_obligations_pass() -> None:
    got = default_policy().return_by(Contact(FIXED_NOW, voicemail=True))
    same_instant_in_utc = got.replace(due=got.due.astimezone(UTC))
    assert_same_obligation(got, same_instant_in_utc)
    assert obligation_diff(got, got) == []


def test_a_mismatch_shows_every_field_and_both_reasons() -> None:
    policy = default_policy()
    expected = policy.return_by(Contact(FIXED_NOW, voicemail=True))
    actual = Obligation(required=False, received=FIXED_NOW, reasons=[Reason(rule="x", text="y")])
    with pytest.raises(AssertionError) as caught:
        assert_same_obligation(actual, expected, message="client-1")
    text = str(caught.value)
    assert text.startswith("client-1: the obligations differ")
    for field in ("required", "received", "due", "earliest", "deadline", "conflict", "route"):
        assert f" {field} " in text
    assert "≠ required" in text
    assert "x: y" in text
    assert str(expected.reasons[0]) in text
    assert "not compared" not in text


def test_the_helper_refuses_what_is_not_an_obligation() -> None:
    got = default_policy().return_by(Contact(FIXED_NOW, voicemail=True))
    with pytest.raises(TypeError, match="not an Obligation"):
        assert_same_obligation(got.due, got)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="compare only"):
        obligation_diff(got, got, fields=("slots",))


def test_the_builder_keeps_time_order_and_unique_ids() -> None:
    log = CallLogBuilder().call("c-1").text("c-2", timedelta(minutes=5)).rerate("c-1", "urgent")
    assert [e.id for e in log] == ["e-1", "e-2", "e-3"]
    assert len(log) == 3
    assert log.events[1].channel.value == "text"
    with pytest.raises(ValueError, match="time order"):
        log.returned("c-1", at=timedelta(0))
    with pytest.raises(ValueError, match="aware"):
        log.returned("c-1", at=FIXED_NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match="aware"):
        CallLogBuilder(start=FIXED_NOW.replace(tzinfo=None))
    assert CallLogBuilder(zone="UTC").start.utcoffset() == timedelta(0)


# --- docs/testing.md, followed word for word ---------------------------------------------------

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "testing.md"


def _page_files() -> dict[str, str]:
    """The files docs/testing.md tells a reader to write: its python blocks whose first line
    names the file (``# scheduling.py``)."""
    text = DOCS.read_text()
    found = re.findall(r"```python\n# ([\w.]+\.py)\n(.*?)```", text, flags=re.DOTALL)
    return {name: body for name, body in found}


def test_the_pages_files_find_the_bug_then_pass_once_it_is_fixed(
    pytester: pytest.Pytester,
) -> None:
    files = _page_files()
    assert set(files) == {"scheduling.py", "test_scheduling.py", "test_fixtures.py"}
    for name, body in files.items():
        pytester.makepyfile(**{name[:-3]: body})
    pytester.syspathinsert()
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=3, failed=1)
    text = result.stdout.str()
    assert "≠ due" in text
    assert "turnaround: due 24 hours after receipt" in text
    assert "not counting weekends and holidays" in text
    # The fix the page gives: ask the policy.
    fixed = files["scheduling.py"].replace(
        "    due = contact.at + timedelta(hours=24)\n", "    return PRACTICE.return_by(contact)\n"
    )
    assert fixed != files["scheduling.py"]
    pytester.makepyfile(scheduling=fixed)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q", "test_scheduling.py")
    result.assert_outcomes(passed=1)
