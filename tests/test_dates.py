"""Dates typed by the user, and the moment waits are measured to."""

from datetime import UTC, datetime

import pytest

from triage.dates import as_of, parse_when
from triage.errors import UsageError

NOW = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-02", "2026-11-02T00:00:00Z"),
        ("2026-11-02T09:15", "2026-11-02T09:15:00Z"),
        ("today", "2026-11-16T00:00:00Z"),
        ("yesterday", "2026-11-15T00:00:00Z"),
        ("tomorrow", "2026-11-17T00:00:00Z"),
        ("36h", "2026-11-14T20:00:00Z"),
        ("7d", "2026-11-09T08:00:00Z"),
        ("2w", "2026-11-02T08:00:00Z"),
    ],
)
def test_dates_and_spans_back(text: str, expected: str) -> None:
    assert parse_when(text, UTC, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3d", "2026-11-19T08:00:00Z"), ("1w", "2026-11-23T08:00:00Z")],
)
def test_spans_reach_forward_for_a_snooze(text: str, expected: str) -> None:
    assert parse_when(text, UTC, NOW, future=True) == expected


def test_an_unreadable_date_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="tomorrow"):
        parse_when("next week", UTC, NOW)


def test_as_of_is_now_unless_triage_now_pins_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TRIAGE_NOW", raising=False)
    before = datetime.now(UTC)
    assert before <= as_of() <= datetime.now(UTC)
    monkeypatch.setenv("TRIAGE_NOW", "2026-11-16T08:00:00Z")
    assert as_of() == NOW
    monkeypatch.setenv("TRIAGE_NOW", "2026-11-16T08:00:00")  # no zone: UTC
    assert as_of() == NOW
    monkeypatch.setenv("TRIAGE_NOW", "Monday")
    with pytest.raises(UsageError, match="TRIAGE_NOW"):
        as_of()
