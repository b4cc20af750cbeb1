"""OpenStreetMap ``opening_hours`` text: a common subset read into a calendar's parts, and a
calendar written back as canonical text (docs/formats.md).

>>> value = parse("Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off; 2026 Dec 24 09:00-12:00")
>>> value.hours["sat"], value.holidays_off, value.special_hours
((('10:00', '12:00'),), True, {datetime.date(2026, 12, 24): (('09:00', '12:00'),)})
>>> parse("Mo-Fr 09:00-17:00 || 'by appointment'")
Traceback (most recent call last):
  ...
contact_policy.errors.PolicyValidationError: opening_hours: unsupported token '||' at position 18; fallback rules ('||') are not supported

The supported subset: weekday selectors (``Mo``, ``Mo-Fr``, ``Fr-Mo``, ``Mo,We,Fr``), time
ranges (``09:00-12:00,13:00-17:00``, overnight ``22:00-06:00``, ``24:00`` as an end), ``24/7``,
``off``/``closed``/``open``, ``PH off``, dated rules (``2026 Dec 24 09:00-12:00``,
``2026 Dec 25,26 off``, ``2026 Dec 24-2027 Jan 02 off``), rules separated by ``;`` and
additional rules by ``,``. Everything else is refused with a :class:`PolicyValidationError`
naming the token and its position, a 0-based character offset into the text.

The text is read with this library's day semantics: a rule sets the hours of the days it
selects (a later rule replaces an earlier one's, an additional rule adds to them), and an
overnight range belongs to the day it starts on (docs/semantics.md §6).

Imports the errors, :mod:`contact_policy.hours` and :mod:`contact_policy.limits` only (the
calendar class is passed to :func:`build`).


One file: the opening_hours tokenizer, parser and canonical printer share one token table.
"""  # noqa: E501 - the doctest shows one whole message

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from .._time import MAX_YEAR, MIN_YEAR
from ..errors import LimitExceededError, OutOfRangeError, PolicyValidationError, shown
from ..hours import DAYS, MINUTES_PER_DAY, hhmm
from ..limits import MAX_DATED, MAX_SPANS_PER_DAY

if TYPE_CHECKING:
    from ..calendar import BusinessCalendar

__all__ = ["DAY_CODES", "MONTHS", "OpeningHours", "build", "format", "parse"]

#: The weekdays as opening_hours writes them, Monday first.
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
#: The months as opening_hours writes them.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: How many dates the dated rules of one text may name in all (each kind of dated feature of a
#: calendar holds at most ``MAX_DATED``), so that no text makes the parser expand more.
MAX_NAMED_DATES = 2 * MAX_DATED

PATH = "opening_hours"
_WHOLE_DAY = (0, MINUTES_PER_DAY, "24:00")

# One token after optional whitespace. Every alternative is a literal or a plain character
# class, so a match never backtracks more than a character or two, and the last alternative
# takes any character the others do not, so the scan never skips text (trailing whitespace
# is left out of the scan, so whitespace always precedes a token).
_TOKEN = re.compile(
    r"\s*(24/7|[0-9]{1,2}:[0-9]{2}|[0-9]+|[^\W\d_]+|\|\||.)",
    re.S,
)
#: Token text -> (kind, value). Separators are their own kind (";", ",", "-", "||").
_KINDS: dict[str, tuple[str, Any]] = {
    ";": (";", None),
    ",": (",", None),
    "-": ("-", None),
    "–": ("-", None),  # en and em dash, as people type ranges
    "—": ("-", None),
    "||": ("||", None),
    "24/7": ("always", None),
}
for _i, _code in enumerate(DAY_CODES):
    _KINDS[_code] = _KINDS[_code.lower()] = ("day", _i)
for _i, _name in enumerate(MONTHS):
    _KINDS[_name] = _KINDS[_name.lower()] = ("month", _i + 1)
for _word, _kind in (("PH", "ph"), ("ph", "ph"), ("off", "off"), ("closed", "off")):
    _KINDS[_word] = (_kind, None)
_KINDS["open"] = ("open", None)
for _h in range(49):  # times up to 48:59 (ends past 24:00 are checked where they are read)
    for _m in range(60):
        _KINDS[hhmm(_h * 60 + _m)] = ("time", _h * 60 + _m)
        if _h < 10:
            _KINDS[f"{_h}:{_m:02d}"] = ("time", _h * 60 + _m)
for _y in range(1900, 2200):  # the years most texts name (others are classified when met)
    _KINDS[str(_y)] = ("year", _y)
for _d in range(1, 32):
    _KINDS[str(_d)] = _KINDS[f"{_d:02d}"] = ("num", _d)
_STATES = {"ph": ("ph", None), "off": ("off", None), "closed": ("off", None)}
_STATES["open"] = ("open", None)
_DIGITS = frozenset("0123456789")
_HHMM = [hhmm(m) for m in range(MINUTES_PER_DAY + 1)]


def _classify(token: str) -> tuple[str, Any]:
    """The kind of a token that is not in ``_KINDS`` as written."""
    low = token.lower()
    hit = _KINDS.get(low) if low[:1] not in _DIGITS else None
    if hit is not None and hit[0] in ("day", "month"):
        return hit
    if low in _STATES:
        return _STATES[low]
    if token[0] in _DIGITS:
        if ":" in token:
            return ("time", None)  # minutes past 59 or hours past 48
        if len(token) == 4:
            return ("year", int(token))
        return ("num", int(token) if len(token) <= 2 else None)  # None: no day of a month
    return ("word" if token[0].isalnum() else "other", token)


_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FULL_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_WORD_HINTS = {
    **dict.fromkeys(("sunrise", "sunset", "dawn", "dusk"), "times tied to the sun are"),
    "week": "week numbers ('week 01-53') are",
    "easter": "Easter-based dates are",
    "sh": "school holidays ('SH') are",
    "unknown": "the 'unknown' state is",
    "day": "holiday offsets ('PH +1 day') are",
    "days": "holiday offsets ('PH +1 day') are",
}
_CHAR_HINTS = {
    '"': "comments in quotes are",
    "+": "open ends ('17:00+') are",
    "/": "intervals ('10:00-16:00/30') are",
    "[": "nth weekdays of the month ('Mo[1]') are",
    "(": "variable times ('(sunrise+01:00)') are",
    ":": "':' after selectors is",
    ".": "times written with '.' are",
}
_ANY_DAY = "a weekday (Mo, Tu, We, Th, Fr, Sa, Su)"


class OpeningHours(NamedTuple):
    """What a text says, in the parts :meth:`BusinessCalendar.weekly` takes.

    - ``hours``: ``{"mon": (("09:00", "17:00"), ...), ...}``, the open weekdays only;
    - ``closed``: dates a dated rule closes (``2026 Dec 25 off``), sorted;
    - ``special_hours``: ``{date: (("09:00", "12:00"), ...)}`` for dated rules with hours,
      sorted by date;
    - ``holidays_off``: whether the text says ``PH off``.
    """

    hours: Mapping[str, tuple[tuple[str, str], ...]]
    closed: tuple[date, ...]
    special_hours: Mapping[date, tuple[tuple[str, str], ...]]
    holidays_off: bool


def _refusal(path: str, detail: str) -> PolicyValidationError:
    return PolicyValidationError(f"{path}: {detail}", path=path, detail=detail)


def _error(detail: str) -> PolicyValidationError:
    return _refusal(PATH, detail)


def _too_many(detail: str) -> LimitExceededError:
    return LimitExceededError(f"{PATH}: {detail}", path=PATH, detail=detail)


# --- reading ----------------------------------------------------------------------------------

#: A span while reading: start and end in minutes from the day's midnight (an overnight end is
#: past 1440) and the end as written (``"00:00"`` and ``"24:00"`` stay as given).
_Span = tuple[int, int, str]


class _Reader:
    """A recursive-descent reader over the tokens of one text, applying rules as it goes.

    Tokens are kept as three lists (kinds, values, texts) ending in two ``"end"`` sentinels;
    where a token starts in the text is worked out only for an error message.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.end = len(text.rstrip())
        texts = _TOKEN.findall(text, 0, self.end)
        get = _KINDS.get
        pairs = [get(t) or _classify(t) for t in texts]
        kinds, values = zip(*pairs, strict=True) if pairs else ((), ())
        self.k: list[str] = [*kinds, "end", "end"]
        self.v: list[Any] = [*values, None, None]
        self.t: list[str] = [*texts, "", ""]
        self.i = 0
        self.weekly: list[list[_Span]] = [[] for _ in DAYS]
        self.set_by = [0] * 7  # the first token of the rule that last set each weekday
        self.dated: list[dict[date, tuple[_Span, ...]]] = [{} for _ in DAYS]  # by weekday
        self.dated_open = 0  # dated entries with hours
        self.named = 0  # dates named by dated rules so far
        self.ph: int | None = None  # the token of the first 'PH off'
        self._starts: list[int] | None = None

    # --- positions and errors ---

    def pos(self, index: int) -> int:
        """Where token ``index`` starts in the text (0-based)."""
        if self._starts is None:
            self._starts = [m.start(1) for m in _TOKEN.finditer(self.text, 0, self.end)]
        return self._starts[index] if index < len(self._starts) else self.end

    def fail(self, expected: str) -> PolicyValidationError:
        """The error for the current token, where ``expected`` was wanted."""
        kind, word, at = self.k[self.i], self.t[self.i], self.pos(self.i)
        if kind == "end":
            return _error(f"the text ends at position {at}; expected {expected}")
        if kind == "word":
            low = word.lower()
            if low in _WORD_HINTS:
                hint = f"{_WORD_HINTS[low]} not supported"
            elif len(low) >= 3 and any(name.startswith(low) for name in _FULL_DAYS):
                hint = "write weekdays as Mo, Tu, We, Th, Fr, Sa, Su"
            elif len(low) >= 3 and any(name.startswith(low) for name in _FULL_MONTHS):
                hint = "write months as Jan, Feb, ..., Dec"
            else:
                hint = "it is not part of the supported subset (docs/formats.md)"
            return _error(f"unsupported token {word!r} at position {at}; {hint}")
        if kind == "other":
            what = _CHAR_HINTS.get(word)
            hint = f"{what} not supported" if what else "it is not part of the supported subset"
            return _error(f"unsupported token {word!r} at position {at}; {hint}")
        if kind == "||":
            return _error(
                f"unsupported token '||' at position {at}; fallback rules ('||') are not supported"
            )
        return _error(f"unexpected {word!r} at position {at}; expected {expected}")

    def unsupported(self, detail: str, index: int | None = None) -> PolicyValidationError:
        """``unsupported token ...`` for token ``index`` (the current one by default)."""
        index = self.i if index is None else index
        word, at = self.t[index], self.pos(index)
        return _error(f"unsupported token {word!r} at position {at}; {detail}")

    # --- the text ---

    def read(self) -> OpeningHours:
        k = self.k
        if k[0] == "end":
            msg = "the text is empty; write rules such as 'Mo-Fr 09:00-17:00', or 'off'"
            raise _error(msg)
        additional = False
        while True:
            explicit = self.rule(additional=additional)
            kind = k[self.i]
            if kind == "end":
                break
            if kind == ";":
                self.i += 1
                if k[self.i] == "end":  # a trailing ';'
                    break
                additional = False
                continue
            if kind == "," and explicit:
                self.i += 1
                if k[self.i] != "day":
                    msg = f"{_ANY_DAY}: an additional rule (after ',') must start with weekdays"
                    raise self.fail(msg)
                additional = True
                continue
            raise self.fail("';' between rules")
        return self.result()

    def rule(self, *, additional: bool) -> bool:
        """Read and apply one rule; True when its body was explicit (times, 24/7, a state)."""
        first = self.i
        kind = self.k[first]
        if kind == "always":
            self.i += 1
            self.apply_weekdays(range(7), [_WHOLE_DAY], first, additional=additional)
            return True
        if kind in ("day", "ph"):
            days, ph = self.weekdays()
            body, explicit = self.body()
            if ph is not None and body is not None:
                raise self.unsupported(
                    "public holidays with hours of their own cannot be expressed (a calendar "
                    "closes on its holidays); write 'PH off', or give those dates as dated rules "
                    "('2026 Dec 24 09:00-12:00')",
                    ph,
                )
            if body is None and additional:
                msg = (
                    f"the additional rule {self.t[first]!r} at position {self.pos(first)} closes "
                    "days ('off'); an additional rule (after ',') may only add hours: separate it "
                    "with ';' instead"
                )
                raise _error(msg)
            self.apply_weekdays(days, body or [], first, additional=additional)
            if ph is not None:
                self.holidays_off(ph)
            return explicit
        if kind == "year":
            dates = self.dates()
            if self.k[self.i] in ("day", "ph"):
                raise self.unsupported(
                    "dated rules with weekdays are not supported; a dated rule gives the hours "
                    "of its dates ('2026 Dec 24 09:00-12:00')"
                )
            body, explicit = self.body()
            self.apply_dates(dates, body)
            return explicit
        if kind in ("time", "off", "open"):
            body, explicit = self.body()
            self.apply_weekdays(range(7), body or [], first, additional=additional)
            return explicit
        if kind == "month":
            raise self.unsupported(
                "a date without a year recurs every year, which a calendar cannot express; "
                "dated rules start with the year ('2026 Dec 25 off')"
            )
        if kind == "num":
            raise self.unsupported(
                "write times as HH:MM ('09:00-17:00') and dates with a four-digit year "
                "('2026 Dec 24')"
            )
        raise self.fail("a rule: weekdays, times, '24/7', 'off', 'PH off' or a dated rule")

    def weekdays(self) -> tuple[set[int], int | None]:
        """``Mo``, ``Mo-Fr``, ``Fr-Mo``, ``Mo,We``, ``Sa,Su,PH``: the days, and the index of
        the (first) ``PH`` token."""
        k, v = self.k, self.v
        days: set[int] = set()
        ph: int | None = None
        while True:
            i = self.i
            if k[i] == "ph":
                ph = i if ph is None else ph
                self.i = i + 1
            else:
                first = last = v[i]
                if k[i + 1] == "-":
                    if k[i + 2] != "day":
                        self.i = i + 2
                        msg = f"{_ANY_DAY} to end the range"
                        raise self.fail(msg)
                    last = v[i + 2]
                    self.i = i + 3
                else:
                    self.i = i + 1
                if last == first:
                    days.add(first)
                else:
                    days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
            if k[self.i] == ",":
                if k[self.i + 1] in ("day", "ph"):
                    self.i += 1
                    continue
                if k[self.i + 1] in ("word", "other"):  # 'Mo,SH': name what is unsupported
                    self.i += 1
                    raise self.fail(_ANY_DAY)
            return days, ph

    def dates(self) -> list[date]:
        """``2026 Dec 24``, ``2026 Dec 25,26``, ``2026 Dec 24-26``, ``2026 Dec 24-2027 Jan 02``
        and lists of these; a later item may leave out the year, or the year and month."""
        k = self.k
        found: list[date] = []
        year = month = 0
        while True:
            year, month, first = self.one_date(year, month)
            if k[self.i] == "-":
                self.i += 1
                year, month, last = self.one_date(year, month)
                if last < first:
                    msg = (
                        f"the date range ending at position {self.pos(self.i - 1)} ends before "
                        f"it starts ({_date_text(first)} to {_date_text(last)})"
                    )
                    raise _error(msg)
                count = (last - first).days + 1
                self.count_dates(count)
                found.extend(first + timedelta(days=n) for n in range(count))
            else:
                self.count_dates(1)
                found.append(first)
            if k[self.i] == "," and k[self.i + 1] in ("year", "month", "num"):
                self.i += 1
                continue
            return found

    def one_date(self, year: int, month: int) -> tuple[int, int, date]:
        k, v = self.k, self.v
        first = self.i  # where the date's text starts, for errors
        if k[self.i] == "year":
            year = v[self.i]
            if k[self.i + 1] != "month":
                raise self.unsupported(
                    "a year needs a month and a day here ('2026 Dec 24'); whole years and "
                    "year ranges are not supported"
                )
            self.i += 1
        if k[self.i] == "month":
            month = v[self.i]
            if k[self.i + 1] != "num" or v[self.i + 1] is None:
                raise self.unsupported(
                    "whole months and month ranges are not supported; name the days "
                    "('2026 Dec 01-31')"
                )
            self.i += 1
        if k[self.i] != "num" or v[self.i] is None:
            raise self.fail("a day of the month (01 .. 31)")
        shown = f"'{year:04d} {MONTHS[month - 1]} {self.t[self.i]}' at position {self.pos(first)}"
        try:
            found = date(year, month, v[self.i])
        except ValueError:
            detail = f"{shown} is not a date"
            raise _error(detail) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            detail = f"{shown} lies outside the supported years {MIN_YEAR} to {MAX_YEAR}"
            msg = f"{PATH}: {detail}"
            raise OutOfRangeError(msg, path=PATH, detail=detail)
        self.i += 1
        return year, month, found

    def count_dates(self, count: int) -> None:
        self.named += count
        if self.named > MAX_NAMED_DATES:
            msg = (
                f"the dated rules name more than {MAX_NAMED_DATES:,} dates (at position "
                f"{self.pos(self.i - 1)}); one text may name at most {MAX_NAMED_DATES:,}"
            )
            raise _too_many(msg)

    def body(self) -> tuple[list[_Span] | None, bool]:
        """Times, ``open`` or ``off`` (or nothing: open all day). ``(spans, explicit)``;
        ``None`` for ``off``."""
        k = self.k
        kind = k[self.i]
        if kind == "time":
            spans = self.times()
            if k[self.i] == "open":
                self.i += 1
            elif k[self.i] == "off":
                raise self.unsupported(
                    "'off' after times (closing part of a day) is not supported; give the "
                    "open times instead"
                )
            return spans, True
        if kind in ("off", "open"):
            self.i += 1
            if k[self.i] == "time":
                raise self.fail("';' or the end: times come before 'open', not after")
            return (None if kind == "off" else [_WHOLE_DAY]), True
        if kind in ("end", ";", ","):
            return [_WHOLE_DAY], False  # a selector alone: open all day
        if kind == "always":
            raise self.unsupported("'24/7' stands alone; after days write '00:00-24:00'")
        raise self.fail("times (HH:MM-HH:MM), 'off' or 'open'")

    def times(self) -> list[_Span]:
        """``09:00-12:00,13:00-17:00``: the spans, merged."""
        k, v = self.k, self.v
        first = self.i
        spans: list[_Span] = []
        ordered = True
        while True:
            i = self.i
            start = v[i]
            if start is None or start >= MINUTES_PER_DAY:
                what = (
                    "is not a time"
                    if start is None
                    else "cannot start a range: a range starts by 23:59 (its end may run past "
                    "midnight, as in 22:00-26:00)"
                )
                msg = f"{self.t[i]!r} at position {self.pos(i)} {what}"
                raise _error(msg)
            if k[i + 1] != "-":
                self.i = i + 1
                raise self.fail("'-' and an end time")
            if k[i + 2] != "time":
                self.i = i + 2
                raise self.fail("an end time (HH:MM)")
            end = v[i + 2]
            if end is None:
                msg = f"{self.t[i + 2]!r} at position {self.pos(i + 2)} is not a time"
                raise _error(msg)
            if start < end <= MINUTES_PER_DAY:
                span = (start, end, _HHMM[end])
            else:
                span = self.span(start, end, i)
            if spans and span[0] < spans[-1][1]:
                ordered = False
            spans.append(span)
            self.i = i + 3
            if k[i + 3] == "," and k[i + 4] == "time":
                self.i = i + 4
                continue
            if ordered and len(spans) <= MAX_SPANS_PER_DAY:
                return spans  # in order, apart: nothing to merge
            return _merge(spans, self, first)

    def span(self, start: int, end: int, i: int) -> _Span:
        """A span from minutes as written; ``i`` is its first token."""
        if end > MINUTES_PER_DAY:  # extended time: 22:00-26:00 is 22:00-02:00
            if end - start >= MINUTES_PER_DAY:
                msg = (
                    f"the range {self.t[i]}-{self.t[i + 2]} at position {self.pos(i)} lasts "
                    "24 hours or more; a range must end within 24 hours of its start"
                )
                raise _error(msg)
            return (start, end, hhmm(end - MINUTES_PER_DAY))
        if end == start:
            msg = (
                f"the range {self.t[i]}-{self.t[i + 2]} at position {self.pos(i)} ends when "
                "it starts; for a whole day write 00:00-24:00"
            )
            raise _error(msg)
        if end < start:  # overnight
            return (start, end + MINUTES_PER_DAY, hhmm(end))
        return (start, end, hhmm(end))

    # --- applying rules ---

    def apply_weekdays(
        self, days: Iterable[int], spans: list[_Span], first: int, *, additional: bool
    ) -> None:
        if spans and self.ph is not None:
            msg = (
                f"the rule {self.t[first]!r} at position {self.pos(first)} opens days after "
                f"'PH off' (position {self.pos(self.ph)}); in opening_hours a later rule "
                "overrides 'PH off' for its days, which a calendar cannot express (it closes on "
                "every holiday): put "
                "'PH off' after the weekday rules"
            )
            raise _error(msg)
        for d in days:
            if additional:
                if self.dated[d]:
                    msg = (
                        f"the additional rule {self.t[first]!r} at position {self.pos(first)} "
                        f"adds hours to {DAY_CODES[d]}, which a dated rule "
                        f"({_date_text(min(self.dated[d]))}) has set; write that date's hours in "
                        "full, or separate the rules with ';'"
                    )
                    raise _error(msg)
                self.weekly[d] = _merge([*self.weekly[d], *spans], self, first)
            else:
                self.weekly[d] = spans
                bucket = self.dated[d]
                if bucket:  # a later weekday rule replaces the dated rules on its days
                    self.dated_open -= sum(1 for hours in bucket.values() if hours)
                    bucket.clear()
            self.set_by[d] = first

    def apply_dates(self, dates: list[date], spans: list[_Span] | None) -> None:
        value = tuple(spans or ())
        dated = self.dated
        for day in dates:
            bucket = dated[day.weekday()]
            if bucket.get(day):
                self.dated_open -= 1
            bucket[day] = value
            if value:
                self.dated_open += 1

    def holidays_off(self, ph: int) -> None:
        if self.dated_open:
            first = min(day for bucket in self.dated for day, hours in bucket.items() if hours)
            msg = (
                f"'PH off' at position {self.pos(ph)} comes after the dated rule for "
                f"{_date_text(first)}, which has hours; in a calendar dated hours win over "
                "holidays, while in opening_hours the later rule wins: put 'PH off' before the "
                "dated rules"
            )
            raise _error(msg)
        if self.ph is None:
            self.ph = ph

    def result(self) -> OpeningHours:
        weekly = self.weekly
        for d in range(7):
            nxt = (d + 1) % 7
            for start, end, end_text in weekly[d]:
                spill = end - MINUTES_PER_DAY
                if spill <= 0:
                    continue
                for other in weekly[nxt]:
                    if other[0] < spill:
                        msg = (
                            f"{DAY_CODES[d]} {hhmm(start)}-{end_text} (the rule at position "
                            f"{self.pos(self.set_by[d])}) runs past midnight into "
                            f"{DAY_CODES[nxt]} and overlaps {DAY_CODES[nxt]} "
                            f"{_span_text(other)} (the rule at position "
                            f"{self.pos(self.set_by[nxt])}); an overnight range belongs to the "
                            "day it starts on, so it may not overlap the next day's hours"
                        )
                        raise _error(msg)
        written: dict[int, tuple[tuple[str, str], ...]] = {}  # days of one rule share a list
        hours = {
            DAYS[d]: written.get(id(weekly[d]))
            or written.setdefault(id(weekly[d]), _pairs(weekly[d]))
            for d in range(7)
            if weekly[d]
        }
        closed: list[date] = []
        special: dict[date, tuple[tuple[str, str], ...]] = {}
        if any(self.dated):
            for day, spans in sorted(d for bucket in self.dated for d in bucket.items()):
                if spans:
                    special[day] = _pairs(spans)
                else:
                    closed.append(day)
        for what, count in (("closed dates", len(closed)), ("dates with hours", len(special))):
            if count > MAX_DATED:
                msg = f"the text gives {count:,} {what}; a calendar holds at most {MAX_DATED:,}"
                raise _too_many(msg)
        return OpeningHours(hours, tuple(closed), special, self.ph is not None)


def _merge(spans: list[_Span], reader: _Reader, first: int) -> list[_Span]:
    """A day's spans sorted, overlapping ones joined (touching ones stay apart, as given);
    ``first`` is the first token of the rule, for errors."""
    # Not _intervals.merge: that joins touching spans and drops the end's text kept here.
    out: list[_Span] = []
    for span in sorted(spans):
        if out and span[0] < out[-1][1]:
            last = out[-1]
            if span[1] > last[1]:
                out[-1] = (last[0], span[1], span[2])
        else:
            out.append(span)
    for start, end, end_text in out:
        if end - start > MINUTES_PER_DAY or (end - start == MINUTES_PER_DAY and start):
            msg = (
                f"the hours of the rule at position {reader.pos(first)} run from {hhmm(start)} "
                f"to {end_text} the next day without a break; a range must end within 24 hours "
                "of its start"
            )
            raise _error(msg)
    if len(out) > MAX_SPANS_PER_DAY:
        msg = (
            f"the rule at position {reader.pos(first)} gives a day {len(out)} ranges; a day "
            f"holds at most {MAX_SPANS_PER_DAY}"
        )
        raise _too_many(msg)
    return out


def _pairs(spans: Iterable[_Span]) -> tuple[tuple[str, str], ...]:
    return tuple((_HHMM[start], end_text) for start, _, end_text in spans)


def _span_text(span: _Span) -> str:
    return f"{hhmm(span[0])}-{span[2]}"


def parse(text: str) -> OpeningHours:
    """Read an ``opening_hours`` text of the supported subset (module docstring).

    Errors are :class:`PolicyValidationError` (path ``"opening_hours"``) naming the token and
    its position, a 0-based character offset.

    >>> parse("Mo-We,Fr 09:00-12:00,13:00-17:00; Fr 22:00-02:00").hours["fri"]
    (('22:00', '02:00'),)
    >>> parse("Sa 10:00-12:00; 2026 Dec 25,26 off").closed
    (datetime.date(2026, 12, 25), datetime.date(2026, 12, 26))
    >>> parse("Mo-Fr 09:00-17:00; Sa sunrise-12:00")
    Traceback (most recent call last):
      ...
    contact_policy.errors.PolicyValidationError: opening_hours: unsupported token 'sunrise' at position 22; times tied to the sun are not supported
    """  # noqa: E501 - the doctest shows one whole message
    if not isinstance(text, str):
        msg = f"{shown(text)} is not a string; pass the opening_hours text"
        raise _error(msg)
    return _Reader(text).read()


def build(
    factory: type[BusinessCalendar], text: str, zone: str, holidays: Iterable[str] = ()
) -> BusinessCalendar:
    """The calendar ``text`` describes in ``zone`` (``BusinessCalendar.from_opening_hours``).

    ``holidays`` are the calendar's holiday codes; ``PH off`` in the text is what closes on
    them, so the two go together: codes without ``PH off``, or ``PH off`` without codes, is an
    error (path ``"holidays"``).
    """
    value = parse(text)
    calendar = factory.weekly(
        zone,
        value.hours,
        holidays=holidays,
        closed=value.closed,
        special_hours=value.special_hours,
    )
    if calendar.holidays and not value.holidays_off:
        msg = (
            f"holidays {', '.join(calendar.holidays)} were given but the text has no 'PH off'; "
            "a calendar closes on its holidays, so add '; PH off' to the text, or leave "
            "holidays out"
        )
        raise _refusal("holidays", msg)
    if value.holidays_off and not calendar.holidays:
        msg = (
            "the text says 'PH off' but no holiday calendars were given; pass them, e.g. "
            "holidays=['US'] (the codes of the holidays package)"
        )
        raise _refusal("holidays", msg)
    return calendar


# --- writing ----------------------------------------------------------------------------------


def _days_text(days: list[int]) -> str:
    """Monday-first days as runs: three or more in a row as a range (``Mo-We``), else listed."""
    parts: list[str] = []
    k = 0
    while k < len(days):
        j = k
        while j + 1 < len(days) and days[j + 1] == days[j] + 1:
            j += 1
        if j - k >= 2:
            parts.append(f"{DAY_CODES[days[k]]}-{DAY_CODES[days[j]]}")
        else:
            parts.extend(DAY_CODES[d] for d in days[k : j + 1])
        k = j + 1
    return ",".join(parts)


def _date_text(day: date) -> str:
    return f"{day.year:04d} {MONTHS[day.month - 1]} {day.day:02d}"


def _hours_text(spans: Iterable[tuple[str, str]]) -> str:
    return ",".join(f"{start}-{end}" for start, end in spans)


def format(calendar: BusinessCalendar) -> str:
    """The canonical ``opening_hours`` text of ``calendar`` (``to_opening_hours``).

    Weekday rules first, days with the same hours merged into one rule and rules ordered by
    their first weekday (``24/7`` when every day is open 00:00-24:00); then ``PH off`` when
    the calendar has holidays (the codes are not part of the text); then one rule per dated
    feature in date order, closed dates and special hours ``[]`` as ``off``. A calendar with
    nothing open at all is ``off``. Closures (stretches between two instants) have no
    opening_hours form, so a calendar with closures is an error.

    >>> from contact_policy import BusinessCalendar
    >>> cal = BusinessCalendar.weekly("Europe/London",
    ...     {"mon-fri": ["09:00-17:00"], "sat": ["10:00-12:00"]}, holidays=["GB"])
    >>> format(cal)
    'Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off'
    """
    if calendar.closures:
        msg = (
            f"the calendar has {len(calendar.closures)} closure(s); closures (stretches "
            "between two instants) are not expressible in opening_hours text: give whole "
            "dates as closed dates or special hours instead"
        )
        raise _refusal("closures", msg)
    schedules = [tuple((s.start, s.end) for s in calendar.hours.for_day(d)) for d in range(7)]
    rules: list[str] = []
    if all(s == (("00:00", "24:00"),) for s in schedules):
        rules.append("24/7")
    else:
        groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
        for d, spans in enumerate(schedules):
            if spans:
                groups.setdefault(spans, []).append(d)
        rules.extend(f"{_days_text(days)} {_hours_text(s)}" for s, days in groups.items())
    if calendar.holidays:
        rules.append("PH off")
    dated: list[tuple[date, str]] = [(day, "off") for day in calendar.closed]
    dated += [
        (s.date, _hours_text((sp.start, sp.end) for sp in s.hours) or "off")
        for s in calendar.special_hours
    ]
    rules.extend(f"{_date_text(day)} {what}" for day, what in sorted(dated))
    return "; ".join(rules) or "off"
