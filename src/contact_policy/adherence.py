"""The adherence record: every obligation of a call log with its outcome, and a summary that
shows whether the policy was kept.

:func:`adherence` follows a log through :mod:`contact_policy.ledger` and counts: obligations
owed, met and missed, overall and by urgency, by week and by label (a clinician's code, a
line), with the share met, the worst and median lateness and the median time to return, each
on the policy's own clock. Every figure can be traced to its outcomes (``outcomes``), and each
outcome to its contacts and rules (its reasons). The definitions, with an example, are in
docs/tracking.md ("The adherence record").

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from contact_policy import Contact, Return, default_policy
>>> tz = ZoneInfo("America/New_York")
>>> log = [Contact(datetime(2026, 11, 20, 15, tzinfo=tz), voicemail=True, client="c-1"),
...        Contact(datetime(2026, 11, 20, 16, tzinfo=tz), voicemail=True, client="c-2"),
...        Return(datetime(2026, 11, 23, 11, tzinfo=tz), client="c-1", reached=True),
...        Return(datetime(2026, 11, 24, 9, tzinfo=tz), client="c-2", reached=True)]
>>> record = adherence(default_policy(), log)
>>> record.owed, record.met, record.missed, record.percent_met
(2, 1, 1, 50.0)
>>> str(record.worst_late)
'17:00:00'

Imports the ledger and the answers.
"""

from __future__ import annotations

import sys
import types
from array import array
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

from ._model import AwareDatetime, Model, Text
from ._time import check_aware as aware
from ._time import to_us
from .contact import Urgency
from .errors import EventLogError, PolicyValidationError
from .ledger import Outcome, OutcomeState, _Case, _cases, _located, _outcome
from .wording import iso_duration

__all__ = ["Adherence", "SkippedEvent", "Tally", "adherence", "summarize"]

#: The key of obligations whose first contact has no label, in ``by_label``.
NO_LABEL = "(no label)"


class Tally(Model):
    """The counts of one group of obligations (``key`` names the group: an urgency, the
    Monday of a week, a label). ``owed`` is ``met + missed + open``; a crisis (``routed``)
    and a contact owed nothing (``not_owed``) are counted apart."""

    key: Text
    met: int = 0
    missed: int = 0
    open: int = 0
    not_owed: int = 0
    routed: int = 0

    @property
    def owed(self) -> int:
        """Obligations owed a return: met, missed or still open."""
        return self.met + self.missed + self.open

    @property
    def percent_met(self) -> float | None:
        """The share met of those settled (met or missed), in percent; None when none are."""
        settled = self.met + self.missed
        return None if not settled else 100 * self.met / settled

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON, with ``owed`` and ``percent_met``."""
        data: dict[str, Any] = self.model_dump(mode="json")
        data["owed"], data["percent_met"] = self.owed, self.percent_met
        return data


class SkippedEvent(Model):
    """An event left out of a record made with ``skip_bad=True``: ``where`` it was
    (``line 18``, ``events[17]``), the bad ``field`` (if one) and the error's ``message``."""

    where: Text
    row: int | None = None
    field: Text | None = None
    message: Text

    @classmethod
    def of(cls, error: EventLogError) -> SkippedEvent:
        """The entry for ``error``."""
        where = (error.path or "").split(".", 1)[0] or "events"
        return cls(where=where, row=error.row, field=error.field, message=error.message)


class Adherence(Model):
    """The adherence record of a call log (see the module docstring).

    ``total`` counts every obligation; ``urgencies``, ``weeks`` and ``labels`` the groups
    (also as mappings: :attr:`by_urgency`, :attr:`by_week` keyed by the ISO date of the
    week's Monday, in the policy's zone, of the first contact; :attr:`by_label`).
    ``worst_late`` and ``median_late`` are over missed obligations (a missed one not returned
    counts as late as it is at ``now``); ``median_return`` is the allowed time used at the
    return, over returned ones; all on the policy's clock (None when there are none).
    ``now`` is when the books were closed. ``outcomes`` holds the outcomes kept (all, the
    missed ones, or none: :func:`adherence`'s ``keep``), in order of receipt; ``skipped``
    every event left out as bad (only with ``skip_bad=True``: the record is then of the
    other events).
    """

    total: Tally
    urgencies: tuple[Tally, ...] = ()
    weeks: tuple[Tally, ...] = ()
    labels: tuple[Tally, ...] = ()
    worst_late: timedelta | None = None
    median_late: timedelta | None = None
    median_return: timedelta | None = None
    now: AwareDatetime | None = None
    outcomes: tuple[Outcome, ...] = ()
    skipped: tuple[SkippedEvent, ...] = ()

    @property
    def owed(self) -> int:
        """Obligations owed a return (met, missed or open)."""
        return self.total.owed

    @property
    def met(self) -> int:
        """Obligations returned by their due time."""
        return self.total.met

    @property
    def missed(self) -> int:
        """Obligations not returned by their due time."""
        return self.total.missed

    @property
    def open(self) -> int:
        """Obligations not returned whose due time had not passed at ``now``."""
        return self.total.open

    @property
    def not_owed(self) -> int:
        """Contacts owed no return."""
        return self.total.not_owed

    @property
    def routed(self) -> int:
        """Crises routed to help."""
        return self.total.routed

    @property
    def percent_met(self) -> float | None:
        """The share met of the settled obligations (met or missed), in percent."""
        return self.total.percent_met

    @property
    def by_urgency(self) -> Mapping[str, Tally]:
        """``urgencies`` by urgency (``"routine"``, ``"urgent"``, ``"crisis"``)."""
        return MappingProxyType({t.key: t for t in self.urgencies})

    @property
    def by_week(self) -> Mapping[str, Tally]:
        """``weeks`` by the ISO date of the week's Monday (``"2026-11-16"``)."""
        return MappingProxyType({t.key: t for t in self.weeks})

    @property
    def by_label(self) -> Mapping[str, Tally]:
        """``labels`` by label (obligations without one under ``"(no label)"``)."""
        return MappingProxyType({t.key: t for t in self.labels})

    def to_json_dict(self) -> dict[str, Any]:
        """The plain-JSON summary the command-line tool prints with ``--json`` (durations
        as ISO 8601, e.g. ``PT2H``; the outcomes kept as their JSON)."""
        return {
            "owed": self.owed,
            "met": self.met,
            "missed": self.missed,
            "open": self.open,
            "not_owed": self.not_owed,
            "routed": self.routed,
            "percent_met": self.percent_met,
            "worst_late": _iso(self.worst_late),
            "median_late": _iso(self.median_late),
            "median_return": _iso(self.median_return),
            "now": None if self.now is None else self.now.isoformat(),
            "by_urgency": {t.key: t.to_json_dict() for t in self.urgencies},
            "by_week": {t.key: t.to_json_dict() for t in self.weeks},
            "by_label": {t.key: t.to_json_dict() for t in self.labels},
            "outcomes": [o.to_json_dict() for o in self.outcomes],
            "skipped": [s.model_dump(mode="json") for s in self.skipped],
        }


def _iso(value: timedelta | None) -> str | None:
    return None if value is None else iso_duration(value)


# --- counting ----------------------------------------------------------------------------------

_STATES = (
    OutcomeState.MET,
    OutcomeState.MISSED,
    OutcomeState.OPEN,
    OutcomeState.NOT_OWED,
    OutcomeState.ROUTED,
)
_SLOT = {state: i for i, state in enumerate(_STATES)}
_MISSED_SLOT = _SLOT[OutcomeState.MISSED]
_MISSED_STATE = OutcomeState.MISSED
_URGENCY_KEY = {u: u.value for u in Urgency}


class _Summary:
    """Counts kept while outcomes stream by: five counters for each (urgency, week, label)
    seen, summed into the groups at the end (one lookup per outcome, not four), and the
    lateness and time-to-return samples (8 bytes each) for the medians."""

    __slots__ = ("cells", "late", "returns", "week_of")

    def __init__(self) -> None:
        #: (urgency, week, label) -> the five counters (met, missed, open, not owed, routed).
        self.cells: dict[tuple[str, str, str | None], list[int]] = {}
        self.late = array("q")
        self.returns = array("q")
        #: local date ordinal -> the ISO date of its week's Monday.
        self.week_of: dict[int, str] = {}

    def add(
        self,
        state: OutcomeState | str,
        urgency: str,
        week: str,
        label: str | None,
        late_us: int | None,
        return_us: int | None,
    ) -> None:
        self._count(_SLOT[state], urgency, week, label)  # type: ignore[index]  # a StrEnum
        if late_us is not None:
            self.late.append(late_us)
        if return_us is not None:
            self.returns.append(return_us)

    def _count(self, slot: int, urgency: str, week: str, label: str | None) -> None:
        """One outcome in the ``slot`` of its state, for its urgency, week and label."""
        key = (urgency, week, label)
        counts = self.cells.get(key)
        if counts is None:
            counts = self.cells[key] = [0, 0, 0, 0, 0]
        counts[slot] += 1

    def groups(
        self,
    ) -> tuple[list[int], dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
        """The counters overall, by urgency, by week and by label (``NO_LABEL`` for none)."""
        total = [0, 0, 0, 0, 0]
        urgencies: dict[str, list[int]] = {}
        weeks: dict[str, list[int]] = {}
        labels: dict[str, list[int]] = {}
        for (urgency, week, label), counts in self.cells.items():
            for group, key in (
                (urgencies, urgency),
                (weeks, week),
                (labels, NO_LABEL if label is None else label),
            ):
                into = group.get(key)
                if into is None:
                    into = group[key] = [0, 0, 0, 0, 0]
                for i, n in enumerate(counts):
                    into[i] += n
            for i, n in enumerate(counts):
                total[i] += n
        return total, urgencies, weeks, labels

    def _week(self, day: date) -> str:
        ordinal = day.toordinal()
        key = self.week_of.get(ordinal)
        if key is None:
            key = self.week_of[ordinal] = week_of(day)
        return key

    def add_case(self, case: _Case) -> None:
        """Count a closed case from the ledger's working state (no outcome object built):
        :meth:`add`'s work, with the urgency's key looked up (not ``.value``, a
        property) and the clock asked for only when a time is measured."""
        state = case.state
        first = case.contacts[0]
        plan = case.plan
        ordinal = first.at.astimezone(plan.tz).toordinal()
        week = self.week_of.get(ordinal)
        if week is None:
            week = self.week_of[ordinal] = week_of(date.fromordinal(ordinal))
        returned = case.returned_us
        if returned is not None or state is _MISSED_STATE:
            due = case.due_us
            if returned is not None or due is not None:
                clock = plan.clock_of(case.urgency)
                if returned is not None:
                    start = case.start_us()
                    self.returns.append(
                        returned - start if clock is None else clock.elapsed(start, returned)
                    )
                if state is _MISSED_STATE and due is not None:
                    end = case.end_us
                    self.late.append(end - due if clock is None else clock.elapsed(due, end))
        self._count(_SLOT[state], _URGENCY_KEY[case.urgency], week, first.label)

    def add_outcome(self, o: Outcome) -> None:
        """Count an outcome (from :func:`~contact_policy.track`, or a partition of a log)."""
        first = o.contacts[0]
        tz = o.obligation.received.tzinfo
        day = first.at.astimezone(tz).date()
        late = None if o.late is None else o.late // _US
        ret = None if o.returned is None or o.used is None else o.used // _US
        self.add(o.state, o.urgency.value, self._week(day), first.label, late, ret)

    def result(
        self,
        now: datetime | None,
        outcomes: tuple[Outcome, ...],
        skipped: tuple[SkippedEvent, ...] = (),
    ) -> Adherence:
        def tallies(groups: dict[str, list[int]], order: Iterable[str]) -> tuple[Tally, ...]:
            return tuple(_tally(key, groups[key]) for key in order)

        total, urgencies, weeks, labels = self.groups()
        urgency_order = [u.value for u in Urgency if u.value in urgencies]
        late = sorted(self.late)
        return Adherence(
            total=_tally("all", total),
            urgencies=tallies(urgencies, urgency_order),
            weeks=tallies(weeks, sorted(weeks)),
            labels=tallies(labels, sorted(labels)),
            worst_late=_td(late[-1]) if late else None,
            median_late=_median(late),
            median_return=_median(sorted(self.returns)),
            now=now,
            outcomes=outcomes,
            skipped=skipped,
        )


_US = timedelta(microseconds=1)


def _td(us: int) -> timedelta:
    return timedelta(microseconds=us)


def _tally(key: str, counts: list[int]) -> Tally:
    met, missed, open_, not_owed, routed = counts
    return Tally(key=key, met=met, missed=missed, open=open_, not_owed=not_owed, routed=routed)


def _median(ordered: list[int]) -> timedelta | None:
    """The median of sorted microseconds: the middle one, or the mean of the two middle ones
    (rounded down to the microsecond)."""
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    if n % 2:
        return _td(ordered[mid])
    return _td((ordered[mid - 1] + ordered[mid]) // 2)


Keep = Literal["all", "missed", "none"]


def adherence(
    source: Any,
    events: Iterable[Any],
    *,
    now: datetime | None = None,
    keep: Keep = "all",
    skip_bad: bool = False,
    sink: Callable[[Outcome], Any] | None = None,
) -> Adherence:
    """The adherence record of ``events`` (a call log in time order: an iterable of events,
    or a :class:`~contact_policy.calllog.CallLog` read from CSV) under ``source`` (a Policy
    or a PolicyHistory). ``now`` closes the books as in ``Policy.track`` (default: the last
    event's time). ``keep`` says which outcomes the record holds: ``"all"``, ``"missed"``
    (what a report lists) or ``"none"`` (counts only: memory then grows with the open
    obligations and 16 bytes per returned or missed one, not with the log). With ``sink``,
    each outcome ``keep`` names is passed to it as soon as it is settled (in that order, not
    held in the record), so that a report can write them out as it goes; a sink that is a
    bound method of an object with ``wants(received_us)`` is asked first, and no outcome is
    built for it when it says no. A bad event raises
    its :class:`~contact_policy.EventLogError`; with ``skip_bad=True`` it is left out and
    listed in ``skipped``."""
    if keep not in ("all", "missed", "none"):
        msg = f"keep={keep!r} is not 'all', 'missed' or 'none'"
        raise PolicyValidationError(msg, path="keep")
    if not isinstance(skip_bad, bool):
        msg = f"skip_bad={skip_bad!r} is not True or False"
        raise PolicyValidationError(msg, path="skip_bad")
    if sink is not None and not callable(sink):
        msg = f"sink={sink!r} is not callable; pass a function that takes an Outcome"
        raise PolicyValidationError(msg, path="sink")
    summary = _Summary()
    kept: list[_Case] = []
    closed: list[datetime] = []
    errors: list[EventLogError] | None = [] if skip_bad else None
    every, missed = keep == "all", keep == "missed"
    wants = getattr(sink, "__self__", None)
    wants = getattr(wants, "wants", None)  # a sink's owner may say what it will keep
    for case in _cases(source, _located(events), now, closed, errors):
        summary.add_case(case)
        if every or (missed and case.state is _MISSED_STATE):
            if sink is None:
                kept.append(case)
            elif wants is None or wants(to_us(case.contacts[0].at)):
                sink(_outcome(case))
    kept.sort(key=lambda c: c.seq)
    skipped = tuple(SkippedEvent.of(e) for e in errors or ())
    return summary.result(closed[0] if closed else None, tuple(_outcome(c) for c in kept), skipped)


def week_of(day: date) -> str:
    """The ``by_week`` key of a local date: the ISO date of its week's Monday."""
    return (day - timedelta(days=day.weekday())).isoformat()


def from_rows(
    rows: Iterable[tuple[str, str, str, str | None, int | None, int | None]],
    *,
    now: datetime | None = None,
) -> Adherence:
    """The record counted from rows of ``(state, urgency, week, label, late_us,
    return_us)`` (what ``frames.adherence_frame`` reads from outcome columns)."""
    summary = _Summary()
    states = {s.value for s in _STATES}
    for i, (state, urgency, week, label, late, ret) in enumerate(rows):
        if state not in states:
            msg = f"outcomes[{i}]: {state!r} is not an outcome state ({', '.join(sorted(states))})"
            raise PolicyValidationError(msg, path=f"outcomes[{i}].state")
        summary.add(state, urgency, week, label, late, ret)
    return summary.result(None if now is None else aware(now, "now"), ())


def summarize(outcomes: Iterable[Outcome], *, now: datetime | None = None) -> Adherence:
    """The record of outcomes already found (the parts of a log split by client, say, each
    followed with the same ``now``): the same summary as one pass over the whole log. The
    record holds the outcomes, in order of receipt."""
    summary = _Summary()
    kept = []
    for o in outcomes:
        if not isinstance(o, Outcome):
            msg = f"{type(o).__name__} is not an Outcome (from track())"
            raise PolicyValidationError(msg, path="outcomes")
        summary.add_outcome(o)
        kept.append(o)
    kept.sort(key=lambda o: to_us(o.contacts[0].at))
    if now is not None:
        now = aware(now, "now")
        if kept:  # written in the policy's zone, as adherence() writes it
            now = now.astimezone(kept[0].obligation.received.tzinfo)
    return summary.result(now, tuple(kept))


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`adherence`: ``contact_policy.adherence`` is the
    function when read from the package (its lazy export), but Python binds a submodule to
    its package's attribute of the same name once ``contact_policy.adherence`` is imported
    directly; either way ``adherence(policy, events)`` works."""

    def __call__(self, *args: Any, **kwargs: Any) -> Adherence:
        return adherence(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
