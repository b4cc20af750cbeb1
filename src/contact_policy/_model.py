"""The frozen pydantic base of every public value, and the shared field types.

Every model is frozen, forbids unknown fields, stores collections as tuples, validates again
on :meth:`Model.replace`, shows only non-default fields in its repr, and turns pydantic's
``ValidationError`` into the library's own :class:`~contact_policy.errors.PolicyValidationError`
(or a more specific subclass), with the path of the bad field in the message.

One file: the base model and the annotated field types every model uses, with the one
translation of pydantic's errors into ours.
"""

from __future__ import annotations

import math
import numbers
import types
import typing
from collections.abc import Iterable, Iterator, Sized
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pydantic
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, Strict
from pydantic.fields import FieldInfo
from pydantic_core import core_schema

from ._time import MAX_YEAR, MIN_YEAR, offset_problem
from .errors import (
    ContactPolicyError,
    ImmutableError,
    LimitExceededError,
    NaiveDatetimeError,
    OutOfRangeError,
    PolicyValidationError,
    UnknownTimeZoneError,
    shown,
)
from .limits import MAX_NESTING, MAX_TEXT

__all__ = [
    "AwareDatetime",
    "Count",
    "Flag",
    "Model",
    "Number",
    "Text",
    "as_tuple",
    "at_most",
    "collect_problems",
    "items_of",
    "NonNegativeDuration",
    "PositiveDuration",
    "Problem",
    "UNION_TAGS",
    "ZoneName",
    "fields_at",
    "format_path",
    "problems_of",
    "get_zone",
    "translate_validation_error",
    "unknown_field_words",
]


def format_path(loc: tuple[int | str, ...]) -> str:
    """``('hours', 'tue', 0)`` -> ``'hours.tue[0]'``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += f".{part}"
        else:
            out = str(part)
    return out


def _join(outer: str, inner: str) -> str:
    if not inner:
        return outer
    if not outer:
        return inner
    return outer + inner if inner.startswith("[") else f"{outer}.{inner}"


#: Discriminator tags of tagged unions (rule kinds): pydantic puts them in an error's location
#: (``rules[0].turnaround.within``); users wrote ``rules[0].within``, so they are dropped.
UNION_TAGS: set[str] = set()


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    out: list[int | str] = []
    for part in loc:
        if isinstance(part, str) and (
            "[" in part or (part in UNION_TAGS and out and isinstance(out[-1], int))
        ):
            continue
        out.append(part)
    return tuple(out)


#: What a field of each kind expects, in our words (the noun of "expected ...").
_EXPECTED = {
    "string": "text (a string)",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "decimal": "a number",
    "fraction": "a number",
    "complex": "a number",
    "bytes": "bytes",
    "date": "a date such as 2026-11-23",
    "time": "a time of day such as 09:00",
    "datetime": "a date and time with a UTC offset, such as 2026-11-23T15:00:00-05:00",
    "time_delta": "a duration such as 'PT24H' (ISO 8601), a number of seconds or a timedelta",
    "dict": "a table (an object of fields)",
    "frozen_dict": "a table (an object of fields)",
    "ordered_dict": "a table (an object of fields)",
    "mapping": "a table (an object of fields)",
    "counter": "a table (an object of fields)",
    "model": "a table (an object of fields)",
    "model_attributes": "a table (an object of fields)",
    "dataclass": "a table (an object of fields)",
    "dataclass_exact": "a table (an object of fields)",
    "named_tuple": "a list",
    "list": "a list",
    "tuple": "a list",
    "set": "a list",
    "frozen_set": "a list",
    "deque": "a list",
    "iterable": "a list",
    "url": "a URL",
    "uuid": "a UUID",
    "callable": "a function",
    "arguments": "arguments",
    "json": "JSON text",
}

#: Messages for error types that are not "expected X": each built from the error's context.
_SPECIAL: dict[str, Any] = {
    "missing": lambda c: "is required; add it",
    "extra_forbidden": lambda c: unknown_field_words(c.get("field", ""), c.get("known", ())),
    "greater_than": lambda c: f"must be greater than {c.get('gt')}",
    "greater_than_equal": lambda c: f"must be {c.get('ge')} or more",
    "less_than": lambda c: f"must be less than {c.get('lt')}",
    "less_than_equal": lambda c: f"must be {c.get('le')} or less",
    "multiple_of": lambda c: f"must be a multiple of {c.get('multiple_of')}",
    "finite_number": lambda c: "must be a finite number (not NaN or infinity)",
    "too_short": lambda c: f"must have at least {c.get('min_length')} item(s)",
    "too_long": lambda c: f"is limited to {c.get('max_length')} item(s)",
    "string_too_short": lambda c: f"must have at least {c.get('min_length')} character(s)",
    "string_too_long": lambda c: f"is limited to {c.get('max_length')} characters",
    "bytes_too_short": lambda c: f"must have at least {c.get('min_length')} byte(s)",
    "bytes_too_long": lambda c: f"is limited to {c.get('max_length')} bytes",
    "string_pattern_mismatch": lambda c: f"must match the pattern {c.get('pattern')!r}",
    "string_not_ascii": lambda c: "must be plain ASCII text",
    "string_unicode": lambda c: "must be valid Unicode text",
    "bytes_invalid_encoding": lambda c: "is not validly encoded",
    "int_parsing_size": lambda c: "is too large a number",
    "int_from_float": lambda c: "must be a whole number, without a fraction",
    "enum": lambda c: f"must be one of {c.get('expected')}",
    "literal_error": lambda c: f"must be one of {c.get('expected')}",
    "none_required": lambda c: "must be left out (null)",
    "timezone_naive": lambda c: "must have no time zone",
    "timezone_aware": lambda c: "needs a time zone or a UTC offset",
    "timezone_offset": lambda c: f"must have the UTC offset {c.get('tz_expected')}",
    "date_past": lambda c: "must be in the past",
    "date_future": lambda c: "must be in the future",
    "datetime_past": lambda c: "must be in the past",
    "datetime_future": lambda c: "must be in the future",
    "date_from_datetime_inexact": lambda c: "must be a date without a time of day",
    "union_tag_not_found": lambda c: f"needs a {c.get('discriminator', 'kind')!s} field",
    "union_tag_invalid": lambda c: (
        f"unknown kind {c.get('tag')!r}; use one of {c.get('expected_tags')}"
    ),
    "recursion_loop": lambda c: "refers to itself",
    "recursion_depth_exceeded": lambda c: "is nested too deeply",
    "frozen_field": lambda c: "cannot be changed",
    "frozen_instance": lambda c: "cannot be changed",
    "set_item_not_hashable": lambda c: "holds an item that cannot be in a set",
    "is_instance_of": lambda c: f"must be a {c.get('class')}",
    "is_subclass_of": lambda c: f"must be a subclass of {c.get('class')}",
    "no_such_attribute": lambda c: f"has no attribute {c.get('attribute')!r}",
    "invalid_key": lambda c: "has a key that is not text",
    "get_attribute_error": lambda c: "cannot be read",
    "default_factory_not_called": lambda c: "has no default here",
    "iteration_error": lambda c: "cannot be read as a list",
    "needs_python_object": lambda c: "cannot be given in JSON",
    "missing_sentinel_error": lambda c: "is not a value",
    "ellipsis_error": lambda c: "is not a value",
    "missing_argument": lambda c: "is required; add it",
    "missing_keyword_only_argument": lambda c: "is required; add it",
    "missing_positional_only_argument": lambda c: "is required; add it",
    "unexpected_keyword_argument": lambda c: "unknown argument",
    "unexpected_positional_argument": lambda c: "unknown argument",
    "multiple_argument_values": lambda c: "is given twice",
    "url_syntax_violation": lambda c: "is not a valid URL",
    "url_too_long": lambda c: f"is limited to {c.get('max_length')} characters",
    "url_scheme": lambda c: f"must use one of the schemes {c.get('expected_schemes')}",
    "uuid_version": lambda c: f"must be a UUID of version {c.get('expected_version')}",
    "decimal_max_digits": lambda c: f"is limited to {c.get('max_digits')} digits",
    "decimal_max_places": lambda c: f"is limited to {c.get('decimal_places')} decimal places",
    "decimal_whole_digits": lambda c: f"is limited to {c.get('whole_digits')} whole digits",
    "complex_str_parsing": lambda c: "is not a complex number",
    "json_invalid": lambda c: f"is not valid JSON ({c.get('error')})",
    "value_error": lambda c: str(c.get("error", "is not valid")),
    "assertion_error": lambda c: str(c.get("error", "is not valid")),
}
#: Error types whose input is not worth showing (there is none, or it is the whole document).
_NO_INPUT = {"missing", "extra_forbidden", "missing_argument", "json_invalid"}
#: Error types that say a value is over a limit (they raise LimitExceededError).
_LIMITS = {"too_long", "string_too_long", "bytes_too_long", "url_too_long"}
_SUFFIXES = (
    "_sub_type",
    "_type",
    "_parsing",
    "_from_datetime_parsing",
    "_from_date_parsing",
    "_object_invalid",
)


def unknown_field_words(name: str, known: Iterable[str]) -> str:
    """The message for the unknown field ``name`` where ``known`` are the fields allowed
    there: the nearest known name (``difflib``), else the known names, else a plain hint.

    >>> unknown_field_words("holiday", ["zone", "holidays", "rules"])
    "unknown field; did you mean 'holidays'?"
    >>> unknown_field_words("colour", ["zone", "rules"])
    'unknown field; the fields here are zone, rules'
    """
    names = list(known)
    by_lower = {n.lower(): n for n in names}
    import difflib  # (an error's words only: not loaded until one is written)

    close = difflib.get_close_matches(str(name).lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        return f"unknown field; did you mean {by_lower[close[0]]!r}?"
    if names:
        return f"unknown field; the fields here are {', '.join(names)}"
    return "unknown field; check the spelling against the documented fields"


def _concrete(kind: Any) -> list[Any]:
    """The types ``kind`` may hold: ``Annotated`` unwrapped, unions split, ``None`` left out."""
    origin = typing.get_origin(kind)
    if origin is Annotated:
        return _concrete(typing.get_args(kind)[0])
    if origin is typing.Union or isinstance(kind, types.UnionType):
        return [t for arg in typing.get_args(kind) for t in _concrete(arg)]
    return [] if kind is type(None) else [kind]


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, pydantic.BaseModel)


def fields_at(model: type[pydantic.BaseModel], loc: tuple[int | str, ...]) -> list[str] | None:
    """The field names of the model that ``loc`` (pydantic's raw error location, the unknown
    key left out) points into, found by following the fields' types from ``model``: a field
    name steps into its type, an index into a tuple's items, a union tag (a rule's ``kind``)
    picks that member. None when the way is lost.

    >>> from contact_policy import Policy
    >>> fields_at(Policy, ("rules", 0, "voicemail_gate"))
    ['kind', 'name', 'channels', 'urgency']
    """
    here: list[Any] = [model]
    for part in loc:
        if isinstance(part, str) and "[" in part:
            continue  # pydantic's name of a validator or a union member's schema
        models = [k for k in here if _is_model(k)]
        if isinstance(part, int):
            here = [
                t
                for k in here
                if typing.get_origin(k) in (tuple, list) and typing.get_args(k)
                for t in _concrete(typing.get_args(k)[0])
            ]
        elif any(part in m.model_fields for m in models):
            here = [
                t
                for m in models
                if part in m.model_fields
                for t in _concrete(m.model_fields[part].annotation)
            ]
        else:
            tagged = [
                m
                for m in models
                if "kind" in m.model_fields and m.model_fields["kind"].default == part
            ]
            if not tagged:
                return None
            here = tagged
    names: list[str] = []
    for m in here:
        if _is_model(m):
            names += [n for n in m.model_fields if n not in names]
    return names or None


def pydantic_words(kind: str, ctx: dict[str, Any]) -> str | None:
    """Our message for a pydantic error of type ``kind`` (None: a type we do not know, which a
    test forbids)."""
    special = _SPECIAL.get(kind)
    if special is not None:
        text: str = special(ctx)
        return text
    for suffix in _SUFFIXES:
        if kind.endswith(suffix):
            noun = _EXPECTED.get(kind.removesuffix(suffix))
            if noun is not None:
                return f"expected {noun}"
    return None


def _shown(value: Any) -> str:
    """An input as an error shows it: its repr, cut short."""
    return shown(value, 80)


def translate_validation_error(
    exc: pydantic.ValidationError,
    prefix: str = "",
    model: type[pydantic.BaseModel] | None = None,
) -> ContactPolicyError:
    """Turn pydantic's error into ours: every problem with its field path, one per line, in
    our words (never pydantic's). ``model`` is the model validated, so an unknown field's
    message can suggest the nearest known name (``holiday`` -> ``holidays``).

    When every problem comes from one of our own error classes (an unknown zone, a naive
    datetime, ...), that class is raised, so ``except UnknownTimeZoneError`` works however deep
    the bad field sits.
    """
    found = problems_of(exc, prefix, model)
    problems = [(p, m) for p, m, _ in found]
    kinds = {k for _, _, k in found}
    if len(kinds) == 1 and (kind_of := kinds.pop()) is not PolicyValidationError:
        if issubclass(kind_of, PolicyValidationError):
            return kind_of.from_problems(problems)
        lines = [f"{p}: {m}" if p else m for p, m in problems]
        return kind_of("\n".join(lines), path=problems[0][0] or None, detail=problems[0][1])
    error = PolicyValidationError.from_problems(problems)
    # Each problem's own class, for a model that holds this one (pydantic calls our
    # ``__init__`` and wraps what it raises): its code is what check_file reports.
    object.__setattr__(error, _KINDS, tuple(k for _, _, k in found))
    return error


_KINDS = "_problem_kinds"


#: One problem: the field's path, the message, and the error class that says it.
Problem = tuple[str, str, type[ContactPolicyError]]


def problems_of(
    exc: pydantic.ValidationError,
    prefix: str = "",
    model: type[pydantic.BaseModel] | None = None,
) -> list[Problem]:
    """Every problem of pydantic's error, in our words, each with the class that raises it
    alone (what :func:`translate_validation_error` combines)."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]))
        path = format_path(((prefix,) if prefix else ()) + loc)
        ctx = err.get("ctx") or {}
        original = ctx.get("error")
        if isinstance(original, PolicyValidationError):
            # Raised by a nested model's own validation: keep its inner paths (and classes).
            kinds = getattr(original, _KINDS, None)
            if not isinstance(kinds, tuple) or len(kinds) != len(original.errors):
                kinds = (type(original),) * len(original.errors)
            problems.extend(
                (_join(path, p), m, k) for (p, m), k in zip(original.errors, kinds, strict=True)
            )
            continue
        if isinstance(original, ContactPolicyError):
            problems.append((_join(path, original.path or ""), original.detail, type(original)))
            continue
        kind = err["type"]
        cls = LimitExceededError if kind in _LIMITS else PolicyValidationError
        if kind == "union_tag_invalid":
            field = str(ctx.get("discriminator", "kind")).strip("'")
            path = f"{path}.{field}" if path else field
            message = f"unknown {field} {ctx.get('tag')!r}; use one of {ctx.get('expected_tags')}"
            problems.append((path, message, cls))
            continue
        if kind == "extra_forbidden":
            raw = tuple(err["loc"])
            known = fields_at(model, raw[:-1]) if model is not None and raw else None
            ctx = {"field": raw[-1] if raw else "", "known": known or ()}
        message = pydantic_words(kind, ctx) or "is not valid"
        if kind not in _NO_INPUT:
            message += f" (got {_shown(err['input'])})"
        problems.append((path, message, cls))
    return problems


def collect_problems(model: type[Model], data: Any) -> tuple[Any, list[Problem]]:
    """``model`` validated from ``data``: ``(value, [])``, or ``(None, problems)`` with every
    problem pydantic found (a model's own checks run once its fields are valid, so a second
    pass may find more)."""
    try:
        # pydantic's own model_validate (Model's turns the error into one exception)
        return super(Model, model).model_validate(data), []
    except pydantic.ValidationError as exc:
        return None, problems_of(exc, model=model)
    except RecursionError:
        exc2 = too_deep()
        return None, [(exc2.path or "", exc2.detail, type(exc2))]
    except ContactPolicyError as exc:  # raised outside pydantic's validation (none is known)
        return None, [(exc.path or "", exc.detail, type(exc))]


def _field_default(field: FieldInfo) -> Any:
    """A non-required field's default, calling its default factory.

    No ``validated_data=``: that keyword exists only from pydantic 2.10 on (the declared floor is
    older), and it is needed only by factories that take the validated data, which no model
    here has.
    """
    return field.get_default(call_default_factory=True)


def too_deep() -> LimitExceededError:
    """The error for a value nested so deeply (lists in lists, ...) that reading it, or
    showing it, would exhaust Python's stack."""
    return LimitExceededError(
        f"a value nests too deeply (lists or tables inside each other); nesting is limited "
        f"to {MAX_NESTING} levels in files and to a few hundred in Python values"
    )


class Model(pydantic.BaseModel):
    """Frozen, strict-shaped base model with our errors and a call-like repr."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=False,
        arbitrary_types_allowed=False,
        # Enum fields keep their Enum type; the str values are accepted on input.
        use_enum_values=False,
        # Build validators on first use, not at import: keeps `import contact_policy` cheap.
        defer_build=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise translate_validation_error(exc, model=type(self)) from None
        except RecursionError:
            raise too_deep() from None

    # pydantic validates a nested model (a dict for ``hours``) without calling this __init__
    # with the dict as keywords (which fails as a TypeError for a key that is no string:
    # ``{1: [...]}``); its error reaches the outer call, which says it in our words.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        raise ImmutableError.for_field(type(self).__name__, name)

    def __delattr__(self, name: str) -> None:
        raise ImmutableError.for_field(type(self).__name__, name)

    # The overrides forward whatever the caller gives: pydantic's keyword set differs across
    # the declared range (``by_name=``, ``extra=``, ... appeared in later 2.x releases), so
    # naming one version's keywords breaks the older ones (issue #11).
    @classmethod
    def model_validate(cls, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(*args, **kwargs)
        except pydantic.ValidationError as exc:
            raise translate_validation_error(exc, model=cls) from None
        except RecursionError:
            raise too_deep() from None

    @classmethod
    def model_validate_json(cls, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(*args, **kwargs)
        except pydantic.ValidationError as exc:
            raise translate_validation_error(exc, model=cls) from None
        except RecursionError:
            raise too_deep() from None

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """Build from values the library computed itself, skipping validation (hot paths).

        Like pydantic's ``model_construct`` but several times faster; never use it on input.
        """
        defaults = cls.__dict__.get("_trusted_defaults")
        if defaults is None:
            defaults = {
                name: None if field.is_required() else _field_default(field)
                for name, field in cls.model_fields.items()
            }
            type.__setattr__(cls, "_trusted_defaults", defaults)
        obj = cls.__new__(cls)
        data = defaults.copy()
        data.update(values)  # keeps the field order of ``defaults``
        _set = object.__setattr__
        _set(obj, "__dict__", data)
        _set(obj, "__pydantic_fields_set__", set(values))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        if cls.__pydantic_post_init__:  # as validation would (private attributes, on some 2.x)
            obj.model_post_init(None)
        return obj

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied, validated like a new object.

        (pydantic's ``model_copy(update=...)`` skips validation; this does not.)
        """
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, field in type(self).model_fields.items():
            if not field.repr:
                continue
            value = getattr(self, name)
            if not field.is_required() and value == _field_default(field):
                continue
            yield name, value


# --- field types -------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def get_zone(name: Any, argument: str = "zone") -> ZoneInfo:
    """The ``ZoneInfo`` for ``name``, or :class:`UnknownTimeZoneError` naming ``argument``."""
    if isinstance(name, ZoneInfo):
        return name
    if not isinstance(name, str) or not name or name != name.strip():
        raise UnknownTimeZoneError.for_name(argument, name)
    try:
        return _zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimeZoneError.for_name(argument, name) from None


def _check_zone(value: Any) -> str:
    if isinstance(value, ZoneInfo):
        value = value.key
    try:
        get_zone(value)
    except UnknownTimeZoneError:
        msg = (
            f"{shown(value)} is not a known IANA time zone; use a name such as 'America/New_York' "
            "or 'Europe/London' (zoneinfo.available_timezones() lists them)"
        )
        raise UnknownTimeZoneError(msg) from None
    return str(value)


#: An IANA zone name, checked against zoneinfo; a ``ZoneInfo`` is accepted and stored by key.
ZoneName = Annotated[str, BeforeValidator(_check_zone)]


def _check_aware(value: datetime) -> datetime:
    problem = offset_problem(value)
    if problem == "naive":
        raise NaiveDatetimeError.for_field(value)
    if problem is not None:
        raise NaiveDatetimeError.bad_offset_field(value, problem)
    try:
        year = value.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        msg = f"{value.isoformat()} lies outside the supported years {MIN_YEAR} to {MAX_YEAR}"
        raise OutOfRangeError(msg)
    return value


def _instant_input(value: Any) -> Any:
    """Refuse a number where an instant belongs: pydantic would read it as a Unix timestamp."""
    _not_bool(value, "a datetime")
    if isinstance(value, (int, float)):
        msg = (
            f"{shown(value)} is a number, not a datetime (numbers are not read as Unix "
            "timestamps); give an aware datetime or ISO 8601 text such as "
            "2026-11-23T15:00:00-05:00"
        )
        raise PolicyValidationError(msg)
    return value


#: A timezone-aware datetime (or ISO 8601 text with an offset); a naive one fails with
#: :class:`NaiveDatetimeError`, a number (a Unix timestamp to pydantic) is refused.
AwareDatetime = Annotated[datetime, BeforeValidator(_instant_input), AfterValidator(_check_aware)]


def _not_bool(value: Any, what: str) -> None:
    if isinstance(value, bool):
        msg = f"a boolean ({str(value).lower()}) is not {what}"
        raise PolicyValidationError(msg)


def _number_input(value: Any) -> Any:
    _not_bool(value, "a number")
    if isinstance(value, (str, bytes)):
        msg = f"{shown(value)} is text, not a number; write the number without quotes"
        raise PolicyValidationError(msg)
    if isinstance(value, float) and not math.isfinite(value):
        msg = f"{shown(value)} is not a finite number"
        raise PolicyValidationError(msg)
    return value


def _count_input(value: Any) -> Any:
    """A whole number as given: an int (numpy's too) or a float with no fraction (``5.0``, as
    JSON Schema counts it an integer); never a boolean, text (``"5"``) or ``5.5``."""
    _not_bool(value, "a whole number")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (str, bytes)):
        msg = f"{shown(value)} is text, not a whole number; write the number without quotes"
    else:
        msg = f"{shown(value)} is not a whole number; give e.g. 5"
    raise PolicyValidationError(msg)


def _duration_input(value: Any) -> Any:
    _not_bool(value, "a duration; give e.g. 'PT24H' or timedelta(hours=24)")
    if isinstance(value, float) and not math.isfinite(value):
        msg = f"{shown(value)} is not a duration; give e.g. 'PT24H' or timedelta(hours=24)"
        raise PolicyValidationError(msg)
    return value


def at_most(limit: int, what: str) -> BeforeValidator:
    """A validator refusing a collection of more than ``limit`` items, before they are
    validated one by one (so a huge input costs nothing)."""

    def check(value: Any) -> Any:
        sized = isinstance(value, Sized) and not isinstance(value, (str, bytes))
        if sized and len(value) > limit:
            raise LimitExceededError.over(what, f"{limit:,}", f"{len(value):,}")
        return value

    return BeforeValidator(check)


def items_of(values: Any, name: str) -> list[Any]:
    """``values`` (a batch's argument) as a list, or PolicyValidationError naming ``name`` when
    it is not a collection of items (None, a number, a string)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        msg = f"{name}={_shown_value(values)} is not a list of items; pass a list (or iterable)"
        raise PolicyValidationError(msg, path=name)
    return list(values)


def as_tuple(value: Any) -> Any:
    """A factory's collection argument as a tuple; anything that is no collection (None, a
    number, a string) is passed on unchanged, for validation to name."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value
    try:
        return tuple(value)
    except Exception:  # a broken iterable: let validation report the value
        return value


def _shown_value(value: Any) -> str:
    return shown(value, 80)


#: Text of at most MAX_TEXT characters (a name, a label, instructions).
Text = Annotated[str, Field(max_length=MAX_TEXT)]
#: ``True`` or ``False`` only (no ``"yes"``, no ``1``).
Flag = Annotated[bool, Strict()]
#: A finite number (no booleans, NaN or infinity).
Number = Annotated[float, BeforeValidator(_number_input)]
#: A whole number (no booleans).
Count = Annotated[int, BeforeValidator(_count_input)]


def _check_non_negative(value: timedelta) -> timedelta:
    if value < timedelta(0):
        msg = (
            f"{shown(value)} is negative; give a duration of zero or more, e.g. "
            "timedelta(hours=24) or 'PT24H'"
        )
        raise PolicyValidationError(msg)
    return value


def _check_positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        msg = (
            f"{shown(value)} is not positive; give a duration above zero, e.g. "
            "timedelta(hours=24) or 'PT24H'"
        )
        raise PolicyValidationError(msg)
    return value


def _duration_to_json(value: timedelta) -> str:
    # ISO 8601 like pydantic's own, but written from whole seconds so it reads 'PT24H'.
    total = value // timedelta(microseconds=1)
    sign = "-" if total < 0 else ""
    total = abs(total)
    secs, micro = divmod(total, 1_000_000)
    hours, rest = divmod(secs, 3600)
    minutes, seconds = divmod(rest, 60)
    out = f"{sign}PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if seconds or micro or out.endswith("T"):
        out += f"{seconds}.{micro:06d}S" if micro else f"{seconds}S"
    return out


class _DurationJson:
    """Field metadata: a duration is written as ISO 8601 text in JSON (``'PT24H'``) and kept a
    ``timedelta`` in Python mode; what ``PlainSerializer(_duration_to_json, return_type=str,
    when_used="json")`` builds, without importing ``pydantic.functional_serializers`` (its
    dataclasses cost a fresh process's first answer about 2 ms)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        # (in place, as PlainSerializer does)
        typing.cast(dict[str, Any], schema)["serialization"] = (
            core_schema.plain_serializer_function_ser_schema(
                _duration_to_json,
                info_arg=False,
                return_schema=core_schema.str_schema(),
                when_used="json",
            )
        )
        return schema

    def __repr__(self) -> str:
        return "DurationJson()"


_DURATION_JSON = _DurationJson()

#: A duration of zero or more (``timedelta``, seconds, or ISO 8601 such as ``"PT24H"``).
NonNegativeDuration = Annotated[
    timedelta,
    BeforeValidator(_duration_input),
    AfterValidator(_check_non_negative),
    _DURATION_JSON,
]
#: A duration above zero.
PositiveDuration = Annotated[
    timedelta, BeforeValidator(_duration_input), AfterValidator(_check_positive), _DURATION_JSON
]
