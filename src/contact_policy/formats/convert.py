"""``contact-policy convert``: a policy file or a calendar from one format to another.

A **policy** (or policy history) is read from TOML, JSON or YAML and written to any of the
three: the whole thing, loading back equal. A **calendar** is read from opening_hours text,
FHIR availability, RFC 7953 ``VAVAILABILITY`` (iCalendar) or schema.org JSON-LD and written to
any of those four; a policy converts to them too, as the calendar of its operating hours. A
calendar is not a whole policy, so it is never written as a policy file: those formats can
express a calendar only as part of one (docs/formats.md, "Converting").

The input's format is its suffix (``.toml``, ``.json``, ``.yaml``/``.yml``, ``.ics``,
``.txt`` for opening_hours, ``.jsonld``), and for ``.json`` its content: a JSON object with
``availableTime``, ``availability`` or a FHIR ``resourceType`` is FHIR, one with ``@context``
or ``openingHoursSpecification`` is schema.org; ``source_format`` overrides the guess.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from ..errors import PolicyFileError, PolicyValidationError, open_user_file, shown, user_path

if TYPE_CHECKING:
    from ..calendar import BusinessCalendar
    from ..history import PolicyHistory
    from ..policy import Policy

__all__ = ["CALENDAR_FORMATS", "FORMATS", "POLICY_FORMATS", "convert", "dump_policy"]

#: Formats that hold a whole policy (or policy history).
POLICY_FORMATS = ("toml", "json", "yaml")
#: Formats that hold a calendar (hours, closed days, special hours).
CALENDAR_FORMATS = ("opening-hours", "fhir", "ics", "jsonld")
FORMATS = POLICY_FORMATS + CALENDAR_FORMATS
_SUFFIXES = {
    ".toml": "toml",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ics": "ics",
    ".txt": "opening-hours",
    ".jsonld": "jsonld",
}
#: The most bytes an input may have (as for policy files).
MAX_INPUT_BYTES = 1_000_000


def dump_policy(value: Policy | PolicyHistory, to: str) -> str:
    """``value`` as the text of a ``to`` file (``"toml"``, ``"json"`` or ``"yaml"``), which
    ``parse_policy`` reads back equal.

    >>> from contact_policy import default_policy, parse_policy
    >>> text = dump_policy(default_policy(), "toml")
    >>> parse_policy(text, format="toml") == default_policy()
    True
    """
    data = value.model_dump(mode="json", exclude_none=True)
    if to == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if to == "toml":
        from ._toml_writer import to_toml

        return to_toml(data)
    if to == "yaml":
        try:
            import yaml
        except ImportError:
            from .._yaml import EXTRA_HINT

            msg = f"writing YAML needs PyYAML: {EXTRA_HINT}"
            raise PolicyValidationError(msg, path="to") from None
        text: str = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, default_flow_style=False
        )
        return text
    msg = f"to={shown(to)} is not a policy format; use one of {', '.join(POLICY_FORMATS)}"
    raise PolicyValidationError(msg, path="to")


def convert(
    path: str | Path,
    to: str,
    *,
    source_format: str | None = None,
    zone: str | None = None,
    holidays: tuple[str, ...] = (),
    start: date | None = None,
    end: date | None = None,
    events: bool = False,
) -> str:
    """The file at ``path`` converted to the format ``to`` (one of :data:`FORMATS`), as text.

    ``zone`` and ``holidays`` are the calendar's when the input does not say them
    (opening_hours, FHIR and schema.org name no zone; none names holiday codes). ``start``
    and ``end`` bound what is listed by date: the holidays written into FHIR
    (``holidays_through=end``), schema.org (``since``/``through``) and ``VAVAILABILITY``
    (``EXDATE``\\ s). With ``events`` (``to="ics"`` only), the ``.ics`` holds the closed days,
    holidays, special hours and closures from ``start`` to ``end`` as events (``to_ics``), for
    staff and EHR calendars, in place of a ``VAVAILABILITY``.
    """
    if events and to != "ics":
        msg = f"--events writes iCalendar events; it goes with --to ics, not --to {to}"
        raise PolicyValidationError(msg, path="events")
    if to not in FORMATS:
        msg = f"--to {to!r} is not a format; use one of {', '.join(FORMATS)}"
        raise PolicyValidationError(msg, path="to")
    source = Path(user_path(path, "input file", lambda m: PolicyFileError(m, path="path")))
    given = source_format or _guessed(source)
    if given not in FORMATS:
        msg = f"--from {given!r} is not a format; use one of {', '.join(FORMATS)}"
        raise PolicyValidationError(msg, path="from")
    text = _read(source)
    if given in POLICY_FORMATS and not (given == "json" and _calendar_json(text)):
        from ..loading import load_policy

        fmt = cast("Literal['toml', 'json', 'yaml']", given)  # one of POLICY_FORMATS
        # From the file itself, so that a history's versions naming policy files find them.
        value = load_policy(source, format=fmt)
        if to in POLICY_FORMATS:
            return dump_policy(value, to)
        return write_calendar(_operating(value), to, start=start, end=end, events=events)
    calendar = read_calendar(text, _calendar_kind(given, text), zone=zone, holidays=holidays)
    if to in POLICY_FORMATS:
        msg = (
            f"a calendar ({given}) is not a whole policy, so it has no {to} policy file; "
            f"convert it to {', '.join(CALENDAR_FORMATS)}, or write a policy whose operating "
            "hours are this calendar"
        )
        raise PolicyValidationError(msg, path="to")
    return write_calendar(calendar, to, start=start, end=end, events=events)


def read_calendar(
    text: str, kind: str, *, zone: str | None, holidays: tuple[str, ...]
) -> BusinessCalendar:
    """A calendar from ``text`` in the calendar format ``kind``."""
    from ..calendar import BusinessCalendar

    if kind == "ics":
        return BusinessCalendar.from_vavailability(text, zone=zone, holidays=holidays)
    if zone is None:
        msg = f"{kind} names no time zone: pass --zone (the zone its times are in)"
        raise PolicyValidationError(msg, path="zone")
    if kind == "opening-hours":
        return BusinessCalendar.from_opening_hours(text.strip(), zone, holidays=holidays)
    data = _json_object(text)
    if kind == "fhir":
        return BusinessCalendar.from_fhir_availability(data, zone, holidays=holidays)
    return BusinessCalendar.from_schema_org(data, zone, holidays=holidays)


def write_calendar(
    calendar: BusinessCalendar,
    to: str,
    *,
    start: date | None,
    end: date | None,
    events: bool = False,
) -> str:
    """``calendar`` as text in the calendar format ``to`` (``events``: an ``.ics`` of events)."""
    if to == "opening-hours":
        return calendar.to_opening_hours() + "\n"
    if to == "ics" and events:
        if start is None or end is None:
            msg = "--events lists the dated days of a range: pass --start DATE and --end DATE"
            raise PolicyValidationError(msg, path="start" if start is None else "end")
        return calendar.to_ics(start=start, end=end)
    if to == "ics":
        return calendar.to_vavailability(start=start, end=end)
    if to == "fhir":
        data = calendar.to_fhir_availability(holidays_through=end, holidays_from=start)
    else:
        data = calendar.to_schema_org(through=end, since=start)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _guessed(source: Path) -> str:
    found = _SUFFIXES.get(source.suffix.lower())
    if found is None:
        msg = (
            f"{source}: cannot tell the format from the suffix {source.suffix!r}; pass --from "
            f"({', '.join(FORMATS)})"
        )
        raise PolicyValidationError(msg, path="from")
    return found


def _read(source: Path) -> str:
    def fail(message: str) -> PolicyFileError:
        return PolicyFileError(message, path=str(source))

    try:
        with open_user_file(source, "input file", fail) as f:
            raw: bytes = f.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        msg = f"{source}: cannot be read ({exc.strerror or exc})"
        raise PolicyFileError(msg, path=str(source)) from None
    if len(raw) > MAX_INPUT_BYTES:
        msg = f"{source}: more than {MAX_INPUT_BYTES:,} bytes"
        raise PolicyFileError(msg, path=str(source))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{source}: not UTF-8 text (byte {exc.start})"
        raise PolicyFileError(msg, path=str(source)) from None


def _json_object(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        msg = f"not JSON: {str(exc)[:120]}"
        raise PolicyFileError(msg, path="json") from None
    if not isinstance(data, dict):
        msg = f"the JSON holds a {type(data).__name__}, not an object"
        raise PolicyFileError(msg, path="json")
    return data


def _calendar_json(text: str) -> bool:
    """Does this JSON text hold FHIR availability or schema.org JSON-LD (not a policy)?"""
    return _json_kind(text) is not None


def _json_kind(text: str) -> str | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None  # the policy loader names the problem
    if not isinstance(data, dict):
        return None
    if "@context" in data or "@graph" in data or "openingHoursSpecification" in data:
        return "jsonld"
    if {"availableTime", "availability", "notAvailable", "notAvailableTime"} & data.keys():
        return "fhir"
    if "resourceType" in data:
        return "fhir"
    return None


def _calendar_kind(given: str, text: str) -> str:
    if given == "json":
        return _json_kind(text) or "fhir"
    return given


def _operating(value: Policy | PolicyHistory) -> BusinessCalendar:
    """The calendar of a policy's operating hours (a history: its latest version's)."""
    from ..history import PolicyHistory

    policy = value.versions[-1].policy if isinstance(value, PolicyHistory) else value
    calendar = policy.operating_calendar
    if calendar is None:
        msg = (
            "the policy has no operating hours, so there is no calendar to write; add an "
            "operating_hours rule, or convert to toml, json or yaml"
        )
        raise PolicyValidationError(msg, path="rules")
    return calendar
