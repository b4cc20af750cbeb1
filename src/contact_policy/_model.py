"""The frozen pydantic base of every public value, and the shared field types.

Every model is frozen, forbids unknown fields, stores collections as tuples, validates again
on :meth:`Model.replace`, shows only non-default fields in its repr, and turns pydantic's
``ValidationError`` into the library's own :class:`~contact_policy.errors.PolicyValidationError`
(or a more specific subclass), with the path of the bad field in the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pydantic
from pydantic import AfterValidator, BeforeValidator, ConfigDict, PlainSerializer
from pydantic.fields import FieldInfo

from ._time import is_aware
from .errors import (
    ContactPolicyError,
    ImmutableError,
    NaiveDatetimeError,
    PolicyValidationError,
    UnknownTimeZoneError,
)

__all__ = [
    "AwareDatetime",
    "Model",
    "NonNegativeDuration",
    "PositiveDuration",
    "UNION_TAGS",
    "ZoneName",
    "format_path",
    "get_zone",
    "translate_validation_error",
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


_PYDANTIC_NOISE = re.compile(r"^(Value error|Assertion failed), ")


def translate_validation_error(
    exc: pydantic.ValidationError, prefix: str = ""
) -> ContactPolicyError:
    """Turn pydantic's error into ours: every problem with its field path, one per line.

    When every problem comes from one of our own error classes (an unknown zone, a naive
    datetime, ...), that class is raised, so ``except UnknownTimeZoneError`` works however deep
    the bad field sits.
    """
    problems: list[tuple[str, str]] = []
    kinds: set[type[ContactPolicyError]] = set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]))
        path = format_path(((prefix,) if prefix else ()) + loc)
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, PolicyValidationError):
            # Raised by a nested model's own validation: keep its inner paths.
            kinds.add(type(original))
            problems.extend((_join(path, p), m) for p, m in original.errors)
        elif isinstance(original, ContactPolicyError):
            kinds.add(type(original))
            problems.append((_join(path, original.path or ""), original.detail))
        else:
            kinds.add(PolicyValidationError)
            message = _PYDANTIC_NOISE.sub("", err["msg"])
            if err["type"] == "union_tag_invalid":
                ctx = err.get("ctx") or {}
                field = ctx.get("discriminator", "kind").strip("'")
                path = f"{path}.{field}" if path else field
                message = (
                    f"unknown {field} {ctx.get('tag')!r}; use one of {ctx.get('expected_tags')}"
                )
                problems.append((path, message))
                kinds.add(PolicyValidationError)
                continue
            if err["type"] not in {"missing", "extra_forbidden"}:
                message += f" (got {err['input']!r})"
            elif err["type"] == "extra_forbidden":
                message = "unknown field; check the spelling against the documented fields"
            problems.append((path, message))
    if len(kinds) == 1 and (kind := kinds.pop()) is not PolicyValidationError:
        lines = [f"{p}: {m}" if p else m for p, m in problems]
        return kind("\n".join(lines), path=problems[0][0] or None, detail=problems[0][1])
    return PolicyValidationError.from_problems(problems)


def _field_default(field: FieldInfo) -> Any:
    """A non-required field's default, calling its default factory.

    No ``validated_data=``: that keyword exists only from pydantic 2.10 on (the declared floor is
    older), and it is needed only by factories that take the validated data, which no model
    here has.
    """
    return field.get_default(call_default_factory=True)


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
            raise translate_validation_error(exc) from None

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
            raise translate_validation_error(exc) from None

    @classmethod
    def model_validate_json(cls, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(*args, **kwargs)
        except pydantic.ValidationError as exc:
            raise translate_validation_error(exc) from None

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
            f"{value!r} is not a known IANA time zone; use a name such as 'America/New_York' "
            "or 'Europe/London' (zoneinfo.available_timezones() lists them)"
        )
        raise UnknownTimeZoneError(msg) from None
    return str(value)


#: An IANA zone name, checked against zoneinfo; a ``ZoneInfo`` is accepted and stored by key.
ZoneName = Annotated[str, BeforeValidator(_check_zone)]


def _check_aware(value: datetime) -> datetime:
    if not is_aware(value):
        raise NaiveDatetimeError.for_field(value)
    return value


#: A timezone-aware datetime; a naive one fails with :class:`NaiveDatetimeError`.
AwareDatetime = Annotated[datetime, AfterValidator(_check_aware)]


def _check_non_negative(value: timedelta) -> timedelta:
    if value < timedelta(0):
        msg = (
            f"{value!r} is negative; give a duration of zero or more, e.g. timedelta(hours=24) "
            "or 'PT24H'"
        )
        raise PolicyValidationError(msg)
    return value


def _check_positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        msg = (
            f"{value!r} is not positive; give a duration above zero, e.g. timedelta(hours=24) "
            "or 'PT24H'"
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


_DurationJson = PlainSerializer(_duration_to_json, return_type=str, when_used="json")

#: A duration of zero or more (``timedelta``, seconds, or ISO 8601 such as ``"PT24H"``).
NonNegativeDuration = Annotated[timedelta, AfterValidator(_check_non_negative), _DurationJson]
#: A duration above zero.
PositiveDuration = Annotated[timedelta, AfterValidator(_check_positive), _DurationJson]
