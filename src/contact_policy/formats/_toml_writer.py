"""Writing plain data as TOML (``contact-policy convert --to toml``; the standard library
reads TOML but writes none). Tables become ``[table]`` sections and lists of tables
``[[array]]`` sections, nested as deep as the data goes; ``None`` values are left out (TOML has
no null)."""

from __future__ import annotations

import json
import re
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def to_toml(data: dict[str, Any]) -> str:
    """``data`` (JSON-like, with string keys) as a TOML document."""
    lines: list[str] = []
    _table(data, (), lines)
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if _BARE.match(key) else _string(key)


def _string(text: str) -> str:
    # JSON's escapes are TOML's, except that TOML also escapes DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        items = [f"{_key(k)} = {_inline(v)}" for k, v in value.items() if v is not None]
        return "{" + ", ".join(items) + "}"
    msg = f"cannot write {value!r} as TOML"
    raise TypeError(msg)  # pragma: no cover - JSON-mode dumps hold only JSON values


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(data: dict[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    for key, value in data.items():
        if value is not None and not isinstance(value, dict) and not _is_tables(value):
            lines.append(f"{_key(key)} = {_inline(value)}")
    for key, value in data.items():
        here = ".".join(_key(k) for k in (*path, key))
        if isinstance(value, dict):
            lines += ["", f"[{here}]"]
            _table(value, (*path, key), lines)
        elif _is_tables(value):
            for item in value:
                lines += ["", f"[[{here}]]"]
                _table(item, (*path, key), lines)
