"""A per-call watchdog for tests of hostile input: a call that runs longer than its budget
fails the test (SIGALRM interrupts even a pure-Python loop; the exception is no Exception, so
no ``except Exception`` inside the library can swallow it)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

#: Seconds one call may take (issue #12: "a per-call watchdog of 1 s").
BUDGET = 1.0


class Overtime(BaseException):
    """A call ran past its budget."""


@contextmanager
def watchdog(seconds: float = BUDGET, what: str = "the call") -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        msg = f"{what} took more than {seconds} s"
        raise Overtime(msg)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def within(seconds: float, call: Callable[[], T], what: str = "the call") -> T:
    """``call()``, failing the test if it takes more than ``seconds``."""
    started = time.perf_counter()
    with watchdog(seconds, what):
        result = call()
    assert time.perf_counter() - started <= seconds, f"{what} took too long"
    return result
