"""Properties of the half-open interval algebra (``contact_policy._intervals``), against sets
of integers."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from contact_policy._intervals import clip, intersect, intersect_all, merge, subtract

Intervals = list[tuple[int, int]]


@st.composite
def disjoint(draw: st.DrawFn) -> Intervals:
    """Sorted, disjoint, non-touching half-open intervals within 0..60."""
    points = sorted(draw(st.sets(st.integers(0, 60), max_size=12)))
    pairs = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
    return merge(pairs)


def cover(intervals: Intervals) -> set[int]:
    return {x for s, e in intervals for x in range(s, e)}


def well_formed(intervals: Intervals) -> bool:
    return all(s < e for s, e in intervals) and all(
        a[1] < b[0] for a, b in itertools.pairwise(intervals)
    )


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=10))
def test_merge_is_the_union(items: list[tuple[int, int]]) -> None:
    intervals = sorted((s, s + n) for s, n in items)
    merged = merge(intervals)
    assert cover(merged) == cover(intervals)
    assert well_formed(merged)


@given(disjoint(), disjoint())
def test_intersect_and_subtract(a: Intervals, b: Intervals) -> None:
    assert cover(intersect(a, b)) == cover(a) & cover(b)
    assert cover(subtract(a, b)) == cover(a) - cover(b)
    assert well_formed(intersect(a, b))


@given(st.lists(disjoint(), min_size=1, max_size=4))
def test_intersect_all(lists: list[Intervals]) -> None:
    expected = set.intersection(*(cover(x) for x in lists))
    assert cover(intersect_all(lists)) == expected


@given(disjoint(), st.integers(0, 60), st.integers(0, 60))
def test_clip(a: Intervals, lo: int, hi: int) -> None:
    assert cover(clip(a, lo, hi)) == {x for x in cover(a) if lo <= x < hi}
