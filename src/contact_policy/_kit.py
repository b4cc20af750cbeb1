"""The integrator's test kit without hypothesis: a fixed instant, a sample calendar, a call-log
builder and an assertion helper that explains an obligation mismatch (re-exported by
:mod:`contact_policy.testing` and :mod:`contact_policy.pytest_plugin`, whose fixtures hand
them out). Nothing here reads the clock.

>>> from contact_policy import default_policy
>>> log = CallLogBuilder().call("client-1", voicemail=True).returned("client-1", at=HOUR)
>>> [o.state.value for o in default_policy().track(log)]
['met']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from ._time import is_aware
from .answers import Obligation
from .calendar import BusinessCalendar
from .contact import Channel, Contact, Urgency
from .ledger import CallAfter, Event, Rerate, Return

__all__ = [
    "FIXED_NOW",
    "OBLIGATION_FIELDS",
    "CallLogBuilder",
    "assert_same_obligation",
    "obligation_diff",
    "sample_calendar",
]

HOUR = timedelta(hours=1)

#: The fixed "now" of the kit (the ``contact_policy_now`` fixture): Friday 20 November 2026,
#: 15:00 in New York, an afternoon before a weekend, where forgotten weekends show.
FIXED_NOW = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/New_York"))

#: The fields :func:`assert_same_obligation` compares, in the order it shows them.
OBLIGATION_FIELDS: tuple[str, ...] = (
    "required",
    "received",
    "due",
    "earliest",
    "deadline",
    "conflict",
    "route",
    "reasons",
)


def sample_calendar() -> BusinessCalendar:
    """The kit's sample calendar (the ``contact_policy_calendar`` fixture): Monday to Friday
    09:00–17:00 in New York, closed on US holidays.

    >>> cal = sample_calendar()
    >>> cal.next_open(FIXED_NOW + 3 * HOUR).isoformat()  # Friday 18:00: Monday 09:00
    '2026-11-23T09:00:00-05:00'
    """
    return BusinessCalendar.weekly(
        "America/New_York", {"mon-fri": [("09:00", "17:00")]}, holidays=("US",)
    )


# --- the call-log builder ------------------------------------------------------------------


class CallLogBuilder:
    """A small call log built call by call (the ``contact_policy_log`` fixture): each method
    adds one valid event and returns the builder, so calls chain; the builder is the log (pass
    it to ``Policy.track``).

    ``at`` is an aware datetime, or a ``timedelta`` after ``start`` (by default
    :data:`FIXED_NOW`); left out, the event happens when the one before it did (the first at
    ``start``). Events must come in time order, and each gets a unique id (``e-1``, ``e-2``,
    ...). A naive datetime is refused: say which zone it is in.

    >>> from contact_policy import default_policy
    >>> log = (CallLogBuilder()
    ...        .call("client-1", voicemail=True)                   # Friday 15:00
    ...        .call_after("client-1", after=timedelta(days=2, hours=18))  # "after Mon 09:00"
    ...        .returned("client-1", at=timedelta(days=3), reached=True))  # Monday 15:00
    >>> [type(e).__name__ for e in log]
    ['Contact', 'CallAfter', 'Return']
    >>> [(o.state.value, o.obligation.earliest.strftime("%a %H:%M"))
    ...  for o in default_policy().track(log)]
    [('met', 'Mon 09:00')]
    """

    def __init__(self, *, start: datetime = FIXED_NOW, zone: str | tzinfo | None = None) -> None:
        if not is_aware(start):
            msg = f"CallLogBuilder(start={start!r}): pass an aware datetime"
            raise ValueError(msg)
        self.start = start if zone is None else start.astimezone(_tz(zone))
        self._events: list[Event] = []
        self._last = self.start

    def __repr__(self) -> str:
        return f"<CallLogBuilder: {len(self._events)} events from {self.start.isoformat()}>"

    # The log itself.

    @property
    def events(self) -> tuple[Event, ...]:
        """The events so far, in order."""
        return tuple(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(tuple(self._events))

    def __len__(self) -> int:
        return len(self._events)

    # Events.

    def call(
        self,
        client: str,
        at: datetime | timedelta | None = None,
        *,
        voicemail: bool = False,
        urgency: Urgency | str = Urgency.ROUTINE,
        channel: Channel | str = Channel.CALL,
        **fields: Any,
    ) -> CallLogBuilder:
        """An inbound contact from ``client`` (a call by default; ``channel="text"`` for a
        text); ``fields`` are further :class:`~contact_policy.Contact` fields (``line``,
        ``client_zone``, ``label``, ...)."""
        contact = Contact(
            self._when(at, "call"),
            client=client,
            voicemail=voicemail,
            urgency=urgency,
            channel=channel,
            id=self._next_id(),
            **fields,
        )
        return self._add(contact)

    def text(
        self, client: str, at: datetime | timedelta | None = None, **fields: Any
    ) -> CallLogBuilder:
        """An inbound text from ``client`` (as :meth:`call` with ``channel="text"``)."""
        return self.call(client, at, channel=Channel.TEXT, **fields)

    def returned(
        self, client: str, at: datetime | timedelta | None = None, *, reached: bool = True
    ) -> CallLogBuilder:
        """A return call to ``client``; ``reached=False`` for an attempt that did not reach
        them."""
        when = self._when(at, "returned")
        return self._add(Return(when, client=client, reached=reached, id=self._next_id()))

    def call_after(
        self,
        client: str,
        after: datetime | timedelta,
        at: datetime | timedelta | None = None,
    ) -> CallLogBuilder:
        """``client`` asks to be called at or after ``after`` (a datetime, or a timedelta
        after ``start``)."""
        when = self._when(at, "call_after")
        event = CallAfter(when, self._resolve(after, "after"), client=client, id=self._next_id())
        return self._add(event)

    def rerate(
        self, client: str, urgency: Urgency | str, at: datetime | timedelta | None = None
    ) -> CallLogBuilder:
        """The urgency of ``client``'s open obligation changes to ``urgency``."""
        event = Rerate(self._when(at, "rerate"), urgency, client=client, id=self._next_id())
        return self._add(event)

    # Helpers.

    def _next_id(self) -> str:
        return f"e-{len(self._events) + 1}"

    def _resolve(self, at: datetime | timedelta, name: str) -> datetime:
        if isinstance(at, timedelta):
            return self.start + at
        if not is_aware(at):
            msg = (
                f"{name}={at!r}: pass an aware datetime or a timedelta after the log's start "
                f"({self.start.isoformat()})"
            )
            raise ValueError(msg)
        return at

    def _when(self, at: datetime | timedelta | None, method: str) -> datetime:
        when = self._last if at is None else self._resolve(at, "at")
        if when < self._last:
            msg = (
                f"{method}(at={when.isoformat()}) comes before the log's last event "
                f"({self._last.isoformat()}); add events in time order"
            )
            raise ValueError(msg)
        return when

    def _add(self, event: Event) -> CallLogBuilder:
        self._events.append(event)
        self._last = event.at
        return self


def _tz(zone: str | tzinfo) -> tzinfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


# --- comparing obligations ----------------------------------------------------------------


def _show(field: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _same(field: str, a: Any, b: Any) -> bool:
    if field == "route":
        return (a.kind if a else None) == (b.kind if b else None)
    return bool(a == b)


def obligation_diff(
    actual: Obligation, expected: Obligation, *, fields: Sequence[str] = OBLIGATION_FIELDS
) -> list[str]:
    """The two obligations side by side, one line per field of :data:`OBLIGATION_FIELDS` and
    one per reason, each line on which a compared field (of ``fields``) differs marked ``≠``;
    empty when they agree on every compared field. Fields not compared are shown too (the
    reasons say which rule each side followed), and named on a last line. Times are compared
    as instants (so one written in UTC equals the same instant written in New York), routes by
    kind and reasons by their text.

    >>> from contact_policy import Contact, default_policy
    >>> call = Contact(FIXED_NOW, voicemail=True)
    >>> got = default_policy().return_by(call)
    >>> obligation_diff(got, got)
    []
    >>> late = got.replace(due=got.due + HOUR, deadline=got.deadline + HOUR)
    >>> print("\\n".join(obligation_diff(late, got, fields=("due", "conflict"))))
      field     actual                     expected
      required  True                       True
      received  2026-11-20T15:00:00-05:00  2026-11-20T15:00:00-05:00
    ≠ due       2026-11-23T16:00:00-05:00  2026-11-23T15:00:00-05:00
      earliest  2026-11-20T15:00:00-05:00  2026-11-20T15:00:00-05:00
      deadline  2026-11-23T16:00:00-05:00  2026-11-23T15:00:00-05:00
      conflict  False                      False
      route     —                          —
      reasons   1                          1
        [0] actual:   turnaround: within 24 hours, not counting weekends and holidays: ...
        [0] expected: turnaround: within 24 hours, not counting weekends and holidays: ...
    (not compared: required, received, earliest, deadline, route, reasons)
    """
    unknown = [f for f in fields if f not in OBLIGATION_FIELDS]
    if unknown:
        msg = f"fields={unknown!r}: compare only {', '.join(OBLIGATION_FIELDS)}"
        raise ValueError(msg)
    compared = set(fields)
    rows: list[tuple[bool, str, str, str]] = []
    pairs: list[tuple[bool, str, str]] = []  # the reasons, by index
    differs = False
    for field in OBLIGATION_FIELDS:
        a, b = getattr(actual, field), getattr(expected, field)
        if field == "reasons":
            texts_a, texts_b = tuple(map(str, a)), tuple(map(str, b))
            same = texts_a == texts_b or field not in compared
            differs |= not same
            rows.append((same, "reasons", f"{len(a)}", f"{len(b)}"))
            for i in range(max(len(a), len(b))):
                left = texts_a[i] if i < len(a) else "—"
                right = texts_b[i] if i < len(b) else "—"
                pairs.append((left == right or field not in compared, left, right))
            continue
        same = _same(field, a, b) or field not in compared
        differs |= not same
        rows.append((same, field, _show(field, a), _show(field, b)))
    if not differs:
        return []
    rows.insert(0, (True, "field", "actual", "expected"))
    w_field = max(len(r[1]) for r in rows)
    w_left = max(len(r[2]) for r in rows)
    lines = [
        f"{' ' if same else '≠'} {name:<{w_field}}  {left:<{w_left}}  {right}".rstrip()
        for same, name, left, right in rows
    ]
    for i, (same, left, right) in enumerate(pairs):
        mark = " " if same else "≠"
        lines.append(f"{mark}   [{i}] actual:   {left}")
        lines.append(f"{mark}   [{i}] expected: {right}")
    left_out = [f for f in OBLIGATION_FIELDS if f not in compared]
    if left_out:
        lines.append(f"(not compared: {', '.join(left_out)})")
    return lines


def assert_same_obligation(
    actual: Obligation,
    expected: Obligation,
    *,
    fields: Sequence[str] = OBLIGATION_FIELDS,
    message: str = "",
) -> None:
    """Check that ``actual`` gives the answer ``expected`` gives, on ``fields`` (by default
    whether a return is owed, receipt, due, earliest, the raw deadline, conflict, the route's
    kind and the reasons). On a mismatch it raises ``AssertionError`` showing both answers side
    by side (:func:`obligation_diff`), so the reasons say which rule each side followed.

    >>> from contact_policy import Contact, Reason, default_policy
    >>> call = Contact(FIXED_NOW, voicemail=True)
    >>> policy = default_policy()
    >>> assert_same_obligation(policy.return_by(call), policy.return_by(call))
    >>> naive = Obligation(required=True, received=FIXED_NOW, earliest=FIXED_NOW,
    ...     due=FIXED_NOW + 24 * HOUR, deadline=FIXED_NOW + 24 * HOUR,
    ...     reasons=[Reason(rule="turnaround", text="due 24 hours after receipt")])
    >>> assert_same_obligation(naive, policy.return_by(call), fields=("due", "reasons"))
    Traceback (most recent call last):
    AssertionError: the obligations differ ('≠' marks each difference):
      field     actual                     expected
      required  True                       True
      received  2026-11-20T15:00:00-05:00  2026-11-20T15:00:00-05:00
    ≠ due       2026-11-21T15:00:00-05:00  2026-11-23T15:00:00-05:00
      earliest  2026-11-20T15:00:00-05:00  2026-11-20T15:00:00-05:00
      deadline  2026-11-21T15:00:00-05:00  2026-11-23T15:00:00-05:00
      conflict  False                      False
      route     —                          —
    ≠ reasons   1                          1
    ≠   [0] actual:   turnaround: due 24 hours after receipt
    ≠   [0] expected: turnaround: within 24 hours, not counting weekends and holidays: ...
    (not compared: required, received, earliest, deadline, conflict, route)
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    for name, value in (("actual", actual), ("expected", expected)):
        if not isinstance(value, Obligation):
            msg = f"assert_same_obligation: {name} is a {type(value).__name__}, not an Obligation"
            raise TypeError(msg)
    lines = obligation_diff(actual, expected, fields=fields)
    if lines:
        head = (message + ": " if message else "") + "the obligations differ ('≠' marks each"
        raise AssertionError("\n".join([head + " difference):", *lines]))
