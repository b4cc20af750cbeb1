"""YAML policy files, read safely (the optional ``yaml`` extra: PyYAML, imported on first use).

A document is composed into nodes by PyYAML's ``SafeLoader`` (never its full loader: no tag
constructs a Python object), checked, and only then constructed into plain data:

- **aliases are refused** (``*name``, and so ``<<: *name`` merges): a policy file is written
  out in full, and with no alias no document can expand ("billion laughs") past its size
  limit; merge keys (``<<``) are refused too, as they would override keys silently;
- tables and lists nest at most ``limits.MAX_NESTING`` deep, checked while composing;
- a key given twice in one table is an error (PyYAML would keep the last); keys are scalars,
  read as text as in TOML and JSON (``2026-12-24:`` is the text ``"2026-12-24"``);
- one document per file.

Plain scalars are read as YAML 1.2 reads them, where YAML 1.1 (PyYAML's default) would
surprise: ``17:00`` is the text ``"17:00"`` (not the base-60 number 1020) and ``NO``, ``yes``
and ``off`` are text (only ``true`` and ``false`` are booleans, so ``holidays: [NO]`` is
Norway). Everything else is ``yaml.safe_load``'s: dates such as ``2026-12-24`` are dates,
``~`` and ``null`` are null.

Imports :mod:`contact_policy._locate`, the errors and the limits (and PyYAML when a YAML
document is first read).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ._locate import Lines, Path, Unreadable
from .errors import LimitExceededError, PolicyFileError
from .limits import MAX_NESTING

__all__ = ["EXTRA_HINT", "load"]

#: What to install for YAML files.
EXTRA_HINT = "pip install 'contact-policy[yaml]'"

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"
#: YAML 1.2's booleans, and PyYAML's int and float forms without the base-60 ones.
_BOOL_RE = r"^(?:true|True|TRUE|false|False|FALSE)$"
_INT_RE = r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
_FLOAT_RE = (
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _too_deep() -> Unreadable:
    detail = f"how deeply tables and lists nest is limited to {MAX_NESTING} levels; got more"
    return Unreadable(detail, kind=LimitExceededError)


@cache
def _loader() -> Any:
    """The loader class: PyYAML's ``SafeLoader`` with the checks and readings above."""
    try:
        import yaml
    except ImportError:
        msg = f"reading a YAML policy file needs PyYAML: {EXTRA_HINT}"
        raise Unreadable(msg, path="format") from None
    import re

    class Loader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent):
                msg = (
                    f"an alias (*{event.anchor}) is not allowed in a policy file; write the "
                    "value out in full"
                )
                raise Unreadable(msg, _line(event.start_mark))
            nests = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
            if nests:
                self.depth += 1
                if self.depth > MAX_NESTING:
                    exc = _too_deep()
                    exc.line = _line(event.start_mark)
                    raise exc
            try:
                return super().compose_node(parent, index)
            finally:
                if nests:
                    self.depth -= 1

    kept = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.yaml_implicit_resolvers = kept
    Loader.add_implicit_resolver(_BOOL, re.compile(_BOOL_RE), list("tTfF"))
    Loader.add_implicit_resolver(_INT, re.compile(_INT_RE), list("-+0123456789"))
    Loader.add_implicit_resolver(_FLOAT, re.compile(_FLOAT_RE), list("-+0123456789."))
    return Loader


#: A key given twice: its path, how the first and the second value read, the second's line.
Duplicate = tuple[Path, str, str, int]


def load(text: str) -> tuple[Any, Lines, list[Duplicate]]:
    """The plain data of a YAML document, the line of each key path, and every key given
    twice; :class:`~contact_policy._locate.Unreadable` when it cannot be read."""
    make = _loader()
    import yaml

    loader = None
    try:
        loader = make(text)  # the reader checks the characters here
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        lines, duplicates = _check(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line = _line(exc.problem_mark or exc.context_mark)
        words = "; ".join(w for w in (exc.context, exc.problem) if w) or "unreadable"
        msg = f"not valid YAML: {words}"
        raise Unreadable(msg, line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        char = exc.character
        code = char if isinstance(char, int) else ord(str(char)[:1] or "?")
        where = f"at character {exc.position}"
        msg = f"not valid YAML: the character U+{code:04X} ({where}) is not allowed"
        raise Unreadable(msg) from None
    except yaml.YAMLError as exc:
        msg = f"not valid YAML: {' '.join(str(exc).split())}"
        raise Unreadable(msg) from None
    except RecursionError:
        raise _too_deep() from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2026-13-45
        msg = f"not valid YAML: {exc}"
        raise Unreadable(msg) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines, duplicates


def _line(mark: Any) -> int | None:
    """The 1-based line of a PyYAML mark (None without one)."""
    return None if mark is None else int(mark.line) + 1


def _shown(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a table"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return repr(text) if node.tag == _STR else text


def _check(root: Any) -> tuple[Lines, list[Duplicate]]:
    """One walk over the nodes: the line of each key path, every duplicate key; merge keys
    and keys that are not scalars are refused."""
    import yaml

    lines: Lines = {}
    duplicates: list[Duplicate] = []
    stack: list[tuple[Any, Path]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[(*path, i)] = item.start_mark.line + 1
                stack.append((item, (*path, i)))
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, Any] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.tag == _MERGE:
                    msg = "merge keys (<<) are not allowed in a policy file; write the fields out"
                    raise Unreadable(msg, line)
                if not isinstance(key, yaml.ScalarNode):
                    msg = f"a key must be text, not {_shown(key)}"
                    raise Unreadable(msg, line, kind=PolicyFileError)
                key.tag = _STR  # keys are text, as in TOML and JSON (2026-12-24, 1, null)
                where = (*path, key.value)
                if key.value in seen:
                    duplicates.append((where, _shown(seen[key.value]), _shown(value), line))
                    continue
                seen[key.value] = value
                lines[where] = line
                stack.append((value, where))
    duplicates.sort(key=lambda d: d[3])
    return lines, duplicates
