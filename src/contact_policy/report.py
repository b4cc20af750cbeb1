"""The adherence record for people: plain text for a terminal, and one self-contained HTML
page (no network, no script) with the summary, the groups, every missed obligation with its
reasons, and a chart drawn as inline SVG: met and missed per week.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from contact_policy import Contact, Return, adherence, default_policy
>>> tz = ZoneInfo("America/New_York")
>>> log = [Contact(datetime(2026, 11, 20, 15, tzinfo=tz), voicemail=True, client="c-1"),
...        Return(datetime(2026, 11, 23, 11, tzinfo=tz), client="c-1", reached=True)]
>>> page = html_report(adherence(default_policy(), log), title="Front desk, November")
>>> page.startswith("<!DOCTYPE html>"), "<svg" in page, "<script" in page
(True, True, False)

Imports the adherence record and the wording.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import timedelta
from html import escape
from typing import IO, Any

from ._time import to_us
from .adherence import Adherence, Tally
from .ledger import Outcome, OutcomeState
from .wording import duration_words, when

__all__ = [
    "FirstMissed",
    "MissedSpool",
    "html_report",
    "json_report",
    "missed_entry",
    "text_report",
    "week_chart",
]

#: How many missed obligations the text report lists (the HTML page and --json list all).
TEXT_MISSED_LIMIT = 20
_MET_COLOUR = "#2e7d32"
_MISSED_COLOUR = "#c62828"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _duration(value: timedelta | None) -> str:
    if value is None:
        return "-"
    return duration_words(value) if value >= timedelta(0) else f"-{duration_words(-value)}"


def _figures(record: Adherence) -> list[tuple[str, str]]:
    return [
        ("owed a return", f"{record.owed:,}"),
        ("met", f"{record.met:,}"),
        ("missed", f"{record.missed:,}"),
        ("still open", f"{record.open:,}"),
        ("percent met", _percent(record.percent_met)),
        ("not owed (no voicemail)", f"{record.not_owed:,}"),
        ("crises routed to help", f"{record.routed:,}"),
        ("worst lateness", _duration(record.worst_late)),
        ("median lateness", _duration(record.median_late)),
        ("median time to return", _duration(record.median_return)),
    ]


def missed_entry(o: Outcome) -> dict[str, Any]:
    """What the reports show of a missed obligation: its plain-JSON form
    (:meth:`Outcome.to_json_dict`) and, under ``"shown"``, its cells as people read them."""
    tz = o.obligation.received.tzinfo
    entry = o.to_json_dict()
    entry["shown"] = {
        "client": o.client or "-",
        "label": o.label or "-",
        "urgency": o.urgency.value,
        "called": when(o.received.astimezone(tz)),
        "due": "no deadline" if o.due is None else when(o.due),
        "returned": "not returned" if o.returned is None else when(o.returned),
        "late": _duration(o.late),
    }
    return entry


class MissedSpool:
    """Missed obligations written to a temporary file as they are settled and read back in
    order of receipt, so that a report of a long log holds 16 bytes per missed obligation in
    memory, not the obligation (a context manager: the file goes when it closes).

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from contact_policy import Contact, adherence, default_policy
    >>> tz = ZoneInfo("America/New_York")
    >>> with MissedSpool() as spool:
    ...     record = adherence(default_policy(), [Contact(datetime(2026, 11, 16, 9, tzinfo=tz),
    ...         voicemail=True)], now=datetime(2026, 11, 18, tzinfo=tz), keep="missed",
    ...         sink=spool.add)
    ...     [entry["shown"]["due"] for entry in spool]
    ['Tue 2026-11-17 09:00 EST']
    """

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._received = array("q")
        self._offsets = array("q")

    def add(self, outcome: Outcome) -> None:
        """Write one missed obligation (others are left out)."""
        if outcome.state is not OutcomeState.MISSED:
            return
        self._received.append(to_us(outcome.received))
        self._offsets.append(self._file.tell())
        self._file.write(json.dumps(missed_entry(outcome)).encode() + b"\n")

    def __len__(self) -> int:
        return len(self._offsets)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """The entries in order of receipt (ties: in the order they were settled)."""
        order = sorted(range(len(self._offsets)), key=self._received.__getitem__)
        f = self._file
        for i in order:
            f.seek(self._offsets[i])
            yield json.loads(f.readline())
        f.seek(0, 2)

    def close(self) -> None:
        """Remove the file."""
        self._file.close()

    def __enter__(self) -> MissedSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FirstMissed:
    """The first ``n`` missed obligations by time of receipt, kept as they are settled (a
    bounded heap: what the text report lists, without holding or writing the others); the
    same ``add`` as :class:`MissedSpool`."""

    def __init__(self, n: int = TEXT_MISSED_LIMIT) -> None:
        self.n = n
        self._heap: list[tuple[int, int, Outcome]] = []
        self._count = 0

    def wants(self, received_us: int) -> bool:
        """Would an obligation received at ``received_us`` (epoch us) be kept? (The record
        asks first, so that it builds no outcome the report will not show.)"""
        return len(self._heap) < self.n or -received_us > self._heap[0][0]

    def add(self, outcome: Outcome) -> None:
        """Keep ``outcome`` if it is missed and among the first ``n`` received so far."""
        if outcome.state is not OutcomeState.MISSED:
            return
        self._count += 1
        item = (-to_us(outcome.received), -self._count, outcome)
        if len(self._heap) < self.n:
            heapq.heappush(self._heap, item)
        elif item[:2] > self._heap[0][:2]:
            heapq.heapreplace(self._heap, item)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for _, _, outcome in sorted(self._heap, key=lambda x: x[:2], reverse=True):
            yield missed_entry(outcome)


def _entries(
    record: Adherence, missed: Iterable[dict[str, Any]] | None
) -> Iterable[dict[str, Any]]:
    if missed is not None:
        return missed
    return [missed_entry(o) for o in record.outcomes if o.state is OutcomeState.MISSED]


def _missed_line(entry: dict[str, Any]) -> str:
    c = entry["shown"]
    return (
        f"{c['client']}: called {c['called']}, due {c['due']}, "
        f"{'not returned' if c['returned'] == 'not returned' else 'returned ' + c['returned']}, "
        f"{c['late']} late"
    )


def text_report(
    record: Adherence,
    *,
    title: str = "Adherence record",
    missed: Iterable[dict[str, Any]] | None = None,
) -> str:
    """The record as plain text: the figures, the groups, the first missed obligations
    (``missed``: entries from a :class:`MissedSpool`, else the record's outcomes) and every
    skipped row."""
    lines = [title, "=" * len(title)]
    if record.now is not None:
        lines.append(f"as of {when(record.now)}")
    lines.append("")
    width = max(len(name) for name, _ in _figures(record))
    lines += [f"{name:<{width}}  {value}" for name, value in _figures(record)]
    for heading, tallies in (
        ("by urgency", record.urgencies),
        ("by week (Monday)", record.weeks),
        ("by label", record.labels),
    ):
        if tallies:
            lines += ["", heading, *_tally_lines(tallies)]
    for shown, entry in enumerate(_entries(record, missed)):
        if shown == 0:
            lines += ["", f"missed ({record.missed:,})"]
        if shown == TEXT_MISSED_LIMIT:
            more = record.missed - TEXT_MISSED_LIMIT
            lines.append(f"  ... and {more:,} more (--html or --json lists every one)")
            break
        lines.append(f"  - {_missed_line(entry)}")
    if record.skipped:
        lines += ["", f"skipped rows ({len(record.skipped):,}): the figures leave them out"]
        lines += [f"  - {s.message}" for s in record.skipped]
    return "\n".join(lines) + "\n"


def _tally_lines(tallies: Sequence[Tally]) -> list[str]:
    width = max(len(t.key) for t in tallies)
    out = [f"  {'':<{width}}  {'owed':>7} {'met':>7} {'missed':>7} {'open':>7} {'met %':>7}"]
    for t in tallies:
        out.append(
            f"  {t.key:<{width}}  {t.owed:>7,} {t.met:>7,} {t.missed:>7,} {t.open:>7,} "
            f"{_percent(t.percent_met):>7}"
        )
    return out


# --- HTML ------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 64rem; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.asof { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { padding: 0.25rem 0.75rem; border-bottom: 1px solid #e3e3e3; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; }
.missed { font-size: 0.9rem; }
.missed td, .missed th { vertical-align: top; }
.missed th:last-child, .missed td:last-child { text-align: left; }
.missed ul { margin: 0; padding-left: 1.1rem; text-align: left; }
.chart { max-width: 100%; height: auto; }
.legend span { display: inline-block; width: 0.9rem; height: 0.9rem; margin: 0 0.3rem 0 1rem;
               vertical-align: middle; }
.warning { background: #fff4e5; border-left: 4px solid #e65100; padding: 0.5rem 1rem; }
"""


def html_report(
    record: Adherence,
    *,
    title: str = "Adherence record",
    missed: Iterable[dict[str, Any]] | None = None,
) -> str:
    """The record as one self-contained HTML page: nothing to fetch, no script (``missed``
    as for :func:`text_report`). :func:`html_lines` gives it line by line."""
    return "".join(html_lines(record, title=title, missed=missed))


def html_lines(
    record: Adherence,
    *,
    title: str = "Adherence record",
    missed: Iterable[dict[str, Any]] | None = None,
) -> Iterator[str]:
    """:func:`html_report` as lines (each ending in a newline), written as they come: a
    report of a long log never holds the whole page."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
    ]
    for line in head:
        yield line + "\n"
    if record.now is not None:
        yield f'<p class="asof">As of {escape(when(record.now))}</p>\n'
    if record.skipped:
        yield (
            f'<p class="warning">{len(record.skipped):,} rows of the log were skipped as bad '
            "and are left out of every figure; they are listed at the end.</p>\n"
        )
    yield '<h2 id="summary">Summary</h2>\n<table class="summary"><tbody>\n'
    for name, value in _figures(record):
        yield f'<tr><th scope="row">{escape(name)}</th><td>{escape(value)}</td></tr>\n'
    yield "</tbody></table>\n"
    if record.weeks:
        yield '<h2 id="weeks">Met and missed per week</h2>\n'
        yield week_chart(record.weeks) + "\n"
        yield (
            '<p class="legend"><span style="background:'
            f'{_MET_COLOUR}"></span>met<span style="background:{_MISSED_COLOUR}"></span>'
            "missed</p>\n"
        )
    for anchor, heading, tallies, what in (
        ("urgency", "By urgency", record.urgencies, "urgency"),
        ("week", "By week", record.weeks, "week of (Monday)"),
        ("label", "By label", record.labels, "label"),
    ):
        if tallies:
            yield f'<h2 id="by-{anchor}">{heading}</h2>\n{_tally_table(tallies, what)}\n'
    yield f'<h2 id="missed">Missed obligations ({record.missed:,})</h2>\n'
    shown = 0
    for entry in _entries(record, missed):
        if not shown:
            heads = "".join(
                f'<th scope="col">{h}</th>'
                for h in ("client", "label", "urgency", "called", "due", "returned", "late", "why")
            )
            yield f'<table class="missed"><thead><tr>{heads}</tr></thead><tbody>\n'
        yield _missed_row(entry) + "\n"
        shown += 1
    yield "</tbody></table>\n" if shown else "<p>None.</p>\n"
    if record.skipped:
        yield f'<h2 id="skipped">Skipped rows ({len(record.skipped):,})</h2><ul>\n'
        for skipped in record.skipped:
            yield f"<li>{escape(skipped.message)}</li>\n"
        yield "</ul>\n"
    yield "</body>\n</html>\n"


def _tally_table(tallies: Sequence[Tally], what: str) -> str:
    rows = [
        f'<table><thead><tr><th scope="col">{escape(what)}</th><th scope="col">owed</th>'
        '<th scope="col">met</th><th scope="col">missed</th><th scope="col">open</th>'
        '<th scope="col">met %</th><th scope="col">not owed</th><th scope="col">routed</th>'
        "</tr></thead><tbody>"
    ]
    for t in tallies:
        cells = (t.owed, t.met, t.missed, t.open)
        rows.append(
            f'<tr><th scope="row">{escape(t.key)}</th>'
            + "".join(f"<td>{n:,}</td>" for n in cells)
            + f"<td>{_percent(t.percent_met)}</td><td>{t.not_owed:,}</td><td>{t.routed:,}</td>"
            "</tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _missed_row(entry: dict[str, Any]) -> str:
    c = entry["shown"]
    cells = [c[k] for k in ("client", "label", "urgency", "called", "due", "returned", "late")]
    why = "".join(f"<li>{escape(r['rule'])}: {escape(r['text'])}</li>" for r in entry["reasons"])
    return (
        "<tr>" + "".join(f"<td>{escape(x)}</td>" for x in cells) + f"<td><ul>{why}</ul></td></tr>"
    )


def json_report(
    record: Adherence, out: IO[str], *, missed: Iterable[dict[str, Any]] | None = None
) -> None:
    """Write the record as one JSON object to ``out`` (:meth:`Adherence.to_json_dict`, with
    ``"outcomes"`` the missed obligations), streaming the outcomes one by one."""
    data = record.to_json_dict()
    data.pop("outcomes")
    head = json.dumps(data, indent=2)
    out.write(head[:-2] + ',\n  "outcomes": [')
    for i, entry in enumerate(_entries(record, missed)):
        entry.pop("shown", None)
        out.write(("," if i else "") + "\n    " + json.dumps(entry))
    out.write("\n  ]\n}\n")


def week_chart(weeks: Sequence[Tally], *, height: int = 220) -> str:
    """Met and missed per week as an inline SVG bar chart (two bars a week, a labelled count
    axis, each bar titled with its figure for screen readers and tooltips)."""
    n = len(weeks)
    top = max([1, *(max(t.met, t.missed) for t in weeks)])
    step = _nice_step(top)
    ceiling = -(-top // step) * step
    left, bottom, pad = 48, 40, 10
    group = max(18, min(120, 860 // max(n, 1)))
    bar = max(4, min(36, (group - 6) // 2))
    width = max(left + n * group + pad, 420)
    plot = height - bottom - pad
    label_every = max(1, -(-n * 70 // (width - left)))

    def y(value: int) -> float:
        return pad + plot - plot * value / ceiling

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Met and missed obligations per week, {n} weeks">',
        "<title>Met and missed obligations per week</title>",
    ]
    for tick in range(0, ceiling + 1, step):
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - pad}" y2="{ty:.1f}" '
            'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#444">{tick:,}</text>'
        )
    for i, t in enumerate(weeks):
        x = left + i * group + 3
        for j, (count, colour, name) in enumerate(
            ((t.met, _MET_COLOUR, "met"), (t.missed, _MISSED_COLOUR, "missed"))
        ):
            top_y = y(count)
            parts.append(
                f'<rect x="{x + j * bar}" y="{top_y:.1f}" width="{bar}" '
                f'height="{pad + plot - top_y:.1f}" fill="{colour}">'
                f"<title>week of {escape(t.key)}: {count:,} {name}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar}" y="{height - bottom + 16}" font-size="11" '
                f'text-anchor="middle" fill="#444">{escape(t.key[5:])}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{pad + plot}" x2="{width - pad}" y2="{pad + plot}" '
        'stroke="#888" stroke-width="1"/>'
        f'<text x="{left}" y="{height - 6}" font-size="11" fill="#444">week of (month-day '
        "of the Monday)</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(top: int) -> int:
    """A round tick step giving at most about five ticks up to ``top``."""
    step = 1
    while top / step > 5:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if top / step <= 5:
                break
    return max(step, 1)
