"""Adherence-record benchmark: a CSV call log through ``contact-policy report``'s pipeline.

One seeded, invented call log (see ``write_log`` for the mix: calls with and without
voicemail, return attempts and returns that reach the client, call-after requests and
re-ratings, a few thousand clients, in time order, times written with their UTC offset) is
written to a temporary CSV file and run through ``contact-policy report LOG.csv`` in the same
process (``cli.main``: the CSV parsed row by row, each event followed, the outcomes counted,
the missed ones spooled to a temporary file, the text report printed to a null device).

* **Speed**: rows per second of that pipeline, median of a few rounds in one process on the
  default policy, the garbage collector off while timed; side by side, the same rows through
  Python's ``csv`` reader alone (the floor no CSV report can beat) and through ``csv`` plus
  ``datetime.fromisoformat`` (what parsing the times costs). Target: at least 100,000 rows a
  second.
* **Memory**: the peak resident memory of a fresh process that runs the report on a
  1,000,000-row log with ``--html`` and ``--json`` (every missed obligation written out;
  ``VmHWM`` of ``/proc/self/status``), and the peak of Python's heap over the run
  (``tracemalloc``, in a separate run since tracing slows it). Target: under 200 MB.
* **No cliff**: rows per second on logs of 10,000, 100,000 and 1,000,000 rows (the cost must
  grow with the rows, not with the history).

Every run checks the record against a second computation (``Policy.track`` on the events read
into a list: the same counts).

Run it from the repository root::

    .venv/bin/python benchmarks/adherence.py --quick    # ~30 s: 100,000 rows, no 1M run
    .venv/bin/python benchmarks/adherence.py            # ~2 min

Results go to ``benchmarks/adherence-results.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from contact_policy import adherence, default_policy
from contact_policy.calllog import CallLog
from contact_policy.cli import main as cli_main

HERE = Path(__file__).resolve().parent
TARGET_ROWS_PER_S = 100_000
TARGET_PEAK_MB = 200
NEW_YORK = ZoneInfo("America/New_York")


def _written(moment: datetime) -> str:
    """An instant (UTC) as the log writes it: New York's wall time with its offset."""
    return moment.astimezone(NEW_YORK).isoformat(timespec="minutes")


def write_log(path: Path, rows: int, seed: int = 20261202) -> None:
    """A seeded log of ``rows`` events, 1 to 20 minutes apart from Jan 2024 on, for
    ``rows // 25`` clients: about 50% calls (75% with a voicemail, 3% urgent, 0.2% crises),
    45% returns to clients waiting for one (mostly the longest waiting; 85% reach the client,
    the others are attempts that leave them waiting), 3% call-after requests and 2%
    re-ratings. Most obligations are met; some are missed (returned late, or never)."""
    rng = random.Random(seed)
    clients = max(rows // 25, 10)
    labels = ["dr-a", "dr-b", "dr-c", "front-desk"]
    moment = datetime(2024, 1, 2, 13, 0, tzinfo=UTC)
    waiting: list[str] = []  # clients owed a return, longest waiting first
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(
            ["id", "kind", "at", "client", "label", "voicemail", "urgency", "reached", "after"]
        )
        for i in range(rows):
            moment += timedelta(minutes=rng.randint(1, 20))
            at = _written(moment)
            roll = rng.random()
            if not waiting or roll < 0.50:
                client = f"c-{rng.randrange(clients)}"
                urgency = (
                    "crisis" if rng.random() < 0.002 else "urgent" if rng.random() < 0.03 else ""
                )
                vm = "yes" if rng.random() < 0.75 else "no"
                if vm == "yes" and urgency != "crisis" and client not in waiting[-50:]:
                    waiting.append(client)
                out.writerow(
                    [f"e-{i}", "contact", at, client, rng.choice(labels), vm, urgency, "", ""]
                )
            elif roll < 0.95:
                place = min(int(rng.expovariate(0.3)), len(waiting) - 1)
                client = waiting[place]
                reached = rng.random() < 0.85
                if reached:
                    del waiting[place]
                out.writerow(
                    [f"e-{i}", "return", at, client, "", "", "", "yes" if reached else "no", ""]
                )
            elif roll < 0.98:
                client = rng.choice(waiting)
                later = moment + timedelta(hours=rng.choice((2, 20, 50)))
                out.writerow([f"e-{i}", "call_after", at, client, "", "", "", "", _written(later)])
            else:
                client = rng.choice(waiting)
                out.writerow([f"e-{i}", "rerate", at, client, "", "", "urgent", "", ""])


def report(path: Path) -> Any:
    """``contact-policy report LOG.csv`` in this process (its text to a null device)."""
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        return cli_main(["report", str(path)])


def csv_only(path: Path) -> int:
    with path.open(newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def csv_and_times(path: Path) -> int:
    n = 0
    parse = datetime.fromisoformat
    with path.open(newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            parse(row[2])
            n += 1
    return n


def timed(fn: Any, path: Path, rounds: int) -> float:
    """The median seconds of ``fn(path)`` over ``rounds`` (GC off while timed)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(times)


def check(path: Path) -> dict[str, int]:
    """The record's counts, and the same from ``Policy.track`` over the events in a list."""
    record = adherence(default_policy(), CallLog(path), keep="none")
    events = list(CallLog(path))
    outcomes = default_policy().track(events)
    counts = {s: sum(1 for o in outcomes if o.state.value == s) for s in ("met", "missed", "open")}
    got = {"met": record.met, "missed": record.missed, "open": record.open}
    if got != counts:
        sys.exit(f"the record disagrees with Policy.track: {got} != {counts}")
    return got


MEMORY_SCRIPT = """
import contextlib, json, os, sys, tempfile, time, tracemalloc
from contact_policy.cli import main
trace = sys.argv[2] == "trace"
if trace:
    tracemalloc.start()
folder = tempfile.mkdtemp()
page, data = os.path.join(folder, "report.html"), os.path.join(folder, "report.json")
start = time.perf_counter()
with open(data, "w") as out, contextlib.redirect_stdout(out):  # every missed one, twice
    main(["report", sys.argv[1], "--html", page, "--json"])
took = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if trace else 0
# VmHWM: this process's own peak (ru_maxrss would carry over the parent's from the fork).
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
tracemalloc.stop()
with open(data) as f:
    record = json.load(f)
print(f"{rss} {peak} {took} {record['owed']} {record['missed']} {os.path.getsize(page)}")
"""


def memory(path: Path, *, trace: bool) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
        [sys.executable, "-c", MEMORY_SCRIPT, str(path), "trace" if trace else "rss"],
        capture_output=True,
        text=True,
        check=True,
    )
    rss_kb, peak, took, owed, missed, page = done.stdout.split()
    return {
        "peak_rss_mb": int(rss_kb) / 1024,
        "traced_peak_mb": int(peak) / 2**20,
        "seconds": float(took),
        "owed": int(owed),
        "missed": int(missed),
        "page_mb": int(page) / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="100,000 rows only, fewer rounds")
    args = parser.parse_args()
    rounds = 3 if args.quick else 5
    sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "sizes": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"log-{n}.csv"
            write_log(path, n)
            r = rounds if n <= 100_000 else 1
            counts = check(path) if n <= 100_000 else None
            t_report = timed(report, path, r)
            t_csv = timed(csv_only, path, r)
            t_times = timed(csv_and_times, path, r)
            entry = {
                "rows": n,
                "report_rows_per_s": n / t_report,
                "csv_rows_per_s": n / t_csv,
                "csv_and_times_rows_per_s": n / t_times,
                "report_vs_csv": t_report / t_csv,
                "counts": counts,
            }
            print(
                f"{n:>9,} rows: report {n / t_report:>9,.0f} rows/s | csv alone "
                f"{n / t_csv:>10,.0f} | csv + fromisoformat {n / t_times:>10,.0f} | report "
                f"costs {t_report / t_csv:.1f}x the csv reader"
            )
            if n == max(sizes):
                entry["memory"] = memory(path, trace=False)
                entry["memory_traced"] = memory(path, trace=True)
                m, mt = entry["memory"], entry["memory_traced"]
                print(
                    f"{n:>9,} rows: peak RSS {m['peak_rss_mb']:.0f} MB "
                    f"(target < {TARGET_PEAK_MB}), Python heap peak "
                    f"{mt['traced_peak_mb']:.1f} MB (tracemalloc); "
                    f"{m['owed']:,} owed, {m['missed']:,} missed on a {m['page_mb']:.0f} MB page"
                )
            results["sizes"][str(n)] = entry
    best = results["sizes"][str(100_000)]["report_rows_per_s"]
    verdict = "meets" if best >= TARGET_ROWS_PER_S else "MISSES"
    print(f"100,000-row log: {best:,.0f} rows/s, {verdict} the target of {TARGET_ROWS_PER_S:,}")
    (HERE / "adherence-results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
