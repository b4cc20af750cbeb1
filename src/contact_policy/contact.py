"""``Contact``: one call, text, email or message, and its enumerations.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> c = Contact(datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/New_York")),
...             voicemail=True)
>>> c
Contact(at=datetime.datetime(2026, 11, 20, 15, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York')), voicemail=True)
>>> c.urgency
<Urgency.ROUTINE: 'routine'>
"""  # noqa: E501 - the doctest shows one whole repr

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from ._model import AwareDatetime, Flag, Model, Text, ZoneName

__all__ = ["Channel", "Contact", "Direction", "Line", "Topic", "Urgency"]


class Direction(StrEnum):
    """Who started the contact."""

    INBOUND = "inbound"  #: the client (or someone) contacted the practice
    OUTBOUND = "outbound"  #: the therapist contacts the client


class Channel(StrEnum):
    """How the contact travels."""

    CALL = "call"
    TEXT = "text"
    EMAIL = "email"
    SECURE_MESSAGE = "secure_message"  #: a message on the practice's secure platform
    VIDEO = "video"


class Urgency(StrEnum):
    """How urgent the contact is, as the caller or the triage says."""

    ROUTINE = "routine"
    URGENT = "urgent"
    CRISIS = "crisis"


class Line(StrEnum):
    """Which of the practice's numbers or addresses the contact came in on (or went out on)."""

    OFFICE = "office"  #: the professional line
    SCHEDULING = "scheduling"  #: a line for scheduling only
    PERSONAL = "personal"  #: a clinician's personal number or address
    SECURE_PLATFORM = "secure_platform"  #: the practice's secure messaging platform
    CRISIS = "crisis"  #: an after-hours emergency or on-call line


class Topic(StrEnum):
    """What the contact is about, when the software knows."""

    CLINICAL = "clinical"
    SCHEDULING = "scheduling"
    ADMINISTRATIVE = "administrative"
    BILLING = "billing"


class Contact(Model):
    """One contact between a client and the practice.

    ``at`` (aware) is when it arrived or was placed. ``voicemail`` says whether the caller
    left one. ``client_zone`` is the client's IANA zone when it differs from the practice's.
    ``client`` is an opaque reference (never a name) used to count a client's contacts and
    to follow them through a call log (:meth:`Policy.track`); ``id`` an opaque event id
    (unique within a log) and ``label`` an opaque grouping for reports (a clinician's code, a
    line): neither changes an answer.
    ``line``, ``topic``, ``expected`` and ``scheduled`` feed the boundary rules: which line
    was used, what it is about, whether the therapist said they were expecting this call, and
    whether it was pre-scheduled.
    """

    at: AwareDatetime
    direction: Direction = Direction.INBOUND
    channel: Channel = Channel.CALL
    voicemail: Flag = False
    urgency: Urgency = Urgency.ROUTINE
    client_zone: ZoneName | None = None
    client: Text | None = None
    line: Line = Line.OFFICE
    topic: Topic | None = None
    expected: Flag = False
    scheduled: Flag = False
    id: Text | None = None
    label: Text | None = None

    def __init__(self, at: datetime | None = None, /, **data: Any) -> None:
        if at is not None:
            data["at"] = at
        super().__init__(**data)

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]  # as Model's (_model.py)
