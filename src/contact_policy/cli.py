"""The ``contact-policy`` command-line tool (argparse only; the logic lives in the library)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta

from .calendar import BusinessCalendar
from .errors import ContactPolicyError

__all__ = ["main"]

_WEEKDAYS = {d: [("09:00", "17:00")] for d in ("mon", "tue", "wed", "thu", "fri")}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"contact-policy: error: {message}\n")


def _aware(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        msg = f"--at {text!r} is not an ISO 8601 time; write e.g. 2026-11-20T15:00-05:00"
        raise argparse.ArgumentTypeError(msg) from None
    if value.tzinfo is None:
        msg = f"--at {text!r} has no UTC offset; write e.g. 2026-11-20T15:00-05:00"
        raise argparse.ArgumentTypeError(msg)
    return value


def _fmt(value: datetime) -> str:
    return value.strftime("%a %Y-%m-%d %H:%M %Z")


def _demo(args: argparse.Namespace) -> int:
    cal = BusinessCalendar.weekly("America/New_York", _WEEKDAYS, holidays=("US",))
    at: datetime = args.at
    print("calendar: Mon–Fri 09:00–17:00 America/New_York, US holidays closed")
    print(f"at:         {_fmt(at.astimezone(cal.tz))}")
    print(f"open:       {'yes' if cal.is_open(at) else 'no'}")
    print(f"next open:  {_fmt(cal.next_open(at))}")
    print(f"next close: {_fmt(cal.next_close(at))}")
    print(f"+24 open h: {_fmt(cal.add(at, timedelta(hours=24)))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(prog="contact-policy", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="business-time answers on a sample calendar")
    demo.add_argument("--at", type=_aware, required=True, help="ISO 8601 time with offset")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tool; returns the exit status (2 for bad input, with a one-line message)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ContactPolicyError as exc:
        first = str(exc).splitlines()[0]
        print(f"contact-policy: error: {first}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
