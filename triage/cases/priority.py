"""The priority of a case: who should be answered first, and why.

A score of points the agent can check by hand, shown with its parts:

- wait: 1 point per 12 hours since the customer's first unanswered message (not
  the last: a customer who wrote every day for a week has waited a week), at most
  60 (30 days);
- repeats: 3 points for each message they sent after that one, at most 30;
- escalation: 15 points when their latest message is `escalating`;
- vague: 5 points when an unanswered message is `vague` and no later one gave
  what it lacked (`CaseFacts.vague_unanswered`, settled by the queue with the
  digest): one question asked back today saves the customer a round trip.

Only an open case waits on the agent: waiting, answered, snoozed and closed cases
score 0. A case of nothing but automatic mail, and empty or phone-only mail under a
subject that says nothing, is noise: it scores 0 and sinks below every other case,
to be closed in bulk. Below the cases that wait, above the noise, come open cases
where nobody waits (every message answered).
"""

from datetime import datetime

from triage.cases.subjects import generic, normalise_subject
from triage.dates import from_utc_iso
from triage.records import Case, CaseFacts, Priority

WAIT_HOURS_PER_POINT = 12
WAIT_MAX = 60
REPEAT_POINTS = 3
REPEAT_MAX = 30
ESCALATION_POINTS = 15
VAGUE_POINTS = 5


def is_noise(facts: CaseFacts) -> bool:
    """Nothing but automatic mail, and empty or phone-only mail whose subject says
    nothing either: "Colis CMD-2026-123456 jamais reçu" over an empty body is a
    complaint, "Réclamation" over one is not."""
    return facts.quiet and all(
        generic(normalise_subject(s)) for s in facts.quiet_subjects
    )


def effective_state(facts: CaseFacts, now: datetime) -> str:
    """A snoozed case is open again once its date has come."""
    due = facts.snoozed_until and from_utc_iso(facts.snoozed_until) <= now
    return "open" if facts.state == "snoozed" and due else facts.state


def priority(facts: CaseFacts, state: str, now: datetime) -> Priority:
    """The score of a case in `state` at `now`, with its parts."""
    noise = is_noise(facts)
    if noise or state != "open" or facts.waiting_since is None:
        return Priority(0, 0, 0, 0, 0, noise, None)
    hours = max(0.0, (now - from_utc_iso(facts.waiting_since)).total_seconds() / 3600)
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


def queue_order(c: Case) -> tuple[bool, bool, int, str, int]:
    """Noise last, after cases where nobody waits (every message answered); then
    the highest score first; then who waited longest."""
    since = c.facts.waiting_since or c.facts.last_date or "9999"
    nobody_waits = c.facts.waiting_since is None
    return (c.priority.noise, nobody_waits, -c.priority.score, since, c.facts.id)
