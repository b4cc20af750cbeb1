"""Call-queue benchmark: ``default_policy().return_by_many(queue)`` throughput, and cold start.

One process, one seeded queue of invented contacts (see ``build_queue`` for the mix), three
ways of answering it, timed in round-robin rounds after a warm-up, with the garbage collector
off while a round is timed:

* ``full``: ``policy.return_by_many(queue)`` (obligations with every reason);
* ``due_only``: ``policy.return_by_many(queue, due_only=True)``;
* ``loop``: ``[policy.return_by(c) for c in queue]``.

Every answer is checked: the three must agree contact by contact (obligations by their JSON,
which tells DST folds apart, and by the clock ``status`` measures with). The target: ``full``
at least 50,000 obligations a second, ``due_only`` faster still.

Cold start, in fresh interpreters (median of several runs): ``import contact_policy`` and the
first ``default_policy().return_by(Contact(...))`` (which loads the holiday tables); target
under 300 ms for the two together.

Run it from the repository root::

    .venv/bin/python benchmarks/policy_queue.py --quick    # ~5 s
    .venv/bin/python benchmarks/policy_queue.py            # ~10 s

Results go to ``benchmarks/policy-results.json`` (git-ignored). The exit status is 1 when the
answers disagree.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from contact_policy import Contact, Obligation, Policy, default_policy

HERE = Path(__file__).resolve().parent
PRACTICE_ZONE = "America/New_York"
#: Zones a contact's time may be written in besides the practice's (integrations log in UTC,
#: a front desk in another office, a phone system abroad).
OTHER_ZONES = ("UTC", "America/Chicago", "America/Los_Angeles", "Europe/London", "Asia/Kolkata")
#: Clients' own zones, when the software knows them.
CLIENT_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
YEARS = (2024, 2027)
TARGET_PER_S = 50_000
COLD_TARGET_S = 0.300


# --- the queue ---------------------------------------------------------------------------------


def _us_holidays(first: int, last: int) -> list[date]:
    import holidays

    table = holidays.country_holidays("US", years=range(first, last + 1))
    return sorted(d for d in table if first <= d.year <= last)


def _dst_days(zone: ZoneInfo, first: int, last: int) -> list[date]:
    """Local dates on which ``zone``'s UTC offset changes."""
    out = []
    day = date(first, 1, 1)
    while day.year <= last:
        a = datetime(day.year, day.month, day.day, tzinfo=zone).utcoffset()
        nxt = day + timedelta(days=1)
        b = datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone).utcoffset()
        if a != b:
            out.append(day)
        day = nxt
    return out


def _pick(rnd: random.Random, weighted: dict[Any, float]) -> Any:
    return rnd.choices(list(weighted), weights=list(weighted.values()))[0]


class QueueMaker:
    """Seeded invented contacts, shaped like a small practice's call log."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.zone = ZoneInfo(PRACTICE_ZONE)
        self.others = [ZoneInfo(z) for z in OTHER_ZONES]
        self.first = date(YEARS[0], 1, 1)
        self.days = (date(YEARS[1], 12, 31) - self.first).days + 1
        self.holidays = _us_holidays(*YEARS)
        self.dst_days = _dst_days(self.zone, *YEARS)
        self.kinds: Counter[str] = Counter()

    def _local_day(self) -> date:
        rnd = self.rnd
        roll = rnd.random()
        if roll < 0.06:
            self.kinds["day: holiday"] += 1
            return rnd.choice(self.holidays)
        if roll < 0.09:
            self.kinds["day: DST change"] += 1
            return rnd.choice(self.dst_days)
        self.kinds["day: any"] += 1
        return self.first + timedelta(days=rnd.randrange(self.days))

    def _instant(self) -> datetime:
        """An aware instant in the practice's zone: mostly the working day, some evenings and
        nights; on DST-change days often in the small hours (gaps and folds)."""
        rnd = self.rnd
        day = self._local_day()
        roll = rnd.random()
        if day in self.dst_days and roll < 0.5:
            minute = rnd.randrange(0, 4 * 60)
        elif roll < 0.70:
            minute = rnd.randrange(8 * 60, 19 * 60)  # office hours and either side
        elif roll < 0.85:
            minute = rnd.randrange(19 * 60, 24 * 60)  # evenings
        else:
            minute = rnd.randrange(0, 8 * 60)  # nights and early mornings
        second = rnd.randrange(60)
        micro = rnd.randrange(1_000_000) if rnd.random() < 0.1 else 0
        wall = datetime(day.year, day.month, day.day, minute // 60, minute % 60, second, micro)
        local = wall.replace(tzinfo=self.zone, fold=rnd.randrange(2))
        # Normalise through UTC: a logged time is a real instant (no wall time in a gap).
        return local.astimezone(UTC).astimezone(self.zone)

    def contact(self) -> Contact:
        rnd = self.rnd
        at = self._instant()
        if rnd.random() < 0.2:
            at = at.astimezone(rnd.choice(self.others))
            self.kinds["written in another zone"] += 1
        direction = "outbound" if rnd.random() < 0.03 else "inbound"
        urgency = _pick(rnd, {"routine": 0.88, "urgent": 0.11, "crisis": 0.01})
        channel = _pick(rnd, {"call": 0.70, "text": 0.13, "email": 0.09, "secure_message": 0.08})
        voicemail = channel == "call" and rnd.random() < 0.65
        client_zone = rnd.choice(CLIENT_ZONES) if rnd.random() < 0.15 else None
        self.kinds[f"{direction} {urgency} {channel}{' voicemail' if voicemail else ''}"] += 1
        return Contact(
            at,
            direction=direction,
            channel=channel,
            urgency=urgency,
            voicemail=voicemail,
            client_zone=client_zone,
            client=f"client-{rnd.randrange(400):03d}",
        )


def build_queue(seed: int, n: int) -> tuple[list[Contact], dict[str, int]]:
    """``n`` contacts: ~97% inbound (70% calls, two thirds of them with a voicemail; texts,
    emails, secure messages), 11% urgent, 1% crisis, 3% outbound; days uniform over
    2024–2027 plus 6% on US holidays and 3% on DST-change days; 20% written in another zone."""
    maker = QueueMaker(seed)
    queue = [maker.contact() for _ in range(n)]
    return queue, dict(sorted(maker.kinds.items()))


# --- timing ------------------------------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0
    finally:
        gc.enable()


def measure(
    policy: Policy, queue: list[Contact], rounds: int, log: Callable[[str], None]
) -> dict[str, dict[str, Any]]:
    runs: dict[str, Callable[[], Any]] = {
        "full": lambda: policy.return_by_many(queue),
        "due_only": lambda: policy.return_by_many(queue, due_only=True),
        "loop": lambda: [policy.return_by(c) for c in queue],
    }
    for fn in runs.values():  # warm-up: calendars compiled, validators built, caches filled
        fn()
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(rounds):
        for name, fn in runs.items():
            seconds[name].append(_timed(fn))
        log(
            f"  round {r + 1}/{rounds}: "
            + ", ".join(f"{name} {len(queue) / s[-1]:,.0f}/s" for name, s in seconds.items())
        )
    n = len(queue)
    out: dict[str, dict[str, Any]] = {}
    for name, values in seconds.items():
        rates = sorted(n / s for s in values)
        out[name] = {
            "median_per_s": statistics.median(rates),
            "min_per_s": rates[0],
            "max_per_s": rates[-1],
            "median_us_per_contact": statistics.median(values) / n * 1e6,
            "rounds_s": values,
        }
    return out


# --- answers -----------------------------------------------------------------------------------


def _clock_of(o: Obligation) -> Any:
    return getattr(o, "_clock", None)


def check(policy: Policy, queue: list[Contact]) -> list[str]:
    """Disagreements between the three ways of answering (empty when they all agree)."""
    full = policy.return_by_many(queue)
    dues = policy.return_by_many(queue, due_only=True)
    loop = [policy.return_by(c) for c in queue]
    problems = []
    for i, (c, a, b, d) in enumerate(zip(queue, full, loop, dues, strict=True)):
        if a != b or a.model_dump_json() != b.model_dump_json():
            problems.append(f"[{i}] {c!r}: return_by_many gave {a!r}, return_by gave {b!r}")
        elif _clock_of(a) != _clock_of(b):
            problems.append(f"[{i}] {c!r}: the obligations measure status on different clocks")
        expected = b.due if b.required else None
        same_due = (d is None and expected is None) or (
            d is not None
            and expected is not None
            and d.isoformat() == expected.isoformat()
            and d.tzinfo is expected.tzinfo
        )
        if not same_due:
            problems.append(f"[{i}] {c!r}: due_only gave {d!r}, return_by gave {expected!r}")
    return problems


def answer_mix(policy: Policy, queue: list[Contact]) -> dict[str, int]:
    mix: Counter[str] = Counter()
    for o in policy.return_by_many(queue):
        if not o.required:
            mix["not required"] += 1
        elif o.route is not None:
            mix["crisis"] += 1
        else:
            mix["required"] += 1
        mix[f"{len(o.reasons)} reason(s)"] += 1
    return dict(sorted(mix.items()))


# --- cold start --------------------------------------------------------------------------------

_COLD_SNIPPET = """
import json, time
t0 = time.perf_counter()
import contact_policy
t1 = time.perf_counter()
from datetime import datetime
from zoneinfo import ZoneInfo
at = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/New_York"))
o = contact_policy.default_policy().return_by(contact_policy.Contact(at, voicemail=True))
t2 = time.perf_counter()
assert o.due.isoformat() == "2026-11-23T15:00:00-05:00", o.due
import sys
print(json.dumps({"import_s": t1 - t0, "first_return_by_s": t2 - t1, "total_s": t2 - t0,
                  "pydantic_plugins_loaded": "pydantic.plugin._loader" in sys.modules,
                  "importlib_metadata_loaded": "importlib.metadata" in sys.modules}))
"""


def _run_snippet(code: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def cold_start(runs: int) -> dict[str, Any]:
    """Fresh interpreters, ``runs`` times; bytecode cached in a private prefix (primed by one
    untimed run) so modules load from ``.pyc`` as from an installed wheel."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        _run_snippet(_COLD_SNIPPET, env)
        samples = [_run_snippet(_COLD_SNIPPET, env) for _ in range(runs)]
    out: dict[str, Any] = {"runs": runs}
    for key in ("import_s", "first_return_by_s", "total_s"):
        out[key] = statistics.median(s[key] for s in samples)
    out["total_samples_s"] = [s["total_s"] for s in samples]
    out["pydantic_plugins_loaded"] = samples[0]["pydantic_plugins_loaded"]
    out["importlib_metadata_loaded"] = samples[0]["importlib_metadata_loaded"]
    return out


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds, 3 cold runs")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=None, help="timed rounds (default 11)")
    parser.add_argument("--cold-runs", type=int, default=None, help="default 7")
    parser.add_argument("--seed", type=int, default=20_261_120)
    parser.add_argument("--output", type=Path, default=HERE / "policy-results.json")
    parser.add_argument("--verbose", action="store_true", help="round times on stderr")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 11)
    cold_runs = args.cold_runs or (3 if args.quick else 7)

    def log(line: str) -> None:
        if args.verbose:
            print(line, file=sys.stderr)

    policy = default_policy()
    t0 = time.perf_counter()
    queue, mix = build_queue(args.seed, args.contacts)
    print(
        f"queue: {len(queue):,} contacts (seed {args.seed}), built in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    problems = check(policy, queue)
    answers = answer_mix(policy, queue)
    print("answers: " + ", ".join(f"{k} {v:,}" for k, v in answers.items()))
    if problems:
        print(f"DISAGREEMENTS: {len(problems)}")
        for line in problems[:10]:
            print("  " + line)
    else:
        print("answers: full, due_only and the return_by loop agree on every contact")

    timings = measure(policy, queue, rounds, log)
    print(f"\nthroughput, obligations per second ({rounds} rounds; median [min–max]):")
    for name, t in timings.items():
        print(
            f"  {name:<9} {t['median_per_s']:>9,.0f} [{t['min_per_s']:,.0f}–"
            f"{t['max_per_s']:,.0f}]  {t['median_us_per_contact']:.1f} µs/contact"
        )
    full = timings["full"]["median_per_s"]
    due = timings["due_only"]["median_per_s"]
    met_full = full >= TARGET_PER_S
    met_due = due > full
    print(
        f"  target full >= {TARGET_PER_S:,}/s: {'met' if met_full else 'NOT met'}; "
        f"due_only faster than full: {'yes' if met_due else 'NO'}"
    )

    cold = cold_start(cold_runs)
    met_cold = cold["total_s"] < COLD_TARGET_S
    print(
        f"\ncold start (fresh interpreters, median of {cold_runs}): import "
        f"{cold['import_s'] * 1e3:.0f} ms + first default_policy().return_by(...) "
        f"{cold['first_return_by_s'] * 1e3:.0f} ms = {cold['total_s'] * 1e3:.0f} ms "
        f"(target < {COLD_TARGET_S * 1e3:.0f} ms: {'met' if met_cold else 'NOT met'})"
    )

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "seed": args.seed,
        "contacts": len(queue),
        "rounds": rounds,
        "queue_mix": mix,
        "answer_mix": answers,
        "disagreements": len(problems),
        "throughput": timings,
        "target_per_s": TARGET_PER_S,
        "target_met": {"full": met_full, "due_only_faster": met_due, "cold_start": met_cold},
        "cold_start": cold,
    }
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {args.output}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
