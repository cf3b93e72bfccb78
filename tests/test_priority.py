"""triage.cases.priority with hand-built CaseFacts: each part of the score, its caps,
the states that score nothing, noise, snoozed cases waking, and the queue order."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from triage.cases.priority import (
    ESCALATION_POINTS,
    REPEAT_MAX,
    REPEAT_POINTS,
    VAGUE_POINTS,
    WAIT_HOURS_PER_POINT,
    WAIT_MAX,
    case,
    effective_state,
    priority,
    queue_order,
)
from triage.records import CaseFacts, Priority

NOW = datetime(2026, 11, 6, 12, 0, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def hours_ago(hours: float) -> str:
    return stamp(NOW - timedelta(hours=hours))


def facts(**changes: object) -> CaseFacts:
    """An open case of one unanswered message, sent 30 hours before NOW."""
    base = CaseFacts(
        id=1,
        customer="alice@example.com",
        name="Alice Martin",
        subject="Colis jamais arrivé",
        state="open",
        snoozed_until=None,
        message_ids=(1,),
        first_date=hours_ago(30),
        last_date=hours_ago(30),
        labels=(),
        latest_labels=(),
        waiting_since=hours_ago(30),
        unanswered=1,
        vague_unanswered=False,
        quiet=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def score(f: CaseFacts) -> Priority:
    return priority(f, f.state, NOW)


def test_the_documented_points() -> None:
    # The README's table and the module docstring give these numbers.
    assert WAIT_HOURS_PER_POINT == 12
    assert WAIT_MAX == 60
    assert REPEAT_POINTS == 3
    assert REPEAT_MAX == 30
    assert ESCALATION_POINTS == 15
    assert VAGUE_POINTS == 5


# wait


@pytest.mark.parametrize(
    ("hours", "points"),
    [(0, 0), (11.9, 0), (12, 1), (23.9, 1), (24, 2), (99, 8), (30 * 24 - 1, 59)],
)
def test_wait_is_one_point_per_12_hours(hours: float, points: int) -> None:
    p = score(facts(waiting_since=hours_ago(hours)))
    assert p.wait == points
    assert p.waited_hours == round(hours, 1)
    assert p.score == points


@pytest.mark.parametrize("days", [30, 31, 365])
def test_wait_is_capped(days: int) -> None:
    p = score(facts(waiting_since=hours_ago(days * 24)))
    assert p.wait == WAIT_MAX
    assert p.waited_hours == days * 24  # the hours themselves are not capped


def test_wait_counts_from_waiting_since_not_the_latest_message() -> None:
    p = score(
        facts(
            first_date=hours_ago(200),
            waiting_since=hours_ago(99),
            last_date=hours_ago(3),
            unanswered=5,
        )
    )
    assert (p.waited_hours, p.wait) == (99.0, 8)


def test_waited_hours_are_rounded_to_a_tenth() -> None:
    p = score(facts(waiting_since=stamp(NOW - timedelta(minutes=100))))
    assert p.waited_hours == 1.7


def test_a_message_dated_after_now_waits_nothing() -> None:
    p = score(facts(waiting_since=stamp(NOW + timedelta(hours=5))))
    assert (p.wait, p.waited_hours, p.score) == (0, 0.0, 0)


def test_an_offset_timestamp_reads_like_a_z_one() -> None:
    z = score(facts(waiting_since="2026-11-02T09:00:00Z"))
    offset = score(facts(waiting_since="2026-11-02T09:00:00+00:00"))
    assert z == offset
    assert z.waited_hours == 99.0


# repeats


@pytest.mark.parametrize(
    ("unanswered", "points"),
    [(0, 0), (1, 0), (2, 3), (5, 12), (10, 27), (11, 30), (12, 30), (500, 30)],
)
def test_repeats_are_3_points_a_message_after_the_first(
    unanswered: int, points: int
) -> None:
    p = score(facts(unanswered=unanswered))
    assert p.repeats == points
    assert points <= REPEAT_MAX


# escalation and vague


def test_escalation_counts_when_the_latest_message_is_escalating() -> None:
    p = score(facts(latest_labels=("escalating", "terse")))
    assert p.escalation == ESCALATION_POINTS
    assert case(facts(latest_labels=("escalating",)), NOW).escalating is True


def test_an_earlier_escalating_message_does_not_count() -> None:
    f = facts(labels=("escalating",), latest_labels=("terse",))
    assert score(f).escalation == 0
    assert case(f, NOW).escalating is False


def test_vague_counts_when_an_unanswered_message_is_vague() -> None:
    assert score(facts(vague_unanswered=True)).vague == VAGUE_POINTS
    # A vague message that was answered is in `labels`, not `vague_unanswered`.
    assert score(facts(labels=("vague",), vague_unanswered=False)).vague == 0


def test_the_score_is_the_sum_of_the_parts() -> None:
    p = score(
        facts(
            waiting_since=hours_ago(99),
            unanswered=5,
            latest_labels=("escalating",),
            vague_unanswered=True,
        )
    )
    assert p == Priority(
        score=8 + 12 + 15 + 5,
        wait=8,
        repeats=12,
        escalation=15,
        vague=5,
        noise=False,
        waited_hours=99.0,
    )


def test_everything_at_its_cap() -> None:
    p = score(
        facts(
            waiting_since=hours_ago(1000 * 24),
            unanswered=1000,
            latest_labels=("escalating",),
            vague_unanswered=True,
        )
    )
    assert p.score == WAIT_MAX + REPEAT_MAX + ESCALATION_POINTS + VAGUE_POINTS


# States and noise

BUSY = {
    "waiting_since": hours_ago(99),
    "unanswered": 5,
    "latest_labels": ("escalating",),
    "vague_unanswered": True,
}


@pytest.mark.parametrize("state", ["waiting", "answered", "snoozed", "closed"])
def test_only_an_open_case_scores(state: str) -> None:
    f = facts(state=state, **BUSY)
    assert priority(f, state, NOW) == Priority(0, 0, 0, 0, 0, False, None)
    assert priority(f, "open", NOW).score == 40


def test_noise_scores_nothing_even_when_open() -> None:
    p = score(facts(quiet=True, **BUSY))
    assert p == Priority(0, 0, 0, 0, 0, True, None)


@pytest.mark.parametrize("state", ["closed", "snoozed"])
def test_noise_stays_noise_in_any_state(state: str) -> None:
    assert priority(facts(quiet=True, state=state), state, NOW).noise is True


def test_a_case_nobody_waits_on_scores_nothing() -> None:
    p = score(facts(waiting_since=None, unanswered=0))
    assert p == Priority(0, 0, 0, 0, 0, False, None)


# effective_state


@pytest.mark.parametrize(
    ("until", "state"),
    [
        (stamp(NOW + timedelta(seconds=1)), "snoozed"),
        (stamp(NOW + timedelta(days=3)), "snoozed"),
        (stamp(NOW), "open"),  # its date has come
        (stamp(NOW - timedelta(days=1)), "open"),
        ("2026-11-06T12:00:00+00:00", "open"),
    ],
)
def test_a_snoozed_case_wakes_when_its_date_has_come(until: str, state: str) -> None:
    f = facts(state="snoozed", snoozed_until=until)
    assert effective_state(f, NOW) == state
    woken = case(f, NOW)
    assert woken.state == state
    assert (woken.priority.score > 0) == (state == "open")


def test_a_snoozed_case_without_a_date_stays_snoozed() -> None:
    assert effective_state(facts(state="snoozed", snoozed_until=None), NOW) == (
        "snoozed"
    )


@pytest.mark.parametrize("state", ["open", "waiting", "answered", "closed"])
def test_other_states_are_what_is_stored(state: str) -> None:
    past = stamp(NOW - timedelta(days=1))
    assert effective_state(facts(state=state, snoozed_until=past), NOW) == state


def test_case_puts_facts_state_and_priority_together() -> None:
    f = facts(**BUSY)
    c = case(f, NOW)
    assert c.facts is f
    assert c.state == "open"
    assert c.priority == score(f)
    assert c.escalating is True


# queue_order


def ordered(*cases: CaseFacts) -> list[int]:
    return [c.facts.id for c in sorted((case(f, NOW) for f in cases), key=queue_order)]


def test_higher_score_first() -> None:
    low = facts(id=1, waiting_since=hours_ago(13))
    high = facts(id=2, waiting_since=hours_ago(13), latest_labels=("escalating",))
    middle = facts(id=3, waiting_since=hours_ago(99))
    assert ordered(low, high, middle) == [2, 3, 1]


def test_noise_comes_after_every_other_case() -> None:
    noise = facts(id=1, quiet=True, waiting_since=hours_ago(1000))
    closed = facts(id=2, state="closed")  # scores 0 too, but is not noise
    fresh = facts(id=3, waiting_since=hours_ago(13))
    assert ordered(noise, closed, fresh) == [3, 2, 1]


def test_ties_go_to_whoever_waited_longest() -> None:
    # Both wait 8 points' worth: 96 and 107 hours.
    later = facts(id=1, waiting_since=hours_ago(96))
    earlier = facts(id=2, waiting_since=hours_ago(107))
    assert score(later).score == score(earlier).score
    assert ordered(later, earlier) == [2, 1]


def test_without_a_wait_the_latest_date_breaks_ties_then_the_id() -> None:
    a = facts(id=3, state="closed", waiting_since=None, last_date=hours_ago(10))
    b = facts(id=1, state="closed", waiting_since=None, last_date=hours_ago(50))
    c = facts(id=2, state="closed", waiting_since=None, last_date=hours_ago(10))
    d = facts(id=4, state="closed", waiting_since=None, last_date=None)
    assert ordered(a, b, c, d) == [1, 2, 3, 4]


def test_an_open_case_where_nobody_waits_comes_after_those_who_wait() -> None:
    answered = facts(id=1, waiting_since=None, unanswered=0, last_date=hours_ago(900))
    waiting = facts(id=2, waiting_since=hours_ago(1))  # scores 0 too
    noise = facts(id=3, quiet=True)
    assert score(waiting).score == 0
    assert ordered(noise, answered, waiting) == [2, 1, 3]


def test_an_empty_mail_with_a_telling_subject_is_no_noise() -> None:
    empty = facts(quiet=True, quiet_subjects=("Réclamation",))
    assert score(empty).noise is True
    telling = facts(
        quiet=True, quiet_subjects=("Réclamation", "Colis CMD-2026-123456 jamais reçu")
    )
    assert score(telling).noise is False
    assert score(telling).score > 0


def test_queue_order_key() -> None:
    c = case(facts(id=7, waiting_since="2026-11-02T09:00:00Z", unanswered=2), NOW)
    assert queue_order(c) == (False, False, -(8 + 3), "2026-11-02T09:00:00Z", 7)
