"""The limits of what the library accepts, each stated once.

Every limit bounds the work one call can cause, so no input can hang a worker: a value over a
limit is refused at once with :class:`~contact_policy.errors.LimitExceededError` (a
``PolicyValidationError``) or, for how far a query may reach, with
:class:`~contact_policy.errors.OutOfRangeError`, each naming the limit. docs/errors.md lists
them with their reasons.

>>> from datetime import timedelta
>>> from contact_policy import LimitExceededError, Turnaround
>>> try:
...     Turnaround.hours(24 * 400)
... except LimitExceededError as exc:
...     print(exc)
within: a turnaround is limited to 366 days; got 400 days, 0:00:00

Imports nothing of the package.
"""

from __future__ import annotations

from datetime import timedelta

__all__ = [
    "MAX_BUSINESS_DAYS",
    "MAX_DATED",
    "MAX_FREQUENCY_LIMIT",
    "MAX_FREQUENCY_PERIOD",
    "MAX_HISTORY",
    "MAX_HOLIDAY_CODES",
    "MAX_INTERVALS",
    "MAX_NESTING",
    "MAX_NOTICE",
    "MAX_POLICY_BYTES",
    "MAX_RULES",
    "MAX_SERIES",
    "MAX_SESSIONS",
    "MAX_SESSION_LENGTH",
    "MAX_SPANS_PER_DAY",
    "MAX_SPAN_YEARS",
    "MAX_TEXT",
    "MAX_TURNAROUND",
    "MAX_VERSIONS",
    "SERIES_FREQUENCIES",
    "SERIES_YEARS",
]

#: A policy file's size (``load_policy(..., max_bytes=...)`` raises it).
MAX_POLICY_BYTES = 1_000_000
#: How deeply tables and lists may nest in a policy file.
MAX_NESTING = 32
#: Rules in one policy.
MAX_RULES = 256
#: Spans on one day of weekly or special hours (one every half hour).
MAX_SPANS_PER_DAY = 48
#: Closed dates, special hours and closures, each, in one calendar.
MAX_DATED = 10_000
#: Holiday calendar codes in one calendar or policy.
MAX_HOLIDAY_CODES = 16
#: A turnaround's ``within`` (every clock).
MAX_TURNAROUND = timedelta(days=366)
#: A business-days turnaround's ``days``.
MAX_BUSINESS_DAYS = 366
#: A frequency rule's rolling ``period``.
MAX_FREQUENCY_PERIOD = timedelta(days=366)
#: A frequency rule's ``limit``.
MAX_FREQUENCY_LIMIT = 100_000
#: Explicit sessions in one schedule (or one ``in_bounds`` call).
MAX_SESSIONS = 10_000
#: Recurring series in one schedule.
MAX_SERIES = 256
#: One session's length (explicit or a series' ``duration``).
MAX_SESSION_LENGTH = timedelta(hours=24)
#: The RRULE frequencies a session series may have (a session does not recur hourly).
SERIES_FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
#: A series must occur within this many years of its start, and its occurrences are found
#: for at most this many years past it (the Gregorian calendar repeats every 400 years).
SERIES_YEARS = 400
#: Earlier contacts passed to one ``in_bounds`` call as a list.
MAX_HISTORY = 100_000
#: Characters in one text field (a name, a label, instructions).
MAX_TEXT = 10_000
#: Intervals one ``BusinessCalendar.intervals`` call returns.
MAX_INTERVALS = 100_000
#: Versions in one policy history (a new policy every month for over forty years).
MAX_VERSIONS = 500
#: The notice a policy history may require before a version takes effect.
MAX_NOTICE = timedelta(days=366)
#: How far one query may reach from its instant, in years: the open time an ``add`` or
#: ``subtract`` walks, the range of ``elapsed`` or ``intervals``, a search for open time.
MAX_SPAN_YEARS = 600
