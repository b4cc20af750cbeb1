"""The policy in plain words: ``Policy.describe()``, ``Policy.voicemail_greeting()`` and
``PolicyHistory.describe()``.

One sentence (a bullet in Markdown) per rule, built from the rule's own ``describe()`` with the
policy's holiday calendars named ("US holidays"), then the emergency path. Nothing is said that
no rule says.

Imports the rules, the boundaries and :mod:`contact_policy.wording`; the policy and history
types only for type checking.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from .boundaries import BOUNDARY_RULES
from .contact import Channel
from .errors import PolicyValidationError, shown
from .hours import DAY_NAMES, WeeklyHours
from .rules import _NOT_CRISIS, CallbackWindow, OperatingHours, Turnaround, VoicemailGate
from .wording import channel_words, day_runs, joined, letter_when, week_words

if TYPE_CHECKING:
    from .history import PolicyHistory
    from .policy import Policy

__all__ = ["describe_history", "describe_policy", "greeting"]

Format = Literal["text", "markdown"]


def _format(value: Any) -> Format:
    if value not in ("text", "markdown"):
        msg = f"format={shown(value)} is not 'text' or 'markdown'"
        raise PolicyValidationError(msg, path="format")
    chosen: Format = value
    return chosen


def _codes(policy: Policy) -> str:
    return joined(list(policy.holidays))


def _urgency(urgency: tuple[Any, ...]) -> str:
    """``""`` for the default (routine and urgent), else ``"urgent "``."""
    return "" if tuple(urgency) == _NOT_CRISIS else joined([u.value for u in urgency]) + " "


def turnaround_words(rule: Turnaround, policy: Policy) -> str:
    """``within 24 hours, not counting weekends and US holidays``."""
    text = rule.describe()
    if "holidays" in rule.skip and policy.holidays:
        text = text.replace(" holidays", f" {_codes(policy)} holidays")
    return text


# --- hours as people say them: "Monday to Friday between 8 and 9 am" -----------------------


def spoken_days(days: list[int]) -> str:
    """Weekdays (0 = Monday) as people say them: runs of three or more with "to" (``Monday
    to Friday``), others listed (``Monday, Wednesday and Friday``); all seven, ``every day``.

    >>> spoken_days([0, 1, 2, 3, 4]), spoken_days([0, 2, 4]), spoken_days(list(range(7)))
    ('Monday to Friday', 'Monday, Wednesday and Friday', 'every day')
    """
    return day_runs(days, DAY_NAMES, "{} to {}")


def _clock(hhmm: str) -> tuple[str, str]:
    """``("8", "am")``, ``("8:30", "pm")``, ``("noon", "")``, ``("midnight", "")``."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    if minutes == 0 and hours in (0, 24):
        return "midnight", ""
    if minutes == 0 and hours == 12:
        return "noon", ""
    number = str(hours % 12 or 12) + ("" if minutes == 0 else f":{minutes:02d}")
    return number, "am" if hours < 12 else "pm"


def spoken_span(start: str, end: str) -> str:
    """A span of wall time (``"08:00"``, ``"09:00"``) as people say it: ``between 8 and 9
    am``, ``between 11 am and 1 pm``, ``between 8:30 and 9:15 am``, ``between noon and 2
    pm``; a span from midnight to midnight is ``all day``. A span that runs overnight names
    both halves of the day (``between 10 pm and 6 am``).

    >>> spoken_span("08:00", "09:00"), spoken_span("11:00", "13:00")
    ('between 8 and 9 am', 'between 11 am and 1 pm')
    >>> spoken_span("08:30", "09:15"), spoken_span("12:00", "14:00"), spoken_span("22:00", "24:00")
    ('between 8:30 and 9:15 am', 'between noon and 2 pm', 'between 10 pm and midnight')
    """
    if start == "00:00" and end == "24:00":
        return "all day"
    (a, am), (b, bm) = _clock(start), _clock(end)
    if am and am == bm and start < end:
        return f"between {a} and {b} {bm}"
    return f"between {a}{' ' + am if am else ''} and {b}{' ' + bm if bm else ''}"


def spoken_week(hours: WeeklyHours) -> str:
    """Weekly hours as people say them, days with the same spans together in the order of
    their first day: ``Monday to Friday between 8 and 9 am; Saturday between 10 am and
    noon`` (``no weekly hours`` when every day is closed). The spoken form of
    :func:`~contact_policy.wording.week_words`."""
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for i in range(len(DAY_NAMES)):
        spans = hours.for_day(i)
        if spans:
            groups.setdefault(tuple((s.start, s.end) for s in spans), []).append(i)
    if not groups:
        return "no weekly hours"
    out: list[str] = []
    for pairs, days in groups.items():
        said = joined([spoken_span(a, b) for a, b in pairs])
        out.append(f"{spoken_days(days)}{', ' if said == 'all day' else ' '}{said}")
    return "; ".join(out)


def _spoken(text: str, hours: WeeklyHours | None) -> str:
    """``text`` (a rule's own ``describe()``) with its weekly hours said as people say them."""
    if hours is None:
        return text
    short = week_words(hours)
    return text.replace(short, spoken_week(hours), 1) if short in text else text


def _hours_words(rule: OperatingHours, policy: Policy) -> str:
    text = _spoken(rule.describe(), rule.hours)
    if rule.holidays is None and policy.holidays:
        text += f"; closed on {_codes(policy)} holidays"
    return text


def _window_words(rule: CallbackWindow, policy: Policy) -> str:
    text = _spoken(rule.describe(), rule.hours)
    if rule.holidays is None and policy.holidays:
        text += f"; not on {_codes(policy)} holidays"
    return text


def _gated(rule: VoicemailGate) -> str:
    """``calls``, ``routine calls and texts``: what a gate covers."""
    return _urgency(rule.urgency) + channel_words([c.value for c in rule.channels])


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")


def rule_sentences(policy: Policy) -> list[str]:
    """One sentence per rule, in a fixed order (rule order never matters)."""
    out: list[str] = []
    for t in policy.rules_of(Turnaround):
        out.append(
            f"If I miss your {_urgency(t.urgency)}call, I will return it "
            f"{turnaround_words(t, policy)}."
        )
    for oh in policy.rules_of(OperatingHours):
        out.append(f"My office hours are {_hours_words(oh, policy)}.")
    for w in policy.rules_of(CallbackWindow):
        out.append(f"I return calls {_window_words(w, policy)}.")
    for g in policy.rules_of(VoicemailGate):
        out.append(f"I return {_gated(g)} only when you leave a voicemail.")
    for kind in BOUNDARY_RULES:
        out.extend(
            _sentence(_spoken(rule.describe(), getattr(rule, "hours", None)))
            for rule in policy.rules_of(kind)
        )
    return out


def emergency_words(policy: Policy) -> str:
    """The emergency path: its instructions (911 and 988 by default) and whom to reach."""
    path = policy.emergency_path
    text = path.instructions
    if path.contacts:
        text += " After hours, reach " + "; ".join(str(c) for c in path.contacts) + "."
    return text


def describe_policy(policy: Policy, format: Any = "text") -> str:
    """``Policy.describe(format)``: see the module docstring."""
    chosen = _format(format)
    sentences = rule_sentences(policy)
    emergency = emergency_words(policy)
    if chosen == "markdown":
        rules = "\n".join(f"- {s}" for s in sentences)
        tail = f"**In an emergency:** {emergency}"
        return f"{rules}\n\n{tail}" if rules else tail
    body = " ".join(sentences)
    return f"{body}\n\n{emergency}" if body else emergency


def greeting(policy: Policy, name: str | None = None) -> str:
    """``Policy.voicemail_greeting(name)``: who was reached, whether to leave a voicemail,
    when calls are returned, and the emergency path."""
    if name is not None and (not isinstance(name, str) or not name.strip()):
        msg = f"name={shown(name)} is not a name; pass e.g. 'Dr. Rivera' or leave it out"
        raise PolicyValidationError(msg, path="name")
    who = name.strip() if name is not None else "the practice"
    parts = [f"You have reached {who}."]
    gates = [g for g in policy.rules_of(VoicemailGate) if Channel.CALL in g.channels]
    if gates:
        parts.append(
            "Please leave a voicemail with your name and number; I return "
            + joined([_urgency(g.urgency) + "calls" for g in gates])
            + " only when you leave a voicemail."
        )
    else:
        parts.append("Please leave a message with your name and number.")
    turnarounds = policy.rules_of(Turnaround)
    for t in turnarounds:
        parts.append(
            f"I will return your {_urgency(t.urgency)}call {turnaround_words(t, policy)}."
        )
    if not turnarounds:
        parts.append("I will return your call.")
    for w in policy.rules_of(CallbackWindow):
        parts.append(f"I return calls {_window_words(w, policy)}.")
    parts.append(emergency_words(policy))
    return " ".join(parts)


def describe_history(
    history: PolicyHistory,
    at: datetime | None = None,
    format: Any = "text",
) -> str:
    """``PolicyHistory.describe(at, format)``: the version in force at ``at`` (the latest
    version when left out: the library reads no clock) in plain words, then every change's
    notice sentence."""
    chosen = _format(format)
    index = len(history.versions) - 1 if at is None else history.index_at(at, name="at")
    version = history.versions[index]
    since = letter_when(version.effective.astimezone(version.policy.tz))
    head = f"Version {index + 1} of {len(history.versions)}, in force from {since}."
    body = describe_policy(version.policy, chosen)
    changes = [c.text for c in history.changes()]
    if chosen == "markdown":
        out = f"**{head}**\n\n{body}"
        if changes:
            out += "\n\n**Changes:**\n\n" + "\n".join(f"- {c}" for c in changes)
        return out
    out = f"{head}\n\n{body}"
    if changes:
        out += "\n\nChanges:\n" + "\n".join(f"- {c}" for c in changes)
    return out
