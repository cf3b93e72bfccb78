"""What a case is, read from its messages: dates, labels, who waits since when.

Nothing here is stored twice: counts, dates and labels come from the messages each
time, so that a relabel or a correction shows at once. The cases are narrowed in
SQL first (state, label, customer, words), so that the open queue costs what the
open cases hold, not the whole history; their messages are then read in four plain
queries and put together in Python.
"""

import itertools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from triage.records import CaseFacts
from triage.rules.catalogue import AUTOMATIC_LABELS
from triage.store.sqltext import like_pattern

if TYPE_CHECKING:
    from triage.store.core import Store

AUTOMATIC = frozenset(AUTOMATIC_LABELS)
# Mail with nothing of the customer's own in its body.
QUIET = frozenset({"empty", "sent-from-phone"})


def read_facts(
    store: "Store",
    *,
    case_ids: Sequence[int] | None = None,
    states: Sequence[str] = (),
    now: str | None = None,
    label: str | None = None,
    customer: str | None = None,
    search: str | None = None,
) -> list[CaseFacts]:
    """Cases narrowed by what the caller asks, each read from its messages.

    `states` keeps cases in one of them (all when empty); a snoozed case whose
    date is at or before `now` counts as open. `customer` matches part of an
    address or a display name, accents and case aside; `search` is an FTS5 query
    over subjects and bodies, matching any message of the case.
    """
    where, params = _narrowed(case_ids, states, now, label, customer, search)
    cases = store._query(
        "SELECT id, customer, subject, state, snoozed_until, answered_at FROM cases "
        f"WHERE {' AND '.join(where) or '1'} ORDER BY id",
        params,
    )
    if not cases:
        return []
    wanted = [json.dumps([int(c[0]) for c in cases])]
    in_cases = "m.case_id IN (SELECT value FROM json_each(?))"
    # The customer's name as the rules found it (the Reply-To's for a contact
    # form's mail: see store.cases._grouping_rows); the From's before they ran.
    rows = store._query(
        "SELECT m.case_id, m.id, m.date, coalesce(m.customer_name, m.from_name), "
        f"m.subject FROM messages m WHERE {in_cases} "
        "ORDER BY m.case_id, m.date IS NULL, m.date, m.id",
        wanted,
    )
    labels: dict[int, set[str]] = defaultdict(set)
    for message_id, name in store._query(
        "SELECT l.message_id, l.label FROM message_labels l JOIN messages m "
        f"ON m.id = l.message_id WHERE {in_cases}",
        wanted,
    ):
        labels[int(message_id)].add(str(name))
    # A message stays answered once archived: expunged locations count too.
    answered = {
        int(r[0])
        for r in store._query(
            "SELECT DISTINCT ml.message_id FROM message_locations ml JOIN messages m "
            f"ON m.id = ml.message_id WHERE {in_cases} "
            "AND ml.flags LIKE '%\\Answered%'",
            wanted,
        )
    }
    notes = {
        int(r[0]): int(r[1])
        for r in store._query(
            "SELECT case_id, count(*) FROM case_notes WHERE case_id IN "
            "(SELECT value FROM json_each(?)) GROUP BY case_id",
            wanted,
        )
    }
    by_case = {int(c[0]): c for c in cases}
    return [
        _facts(by_case[case_id], list(group), labels, answered, notes.get(case_id, 0))
        for case_id, group in itertools.groupby(rows, key=lambda r: int(r[0]))
    ]


def _narrowed(
    case_ids: Sequence[int] | None,
    states: Sequence[str],
    now: str | None,
    label: str | None,
    customer: str | None,
    search: str | None,
) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if case_ids is not None:
        where.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(case_ids)))
    if states:
        # A snoozed case whose date has come is open.
        effective = "CASE WHEN state = 'snoozed' AND snoozed_until <= ? THEN 'open' "
        where.append(f"({effective}ELSE state END) IN ({', '.join('?' * len(states))})")
        params += [now or "", *states]
    if label:
        where.append(
            "id IN (SELECT m.case_id FROM message_labels l JOIN messages m "
            "ON m.id = l.message_id WHERE l.label = ?)"
        )
        params.append(label)
    if customer:
        like = "%" + like_pattern(customer.casefold()) + "%"
        where.append(
            "id IN (SELECT case_id FROM messages WHERE casefold(from_addr) LIKE ? "
            "ESCAPE '\\' OR casefold(from_name) LIKE ? ESCAPE '\\' "
            "OR casefold(customer_name) LIKE ? ESCAPE '\\' "
            "OR customer LIKE ? ESCAPE '\\')"
        )
        params += [like, like, like, like]
    if search:
        where.append(
            "id IN (SELECT case_id FROM messages WHERE id IN "
            "(SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?))"
        )
        params.append(search)  # FTS5 syntax already: see Store.checked_search
    return where, params


def _facts(
    case: sqlite3.Row,
    rows: list[sqlite3.Row],
    labels: dict[int, set[str]],
    answered: set[int],
    note_count: int,
) -> CaseFacts:
    """One case's facts from its messages (rows in date order)."""
    ids = [int(r[1]) for r in rows]
    mine = [r for r in rows if not labels.get(int(r[1]), set()) & AUTOMATIC]
    answered_at = case[5]  # when she marked it answered or waiting in triage
    # A reply to a message answers every earlier one too.
    last = max(
        (
            i
            for i, r in enumerate(mine)
            if int(r[1]) in answered or (answered_at and r[2] and r[2] <= answered_at)
        ),
        default=-1,
    )
    unanswered = mine[last + 1 :]
    latest = mine[-1] if mine else rows[-1]
    names = [str(r[3]) for r in mine if r[3]]
    quiet = [r for r in mine if labels.get(int(r[1]), set()) & QUIET]
    return CaseFacts(
        id=int(case[0]),
        customer=str(case[1]),
        name=names[-1] if names else "",
        subject=str(case[2] or ""),
        state=str(case[3]),
        snoozed_until=case[4],
        message_ids=tuple(ids),
        first_date=rows[0][2],
        last_date=max((r[2] for r in rows if r[2]), default=None),
        labels=tuple(sorted({name for i in ids for name in labels.get(i, ())})),
        latest_labels=tuple(sorted(labels.get(int(latest[1]), ()))),
        waiting_since=unanswered[0][2] if unanswered else None,
        unanswered=len(unanswered),
        vague_unanswered=any("vague" in labels.get(int(r[1]), ()) for r in unanswered),
        quiet=len(quiet) == len(mine),
        quiet_subjects=tuple(dict.fromkeys(str(r[4] or "") for r in quiet)),
        note_count=note_count,
    )
