"""Scale benchmark (issue 14): the columnar policy path, frames, Dask, long durations, far-apart
years and compiled memory, each against its reference measured side by side in this run.

* **due-only over numpy columns**: ``Policy.due_many`` on seeded ``datetime64`` receipt times
  with numpy urgency and voicemail columns, for the default policy and for an office policy
  (24 hours not counting weekends and holidays, office hours 09:00-17:00 and a callback window
  08:00-12:00, so deadlines move); the reference is the engine's own ``add_many`` of the
  turnaround's clock on the same receipt times. Targets: at least 2,000,000 rows a second, and
  at least 0.5x ``add_many``'s rate.
* **obligations_frame with reasons** against ``return_by_many`` on ready-made contacts (the
  same rows) and against the frame path before this release (a Contact per row, then
  ``return_by_many``, then ``pd.to_datetime`` of the answers: written out below as
  ``legacy_frame``). Targets: at least 0.8x ``return_by_many``; at least 10x the old frame.
* **Dask**: ``map_partitions(obligations_frame)`` over 1,000,000 rows in 8 partitions with two
  workers, against one process answering the whole frame: Dask's local process scheduler as
  configured by default (a new pool per ``compute()``), the same scheduler with a pool kept
  between computes and one task at a time, a ``distributed.LocalCluster`` of two worker
  processes (when ``distributed`` is installed: ``pip install 'dask[distributed]'``), and two
  threads. Target: faster than one process.
* **A long duration**: the first ``add(at, 1,000,000 h)`` on a fresh calendar (target under 2 s).
* **Far-apart years**: queries cycling 1950, 2026, 2090 against the same query repeated in one
  year (target: within 3x, after the first query of each).
* **Memory**: 100 compiled years of office hours (tracemalloc's peak; target under 30 MB).

Every timed answer is checked against the scalar answers on a sample. Run from the repository
root (needs numpy, pandas and dask: the ``scale`` extra, in .venv)::

    .venv/bin/python benchmarks/scale.py --quick   # ~40 s: 200,000 rows
    .venv/bin/python benchmarks/scale.py           # ~5 min: 1,000,000 rows

Results go to ``benchmarks/scale-results.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from contact_policy import (
    BusinessCalendar,
    CallbackWindow,
    Contact,
    OperatingHours,
    Policy,
    Turnaround,
    Urgency,
    default_policy,
)
from contact_policy.frames import obligations_frame, obligations_meta

HERE = Path(__file__).resolve().parent
NY = ZoneInfo("America/New_York")
TARGETS = {
    "due_many_rows_per_s": 2_000_000,
    "due_many_vs_add_many": 0.5,
    "frame_vs_return_by_many": 0.8,
    "frame_vs_legacy": 10.0,
    "first_add_1m_hours_s": 2.0,
    "far_apart_vs_warm": 3.0,
    "hundred_years_mb": 30.0,
}


def office_policy() -> Policy:
    return Policy(
        zone="America/New_York",
        holidays=["US"],
        rules=[
            Turnaround(within=timedelta(hours=24), skip=["sat", "sun", "holidays"]),
            OperatingHours(hours={"mon-fri": [("09:00", "17:00")]}),
            CallbackWindow(hours={"mon-fri": [("08:00", "12:00")]}),
        ],
    )


def log_columns(n: int, seed: int) -> dict[str, Any]:
    """A seeded call log as numpy columns: receipt minutes over 2025-2027, 80% with a
    voicemail, 10% urgent, 0.2% crises."""
    rng = np.random.default_rng(seed)
    minutes = rng.integers(0, 3 * 365 * 24 * 60, n)
    at = np.datetime64("2025-01-01T05:00", "us") + minutes.astype("timedelta64[m]")
    draw = rng.random(n)
    urgency = np.where(draw < 0.002, "crisis", np.where(draw < 0.1, "urgent", "routine"))
    return {
        "at": at.astype("datetime64[us]"),
        "voicemail": rng.random(n) < 0.8,
        "urgency": urgency,
    }


def frame_of(cols: dict[str, Any]) -> Any:
    return pd.DataFrame(
        {
            "at": pd.DatetimeIndex(cols["at"]).tz_localize("UTC"),
            "voicemail": cols["voicemail"],
            "urgency": cols["urgency"],
        }
    )


def contacts_of(cols: dict[str, Any]) -> list[Contact]:
    ats = pd.DatetimeIndex(cols["at"]).tz_localize("UTC").to_pydatetime()
    return [
        Contact(a, voicemail=bool(v), urgency=str(u))
        for a, v, u in zip(ats, cols["voicemail"], cols["urgency"], strict=True)
    ]


def legacy_frame(frame: Any, policy: Policy) -> Any:
    """The frame path before the columnar one: a Contact per row (missing values dropped
    one by one), ``return_by_many``, ``pd.to_datetime`` of the answers."""
    utc = frame["at"].dt.tz_convert("UTC").dt.floor("us").dt.to_pydatetime()
    present = [name for name in ("voicemail", "urgency") if name in frame.columns]
    columns = [frame[name].tolist() for name in present]
    contacts = []
    for i, when in enumerate(utc):
        fields = {name: col[i] for name, col in zip(present, columns, strict=True)}
        contacts.append(Contact(when, **{k: v for k, v in fields.items() if v is not None}))
    answers = policy.return_by_many(contacts)
    return pd.DataFrame(
        {
            "required": [o.required for o in answers],
            "due": pd.to_datetime([o.due for o in answers], utc=True).as_unit("us"),
            "earliest": pd.to_datetime([o.earliest for o in answers], utc=True).as_unit("us"),
            "conflict": [o.conflict for o in answers],
            "reasons": ["; ".join(str(r) for r in o.reasons) for o in answers],
        },
        index=frame.index,
    )


def timed(work: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    """The median seconds of ``rounds`` runs (GC off while timed) and the last answer."""
    times = []
    answer = None
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        started = time.perf_counter()
        answer = work()
        times.append(time.perf_counter() - started)
        gc.enable()
    return statistics.median(times), answer


def ints(values: Any) -> list[int]:
    return np.asarray(values, dtype="datetime64[us]").view(np.int64).tolist()


def bench_due_many(n: int, rounds: int, seed: int) -> dict[str, Any]:
    cols = log_columns(n, seed)
    out: dict[str, Any] = {}
    for name, policy in (("default", default_policy()), ("office", office_policy())):
        clock = policy._plan().by_urgency[Urgency.ROUTINE]
        calendar, within = clock.calendar, timedelta(microseconds=clock.within)
        policy.due_many(cols["at"][:1000], voicemail=cols["voicemail"][:1000])  # compile
        t_due, due = timed(
            lambda p=policy: p.due_many(
                cols["at"], voicemail=cols["voicemail"], urgency=cols["urgency"]
            ),
            rounds,
        )
        t_add, _ = timed(lambda c=calendar, w=within: c.add_many(cols["at"], w), rounds)
        sample = 20_000
        scalar = policy.return_by_many(contacts_of({k: v[:sample] for k, v in cols.items()}))
        expected = [np.datetime64("NaT", "us") if o.due is None else o.due for o in scalar]
        expected = [
            e
            if isinstance(e, np.datetime64)
            else np.datetime64(e.astimezone(UTC).replace(tzinfo=None), "us")
            for e in expected
        ]
        agrees = ints(due[:sample]) == ints(expected)
        out[name] = {
            "rows": n,
            "due_many_rows_per_s": n / t_due,
            "add_many_rows_per_s": n / t_add,
            "ratio": t_add / t_due,
            "agrees_on_sample": agrees,
        }
    return out


def bench_frame(n: int, rounds: int, seed: int) -> dict[str, Any]:
    cols = log_columns(n, seed + 1)
    frame = frame_of(cols)
    contacts = contacts_of(cols)
    out: dict[str, Any] = {}
    for name, policy in (("default", default_policy()), ("office", office_policy())):
        obligations_frame(frame.iloc[:2000], policy)  # compile
        policy.return_by_many(contacts[:2000])
        t_frame, got = timed(lambda p=policy: obligations_frame(frame, p), rounds)
        t_many, _ = timed(lambda p=policy: p.return_by_many(contacts), rounds)
        t_legacy, old = timed(lambda p=policy: legacy_frame(frame, p), max(1, rounds - 2))
        agrees = list(got["reasons"]) == list(old["reasons"]) and ints(
            got["due"].dt.tz_convert(None).to_numpy()
        ) == ints(old["due"].dt.tz_convert(None).to_numpy())
        out[name] = {
            "rows": n,
            "frame_rows_per_s": n / t_frame,
            "return_by_many_rows_per_s": n / t_many,
            "legacy_frame_rows_per_s": n / t_legacy,
            "vs_return_by_many": t_many / t_frame,
            "vs_legacy": t_legacy / t_frame,
            "agrees_with_legacy": agrees,
        }
    return out


def _warm_worker(_: int) -> int:
    import contact_policy.frames  # noqa: F401  (a long-lived worker has imported it)

    return 0


def bench_dask(n: int, seed: int, rounds: int = 3) -> dict[str, Any]:
    """One process against Dask with two workers, each setting timed ``rounds`` times,
    interleaved so that the machine's drift falls on all of them alike.

    * ``processes``: Dask's local process scheduler as configured by default. Every
      ``compute()`` starts a new pool of two processes (each imports pandas, Dask and the
      library again) and hands them tasks six at a time (``chunksize``).
    * ``processes, kept pool, chunksize 1``: the same scheduler given a pool started once
      (``dask.config.set(pool=...)``) and one task at a time, as a long-running job would.
    * ``distributed``: a ``LocalCluster`` of two worker processes with one thread each (only
      when ``distributed`` is installed), started before the timing.
    * ``threads``: two threads in this process.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import dask
    import dask.dataframe as dd

    frame = frame_of(log_columns(n, seed + 2))
    policy = default_policy()
    reference = obligations_frame(frame, policy)
    ddf = dd.from_pandas(frame, npartitions=8)
    lazy = ddf.map_partitions(obligations_frame, policy, meta=obligations_meta())
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    list(pool.map(_warm_worker, range(4)))

    def kept_pool() -> Any:
        with dask.config.set(scheduler="processes", pool=pool, chunksize=1):
            return lazy.compute()

    settings: dict[str, Callable[[], Any]] = {
        "one_process": lambda: obligations_frame(frame, policy),
        "processes": lambda: lazy.compute(scheduler="processes", num_workers=2),
        "processes_kept_pool": kept_pool,
        "threads": lambda: lazy.compute(scheduler="threads", num_workers=2),
    }
    cluster = client = None
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        pass
    else:
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
        # the frame travels in the graph, as in this benchmark's other settings
        warnings.filterwarnings("ignore", "Sending large graph", UserWarning)
        settings["distributed"] = lambda: lazy.compute(scheduler=client)
    try:
        times: dict[str, list[float]] = {name: [] for name in settings}
        agrees = True
        for work in settings.values():  # warm: the first compute of each, checked
            got = work()
            agrees = agrees and list(got["reasons"]) == list(reference["reasons"])
        for _ in range(rounds):
            for name, work in settings.items():
                gc.collect()
                started = time.perf_counter()
                work()
                times[name].append(time.perf_counter() - started)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        pool.shutdown()
    median = {name: statistics.median(t) for name, t in times.items()}
    one = median["one_process"]
    return {
        "rows": n,
        "partitions": 8,
        "agrees": agrees,
        "rows_per_s": {name: n / t for name, t in median.items()},
        "speedup": {name: one / t for name, t in median.items() if name != "one_process"},
    }


def weekdays() -> BusinessCalendar:
    return BusinessCalendar.weekly(
        "America/New_York", {"mon-fri": [("09:00", "17:00")]}, holidays=["US"]
    )


def bench_far_apart(rounds: int = 9) -> dict[str, Any]:
    """Queries cycling 1950, 2026 and 2090 (seven days of each) against the same queries in
    2026 alone, for ``is_open``, ``add`` and ``elapsed``, with datetimes in the calendar's zone
    and in UTC; far and warm rounds interleaved, the best round of each. The worst of the six
    ratios is the figure against the target."""
    cal = weekdays()
    h = timedelta(hours=3)
    days = [datetime(y, 3, 5, 10, tzinfo=NY) + timedelta(days=d) for d in range(7)
            for y in (1950, 2026, 2090)]  # fmt: skip
    inputs = {"zone": days, "utc": [a.astimezone(UTC) for a in days]}
    ops: dict[str, Callable[[BusinessCalendar, datetime], Any]] = {
        "is_open": lambda c, a: c.is_open(a),
        "add": lambda c, a: c.add(a, h),
        "elapsed": lambda c, a: c.elapsed(a, a + h),
    }
    per_query: dict[str, dict[str, float]] = {}
    ratios: dict[str, float] = {}
    agrees = True
    for kind, ats in inputs.items():
        for name, op in ops.items():
            for a in ats:  # the first query of each span, and of each day
                op(cal, a)
            far = ats * 300
            warm = [a for a in ats if a.year == 2026] * 900
            t_far: list[float] = []
            t_warm: list[float] = []
            for _ in range(rounds):
                gc.disable()
                started = time.perf_counter()
                for a in far:
                    op(cal, a)
                t_far.append((time.perf_counter() - started) / len(far))
                started = time.perf_counter()
                for a in warm:
                    op(cal, a)
                t_warm.append((time.perf_counter() - started) / len(warm))
                gc.enable()
            key = f"{name}_{kind}"
            per_query[key] = {"far_us": min(t_far) * 1e6, "warm_us": min(t_warm) * 1e6}
            ratios[key] = min(t_far) / min(t_warm)
            fresh = weekdays()
            agrees &= all(op(cal, a) == op(fresh, a) for a in ats)
    worst = max(ratios, key=ratios.__getitem__)
    return {
        "far_apart_us_per_query": per_query[worst]["far_us"],
        "warm_us_per_query": per_query[worst]["warm_us"],
        "far_apart_vs_warm": ratios[worst],
        "far_apart_worst": worst,
        "far_apart_ratios": ratios,
        "far_apart_per_query": per_query,
        "far_apart_agrees": agrees,
    }


def bench_engine() -> dict[str, Any]:
    at = datetime(2026, 11, 20, 15, tzinfo=NY)
    weekdays().add(at, timedelta(hours=1))  # the holidays package's first table
    fresh = weekdays()
    started = time.perf_counter()
    far = fresh.add(at, timedelta(hours=1_000_000))
    first_add = time.perf_counter() - started
    far_apart = bench_far_apart()
    tracemalloc.start()
    hundred = weekdays()
    for year in range(1950, 2050):
        hundred.add(datetime(year, 6, 1, 10, tzinfo=NY), timedelta(hours=1))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "first_add_1m_hours_s": first_add,
        "first_add_1m_hours_answer": far.isoformat(),
        **far_apart,
        "hundred_years_peak_mb": peak / 2**20,
        "hundred_years_ranges": len(hundred._engine().states()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    n = 200_000 if args.quick else 1_000_000
    rounds = 3 if args.quick else 5
    results = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "due_many": bench_due_many(n, rounds, args.seed),
        "frame": bench_frame(n // 5, rounds, args.seed),
        "dask": bench_dask(n, args.seed),
        "engine": bench_engine(),
    }
    report(results)
    output = args.output or HERE / (
        "scale-results-quick.json" if args.quick else "scale-results.json"
    )
    output.write_text(json.dumps(results, indent=2) + "\n")
    ok = all(v["agrees_on_sample"] for v in results["due_many"].values())
    ok = ok and all(v["agrees_with_legacy"] for v in results["frame"].values())
    return 0 if ok else 1


def verdict(*, ok: bool) -> str:
    return "PASS" if ok else "below target"


def report(r: dict[str, Any]) -> None:
    print(
        f"contact_policy scale benchmark: Python {r['python']}, numpy {r['numpy']}, "
        f"pandas {r['pandas']}"
    )
    for name, d in r["due_many"].items():
        fast = d["due_many_rows_per_s"] >= TARGETS["due_many_rows_per_s"]
        near = d["ratio"] >= TARGETS["due_many_vs_add_many"]
        print(
            f"due_many, {name} policy, {d['rows']:,} rows: "
            f"{d['due_many_rows_per_s']:,.0f} rows/s; add_many of its clock "
            f"{d['add_many_rows_per_s']:,.0f} rows/s; ratio {d['ratio']:.2f} "
            f"[{verdict(ok=fast and near)}]; equal to return_by on 20,000 rows: "
            f"{'yes' if d['agrees_on_sample'] else 'NO'}"
        )
    for name, f in r["frame"].items():
        print(
            f"obligations_frame with reasons, {name} policy, {f['rows']:,} rows: "
            f"{f['frame_rows_per_s']:,.0f} rows/s; return_by_many on contacts "
            f"{f['return_by_many_rows_per_s']:,.0f} rows/s (frame {f['vs_return_by_many']:.2f}x) "
            f"[{verdict(ok=f['vs_return_by_many'] >= TARGETS['frame_vs_return_by_many'])}]; "
            f"the old frame path {f['legacy_frame_rows_per_s']:,.0f} rows/s (frame "
            f"{f['vs_legacy']:.1f}x) "
            f"[{verdict(ok=f['vs_legacy'] >= TARGETS['frame_vs_legacy'])}]; "
            f"same answers: {'yes' if f['agrees_with_legacy'] else 'NO'}"
        )
    d = r["dask"]
    rates, speedup = d["rows_per_s"], d["speedup"]
    shown = ", ".join(
        f"{name.replace('_', ' ')} {rates[name]:,.0f} rows/s ({x:.2f}x)"
        for name, x in speedup.items()
    )
    best = max(speedup.values())
    print(
        f"Dask, {d['rows']:,} rows in {d['partitions']} partitions, 2 workers: one process "
        f"{rates['one_process']:,.0f} rows/s; {shown} [{verdict(ok=best > 1)}]; "
        f"same answers: {'yes' if d['agrees'] else 'NO'}"
    )
    e = r["engine"]
    fast = e["first_add_1m_hours_s"] < TARGETS["first_add_1m_hours_s"]
    print(
        f"first add(at, 1,000,000 h) on a fresh calendar: {e['first_add_1m_hours_s']:.2f} s "
        f"[{verdict(ok=fast)}]"
    )
    near = e["far_apart_vs_warm"] <= TARGETS["far_apart_vs_warm"]
    shown = ", ".join(f"{k.replace('_', ' ')} {x:.2f}x" for k, x in e["far_apart_ratios"].items())
    print(
        f"queries cycling 1950/2026/2090 against one year: {shown}; worst "
        f"{e['far_apart_worst'].replace('_', ' ')}: {e['far_apart_us_per_query']:.2f} µs against "
        f"{e['warm_us_per_query']:.2f} µs ({e['far_apart_vs_warm']:.2f}x) [{verdict(ok=near)}]; "
        f"same answers: {'yes' if e['far_apart_agrees'] else 'NO'}"
    )
    small = e["hundred_years_peak_mb"] < TARGETS["hundred_years_mb"]
    print(
        f"100 compiled years (1950-2049, {e['hundred_years_ranges']} ranges): peak "
        f"{e['hundred_years_peak_mb']:.1f} MB [{verdict(ok=small)}]"
    )


if __name__ == "__main__":
    sys.exit(main())
