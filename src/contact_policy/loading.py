"""Reading policies: ``load_policy(source)`` and ``default_policy()``.

Policy files are TOML or JSON (chosen by the file's suffix, or by ``format=``); their fields are
the ``Policy`` model's, so ``Policy.model_dump_json()`` output loads back unchanged. Errors name
the file and the bad field (``rules[0].within``).

>>> policy = default_policy()
>>> policy.zone
'America/New_York'
"""

from __future__ import annotations

import json
import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .errors import ContactPolicyError, PolicyFileError
from .policy import Policy

__all__ = ["default_policy", "load_policy", "parse_policy"]

Format = Literal["toml", "json"]


def parse_policy(text: str | bytes, *, format: Format, origin: str = "<policy>") -> Policy:
    """A policy from the text of a TOML or JSON document."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"{origin}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise PolicyFileError(msg) from None
    data: Any
    if format == "toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = f"{origin}: not valid TOML: {exc}"
            raise PolicyFileError(msg) from None
    elif format == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"{origin}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            raise PolicyFileError(msg) from None
    else:
        msg = f"format={format!r} is not supported; use 'toml' or 'json'"
        raise PolicyFileError(msg)
    if not isinstance(data, dict):
        msg = f"{origin}: a policy is a table/object at the top level, not {type(data).__name__}"
        raise PolicyFileError(msg)
    try:
        return Policy.model_validate(data)
    except ContactPolicyError as exc:
        located = f"{origin}: {exc}"
        raise type(exc)(located, path=exc.path, detail=exc.detail) from None


def load_policy(source: str | os.PathLike[str], *, format: Format | None = None) -> Policy:
    """Read a policy file (``.toml`` or ``.json``; pass ``format=`` for other names)."""
    path = Path(source)
    fmt = format or _format_of(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        msg = f"policy file {str(path)!r} does not exist"
        raise PolicyFileError(msg) from None
    except OSError as exc:
        msg = f"policy file {str(path)!r} cannot be read: {exc.strerror}"
        raise PolicyFileError(msg) from None
    return parse_policy(raw, format=fmt, origin=str(path))


def _format_of(path: Path) -> Format:
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix == ".json":
        return "json"
    msg = (
        f"policy file {str(path)!r}: cannot tell its format from the suffix {suffix!r}; "
        "name it .toml or .json, or pass format='toml' / format='json'"
    )
    raise PolicyFileError(msg)


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The built-in policy: a 24-hour turnaround not counting weekends and US federal holidays,
    in America/New_York, voicemail required, with after-hours emergency instructions.

    It ships as ``default_policy.toml`` inside the package (documented line by line there).
    """
    text = resources.files("contact_policy").joinpath("default_policy.toml").read_text("utf-8")
    return parse_policy(text, format="toml", origin="default_policy.toml")
