"""JSON Schema (draft 2020-12) of policy files and policy-history files, from the models.

:func:`policy_schema` describes a policy file and :func:`history_schema` a policy-history file
(whose versions hold policies, inline or as file names); ``contact-policy schema
[--history]`` prints them, and ``docs/policy.schema.json`` and ``docs/history.schema.json``
are their committed copies (a test regenerates and compares them). Two schemas, not one with
a ``oneOf``: a form builder edits one kind of document, and a validator reporting against
both branches of a ``oneOf`` gives errors no person can act on.

The schema is pydantic's (``model_json_schema``), with every field's ``description`` and
``examples`` from the models' ``Field(...)``, and then widened to the forms the loader reads
that pydantic cannot see, because a validator accepts them before the model does:

- a span as ``"09:00-17:00"``, ``["09:00", "17:00"]`` or ``{"start": ..., "end": ...}``;
- weekly hours keyed by ranges and lists of days (``"mon-fri"``, ``"mon,wed"``, ``"Monday"``);
- a duration as ISO 8601 text (``"PT24H"``) or a number of seconds;
- holiday codes as one code (``"US"``) or a list; a turnaround's ``skip`` as one entry, with
  ranges of days (``"sat-sun"``); the older clock names ``"calendar"`` and ``"business"``;
- special hours as a table of dates (``{"2026-12-24": [["09:00", "12:00"]]}``);
- closures and sessions as ``[start, end]`` pairs;
- a version's ``effective`` and ``announced`` as a date (midnight in the policy's zone), and
  its ``policy`` as the name of a policy file;
- the older calendar forms of operating hours (``calendar``) and after-hours rules (``hours``
  with a ``zone``), marked ``deprecated``.

A rule's ``kind`` is required (it chooses the rule), and the documented limits are stated
(``maxItems``, ``maximum``). The schema checks a document's shape; what needs more than shape
(a known time zone, spans that do not overlap, notice between versions) is checked by
``contact-policy validate``. TOML dates and times are checked as their ISO 8601 text.

>>> schema = policy_schema()
>>> schema["$schema"], schema["required"]
('https://json-schema.org/draft/2020-12/schema', ['zone'])
>>> schema["properties"]["zone"]["examples"]
['America/New_York', 'Europe/London']

Imports the policy and history layers (and the limits).
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

from ..history import PolicyHistory
from ..hours import DAY_NAMES, DAYS
from ..limits import (
    MAX_BUSINESS_DAYS,
    MAX_DATED,
    MAX_FREQUENCY_LIMIT,
    MAX_HOLIDAY_CODES,
    MAX_RULES,
    MAX_SERIES,
    MAX_SESSIONS,
    MAX_SPANS_PER_DAY,
    MAX_VERSIONS,
)
from ..policy import Policy

__all__ = ["DRAFT", "history_schema", "policy_schema", "schema_text"]

#: The JSON Schema dialect of both schemas.
DRAFT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]

# --- the forms a validator reads -------------------------------------------------------------

_HHMM = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00"
_DASH = r"\s*[-–—]\s*"  # en and em dashes are read as dashes


def _nocase(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


_DAY = (
    "(?:"
    + "|".join(
        _nocase(name.lower()) + "|" + _nocase(d) for d, name in zip(DAYS, DAY_NAMES, strict=True)
    )
    + ")"
)
_DAY_ITEM = rf"\s*{_DAY}(?:{_DASH}{_DAY})?\s*"
#: A weekday key: a day, a range of days or a comma-separated list of either.
DAY_KEY = rf"^{_DAY_ITEM}(?:,{_DAY_ITEM})*$"
_HOLIDAYS_WORD = r"^\s*" + _nocase("holidays") + r"\s*$"

_SPAN_TEXT: Schema = {
    "type": "string",
    "pattern": rf"^\s*(?:{_HHMM}){_DASH}(?:{_HHMM})\s*$",
    "description": "a span written as text, 'HH:MM-HH:MM'",
    "examples": ["09:00-17:00"],
}
_TIME: Schema = {"type": "string", "pattern": rf"^(?:{_HHMM})$"}
_SPAN_PAIR: Schema = {
    "type": "array",
    "prefixItems": [_TIME, _TIME],
    "minItems": 2,
    "maxItems": 2,
    "description": "a span as a [start, end] pair of 'HH:MM' times",
    "examples": [["09:00", "17:00"], ["22:00", "06:00"]],
}
_DATE: Schema = {"type": "string", "format": "date"}
_INSTANT: Schema = {"type": "string", "format": "date-time"}
_SECONDS: Schema = {"type": "number", "minimum": 0, "description": "a number of seconds"}


def _day_spans(ref: str) -> Schema:
    return {"type": "array", "items": {"$ref": ref}, "maxItems": MAX_SPANS_PER_DAY}


def _pair_of(what: str) -> Schema:
    return {
        "type": "array",
        "prefixItems": [_INSTANT, _INSTANT],
        "minItems": 2,
        "maxItems": 2,
        "description": f"a {what} as a [start, end] pair of instants",
        "examples": [["2026-05-01T12:00:00+01:00", "2026-05-01T13:00:00+01:00"]],
    }


# --- building ----------------------------------------------------------------------------------


@cache
def _policy_schema() -> str:
    return json.dumps(_finish(Policy.model_json_schema(mode="validation"), history=False))


@cache
def _history_schema() -> str:
    return json.dumps(_finish(PolicyHistory.model_json_schema(mode="validation"), history=True))


def policy_schema() -> Schema:
    """The JSON Schema of a policy file (a new dict each call)."""
    result: Schema = json.loads(_policy_schema())
    return result


def history_schema() -> Schema:
    """The JSON Schema of a policy-history file (a new dict each call).

    >>> history_schema()["required"]
    ['versions']
    """
    result: Schema = json.loads(_history_schema())
    return result


def schema_text(*, history: bool = False) -> str:
    """A schema as the committed file holds it: JSON indented by two, ending in a newline."""
    schema = history_schema() if history else policy_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _finish(generated: Schema, *, history: bool) -> Schema:
    body = copy.deepcopy(generated)
    defs: dict[str, Schema] = body.pop("$defs", {})
    for schema in (*defs.values(), body):
        _walk(schema, _plain_ref)
    for schema in (*defs.values(), body):
        _describe(schema)
    _widen(defs, body)
    for visit in (_durations, _bounds):
        _walk(body, visit)
        for schema in defs.values():
            _walk(schema, visit)
    title = "contact-policy policy history file" if history else "contact-policy policy file"
    out: Schema = {**body, "$schema": DRAFT, "title": title, "$defs": dict(sorted(defs.items()))}
    result: Schema = _canonical(out)
    return result


#: The order of keywords in a schema object (the rest follow, sorted): the same text whichever
#: pydantic release generated it.
_ORDER = (
    "$schema", "$ref", "title", "description", "deprecated", "type", "const", "enum",
    "format", "pattern", "minLength", "maxLength", "minimum", "exclusiveMinimum", "maximum",
    "exclusiveMaximum", "items", "prefixItems", "minItems", "maxItems", "properties",
    "propertyNames", "additionalProperties", "required", "anyOf", "oneOf", "discriminator",
    "default", "examples", "$defs",
)  # fmt: skip
_VALUES = {"examples", "default", "const", "enum", "required", "discriminator"}
_MAPS = {"properties", "$defs"}


def _canonical(schema: Any) -> Any:
    """``schema`` with its keywords in :data:`_ORDER`, whole numbers in bounds as integers and
    a string ``const`` typed (older pydantic leaves these out or writes them otherwise)."""
    if isinstance(schema, list):
        return [_canonical(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    if isinstance(schema.get("const"), str):
        schema.setdefault("type", "string")
    for key in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        value = schema.get(key)
        if isinstance(value, float) and value.is_integer():
            schema[key] = int(value)
    rank = {k: i for i, k in enumerate(_ORDER)}
    out: Schema = {}
    for key in sorted(schema, key=lambda k: (rank.get(k, len(rank)), k)):
        value = schema[key]
        if key in _VALUES:
            out[key] = value
        elif key in _MAPS:
            out[key] = {name: _canonical(sub) for name, sub in value.items()}
        else:
            out[key] = _canonical(value)
    return out


_ROLE = re.compile(r":\w+:`~?(?:[\w.]+\.)?(\w+)`")


def _describe(schema: Schema) -> None:
    """A definition's description: its docstring's first paragraph, in plain text."""
    text = schema.get("description")
    if not isinstance(text, str):
        return
    first = text.split("\n\n", 1)[0]
    first = _ROLE.sub(r"\1", first).replace("``", "")
    first = first.replace(" (see the module docstring)", "")
    schema["description"] = " ".join(first.split())


def _walk(schema: Any, visit: Any) -> None:
    if isinstance(schema, dict):
        visit(schema)
        for value in schema.values():
            _walk(value, visit)
    elif isinstance(schema, list):
        for value in schema:
            _walk(value, visit)


_ISO = "ISO 8601, e.g. PT24H"


def _plain_ref(schema: Schema) -> None:
    """``{"allOf": [{"$ref": ...}], ...}`` (older pydantic's way to give a reference a
    description) as ``{"$ref": ..., ...}``, which draft 2020-12 allows."""
    options = schema.get("allOf")
    if isinstance(options, list) and len(options) == 1 and set(options[0]) == {"$ref"}:
        del schema["allOf"]
        schema["$ref"] = options[0]["$ref"]


#: Constraints pydantic writes by their own names where a validator wraps the type.
_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}


def _bounds(schema: Schema) -> None:
    if schema.get("type") in ("integer", "number"):
        for ours, theirs in _BOUNDS.items():
            if ours in schema:
                schema[theirs] = schema.pop(ours)


def _durations(schema: Schema) -> None:
    """A duration: ISO 8601 text (what pydantic states) or a number of seconds."""
    if schema.get("format") == "duration" and schema.get("description") != _ISO:
        del schema["type"], schema["format"]
        schema["anyOf"] = [{"type": "string", "format": "duration", "description": _ISO}, _SECONDS]


def _props(defs: dict[str, Schema], name: str) -> dict[str, Schema]:
    found: dict[str, Schema] = defs.get(name, {}).get("properties", {})
    return found


def _one_or_many(prop: Schema, item: Schema) -> None:
    """A property whose array may also be given as one item."""
    options = prop.pop("anyOf", None)
    array = {k: prop.pop(k) for k in ("type", "items", "maxItems") if k in prop}
    nullable = options is not None
    if options is not None:
        array = next(o for o in options if o.get("type") == "array")
    prop["anyOf"] = [item, array] + ([{"type": "null"}] if nullable else [])


def _widen(defs: dict[str, Schema], root: Schema) -> None:
    """Apply the forms the validators read (the module docstring lists them)."""
    every = {**defs, "__root__": root}
    # spans: text, pair or table
    span = defs["Span"]
    table = {k: span.pop(k) for k in ("type", "properties", "required", "additionalProperties")}
    table["description"] = "a span as a table of start and end"
    span["oneOf"] = [_SPAN_TEXT, _SPAN_PAIR, table]
    ref = "#/$defs/Span"
    # weekly hours: keys are days, ranges or lists of days
    weekly = defs["WeeklyHours"]
    weekly.pop("additionalProperties", None)
    for i, day in enumerate(DAYS):
        weekly["properties"][day].update(_day_spans(ref))
        weekly["properties"][day].pop("default", None)
        weekly["properties"][day].setdefault("description", f"{DAY_NAMES[i]}'s open spans")
        weekly["properties"][day]["examples"] = [[["09:00", "12:00"], ["13:00", "17:00"]]]
    weekly["propertyNames"] = {"pattern": DAY_KEY}
    weekly["additionalProperties"] = {
        **_day_spans(ref),
        "description": "the open spans of a range or list of days ('mon-fri', 'mon,wed'); "
        "each day is named once",
        "examples": [[["09:00", "17:00"]]],
    }
    weekly.setdefault("examples", [{"mon-fri": [["09:00", "17:00"]], "sat": [["10:00", "12:00"]]}])
    defs["SpecialHours"]["properties"]["hours"].update(_day_spans(ref))
    # closures and sessions: also [start, end] pairs
    for name, what in (("Closure", "closure"), ("Session", "session")):
        if name in defs:
            d = defs[name]
            obj = {k: d.pop(k) for k in ("type", "properties", "required", "additionalProperties")}
            d["anyOf"] = [obj, _pair_of(what)]
    for name, schema in every.items():
        props = schema.get("properties", {})
        # holiday codes: one code or a list
        if "holidays" in props:
            _one_or_many(props["holidays"], {"type": "string", "description": "one code"})
            for option in props["holidays"]["anyOf"]:
                if option.get("type") == "array":
                    option["maxItems"] = MAX_HOLIDAY_CODES
        # special hours: a list, or a table of dates
        if "special_hours" in props:
            prop = props["special_hours"]
            array = {k: prop.pop(k) for k in ("type", "items") if k in prop}
            array["maxItems"] = MAX_DATED
            mapping = {
                "type": "object",
                "propertyNames": {"format": "date"},
                "additionalProperties": {
                    **_day_spans(ref),
                    "description": "the date's spans ([] closes it)",
                    "examples": [[["09:00", "12:00"]], []],
                },
                "description": "a table of dates, each with its spans ([] closes the date)",
                "examples": [{"2026-12-24": [["09:00", "12:00"]]}],
            }
            prop["anyOf"] = [array, mapping]
        for key in ("closed", "closures"):
            if key in props:
                props[key]["maxItems"] = MAX_DATED
        # a rule's kind chooses it
        kind = props.get("kind", {})
        if "const" in kind and name != "__root__":
            schema["required"] = ["kind", *[r for r in schema.get("required", []) if r != "kind"]]
    # turnaround: older clock names, skip as one entry or ranges of days
    turnaround = _props(defs, "Turnaround")
    clock = turnaround["clock"]
    current = {k: clock.pop(k) for k in ("enum", "type") if k in clock}
    clock["anyOf"] = [
        current,
        {
            "enum": ["calendar", "business"],
            "deprecated": True,
            "description": "older names of 'hours' and 'business_hours'",
        },
    ]
    skip_item = {
        "anyOf": [
            {"type": "string", "pattern": _HOLIDAYS_WORD, "description": "the policy's holidays"},
            {"type": "string", "pattern": DAY_KEY, "description": "a day, range or list of days"},
        ]
    }
    skip = turnaround["skip"]
    skip["items"] = skip_item
    _one_or_many(skip, skip_item)
    turnaround["days"]["anyOf"][0]["maximum"] = MAX_BUSINESS_DAYS
    _props(defs, "FrequencyFlag")["limit"]["maximum"] = MAX_FREQUENCY_LIMIT
    # limits on counts
    for owner, prop, limit in (
        ("Policy", "rules", MAX_RULES),
        ("EmergencyPath", "contacts", MAX_RULES),
        ("SessionSchedule", "sessions", MAX_SESSIONS),
        ("SessionSchedule", "series", MAX_SERIES),
        ("PolicyHistory", "versions", MAX_VERSIONS),
    ):
        props = root.get("properties", {}) if owner not in defs else _props(defs, owner)
        if prop in props:
            props[prop]["maxItems"] = limit
    # the older calendar forms
    legacy = _legacy_calendar(_props(defs, "OperatingHours"))
    operating = defs["OperatingHours"]
    operating["required"] = [r for r in operating["required"] if r != "hours"]
    operating["oneOf"] = [{"required": ["hours"]}, {"required": ["calendar"]}]
    _props(defs, "OperatingHours")["calendar"] = {
        **legacy,
        "deprecated": True,
        "description": "older form: the calendar's fields in a table of their own; write "
        "them on the rule instead",
    }
    after = _props(defs, "AfterHours")["hours"]
    after["anyOf"].insert(
        1,
        {
            **legacy,
            "deprecated": True,
            "description": "older form: a calendar (with its own zone) as the hours",
        },
    )
    # versions: dates, and policies named by file
    version = _props(defs, "PolicyVersion")
    if version:
        for key in ("effective", "announced"):
            prop = version[key]
            prop.pop("type", None)
            prop.pop("format", None)
            prop["anyOf"] = [
                {**_INSTANT, "description": "an instant with its UTC offset"},
                {**_DATE, "description": "a date: 00:00 of that date in the policy's zone"},
            ]
        policy = version["policy"]
        policy["anyOf"] = [
            {"$ref": policy.pop("$ref")},
            {
                "type": "string",
                "minLength": 1,
                "description": "the name of a policy file, read relative to the history file "
                "(load_policy only)",
            },
        ]


def _legacy_calendar(operating: dict[str, Schema]) -> Schema:
    fields = ("zone", "hours", "holidays", "closed", "special_hours", "closures")
    props = {k: copy.deepcopy(operating[k]) for k in fields}
    props["zone"] = {
        "type": "string",
        "description": "the calendar's IANA zone",
        "examples": ["America/New_York"],
    }
    return {
        "type": "object",
        "properties": props,
        "required": ["zone"],
        "additionalProperties": False,
        "examples": [{"zone": "America/New_York", "hours": {"mon-fri": [["09:00", "17:00"]]}}],
    }
