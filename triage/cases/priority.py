"""The priority of a case: who should be answered first, and why.

A score of points the agent can check by hand, shown with its parts:

- wait: 1 point per 12 hours since the customer's first unanswered message (not
  the last: a customer who wrote every day for a week has waited a week), at most
  60 (30 days);
- repeats: 3 points for each message they sent after that one, at most 30;
- escalation: 15 points when their latest message is `escalating`;
- vague: 5 points when an unanswered message is `vague`: one question asked back
  today saves the customer a round trip.

Only an open case waits on the agent: waiting, answered, snoozed and closed cases
score 0. A case of nothing but empty, phone-only and automatic mail is noise: it
scores 0 and sinks below every other case, to be closed in bulk.
"""

from datetime import datetime

from triage.records import Case, CaseFacts, Priority

WAIT_HOURS_PER_POINT = 12
WAIT_MAX = 60
REPEAT_POINTS = 3
REPEAT_MAX = 30
ESCALATION_POINTS = 15
VAGUE_POINTS = 5


def effective_state(facts: CaseFacts, now: datetime) -> str:
    """A snoozed case is open again once its date has come."""
    due = facts.snoozed_until and _parse(facts.snoozed_until) <= now
    return "open" if facts.state == "snoozed" and due else facts.state


def priority(facts: CaseFacts, state: str, now: datetime) -> Priority:
    """The score of a case in `state` at `now`, with its parts."""
    if facts.noise or state != "open" or facts.waiting_since is None:
        return Priority(0, 0, 0, 0, 0, facts.noise, None)
    hours = max(0.0, (now - _parse(facts.waiting_since)).total_seconds() / 3600)
    wait = min(WAIT_MAX, int(hours // WAIT_HOURS_PER_POINT))
    repeats = min(REPEAT_MAX, REPEAT_POINTS * max(0, facts.unanswered - 1))
    escalation = ESCALATION_POINTS if "escalating" in facts.latest_labels else 0
    vague = VAGUE_POINTS if facts.vague_unanswered else 0
    return Priority(
        score=wait + repeats + escalation + vague,
        wait=wait,
        repeats=repeats,
        escalation=escalation,
        vague=vague,
        noise=False,
        waited_hours=round(hours, 1),
    )


def case(facts: CaseFacts, now: datetime) -> Case:
    state = effective_state(facts, now)
    return Case(
        facts=facts,
        state=state,
        priority=priority(facts, state, now),
        escalating="escalating" in facts.latest_labels,
    )


def queue_order(c: Case) -> tuple[bool, int, str, int]:
    """Noise last; then highest score first; then who waited longest."""
    since = c.facts.waiting_since or c.facts.first_date or "9999"
    return (c.priority.noise, -c.priority.score, since, c.facts.id)


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
