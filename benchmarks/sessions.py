"""Sessions benchmark: ``in_bounds`` with RRULE session series, and ``in_bounds_many``.

One process, one seeded list of invented contacts in 2026 (see ``build_contacts``), the
default policy, and these ways of judging them, interleaved chunk by chunk in an order
shuffled afresh for each chunk, the garbage collector off while a round is timed:

* ``in_bounds``, no sessions (the baseline of every ratio);
* ``in_bounds`` with two weekly series started in January 2000 (Mon/Wed 10:00 and Tue/Thu
  14:00 New York time, 50 minutes, ``DTSTART;TZID=America/New_York:...``), passed as a tuple
  on every call, as the issue states the target;
* the same two series started in January 2026 (same weekdays and times);
* the 2000 series as a ``SessionSchedule`` built once;
* ``in_bounds_many`` on each chunk, without sessions and with the 2000 series.

Targets (issue 14): ``in_bounds`` with the 2000 series within 3x of ``in_bounds`` without
sessions; ``in_bounds_many`` at least 50,000 verdicts a second on the default policy. The
ratios are taken round by round (both sides timed side by side) and their median reported.

Then the series on their own: ``SessionSeries.occurrence_at`` on the same instants, warm
(after a first pass), for weekly series started in 1970, 2000 and 2026, and daily, monthly,
EXDATE/RDATE, COUNT, UNTIL and floating (no TZID) series started in 2000; and the first
lookup of a year (the year's occurrences expanded once), each series afresh.

Every answer is checked: ``in_bounds_many`` must equal the ``in_bounds`` loop contact by
contact; the 2000 and 2026 series (identical from 2026-01-05 on) must give the same
verdicts, and the weekly series of every age the same occurrences. The exit status is 1 when
anything disagrees.

Run it from the repository root::

    .venv/bin/python benchmarks/sessions.py --quick    # ~10 s
    .venv/bin/python benchmarks/sessions.py            # ~40 s

Results go to ``benchmarks/results-sessions.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import contact_policy
from contact_policy import Contact, Policy, SessionSchedule, SessionSeries, default_policy
from contact_policy import sessions as _sessions

HERE = Path(__file__).resolve().parent
ZONE = "America/New_York"
NY = ZoneInfo(ZONE)
OTHER_ZONES = ("UTC", "America/Chicago", "America/Los_Angeles", "Europe/London")
TARGET_RATIO = 3.0
TARGET_MANY_PER_S = 50_000
FIFTY_MINUTES = timedelta(minutes=50)


def two_series(year: int) -> tuple[SessionSeries, SessionSeries]:
    """Mon/Wed 10:00 and Tue/Thu 14:00, 50 minutes, from the first such days of ``year``."""
    first = date(year, 1, 1)
    monday = first + timedelta(days=(0 - first.weekday()) % 7)
    tuesday = monday + timedelta(days=1)
    return (
        SessionSeries(
            rrule=f"DTSTART;TZID={ZONE}:{monday:%Y%m%d}T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
            duration=FIFTY_MINUTES,
        ),
        SessionSeries(
            rrule=f"DTSTART;TZID={ZONE}:{tuesday:%Y%m%d}T140000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH",
            duration=FIFTY_MINUTES,
        ),
    )


#: Series for the lookup table: (label, rrule), each 50 minutes.
LOOKUP_SERIES = (
    (
        "weekly MO,WE since 1970",
        f"DTSTART;TZID={ZONE}:19700105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
    ),
    (
        "weekly MO,WE since 2000",
        f"DTSTART;TZID={ZONE}:20000103T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
    ),
    (
        "weekly MO,WE since 2026",
        f"DTSTART;TZID={ZONE}:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
    ),
    ("daily since 2000", f"DTSTART;TZID={ZONE}:20000103T100000\nRRULE:FREQ=DAILY"),
    (
        "monthly 1MO,-1FR since 2000",
        f"DTSTART;TZID={ZONE}:20000103T100000\nRRULE:FREQ=MONTHLY;BYDAY=1MO,-1FR",
    ),
    (
        "weekly + EXDATE, RDATE since 2000",
        f"DTSTART;TZID={ZONE}:20000103T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO\n"
        f"EXDATE;TZID={ZONE}:20260105T100000,20260112T100000\nRDATE:20260106T150000Z",
    ),
    (
        "daily COUNT=10000 since 2000",
        f"DTSTART;TZID={ZONE}:20000103T100000\nRRULE:FREQ=DAILY;COUNT=10000",
    ),
    (
        "daily UNTIL 2030 since 2000",
        f"DTSTART;TZID={ZONE}:20000103T100000\nRRULE:FREQ=DAILY;UNTIL=20301231T000000Z",
    ),
    ("weekly floating since 2000", "DTSTART:20000103T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE"),
)
#: Labels whose occurrences must agree on every probe (the same series, started earlier).
SAME_SERIES = ("weekly MO,WE since 1970", "weekly MO,WE since 2000", "weekly MO,WE since 2026")


# --- the contacts ------------------------------------------------------------------------------


def build_contacts(seed: int, n: int) -> tuple[list[Contact], dict[str, int]]:
    """``n`` contacts from 2026-01-06 to 2026-12-31: 70% on a weekday between 08:00 and
    18:00 (so about one in ten rings during a session), the rest at any hour of any day; 85%
    inbound calls, 8% texts, 3% video calls, 3% outbound calls, 1% crises; 20% written in
    another zone than the practice's."""
    rnd = random.Random(seed)
    first = date(2026, 1, 6)
    days = (date(2026, 12, 31) - first).days + 1
    kinds: Counter[str] = Counter()
    out = []
    for _ in range(n):
        day = first + timedelta(days=rnd.randrange(days))
        if rnd.random() < 0.70:
            while day.weekday() >= 5:
                day = first + timedelta(days=rnd.randrange(days))
            minute = rnd.randrange(8 * 60, 18 * 60)
        else:
            minute = rnd.randrange(24 * 60)
        wall = datetime(day.year, day.month, day.day, minute // 60, minute % 60, rnd.randrange(60))
        at = wall.replace(tzinfo=NY).astimezone(UTC).astimezone(NY)  # a real instant
        if rnd.random() < 0.2:
            at = at.astimezone(ZoneInfo(rnd.choice(OTHER_ZONES)))
        roll = rnd.random()
        fields: dict[str, Any]
        if roll < 0.01:
            fields = {"urgency": "crisis"}
        elif roll < 0.04:
            fields = {"direction": "outbound"}
        elif roll < 0.12:
            fields = {"channel": "text"}
        elif roll < 0.15:
            fields = {"channel": "video"}
        else:
            fields = {}
        kinds[", ".join(f"{k}={v}" for k, v in fields.items()) or "inbound call"] += 1
        out.append(Contact(at, **fields))
    return out, dict(sorted(kinds.items()))


# --- timing ------------------------------------------------------------------------------------


def measure(
    candidates: dict[str, Callable[[list[Contact]], Any]],
    contacts: list[Contact],
    rounds: int,
    chunks: int,
    seed: int,
    log: Callable[[str], None],
) -> dict[str, list[float]]:
    """Seconds per round of each candidate over all contacts, chunk by chunk, the order of
    the candidates shuffled for each chunk."""
    rnd = random.Random(seed)
    size = -(-len(contacts) // chunks)
    parts = [contacts[i : i + size] for i in range(0, len(contacts), size)]
    for fn in candidates.values():  # warm-up: validators built, years expanded, caches filled
        fn(contacts)
    seconds: dict[str, list[float]] = {name: [] for name in candidates}
    names = list(candidates)
    for r in range(rounds):
        spent = dict.fromkeys(names, 0.0)
        gc.collect()
        gc.disable()
        try:
            for part in parts:
                rnd.shuffle(names)
                for name in names:
                    fn = candidates[name]
                    t0 = time.perf_counter()
                    fn(part)
                    spent[name] += time.perf_counter() - t0
        finally:
            gc.enable()
        for name, s in spent.items():
            seconds[name].append(s)
        log(
            f"  round {r + 1}/{rounds}: "
            + ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in spent.items())
        )
    return seconds


def lookups(
    probes: list[datetime], repeats: int, seed: int
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """For each of LOOKUP_SERIES: ``occurrence_at`` per call once the probes' years are
    expanded (every series timed in each repeat, in a shuffled order; the median repeat), and
    the first lookup of a series parsed afresh (the median of ``repeats``)."""
    rnd = random.Random(seed)
    built = {
        label: SessionSeries(rrule=text, duration=FIFTY_MINUTES) for label, text in LOOKUP_SERIES
    }
    first: dict[str, list[float]] = {label: [] for label in built}
    for _ in range(repeats):
        for label, series in built.items():
            _sessions._CACHE.clear()  # parsed again, no year expanded yet
            t0 = time.perf_counter()
            series.occurrence_at(probes[0], ZONE)
            first[label].append(time.perf_counter() - t0)
    answers = {
        label: [series.occurrence_at(p, ZONE) for p in probes] for label, series in built.items()
    }
    warm: dict[str, list[float]] = {label: [] for label in built}
    labels = list(built)
    for _ in range(repeats):
        rnd.shuffle(labels)
        gc.disable()
        try:
            for label in labels:
                lookup = built[label].occurrence_at
                t0 = time.perf_counter()
                for p in probes:
                    lookup(p, ZONE)
                warm[label].append(time.perf_counter() - t0)
        finally:
            gc.enable()
    out = {
        label: {
            "warm_us_per_lookup": statistics.median(warm[label]) / len(probes) * 1e6,
            "first_lookup_ms": statistics.median(first[label]) * 1e3,
            "in_a_session": sum(a is not None for a in answers[label]),
        }
        for label in built
    }
    problems = []
    base = answers[SAME_SERIES[-1]]
    for label in SAME_SERIES[:-1]:
        wrong = sum(a != b for a, b in zip(answers[label], base, strict=True))
        if wrong:
            problems.append(f"{label}: {wrong} occurrences differ from {SAME_SERIES[-1]}")
    return out, problems


# --- answers -----------------------------------------------------------------------------------


def check(policy: Policy, contacts: list[Contact], s2000: Any, s2026: Any) -> list[str]:
    problems = []
    for label, sessions in (("no sessions", None), ("series since 2000", s2000)):
        many = policy.in_bounds_many(contacts, sessions=sessions)
        loop = [policy.in_bounds(c, sessions=sessions) for c in contacts]
        for i, (a, b) in enumerate(zip(many, loop, strict=True)):
            if a != b or a.model_dump_json() != b.model_dump_json():
                problems.append(f"[{i}] {label}: in_bounds_many gave {a!r}, in_bounds {b!r}")
    old = policy.in_bounds_many(contacts, sessions=s2000)
    new = policy.in_bounds_many(contacts, sessions=s2026)
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        if a != b:
            problems.append(f"[{i}] series since 2000 gave {a!r}, since 2026 {b!r}")
    return problems


def verdict_mix(policy: Policy, contacts: list[Contact], sessions: Any) -> dict[str, int]:
    mix: Counter[str] = Counter()
    for v in policy.in_bounds_many(contacts, sessions=sessions):
        mix[f"{'allowed' if v.allowed else 'forbidden'}: {v.route.kind.value}"] += 1
        if any("session" in r.text for r in v.reasons):
            mix["during a session"] += 1
    return dict(sorted(mix.items()))


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 contacts, 3 rounds")
    parser.add_argument("--contacts", type=int, default=None, help="default 20,000")
    parser.add_argument("--rounds", type=int, default=None, help="timed rounds (default 7)")
    parser.add_argument("--chunks", type=int, default=20, help="interleaving granularity")
    parser.add_argument("--seed", type=int, default=20_261_202)
    parser.add_argument("--output", type=Path, default=HERE / "results-sessions.json")
    parser.add_argument("--verbose", action="store_true", help="round times on stderr")
    args = parser.parse_args(argv)
    n = args.contacts or (5_000 if args.quick else 20_000)
    rounds = args.rounds or (3 if args.quick else 7)

    def log(line: str) -> None:
        if args.verbose:
            print(line, file=sys.stderr)

    policy = default_policy()
    contacts, kinds = build_contacts(args.seed, n)
    s2000, s2026 = two_series(2000), two_series(2026)
    schedule = SessionSchedule(series=s2000)
    candidates: dict[str, Callable[[list[Contact]], Any]] = {
        "in_bounds, no sessions": lambda cs: [policy.in_bounds(c) for c in cs],
        "in_bounds, 2 series since 2000": lambda cs: [
            policy.in_bounds(c, sessions=s2000) for c in cs
        ],
        "in_bounds, 2 series since 2026": lambda cs: [
            policy.in_bounds(c, sessions=s2026) for c in cs
        ],
        "in_bounds, 2000 series as a schedule": lambda cs: [
            policy.in_bounds(c, sessions=schedule) for c in cs
        ],
        "in_bounds_many, no sessions": lambda cs: policy.in_bounds_many(cs),
        "in_bounds_many, 2 series since 2000": lambda cs: policy.in_bounds_many(
            cs, sessions=s2000
        ),
    }
    problems = check(policy, contacts, s2000, s2026)
    seconds = measure(candidates, contacts, rounds, args.chunks, args.seed, log)
    probes = [c.at for c in contacts[:5_000]]
    table, lookup_problems = lookups(probes, 5 if args.quick else 15, args.seed)
    problems += lookup_problems

    base = "in_bounds, no sessions"
    rows: dict[str, dict[str, Any]] = {}
    for name, values in seconds.items():
        rates = sorted(n / s for s in values)
        ratios = sorted(s / b for s, b in zip(values, seconds[base], strict=True))
        rows[name] = {
            "median_per_s": statistics.median(rates),
            "min_per_s": rates[0],
            "max_per_s": rates[-1],
            "median_us": statistics.median(values) / n * 1e6,
            "ratio_to_baseline": statistics.median(ratios),
            "rounds_s": values,
        }

    print(
        f"contact_policy sessions benchmark ({'quick' if args.quick else 'full'}): Python "
        f"{platform.python_version()}, contact-policy {contact_policy.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(
        f"default policy; {n:,} contacts in 2026 (seed {args.seed}); {rounds} timed rounds in "
        f"{args.chunks} interleaved chunks; median/min/max over rounds"
    )
    print(f"contacts: {kinds}")
    print(f"verdicts with the 2000 series: {verdict_mix(policy, contacts, s2000)}")
    print()
    header = (
        f"{'candidate':<40}{'verdicts/s median':>18}{'min':>10}{'max':>10}{'µs/verdict':>12}"
        f"{'÷ baseline':>12}"
    )
    print(header)
    print("-" * len(header))
    for name, row in rows.items():
        print(
            f"{name:<40}{row['median_per_s']:>18,.0f}{row['min_per_s']:>10,.0f}"
            f"{row['max_per_s']:>10,.0f}{row['median_us']:>12.2f}{row['ratio_to_baseline']:>12.2f}"
        )
    print()
    header = (
        f"{'series (50 min each)':<36}{'warm µs/lookup':>16}{'first lookup ms':>17}"
        f"{'in session':>12}"
    )
    print("SessionSeries.occurrence_at on the first 5,000 instants")
    print(header)
    print("-" * len(header))
    for label, row in table.items():
        print(
            f"{label:<36}{row['warm_us_per_lookup']:>16.2f}{row['first_lookup_ms']:>17.2f}"
            f"{row['in_a_session']:>12,}"
        )
    print()
    ratio = rows["in_bounds, 2 series since 2000"]["ratio_to_baseline"]
    age = statistics.median(
        a / b
        for a, b in zip(
            seconds["in_bounds, 2 series since 2000"],
            seconds["in_bounds, 2 series since 2026"],
            strict=True,
        )
    )
    many = rows["in_bounds_many, no sessions"]["median_per_s"]
    ok_ratio, ok_many = ratio <= TARGET_RATIO, many >= TARGET_MANY_PER_S
    print(
        f"in_bounds with two weekly series since 2000 ÷ without sessions: {ratio:.2f}x "
        f"(target <= {TARGET_RATIO:.0f}x): {'PASS' if ok_ratio else 'FAIL'}"
    )
    print(f"series since 2000 ÷ the same since 2026: {age:.2f}x (the series' age costs nothing)")
    print(
        f"in_bounds_many on the default policy: {many:,.0f} verdicts/s "
        f"(target >= {TARGET_MANY_PER_S:,}): {'PASS' if ok_many else 'FAIL'}"
    )
    if problems:
        print(f"DISAGREEMENTS ({len(problems)}):")
        for line in problems[:20]:
            print("  " + line)
    else:
        print("Every answer agrees: in_bounds_many = the in_bounds loop; 2000 = 2026 series.")
    results = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "contacts": n,
        "rounds": rounds,
        "seed": args.seed,
        "kinds": kinds,
        "candidates": rows,
        "lookups": table,
        "ratio_2000_series": ratio,
        "ratio_2000_to_2026": age,
        "in_bounds_many_per_s": many,
        "targets_met": {"ratio": ok_ratio, "in_bounds_many": ok_many},
        "problems": problems,
    }
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
