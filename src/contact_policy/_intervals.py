"""Half-open interval algebra on integers: one convention for the whole package.

An interval is a pair ``(start, end)`` of epoch microseconds meaning ``[start, end)``; a list of
intervals is sorted and disjoint. Time is discrete (whole microseconds), so a closed stretch
``[s, e]``, such as the permitted moments of a callback window whose closing instant still
counts, is the half-open ``[s, e + 1)``; a single permitted instant ``e`` is ``[e, e + 1)``.

>>> merge([(0, 5), (5, 8), (10, 12)])
[(0, 8), (10, 12)]
>>> subtract([(0, 10)], [(3, 4)])
[(0, 3), (4, 10)]
>>> intersect([(0, 10)], [(5, 15)])
[(5, 10)]

Imports nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["Intervals", "clip", "intersect", "intersect_all", "merge", "subtract"]

Intervals = list[tuple[int, int]]


def merge(items: Iterable[tuple[int, int]]) -> Intervals:
    """The union of intervals sorted by start; touching intervals merge."""
    out: Intervals = []
    for s, e in items:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def subtract(intervals: Sequence[tuple[int, int]], holes: Sequence[tuple[int, int]]) -> Intervals:
    """``intervals`` minus ``holes`` (both sorted and disjoint)."""
    if not holes:
        return list(intervals)
    out: Intervals = []
    h = 0
    for s, e in intervals:
        while h < len(holes) and holes[h][1] <= s:
            h += 1
        k = h
        cur = s
        while k < len(holes) and holes[k][0] < e:
            hs, he = holes[k]
            if hs > cur:
                out.append((cur, hs))
            cur = max(cur, he)
            k += 1
        if cur < e:
            out.append((cur, e))
    return out


def intersect(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> Intervals:
    """The intersection of two sorted, disjoint lists."""
    out: Intervals = []
    i = j = 0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def intersect_all(lists: Iterable[Sequence[tuple[int, int]]]) -> Intervals:
    """The intersection of every list (empty as soon as one step is empty)."""
    result: Intervals | None = None
    for spans in lists:
        result = list(spans) if result is None else intersect(result, spans)
        if not result:
            return []
    return result or []


def clip(intervals: Iterable[tuple[int, int]], a: int, b: int) -> Intervals:
    """The parts of ``intervals`` inside ``[a, b)``."""
    out: Intervals = []
    for s, e in intervals:
        s, e = max(s, a), min(e, b)
        if s < e:
            out.append((s, e))
    return out
