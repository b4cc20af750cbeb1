"""A coverage-guided fuzz target (atheris, libFuzzer) for the opening_hours parser.

Every input is decoded as text and read by ``BusinessCalendar.from_opening_hours``; it must
give a calendar or raise ``ContactPolicyError``, and a calendar it gives must write itself
(``to_opening_hours``) and read that back equal. Anything else is a crash libFuzzer reports
with the input that caused it. Run from the repository root (``pip install atheris``)::

    .venv/bin/python fuzz/opening_hours.py -atheris_runs=200000 -max_len=200

The hypothesis fuzz (tests/properties/test_fuzz.py) covers the same parser with
grammar-shaped text; this target lets coverage lead the way.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from contact_policy import BusinessCalendar, ContactPolicyError
    from contact_policy.formats import opening_hours  # noqa: F401 - instrumented


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        calendar = BusinessCalendar.from_opening_hours(text, "America/New_York", holidays=["US"])
    except ContactPolicyError:
        return
    again = BusinessCalendar.from_opening_hours(
        calendar.to_opening_hours(), "America/New_York", holidays=["US"]
    )
    if again != calendar:
        raise AssertionError((text, calendar.to_opening_hours()))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
