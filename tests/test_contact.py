"""Example tests for ``Contact`` and its enums (docs/rules.md, "Contacts")."""

from __future__ import annotations

from datetime import datetime

import pytest

from contact_policy import Channel, Contact, Direction, NaiveDatetimeError, Urgency
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
