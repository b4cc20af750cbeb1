"""Tests of ``contact_policy.testing``: the strategies draw what they promise and importing the
library never imports hypothesis (``tests/test_docs.py`` runs the module's examples)."""

from __future__ import annotations

import pathlib
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from contact_policy import (
    BusinessCalendar,
    Channel,
    Contact,
    Policy,
    PolicyHistory,
    Turnaround,
    Urgency,
    VoicemailGate,
    testing,
)
from contact_policy.policy import RULE_CLASSES
from contact_policy.testing import (
    ZONES,
    aware_datetimes,
    calendars,
    call_logs,
    contact_instants,
    contacts,
    dst_transitions,
    durations,
    histories,
    policies,
    weekly_hours,
    zones,
)

SRC = pathlib.Path(testing.__file__).resolve().parent
MINUTE = timedelta(minutes=1)


def test_importing_the_library_does_not_import_hypothesis() -> None:
    code = (
        "import sys, contact_policy, contact_policy.calendar, contact_policy.policy; "
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported'; "
        "assert 'contact_policy.testing' not in sys.modules, 'testing imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our own interpreter


def test_only_the_strategy_modules_import_hypothesis() -> None:
    importers = sorted(
        path.name
        for path in SRC.glob("*.py")
        if "from hypothesis" in path.read_text() or "import hypothesis" in path.read_text()
    )
    assert importers == ["_log_strategies.py", "_policy_strategies.py", "testing.py"]


def test_every_public_name_has_a_docstring() -> None:
    for name in testing.__all__:
        obj = getattr(testing, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), name


@given(zones())
def test_zones_are_known(zone: str) -> None:
    assert zone in ZONES


@given(aware_datetimes())
def test_aware_datetimes_are_real_and_in_range(at: datetime) -> None:
    assert at.utcoffset() is not None
    assert (
        datetime(2024, 1, 1, tzinfo=UTC) <= at.astimezone(UTC) < datetime(2029, 1, 1, tzinfo=UTC)
    )
    # real: the zone writes that instant exactly so (no imaginary time, the right fold)
    again = at.astimezone(UTC).astimezone(at.tzinfo)
    assert (again.replace(tzinfo=None), again.fold) == (at.replace(tzinfo=None), at.fold)


@given(st.data())
def test_aware_datetimes_respect_bounds_and_grid(data: st.DataObject) -> None:
    lo = data.draw(aware_datetimes(2025, 2027))
    hi = lo.astimezone(UTC) + data.draw(durations(timedelta(hours=1), timedelta(days=20)))
    at = data.draw(aware_datetimes(min_value=lo, max_value=hi, grid=MINUTE))
    assert lo.astimezone(UTC) <= at.astimezone(UTC) <= hi
    assert (at.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)) % MINUTE == timedelta(0)


def test_aware_datetimes_reach_dst_transitions() -> None:
    edges = {t.astimezone(UTC) for t in dst_transitions("America/New_York", 2026, 2026)}
    seen: list[datetime] = []

    @settings(max_examples=200, database=None)
    @given(aware_datetimes(2026, 2026, zones=("America/New_York",)))
    def collect(at: datetime) -> None:
        if any(abs(at.astimezone(UTC) - edge) <= timedelta(minutes=2) for edge in edges):
            seen.append(at)

    collect()
    assert seen  # a sixth of the draws lie within two minutes of one


def test_dst_transitions_change_the_offset() -> None:
    for zone in ZONES:
        for t in dst_transitions(zone, 2024, 2028):
            before = (t.astimezone(UTC) - timedelta(seconds=1)).astimezone(t.tzinfo)
            assert before.utcoffset() != t.utcoffset(), (zone, t)


@given(st.sampled_from((5, 15, 30, 60)), st.booleans(), st.data())
def test_weekly_hours_are_valid(step: int, overnight: bool, data: st.DataObject) -> None:
    zone = data.draw(st.none() | zones())
    hours = data.draw(weekly_hours(step_minutes=step, overnight=overnight, zone=zone))
    cal = BusinessCalendar.weekly(zone or "UTC", hours)  # validation accepts them
    assert not cal.hours.empty
    for spans in hours.values():
        for pair in spans:
            for text in pair:
                assert int(text[-2:]) % step == 0
    if not overnight:
        assert not any(sp.overnight for i in range(7) for sp in cal.hours.for_day(i))


@given(weekly_hours(require_open=False))
def test_weekly_hours_may_be_closed_all_week(hours: dict[str, list[tuple[str, str]]]) -> None:
    BusinessCalendar.weekly("UTC", hours)


@given(durations(timedelta(minutes=3), timedelta(hours=5), grid=MINUTE))
def test_durations_respect_bounds_and_grid(d: timedelta) -> None:
    assert timedelta(minutes=3) <= d <= timedelta(hours=5)
    assert d % MINUTE == timedelta(0)


@given(calendars(dates=st.dates(date(2026, 6, 1), date(2026, 6, 30))))
def test_calendars_have_open_time_and_features_in_range(cal: BusinessCalendar) -> None:
    assert cal.zone in ZONES
    assert not cal.hours.empty
    assert cal.holidays in ((), ("US",), ("GB",))
    for day in (*cal.closed, *(s.date for s in cal.special_hours)):
        assert date(2026, 6, 1) <= day <= date(2026, 6, 30)
    for c in cal.closures:
        assert c.start.astimezone(UTC) < c.end.astimezone(UTC)
    assert cal.is_open(cal.next_open(datetime(2026, 6, 1, tzinfo=UTC)))


@pytest.mark.parametrize(
    "make",
    [
        lambda: zones(()),
        lambda: aware_datetimes(2027, 2026),
        lambda: aware_datetimes(min_value=datetime(2026, 1, 1)),  # naive
        lambda: aware_datetimes(wall_step=timedelta(minutes=7)),
        lambda: durations(timedelta(hours=2), timedelta(hours=1)),
        lambda: weekly_hours(step_minutes=7),
        lambda: calendars(step_minutes=0),
    ],
)
def test_bad_arguments_are_refused(make: object) -> None:
    with pytest.raises(InvalidArgument):
        make()  # type: ignore[operator]


# --- constraints -------------------------------------------------------------------------------


@given(policies(zones=testing.ZONES, kinds={"turnaround", "frequency"}, urgency="urgent"))
def test_policies_keep_to_their_zones_kinds_and_urgency(policy: Policy) -> None:
    assert policy.zone in testing.ZONES
    assert {rule.kind for rule in policy.rules} <= {"turnaround", "frequency"}
    for rule in policy.rules:
        if isinstance(rule, Turnaround):
            assert rule.urgency == (Urgency.URGENT,)


@given(policies(boundaries=False, holidays=("GB",)))
def test_policies_without_boundaries_and_with_other_holidays(policy: Policy) -> None:
    assert {rule.kind for rule in policy.rules} <= set(testing.CALL_RETURN_KINDS)
    assert policy.holidays in ((), ("GB",))


def test_every_kind_is_a_rule_kind() -> None:
    assert set(testing.RULE_KINDS) == {cls.model_fields["kind"].default for cls in RULE_CLASSES}


def test_policies_shrink_to_one_rule_of_a_kind() -> None:
    for kind in testing.RULE_KINDS:
        found = find(policies(kinds={kind}), lambda p: len(p.rules) > 0)
        assert [rule.kind for rule in found.rules] == [kind], kind
        assert found.zone == "America/New_York"


@given(st.data())
def test_contacts_suit_their_policy(data: st.DataObject) -> None:
    policy = data.draw(policies(zones=testing.DST_ZONES))
    contact = data.draw(contacts(policy=policy, start=date(2026, 3, 1), end=date(2026, 3, 31)))
    assert datetime(2026, 3, 1, tzinfo=UTC) <= contact.at < datetime(2026, 4, 1, tzinfo=UTC)
    gated = {c for gate in policy.rules_of(VoicemailGate) for c in gate.channels}
    assert contact.channel in {Channel.CALL} | gated
    policy.return_by(contact)  # answers, whatever was drawn
    policy.in_bounds(contact)


def test_contacts_shrink_to_nine_in_the_morning_in_the_policy_zone() -> None:
    policy = Policy(zone="Europe/London")
    found = find(contacts(policy=policy, min_year=2027, max_year=2027), lambda c: True)
    assert found.at == datetime(2027, 1, 1, 9, tzinfo=ZoneInfo("Europe/London"))
    assert found.at.tzinfo == ZoneInfo("Europe/London")


@given(st.data())
def test_call_logs_suit_their_policy(data: st.DataObject) -> None:
    policy = data.draw(policies(zones=("Asia/Kolkata", "America/Santiago")))
    log = data.draw(call_logs(policy=policy, days=7))
    assert all(e.at.tzinfo in (ZoneInfo(policy.zone), UTC) for e in log)
    assert [e.at for e in log] == sorted(e.at for e in log)
    policy.track(log)


@given(histories(zones="Australia/Lord_Howe", kinds={"turnaround"}, max_versions=2))
def test_histories_pass_the_policy_constraints_on(history: PolicyHistory) -> None:
    for version in history.versions:
        assert version.policy.zone == "Australia/Lord_Howe"
        assert {rule.kind for rule in version.policy.rules} <= {"turnaround"}


def test_dst_zones_change_their_clocks_and_are_zones() -> None:
    assert set(testing.DST_ZONES) <= set(ZONES)
    for zone in testing.DST_ZONES:
        assert dst_transitions(zone, 2024, 2028), zone
    for zone in set(ZONES) - set(testing.DST_ZONES):
        assert not dst_transitions(zone, 2024, 2028), zone


@given(calendars(dst_only=True), aware_datetimes(dst_only=True))
def test_dst_only_draws_dst_zones(cal: BusinessCalendar, at: datetime) -> None:
    assert cal.zone in testing.DST_ZONES
    assert at.utcoffset() is not None


@pytest.mark.parametrize(
    "cls",
    [
        Policy,
        PolicyHistory,
        BusinessCalendar,
        Contact,
        Turnaround,
        VoicemailGate,
        *RULE_CLASSES,
    ],
)
def test_from_type_draws_valid_values(cls: type) -> None:
    @settings(max_examples=5, database=None)
    @given(st.from_type(cls))
    def draws(value: object) -> None:
        assert isinstance(value, cls)

    draws()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: policies(zones=()), "at least one zone"),
        (lambda: policies(zones=["Mars/Olympus"]), "not an IANA zone"),
        (lambda: policies(kinds={"turnround"}), "not a rule kind"),
        (lambda: policies(boundaries=False, kinds={"frequency"}), "boundary rules"),
        (lambda: policies(urgency="crisis"), "crisis"),
        (lambda: policies(urgency="soon"), "routine"),
        (lambda: policies(kinds={"voicemail_gate"}, urgency="urgent"), "leaves them out"),
        (lambda: policies(holidays=["XX-NOWHERE"]), "holiday calendar"),
        (lambda: contacts(colour="red"), "not a Contact field"),
        (lambda: contacts(min_year=2026, start=date(2026, 1, 1)), "not both"),
        (lambda: contacts(at=contact_instants(), min_year=2026), "not both"),
        (lambda: contacts(start=date(2026, 2, 1), end=date(2026, 1, 1)), "holds no minute"),
        (lambda: contacts(start=datetime(2026, 2, 1)), "aware"),  # naive
        (lambda: contacts(policy="default"), "pass a Policy"),
        (lambda: call_logs(clients=0), "at least 1"),
        (lambda: call_logs(kinds=("contact", "callback")), "'callback'"),
        (lambda: call_logs(start=datetime(2026, 1, 1)), "aware"),  # naive
        (lambda: histories(min_versions=3, max_versions=2), "min_versions"),
        (lambda: histories(zones="Nowhere/Else"), "not an IANA zone"),
        (lambda: calendars("UTC", dst_only=True), "not both"),
        (lambda: calendars(min_year=2027, max_year=2026), "no such years"),
        (lambda: aware_datetimes(zones=["UTC"], dst_only=True), "not both"),
    ],
)
def test_impossible_constraints_are_refused_clearly(make: object, says: str) -> None:
    with pytest.raises(InvalidArgument, match=says):
        make()  # type: ignore[operator]
