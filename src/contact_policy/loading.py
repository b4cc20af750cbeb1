"""Reading policies: ``load_policy(source)``, ``parse_policy(text, format=...)`` and
``default_policy()``.

Policy files are TOML, JSON or YAML (chosen by the file's suffix: ``.toml``, ``.json``,
``.yaml``/``.yml``, or by ``format=``); their fields are the ``Policy`` model's, so
``Policy.model_dump_json()`` output loads back unchanged. YAML needs the optional extra
(``pip install 'contact-policy[yaml]'``) only when a YAML file is read, and is read safely:
no aliases, no object construction (:mod:`contact_policy._yaml`). A file whose
top level has ``versions`` holds a :class:`~contact_policy.PolicyHistory` instead (its fields:
``notice`` and ``versions``, each with ``effective``, ``announced`` and an inline ``policy``
table, or, read by ``load_policy``, ``policy = "other-file.toml"`` relative to the history file;
docs/rules.md). Errors name the file and the bad field (``rules[0].within``,
``versions[1].policy.rules[0].within``). A file is read at most to its size limit (1 MB unless
``max_bytes=`` says otherwise; a history and the policy files it names count together) and
nested at most 32 levels deep; a key given twice in one table is an error in every format.

:func:`check_file` reads a file as ``load_policy`` does but reports every problem it finds,
each a :class:`FileProblem` with the file, the line (found by :mod:`contact_policy._locate`)
and the field's path, as ``contact-policy validate FILE...`` prints them.

>>> policy = default_policy()
>>> policy.zone
'America/New_York'
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ._default import default_policy
from ._locate import Lines, Unreadable, found_at, json_lines, toml_duplicate, toml_lines
from ._model import Problem, collect_problems
from .errors import (
    ContactPolicyError,
    LimitExceededError,
    PolicyFileError,
    PolicyValidationError,
    open_user_file,
    shown,
    user_path,
)
from .limits import MAX_NESTING, MAX_POLICY_BYTES
from .policy import Policy

if TYPE_CHECKING:
    # Imported where a document holds ``versions``: reading a plain policy (the first answer
    # of a fresh process) does not load the history layer (docs/performance.md, cold start).
    from .history import PolicyHistory

__all__ = ["FileProblem", "check_file", "default_policy", "load_policy", "parse_policy"]

Format = Literal["toml", "json", "yaml"]
_FORMATS = ("toml", "json", "yaml")
_SUFFIXES: dict[str, Format] = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def parse_policy(
    text: str | bytes,
    *,
    format: Format | None = None,
    origin: str = "<policy>",
    max_bytes: int = MAX_POLICY_BYTES,
) -> Policy | PolicyHistory:
    """A policy from the text of a TOML, JSON or YAML document (at most ``max_bytes`` long), or a
    :class:`~contact_policy.PolicyHistory` when its top level has ``versions`` (whose policies
    are inline here: ``load_policy`` also finds policy files a history names). ``format`` is
    required (``"toml"``, ``"json"`` or ``"yaml"``): text does not say which it is."""
    if format is None:
        if isinstance(text, (str, bytes, bytearray)):
            msg = (
                "format= is required: the text does not say whether it is TOML, JSON or YAML; "
                "pass format='toml', 'json' or 'yaml'"
            )
            raise PolicyFileError(msg, path="format")
        format = "toml"  # any format: what is no text is refused first, and named
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
        raise _located(exc, f"{origin}: {exc}") from None


def _located(exc: ContactPolicyError, message: str) -> ContactPolicyError:
    """``exc`` with the message ``message`` (its file named), keeping every problem."""
    if isinstance(exc, PolicyValidationError):
        return type(exc)(message, path=exc.path, detail=exc.detail, errors=exc.errors)
    return type(exc)(message, path=exc.path, detail=exc.detail)


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
        if not name.strip():
            msg = f"{origin}: {where}: an empty file name; name a policy file or inline it"
            raise PolicyFileError(msg, path=where)
        user_path(name, f"{origin}: {where}: policy file", partial(PolicyFileError, path=where))
        path = folder / name
        key = path.resolve()
        if key not in read:
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
                raise _located(inner, located) from None
        data["versions"][i] = {**data["versions"][i], "policy": read[key]}


def _check_max_bytes(max_bytes: Any) -> None:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        msg = f"max_bytes={shown(max_bytes)} is not a size in bytes; pass e.g. 5_000_000"
        raise PolicyFileError(msg, path="max_bytes")


def _parse(text: Any, *, format: Any, origin: str, max_bytes: int) -> dict[str, Any]:
    """The document as plain data, checked for size, nesting and duplicate keys."""
    _check_max_bytes(max_bytes)
    doc = _Document(text, format=format, origin=origin, max_bytes=max_bytes)
    try:
        doc.read()
    except Unreadable as exc:
        msg = f"{origin}: {exc.message}"
        raise exc.kind(msg, path=exc.path) from None
    if doc.duplicates:
        where, first, second, _ = doc.duplicates[0]
        msg = f"{origin}: {where} is given twice ({first}, then {second}); give each field once"
        raise PolicyFileError(msg, path=where)
    return doc.data


def _format_arg(format: Any) -> Format:
    if format not in _FORMATS:
        msg = f"format={shown(format)} is not supported; use 'toml', 'json' or 'yaml'"
        raise PolicyFileError(msg, path="format")
    fmt: Format = format
    return fmt


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class _Document:
    """One policy document being read: its text, its data, the keys given twice (path, the
    two values, the second's line) and, asked for, the line of each key path."""

    def __init__(self, text: Any, *, format: Any, origin: str, max_bytes: int) -> None:
        self.format = _format_arg(format)
        self.raw = text
        self.origin = origin
        self.max_bytes = max_bytes
        self.text = ""
        self.data: dict[str, Any] = {}
        self.duplicates: list[tuple[str, str, str, int | None]] = []
        self._lines: Lines | None = None

    def read(self) -> None:
        """Decode, parse and check the document (:class:`Unreadable` when it cannot be)."""
        text, max_bytes = self.raw, self.max_bytes
        if isinstance(text, (bytes, bytearray)):
            _check_size(len(text), max_bytes)
            try:
                text = bytes(text).decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                msg = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
                raise Unreadable(msg) from None
        elif isinstance(text, str):
            _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
        else:
            msg = (
                f"text={shown(text)} is not the text of a policy; pass the document as str or "
                "bytes (load_policy(path) reads a file)"
            )
            raise PolicyFileError(msg, path="text")
        self.text = text
        data = self._data(text)
        if not isinstance(data, dict):
            kind = "nothing" if data is None else type(data).__name__
            msg = f"a policy is a table/object at the top level, not {kind}"
            raise Unreadable(msg)
        duplicates = _walk(data)
        self.duplicates = [
            (_join_where(where), first, second, None) for where, first, second in duplicates
        ] + self.duplicates
        self.data = data

    def _data(self, text: str) -> Any:
        fmt = self.format
        try:
            if fmt == "toml":
                return tomllib.loads(text)
            if fmt == "json":
                return json.loads(text, object_pairs_hook=_no_duplicates)
        except tomllib.TOMLDecodeError as exc:
            twice = toml_duplicate(text) if "Cannot overwrite" in str(exc) else None
            if twice is not None:  # name the key, as for JSON and YAML
                where, first, again = twice
                msg = f"is given twice (line {first}, then line {again}); give each field once"
                raise Unreadable(msg, again, path=_join_where(where), field=True) from None
            found = _TOML_LINE.search(str(exc))
            msg = f"not valid TOML: {exc}"
            raise Unreadable(msg, int(found[1]) if found else None) from None
        except json.JSONDecodeError as exc:
            msg = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            raise Unreadable(msg, exc.lineno) from None
        except RecursionError:
            raise Unreadable(_TOO_DEEP, kind=LimitExceededError) from None
        except ValueError as exc:  # e.g. a number too long for int(), a bad surrogate
            msg = f"not valid {fmt.upper()}: {exc}"
            raise Unreadable(msg) from None
        from . import _yaml

        data, self._lines, duplicates = _yaml.load(text)
        self.duplicates = [
            (_join_where(where), first, second, line) for where, first, second, line in duplicates
        ]
        return data

    def line(self, path: str) -> int | None:
        """The line of the field at ``path`` (``rules[2].hours.tue[0]``), where known."""
        return self.found(path)[0]

    def found(self, path: str) -> tuple[int | None, tuple[Any, ...]]:
        """The line of the field at ``path`` and the path as the document spells it."""
        if self._lines is None:
            self._lines = toml_lines(self.text) if self.format == "toml" else json_lines(self.text)
        return found_at(self._lines, path)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        detail = (
            f"a policy file is limited to {max_bytes:,} bytes (pass max_bytes= to allow more); "
            f"got {size:,}"
        )
        raise Unreadable(detail, kind=LimitExceededError)


_TOO_DEEP = f"how deeply tables and lists nest is limited to {MAX_NESTING} levels; got more"


class _Object(dict[str, Any]):
    """A JSON object that had keys twice: each (key, first value, second value), kept for
    the error."""

    duplicates: tuple[tuple[str, str, str], ...] = ()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = _Object()
    for key, value in pairs:
        if key in out:
            out.duplicates += ((key, _short(out[key]), _short(value)),)
        out[key] = value
    return out


def _short(value: Any) -> str:
    return shown(value, 40)


def _walk(data: Any) -> list[tuple[tuple[Any, ...], str, str]]:
    """One pass over the document: :class:`Unreadable` (a limit) when it nests deeper than
    MAX_NESTING (iteratively: no recursion limit), and where JSON objects had a key twice
    (``("rules", 0, "within")``) with both values, in document order."""
    found: list[tuple[tuple[Any, ...], str, str]] = []
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
            raise Unreadable(_TOO_DEEP, kind=LimitExceededError)
        if isinstance(value, _Object):
            found += [((*where, key), first, second) for key, first, second in value.duplicates]
        stack.extend(reversed([(v, level + 1, (*where, k)) for k, v in items]))
    return found


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
    """Read a policy file (``.toml``, ``.json``, ``.yaml`` or ``.yml``; pass ``format=`` for
    other names), at most
    ``max_bytes`` of it: a :class:`~contact_policy.Policy`, or a
    :class:`~contact_policy.PolicyHistory` when the file holds ``versions`` (a version's
    ``policy`` may then name another file, read relative to this one, by its own suffix)."""
    if not isinstance(source, (str, os.PathLike)) or (isinstance(source, str) and not source):
        msg = (
            f"source={shown(source)} is not a file path; pass the path of a .toml, .json or "
            ".yaml file"
        )
        raise PolicyFileError(msg, path="source")
    path = Path(user_path(source, "policy file", _source_error))
    fmt = format if format is not None else _format_of(path)
    _check_max_bytes(max_bytes)
    raw = _read(path, max_bytes)
    origin = str(path)
    data = _parse(raw, format=fmt, origin=origin, max_bytes=max_bytes)
    if "versions" in data:
        budget = max_bytes - len(raw)
        _resolve_references(data, origin, path.parent, budget, max_bytes)
    return _build(data, origin)


def _source_error(message: str) -> PolicyFileError:
    return PolicyFileError(message, path="source")


def _read(path: Path, max_bytes: int, where: str = "") -> bytes:
    """The first ``max_bytes + 1`` bytes of a file (the one past the limit tells it is over);
    what is no regular file (a FIFO, a device, a directory) is refused before it is opened."""

    def fail(message: str) -> PolicyFileError:
        return PolicyFileError(where + message)

    try:
        with open_user_file(path, "policy file", fail) as f:
            raw: bytes = f.read(max_bytes + 1)
            return raw
    except OSError as exc:
        msg = f"{where}policy file {str(path)!r} cannot be read: {exc.strerror or exc}"
        raise PolicyFileError(msg) from None


def _format_of(path: Path) -> Format:
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    msg = (
        f"policy file {str(path)!r}: cannot tell its format from the suffix {suffix!r}; "
        "name it .toml or .json (or .yaml/.yml), or pass format='toml' / 'json' / 'yaml'"
    )
    raise PolicyFileError(msg)


class FileProblem(NamedTuple):
    """One problem of a policy file, as :func:`check_file` reports it: the ``file`` as named,
    the 1-based ``line`` where the format gives one (else None), the ``path`` of the bad
    field (``rules[2].hours.tue[0]``; empty for the file as a whole), the ``message`` and the
    ``code`` of the error class that says it (docs/errors.md). ``str()`` writes it as
    ``contact-policy validate`` prints it: ``FILE:LINE PATH: MESSAGE``."""

    file: str
    line: int | None
    path: str
    message: str
    code: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def to_json_dict(self) -> dict[str, Any]:
        """``{"file", "line", "path", "message", "code"}`` (``path`` null for the file)."""
        return {**self._asdict(), "path": self.path or None}


def check_file(
    source: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int = MAX_POLICY_BYTES,
) -> tuple[FileProblem, ...]:
    """Every problem of the policy (or policy history) file at ``source``, read as
    :func:`load_policy` reads it; ``()`` when it is valid. Not only the first problem: every
    field pydantic finds wrong, every key given twice, and for a history every policy file
    it names (each problem of such a file reported in that file, at its own lines). A file
    that cannot be parsed at all has one problem, at the line the parser names.

    The model's own checks across fields (two turnarounds for one urgency, notice between
    versions) run once its fields are valid, so fixing the problems reported may bring
    others to light.
    """
    if not isinstance(source, (str, os.PathLike)) or (isinstance(source, str) and not source):
        msg = f"source={shown(source)} is not a file path; pass the path of a policy file"
        raise PolicyFileError(msg, path="source")
    _check_max_bytes(max_bytes)
    path = Path(source)
    name = str(source)
    try:
        fmt = _format_arg(format if format is not None else _format_of(path))
    except PolicyFileError as exc:
        return (FileProblem(name, None, "", exc.detail, exc.code),)
    doc, problems, size = _checked(path, name, fmt, max_bytes)
    if doc is None or size is None:
        return tuple(problems)
    data = doc.data
    model: type[Policy | PolicyHistory] = Policy
    skipped: list[str] = []
    if "versions" in data:
        from .history import PolicyHistory

        model = PolicyHistory
        data = {**data, "versions": list(data["versions"])}
        budget = max_bytes - size
        for i, ref in _references(data):
            where = f"versions[{i}].policy"
            found, policy, budget = _checked_reference(path.parent / ref, ref, budget, max_bytes)
            if policy is None:
                skipped.append(f"versions[{i}]")
                problems += [
                    p if p.file else p._replace(file=name, line=doc.line(where), path=where)
                    for p in found
                ]
            else:
                data["versions"][i] = {**data["versions"][i], "policy": policy}
    _, found_here = collect_problems(model, data)
    problems += _located_problems(doc, name, found_here, skipped)
    return _in_order(problems)


def _located_problems(
    doc: _Document, name: str, found: list[Problem], skipped: Sequence[str] = ()
) -> list[FileProblem]:
    """Validation problems placed in the document: each with its line, once per place in
    the file (a span under ``mon-fri`` is one problem, not five), those under ``skipped``
    versions left out (their policy files are reported on their own)."""
    out: list[FileProblem] = []
    seen: set[tuple[tuple[Any, ...], str]] = set()
    for where, message, kind in found:
        if any(_under(where, version) for version in skipped):
            continue
        line, spelled = doc.found(where)
        if (spelled, message) in seen:
            continue
        seen.add((spelled, message))
        out.append(FileProblem(name, line, where, message, kind.code))
    return out


def _in_order(problems: list[FileProblem]) -> tuple[FileProblem, ...]:
    """File by file in the order first met, each file's problems by line (the file as a
    whole first)."""
    files = list(dict.fromkeys(p.file for p in problems))
    return tuple(sorted(problems, key=lambda p: (files.index(p.file), p.line or 0)))


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


def _checked(
    path: Path, name: str, fmt: Format, max_bytes: int
) -> tuple[_Document | None, list[FileProblem], int | None]:
    """A file read and parsed for :func:`check_file`: the document (None when it cannot be
    read), its problems so far (keys given twice) and its size in bytes (None when the file
    itself could not be read)."""
    try:
        raw = _read(path, max_bytes)
    except PolicyFileError as exc:
        return None, [FileProblem(name, None, "", exc.detail, exc.code)], None
    doc = _Document(raw, format=fmt, origin=name, max_bytes=max_bytes)
    try:
        doc.read()
    except Unreadable as exc:
        problem = FileProblem(name, exc.line, exc.field_path, exc.detail, exc.kind.code)
        return None, [problem], len(raw)
    problems = [
        FileProblem(
            name,
            line if line is not None else doc.line(where),
            where,
            f"is given twice ({first}, then {second}); give each field once",
            PolicyFileError.code,
        )
        for where, first, second, line in doc.duplicates
    ]
    return doc, problems, len(raw)


def _checked_reference(
    path: Path, ref: str, budget: int, max_bytes: int
) -> tuple[list[FileProblem], Policy | None, int]:
    """The policy file a history names, checked: its problems (those with an empty ``file``
    are the history's, at the version's ``policy``), its policy when valid, and the budget
    of bytes left."""

    def here(message: str) -> tuple[list[FileProblem], None, int]:
        return [FileProblem("", None, "", message, PolicyFileError.code)], None, budget

    if not ref.strip():
        return here("an empty file name; name a policy file or inline it")
    try:
        fmt = _format_of(path)
    except PolicyFileError as exc:
        return here(exc.detail)
    doc, problems, size = _checked(path, str(path), fmt, max_bytes)
    if size is None:  # no such file, or unreadable: the history's problem, at the version
        return [p._replace(file="") for p in problems], None, budget
    if size > budget:
        message = (
            f"a history with the policy files it names is limited to {max_bytes:,} bytes "
            "together (pass max_bytes= to allow more)"
        )
        return [FileProblem("", None, "", message, LimitExceededError.code)], None, 0
    budget -= size
    if doc is None:
        return problems, None, budget
    if "versions" in doc.data:
        return here(f"{str(path)!r} holds a policy history; a version's policy file holds one")
    policy, found = collect_problems(Policy, doc.data)
    problems += _located_problems(doc, str(path), found)
    return problems, (policy if not problems else None), budget
