"""Example tests for ``Contact`` and its enums (docs/rules.md, "Contacts")."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contact_policy import (
    Channel,
    Contact,
    ContactPolicyError,
    Direction,
    Line,
    NaiveDatetimeError,
    Topic,
    Urgency,
)
from contact_policy.limits import MAX_TEXT
from tests.helpers import NY, t


class TestContact:
    def test_defaults(self) -> None:
        c = Contact(t("2026-11-20T15:00-05:00"))
        assert (c.direction, c.channel, c.urgency, c.voicemail) == (
            Direction.INBOUND,
            Channel.CALL,
            Urgency.ROUTINE,
            False,
        )

    def test_plain_strings_for_enums(self) -> None:
        c = Contact(t("2026-11-20T15:00-05:00"), channel="text", urgency="urgent")
        assert c.channel is Channel.TEXT
        assert c.urgency is Urgency.URGENT

    def test_at_by_keyword_or_position(self) -> None:
        at = datetime(2026, 11, 20, 15, tzinfo=NY)
        assert Contact(at) == Contact(at=at)

    def test_a_naive_time_names_the_field(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^at: ") as info:
            Contact(datetime(2026, 11, 20, 15))
        assert info.value.path == "at"

    def test_json_round_trip(self) -> None:
        c = Contact(t("2026-11-20T15:00-05:00"), client_zone="America/Chicago", client="c-17")
        assert Contact.model_validate_json(c.model_dump_json()) == c


# --- the plain constructor (#14: a first answer builds no validator) ---------------------------

_ZONES = ("America/New_York", "Europe/London", "UTC", "Asia/Kolkata")


class _Stamp(datetime):
    """A datetime subclass, as pandas' Timestamp is one."""


def _instants() -> st.SearchStrategy[Any]:
    aware = st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [ZoneInfo(z) for z in _ZONES] + [UTC, timezone(timedelta(hours=-5))]
        ),
    )
    return st.one_of(
        aware,
        st.datetimes(),  # naive
        aware.map(lambda d: d.isoformat()),  # ISO text: validation parses it
        aware.map(lambda d: _Stamp.fromisoformat(d.isoformat())),  # validation decides
        st.sampled_from([None, 0, 1.5, True, "soon", datetime(1, 1, 1, tzinfo=UTC)]),
    )


def _values(name: str) -> st.SearchStrategy[Any]:
    enums = {
        "direction": Direction,
        "channel": Channel,
        "urgency": Urgency,
        "line": Line,
        "topic": Topic,
    }
    if name in enums:
        members = list(enums[name])
        return st.one_of(
            st.sampled_from(members),
            st.sampled_from([m.value for m in members]),
            st.sampled_from([None, "CALL", "", 1, Channel.TEXT, "crisis", "office"]),
        )
    if name in ("voicemail", "expected", "scheduled"):
        return st.sampled_from([True, False, 1, 0, "yes", None, np.bool_(True)])
    if name == "client_zone":
        return st.sampled_from([*_ZONES, None, "Mars/Base", " UTC", ZoneInfo("UTC"), 5, ""])
    return st.one_of(st.none(), st.text(max_size=5), st.sampled_from(["x" * (MAX_TEXT + 1), 7]))


@st.composite
def _contact_data(draw: st.DrawFn) -> dict[str, Any]:
    names = sorted(set(Contact.model_fields) - {"at"})
    data = {"at": draw(_instants())}
    for name in draw(st.lists(st.sampled_from(names), unique=True)):
        data[name] = draw(_values(name))
    if draw(st.integers(0, 9)) == 0:
        data["unknown"] = 1
    return data


def _outcome(build: Any) -> tuple[str, Any]:
    try:
        c = build()
    except ContactPolicyError as exc:
        return "error", (type(exc), str(exc), exc.path)
    stored = {k: (type(v), v) for k, v in c.__dict__.items()}
    return "value", (stored, c.model_fields_set, c.__pydantic_extra__, c.__pydantic_private__)


@settings(max_examples=300)
@given(_contact_data())
def test_the_plain_constructor_stores_what_validation_stores(data: dict[str, Any]) -> None:
    """``Contact(...)`` stores plain values itself; the result (or the error) is always what
    validating the same data gives."""
    direct = _outcome(lambda: Contact(**data))
    validated = _outcome(lambda: Contact.model_validate(data))
    assert direct == validated
    if "at" in data and direct[0] == "value":
        assert Contact(**data) == Contact.model_validate(data)


def test_the_plain_constructor_covers_every_field() -> None:
    from contact_policy.contact import _DEFAULTS, _ENUMS, _FLAGS, _TEXTS

    kinds = set(_ENUMS) | _FLAGS | _TEXTS | {"at", "client_zone"}
    assert kinds == set(Contact.model_fields) == set(_DEFAULTS)


def test_a_plain_contact_builds_no_validator() -> None:
    """Checked in a fresh interpreter (this process has built the validator long ago)."""
    code = (
        "from datetime import datetime, timezone\n"
        "from contact_policy import Contact\n"
        "c = Contact(datetime(2026, 11, 20, 15, tzinfo=timezone.utc), voicemail=True,"
        " channel='text', client='c-1', client_zone='UTC')\n"
        "print(Contact.__pydantic_complete__, c.channel.name)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "TEXT"]


def test_a_subclass_is_validated() -> None:
    class Noted(Contact):
        note: str = "none"

    c = Noted(datetime(2026, 11, 20, 15, tzinfo=NY), voicemail=True)
    assert (c.note, c.voicemail) == ("none", True)
    assert c == Noted.model_validate({"at": c.at, "voicemail": True})
