"""Formats benchmark (issue 15, item 10): loading the default policy file and parsing an
opening_hours string, warm, with the floors they are measured against in the same run.

* **The default policy file**: ``parse_policy(text, format="toml")`` of the shipped
  ``default_policy.toml`` (TOML parsing and pydantic validation of every rule), best of many
  runs with warm caches; side by side, ``tomllib.loads`` of the same text alone (the floor no
  TOML loader beats). Target: at most 5 ms.
* **opening_hours**: a 193-character string (weekday ranges, several spans a day, ``off``,
  ``PH off`` and dated exceptions) through the parser alone
  (``contact_policy.formats.opening_hours.parse``) and through
  ``BusinessCalendar.from_opening_hours`` (the parser and the calendar's validation). Target:
  parsing at most 100 µs.

Run from the repository root: ``.venv/bin/python benchmarks/formats.py`` (a few seconds).
"""

from __future__ import annotations

import gc
import sys
import time
import tomllib
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from contact_policy import BusinessCalendar, parse_policy
from contact_policy.formats.opening_hours import parse

OPENING_HOURS = (
    "Mo-Fr 08:00-12:00,13:00-17:30; Mo 08:00-12:00,13:00-17:30,18:00-20:00; Sa 09:00-12:00; "
    "Su off; PH off; 2026 Dec 24 09:00-12:00; 2026 Dec 31 09:00-13:00; 2027 Jan 02 off; "
    "2027 Feb 14 10:00-12:00"
)
TARGET_POLICY_MS = 5.0
TARGET_PARSE_US = 100.0


def best(work: Callable[[], Any], runs: int) -> float:
    """The least seconds of ``runs`` calls (garbage collector off)."""
    gc.collect()
    gc.disable()
    try:
        least = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            work()
            least = min(least, time.perf_counter() - started)
        return least
    finally:
        gc.enable()


def main() -> int:
    text = files("contact_policy").joinpath("default_policy.toml").read_text()
    policy = parse_policy(text, format="toml")
    assert parse_policy(text, format="toml") == policy
    load = best(lambda: parse_policy(text, format="toml"), 300)
    floor = best(lambda: tomllib.loads(text), 300)
    parsed = parse(OPENING_HOURS)
    assert parse(OPENING_HOURS) == parsed
    read = best(lambda: parse(OPENING_HOURS), 2000)
    built = best(
        lambda: BusinessCalendar.from_opening_hours(
            OPENING_HOURS, "America/New_York", holidays=["US"]
        ),
        1000,
    )
    ok_policy = load * 1e3 <= TARGET_POLICY_MS
    ok_parse = read * 1e6 <= TARGET_PARSE_US
    print(f"contact_policy formats benchmark: Python {sys.version.split()[0]}")
    print(
        f"default policy file: parse_policy {load * 1e3:.3f} ms (tomllib alone {floor * 1e3:.3f} "
        f"ms) [{'PASS' if ok_policy else 'below target'}: at most {TARGET_POLICY_MS} ms]"
    )
    print(
        f"opening_hours, {len(OPENING_HOURS)} characters: parse {read * 1e6:.1f} µs "
        f"[{'PASS' if ok_parse else 'below target'}: at most {TARGET_PARSE_US:.0f} µs]; "
        f"from_opening_hours with the calendar's validation {built * 1e6:.1f} µs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
