"""Example tests for ``contact_policy.adherence``: the record of the sample call log
(docs/examples/call-log.csv, worked out by hand in docs/tracking.md) and the summary's
definitions. The CSV reader's tests are in tests/test_calllog.py."""

from __future__ import annotations

import pathlib
from datetime import timedelta
from typing import Any

import pytest

from contact_policy import (
    Adherence,
    Contact,
    EventLogError,
    PolicyValidationError,
    Return,
    adherence,
    default_policy,
    summarize,
)
from contact_policy.calllog import CallLog
from tests.helpers import t

SAMPLE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "examples" / "call-log.csv"


@pytest.fixture(scope="module")
def sample() -> Adherence:
    return adherence(default_policy(), CallLog(SAMPLE))


class TestTheSampleLog:
    def test_the_totals(self, sample: Adherence) -> None:
        assert (sample.owed, sample.met, sample.missed, sample.open) == (8, 4, 2, 2)
        assert (sample.not_owed, sample.routed) == (1, 1)
        assert sample.percent_met == pytest.approx(200 / 3)
        assert sample.now == t("2026-11-30T09:00-05:00")

    def test_lateness_and_time_to_return(self, sample: Adherence) -> None:
        # Missed: c-104 returned 1 h late, c-106 1 h 30 min late.
        assert sample.worst_late == timedelta(hours=1, minutes=30)
        assert sample.median_late == timedelta(hours=1, minutes=15)  # the mean of the two
        # Returned: c-101 4 h 50, c-103 23 h, c-104 25 h, c-105 1 h (from Mon 14:00),
        # c-106 25 h 30, c-108 21 h: the middle two are 21 h and 23 h.
        assert sample.median_return == timedelta(hours=22)

    def test_the_groups(self, sample: Adherence) -> None:
        assert list(sample.by_week) == ["2026-11-16", "2026-11-23", "2026-11-30"]
        week = sample.by_week["2026-11-16"]
        assert (week.owed, week.met, week.missed, week.not_owed, week.routed) == (5, 3, 2, 1, 1)
        assert list(sample.by_urgency) == ["routine", "urgent", "crisis"]
        assert sample.by_urgency["urgent"].missed == 1
        assert sample.by_label["dr-b"].percent_met == 100.0
        assert sample.by_label["dr-a"].owed == 5

    def test_every_figure_traces_to_its_outcomes(self, sample: Adherence) -> None:
        missed = [o.client for o in sample.outcomes if o.state.value == "missed"]
        assert missed == ["c-104", "c-106"]
        assert len(sample.outcomes) == 10

    def test_the_record_round_trips_through_json(self, sample: Adherence) -> None:
        assert Adherence.model_validate_json(sample.model_dump_json()) == sample


class TestDefinitions:
    def test_open_obligations_are_not_in_the_share_met(self) -> None:
        log = [Contact(t("2026-11-17T09:00-05:00"), voicemail=True, client="c-1")]
        record = adherence(default_policy(), log)
        assert (record.owed, record.open, record.percent_met) == (1, 1, None)
        assert (record.worst_late, record.median_late, record.median_return) == (None,) * 3

    def test_keep_chooses_the_outcomes_held(self) -> None:
        assert adherence(default_policy(), CallLog(SAMPLE), keep="none").outcomes == ()
        missed = adherence(default_policy(), CallLog(SAMPLE), keep="missed").outcomes
        assert [o.state.value for o in missed] == ["missed", "missed"]
        with pytest.raises(PolicyValidationError, match="keep='some'"):
            adherence(default_policy(), [], keep="some")  # type: ignore[arg-type]

    def test_summarize_counts_outcomes_found_apart(self, sample: Adherence) -> None:
        policy = default_policy()
        whole = list(CallLog(SAMPLE))
        clients = sorted({e.client for e in whole})
        parts = [
            [e for e in whole if e.client in clients[::2]],
            [e for e in whole if e.client in clients[1::2]],
        ]
        found = [o for part in parts for o in policy.track(part, now=sample.now)]
        again = summarize(found, now=sample.now)
        assert again.to_json_dict() == sample.to_json_dict()
        with pytest.raises(PolicyValidationError, match="is not an Outcome"):
            summarize(["met"])  # type: ignore[list-item]

    def test_an_empty_log(self) -> None:
        record = adherence(default_policy(), [])
        assert (record.owed, record.now, record.weeks) == (0, None, ())


def test_python_events_are_named_by_index() -> None:
    log: list[Any] = [Contact(t("2026-11-17T09:00-05:00"), voicemail=True), "junk"]
    record = adherence(default_policy(), log, skip_bad=True)
    assert [(s.where, s.row) for s in record.skipped] == [("events[1]", 1)]
    assert record.owed == 1
    log = [Return(t("2026-11-17T09:00-05:00"))]
    with pytest.raises(EventLogError, match=r"events\[0\]\.client"):
        adherence(default_policy(), log)
