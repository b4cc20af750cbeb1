"""Reading policies: ``load_policy(source)``, ``parse_policy(text, format=...)`` and
``default_policy()``.

Policy files are TOML or JSON (chosen by the file's suffix, or by ``format=``); their fields are
the ``Policy`` model's, so ``Policy.model_dump_json()`` output loads back unchanged. A file whose
top level has ``versions`` holds a :class:`~contact_policy.PolicyHistory` instead (its fields:
``notice`` and ``versions``, each with ``effective``, ``announced`` and an inline ``policy``
table, or, read by ``load_policy``, ``policy = "other-file.toml"`` relative to the history file;
docs/rules.md). Errors name the file and the bad field (``rules[0].within``,
``versions[1].policy.rules[0].within``). A file is read at most to its size limit (1 MB unless
``max_bytes=`` says otherwise; a history and the policy files it names count together) and
nested at most 32 levels deep; a key given twice in one table is an error in either format.

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
from typing import TYPE_CHECKING, Any, Literal

from .errors import ContactPolicyError, LimitExceededError, PolicyFileError
from .limits import MAX_NESTING, MAX_POLICY_BYTES
from .policy import Policy

if TYPE_CHECKING:
    # Imported where a document holds ``versions``: reading a plain policy (the first answer
    # of a fresh process) does not load the history layer (docs/performance.md, cold start).
    from .history import PolicyHistory

__all__ = ["default_policy", "load_policy", "parse_policy"]

Format = Literal["toml", "json"]
_FORMATS = ("toml", "json")


def parse_policy(
    text: str | bytes,
    *,
    format: Format,
    origin: str = "<policy>",
    max_bytes: int = MAX_POLICY_BYTES,
) -> Policy | PolicyHistory:
    """A policy from the text of a TOML or JSON document (at most ``max_bytes`` long), or a
    :class:`~contact_policy.PolicyHistory` when its top level has ``versions`` (whose policies
    are inline here: ``load_policy`` also finds policy files a history names)."""
    data = _parse(text, format=format, origin=origin, max_bytes=max_bytes)
    if "versions" in data:
        _refuse_references(data, origin)
    return _build(data, origin)


def _build(data: dict[str, Any], origin: str) -> Policy | PolicyHistory:
    """The policy or history a parsed document holds, errors prefixed by ``origin``."""
    model: type[Policy | PolicyHistory] = Policy
    if "versions" in data:
        from .history import PolicyHistory

        model = PolicyHistory
    try:
        return model.model_validate(data)
    except ContactPolicyError as exc:
        located = f"{origin}: {exc}"
        raise type(exc)(located, path=exc.path, detail=exc.detail) from None


def _references(data: dict[str, Any]) -> list[tuple[int, str]]:
    """The versions of a history document whose ``policy`` names a file: (index, name)."""
    versions = data.get("versions")
    if not isinstance(versions, list):
        return []
    return [
        (i, v["policy"])
        for i, v in enumerate(versions)
        if isinstance(v, dict) and isinstance(v.get("policy"), str)
    ]


def _refuse_references(data: dict[str, Any], origin: str) -> None:
    for i, name in _references(data):
        where = f"versions[{i}].policy"
        msg = (
            f"{origin}: {where}: {name!r} names a policy file, which only load_policy(path) "
            "can find (relative to the history file); load the history from its file, or put "
            "the policy inline as a [versions.policy] table"
        )
        raise PolicyFileError(msg, path=where)


def _resolve_references(
    data: dict[str, Any], origin: str, folder: Path, budget: int, max_bytes: int
) -> None:
    """Replace each ``policy = "file"`` of a history document by the policy that file holds
    (read relative to ``folder``; all files together at most ``max_bytes``, of which
    ``budget`` is left)."""
    read: dict[Path, Policy] = {}
    for i, name in _references(data):
        where = f"versions[{i}].policy"
        path = folder / name
        key = path.resolve()
        if key not in read:
            if not name.strip():
                msg = f"{origin}: {where}: an empty file name; name a policy file or inline it"
                raise PolicyFileError(msg, path=where)
            try:
                fmt = _format_of(path)
            except PolicyFileError as exc:
                msg = f"{origin}: {where}: {exc}"
                raise PolicyFileError(msg, path=where) from None
            raw = _read(path, budget, where=f"{origin}: {where}: ")
            if len(raw) > budget:
                what = f"{origin}: a history with the policy files it names"
                limit = f"{max_bytes:,} bytes together (pass max_bytes= to allow more)"
                raise LimitExceededError.over(what, limit, "more")
            budget -= len(raw)
            sub = _parse(raw, format=fmt, origin=str(path), max_bytes=max_bytes)
            if "versions" in sub:
                msg = (
                    f"{origin}: {where}: {str(path)!r} holds a policy history; a version's "
                    "policy file holds one policy"
                )
                raise PolicyFileError(msg, path=where)
            try:
                read[key] = Policy.model_validate(sub)
            except ContactPolicyError as exc:
                inner = exc.at_path(where)
                located = f"{origin}: {inner} (in the policy file {str(path)!r})"
                raise type(exc)(located, path=inner.path, detail=exc.detail) from None
        data["versions"][i] = {**data["versions"][i], "policy": read[key]}


def _check_max_bytes(max_bytes: Any) -> None:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        msg = f"max_bytes={max_bytes!r} is not a size in bytes; pass e.g. 5_000_000"
        raise PolicyFileError(msg, path="max_bytes")


def _parse(text: Any, *, format: Any, origin: str, max_bytes: int) -> dict[str, Any]:
    """The document as plain data, checked for size, nesting and duplicate keys."""
    _check_max_bytes(max_bytes)
    if format not in _FORMATS:
        msg = f"format={format!r} is not supported; use 'toml' or 'json'"
        raise PolicyFileError(msg, path="format")
    if isinstance(text, (bytes, bytearray)):
        _check_size(len(text), max_bytes, origin)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            msg = f"{origin}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise PolicyFileError(msg) from None
    elif isinstance(text, str):
        _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes, origin)
    else:
        msg = (
            f"text={text!r} is not the text of a policy; pass the document as str or bytes "
            "(load_policy(path) reads a file)"
        )
        raise PolicyFileError(msg, path="text")
    data: Any
    try:
        if format == "toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{origin}: not valid TOML: {exc}"
        raise PolicyFileError(msg) from None
    except json.JSONDecodeError as exc:
        msg = f"{origin}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise PolicyFileError(msg) from None
    except RecursionError:
        raise _too_deep(origin) from None
    except ValueError as exc:  # e.g. a number too long for int(), a bad surrogate
        msg = f"{origin}: not valid {format.upper()}: {exc}"
        raise PolicyFileError(msg) from None
    if not isinstance(data, dict):
        msg = f"{origin}: a policy is a table/object at the top level, not {type(data).__name__}"
        raise PolicyFileError(msg)
    duplicate = _walk(data, origin)
    if duplicate is not None:
        where, first, second = duplicate
        msg = f"{origin}: {where} is given twice ({first}, then {second}); give each field once"
        raise PolicyFileError(msg, path=where)
    return data


def _check_size(size: int, max_bytes: int, origin: str) -> None:
    if size > max_bytes:
        what = f"{origin}: a policy file"
        raise LimitExceededError.over(
            what, f"{max_bytes:,} bytes (pass max_bytes= to allow more)", f"{size:,}"
        )


def _too_deep(origin: str) -> LimitExceededError:
    what = f"{origin}: how deeply tables and lists nest"
    return LimitExceededError.over(what, f"{MAX_NESTING} levels", "more")


class _Object(dict[str, Any]):
    """A JSON object that had a key twice: the first duplicate, kept for the error."""

    duplicate: tuple[str, str, str] | None = None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = _Object()
    for key, value in pairs:
        if key in out and out.duplicate is None:
            out.duplicate = (key, _short(out[key]), _short(value))
        out[key] = value
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _walk(data: Any, origin: str) -> tuple[str, str, str] | None:
    """One pass over the document: LimitExceededError when it nests deeper than MAX_NESTING
    (iteratively: no recursion limit), and where a JSON object first had a key twice
    (``rules[0].within``) with both values."""
    stack: list[tuple[Any, int, Any]] = [(data, 1, ())]
    while stack:
        value, level, where = stack.pop()
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        if level > MAX_NESTING:
            raise _too_deep(origin)
        if isinstance(value, _Object) and value.duplicate is not None:
            key, first, second = value.duplicate
            return _join_where((*where, key)), first, second
        stack.extend((v, level + 1, (*where, k)) for k, v in items)
    return None


def _join_where(parts: tuple[Any, ...]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_policy(
    source: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int = MAX_POLICY_BYTES,
) -> Policy | PolicyHistory:
    """Read a policy file (``.toml`` or ``.json``; pass ``format=`` for other names), at most
    ``max_bytes`` of it: a :class:`~contact_policy.Policy`, or a
    :class:`~contact_policy.PolicyHistory` when the file holds ``versions`` (a version's
    ``policy`` may then name another file, read relative to this one, by its own suffix)."""
    if not isinstance(source, (str, os.PathLike)) or (isinstance(source, str) and not source):
        msg = f"source={source!r} is not a file path; pass the path of a .toml or .json file"
        raise PolicyFileError(msg, path="source")
    path = Path(source)
    fmt = format if format is not None else _format_of(path)
    _check_max_bytes(max_bytes)
    raw = _read(path, max_bytes)
    origin = str(path)
    data = _parse(raw, format=fmt, origin=origin, max_bytes=max_bytes)
    if "versions" in data:
        budget = max_bytes - len(raw)
        _resolve_references(data, origin, path.parent, budget, max_bytes)
    return _build(data, origin)


def _read(path: Path, max_bytes: int, where: str = "") -> bytes:
    """The first ``max_bytes + 1`` bytes of a file (the one past the limit tells it is over)."""
    try:
        with path.open("rb") as f:
            return f.read(max_bytes + 1)
    except FileNotFoundError:
        msg = f"{where}policy file {str(path)!r} does not exist"
        raise PolicyFileError(msg) from None
    except OSError as exc:
        msg = f"{where}policy file {str(path)!r} cannot be read: {exc.strerror or exc}"
        raise PolicyFileError(msg) from None


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
    policy = parse_policy(text, format="toml", origin="default_policy.toml")
    assert isinstance(policy, Policy)  # noqa: S101 - the shipped file holds one policy
    return policy
