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

from ._model import AwareDatetime, Flag, Model, Text, ZoneName, get_zone
from ._time import MAX_YEAR, MIN_YEAR, offset_problem
from .errors import ContactPolicyError
from .limits import MAX_TEXT

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
        values = _plain_values(data) if type(self) is Contact else None  # (not a subclass's)
        if values is None:
            super().__init__(**data)
        else:  # what validation would store, without building the validator (_plain_values)
            _set = object.__setattr__
            _set(self, "__dict__", values)
            _set(self, "__pydantic_fields_set__", set(data))
            _set(self, "__pydantic_extra__", None)
            _set(self, "__pydantic_private__", None)
            if Contact.__pydantic_post_init__:  # pragma: no cover - none on the versions seen
                self.model_post_init(None)

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]  # as Model's (_model.py)


# --- the plain constructor ---------------------------------------------------------------
# Most contacts are built from plain values: an aware ``datetime`` (exactly that class), enum
# members or their values, ``bool`` flags, short ``str`` texts and zone names. For those the
# stored values are the given ones (or the enum member of a value), so ``Contact(...)`` stores
# them itself and builds no pydantic validator: a fresh process's first answer does not pay
# for building one (nor pydantic's search for plugins that comes with the first). Anything
# else (a pandas Timestamp, ISO text, a naive datetime, an unknown key, a bad value) goes
# through validation as before, which converts it or raises the usual error. A property test
# (tests/test_contact.py) checks that both paths store the same values.

_ENUMS: dict[str, type[StrEnum]] = {
    "direction": Direction,
    "channel": Channel,
    "urgency": Urgency,
    "line": Line,
    "topic": Topic,
}
_FLAGS = frozenset({"voicemail", "expected", "scheduled"})
_TEXTS = frozenset({"client", "id", "label"})
#: Every field's default (``at`` has none), in the fields' order.
_DEFAULTS: dict[str, Any] = {
    name: None if field.is_required() else field.default
    for name, field in Contact.model_fields.items()
}


def _plain_values(data: dict[str, Any]) -> dict[str, Any] | None:
    """The field values validation would store for ``data``, or None unless every value is
    plain (then validation decides, and says what is wrong)."""
    at = data.get("at")
    # A local year strictly inside the supported years has its UTC year inside them too (they
    # differ by one at most); the edge years are left to validation's exact check.
    if type(at) is not datetime or not MIN_YEAR < at.year < MAX_YEAR:
        return None
    if offset_problem(at) is not None:
        return None
    values = _DEFAULTS.copy()
    for name, value in data.items():
        if name in _FLAGS:
            if type(value) is not bool:
                return None
        elif name in _ENUMS:
            enum = _ENUMS[name]
            if type(value) is str:
                value = enum._value2member_map_.get(value)
                if value is None:
                    return None
            elif type(value) is not enum and not (value is None and name == "topic"):
                return None
        elif name in _TEXTS:
            if value is not None and (type(value) is not str or len(value) > MAX_TEXT):
                return None
        elif name == "client_zone":
            if value is not None:
                if type(value) is not str:
                    return None
                try:
                    get_zone(value)
                except ContactPolicyError:
                    return None
        elif name != "at":
            return None
        values[name] = value
    return values
