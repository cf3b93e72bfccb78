"""What a case is, read from its messages: dates, labels, who waits since when.

Nothing here is stored twice: counts, dates and labels come from the messages each
time, so that a relabel or a correction shows at once. The cases are narrowed in
SQL first (state, label, customer, words), so that the open queue costs what the
open cases hold, not the whole history; their messages are then read in four plain
queries and put together in Python.

The queue is read at every start of the review and after every action in it, so
this is shaped for speed: the messages' rows come from one index that holds every
column read here (migration m011: the rows themselves carry the bodies, and the
columns added since sit behind them), as tuples rather than `sqlite3.Row`; a read
of many cases takes the index and the label table whole rather than looking up
each case, which costs more past a thousand or so.
"""

import itertools
import json
import sqlite3
from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from triage.records import CaseFacts
from triage.rules.catalogue import AUTOMATIC_LABELS
from triage.store.sqltext import like_pattern

if TYPE_CHECKING:
    from triage.store.core import Store

AUTOMATIC = frozenset(AUTOMATIC_LABELS)
# Mail with nothing of the customer's own in its body.
QUIET = frozenset({"empty", "sent-from-phone"})
# From this many cases, whole tables are read instead of each case's rows.
SCAN_FROM = 1_000

# A message as the facts need it: its case, ID, date, the customer's name as the
# rules found it (the Reply-To's for a contact form's mail: see
# store.cases._grouping_rows; the From's before they ran) and its subject. All in
# the index of m011, in this order.
_ROWS = (
    "SELECT case_id, id, date, coalesce(customer_name, from_name), subject "
    "FROM messages"
)
_NO_LABELS: frozenset[str] = frozenset()


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
    conn = store.conn
    with store._reading():
        cases = conn.execute(
            "SELECT id, customer, subject, state, snoozed_until, answered_at "
            f"FROM cases WHERE {' AND '.join(where) or '1'} ORDER BY id",
            params,
        ).fetchall()
        if not cases:
            return []
        if len(cases) >= SCAN_FROM:
            rows, labelled, answered, notes = _read_whole(conn)
        else:
            rows, labelled, answered, notes = _read_cases(conn, cases)
    labels: dict[int, set[str]] = {}
    for message_id, name in labelled:
        found = labels.get(message_id)
        if found is None:
            labels[message_id] = {name}
        else:
            found.add(name)
    answered_ids = {r[0] for r in answered}
    note_counts = dict(notes)
    by_case = {c[0]: c for c in cases}
    facts = []
    for case_id, group in itertools.groupby(rows, key=itemgetter(0)):
        case = by_case.get(case_id)
        if case is not None:
            facts.append(
                _facts(
                    case,
                    _undated_last(list(group)),
                    labels,
                    answered_ids,
                    note_counts.get(case_id, 0),
                )
            )
    return facts


# A message stays answered once archived: expunged locations count too.
_ANSWERED = "ml.flags LIKE '%\\Answered%'"


def _read_whole(conn: sqlite3.Connection) -> tuple[list[tuple], ...]:
    """Every grouped message, label, answered message and note count."""
    return (
        conn.execute(
            f"{_ROWS} WHERE case_id IS NOT NULL ORDER BY case_id, date, id"
        ).fetchall(),
        conn.execute("SELECT message_id, label FROM message_labels").fetchall(),
        conn.execute(
            f"SELECT DISTINCT message_id FROM message_locations ml WHERE {_ANSWERED}"
        ).fetchall(),
        conn.execute(
            "SELECT case_id, count(*) FROM case_notes GROUP BY case_id"
        ).fetchall(),
    )


def _read_cases(
    conn: sqlite3.Connection, cases: Sequence[tuple]
) -> tuple[list[tuple], ...]:
    """The same for these cases only, looked up by case."""
    wanted = [json.dumps([c[0] for c in cases])]
    in_cases = "m.case_id IN (SELECT value FROM json_each(?))"
    return (
        conn.execute(
            f"{_ROWS} m WHERE {in_cases} ORDER BY case_id, date, id", wanted
        ).fetchall(),
        conn.execute(
            "SELECT l.message_id, l.label FROM message_labels l JOIN messages m "
            f"ON m.id = l.message_id WHERE {in_cases}",
            wanted,
        ).fetchall(),
        conn.execute(
            "SELECT DISTINCT ml.message_id FROM message_locations ml JOIN messages m "
            f"ON m.id = ml.message_id WHERE {in_cases} AND {_ANSWERED}",
            wanted,
        ).fetchall(),
        conn.execute(
            "SELECT case_id, count(*) FROM case_notes WHERE case_id IN "
            "(SELECT value FROM json_each(?)) GROUP BY case_id",
            wanted,
        ).fetchall(),
    )


def _undated_last(rows: list[tuple]) -> list[tuple]:
    """A case's rows in date order, those without a date last (by ID): the index
    puts them first."""
    if rows[0][2] is not None or rows[-1][2] is None:
        return rows
    dated = next(i for i, r in enumerate(rows) if r[2] is not None)
    return rows[dated:] + rows[:dated]


def effective_state_sql(table: str = "") -> str:
    """SQL for a case's state as it stands at the moment bound to its one `?`: a
    snoozed case whose date has come is open. `table` is the cases table's alias."""
    p = f"{table}." if table else ""
    return (
        f"(CASE WHEN {p}state = 'snoozed' AND {p}snoozed_until <= ? THEN 'open' "
        f"ELSE {p}state END)"
    )


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
        where.append(f"{effective_state_sql()} IN ({', '.join('?' * len(states))})")
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
    case: tuple,
    rows: list[tuple],
    labels: dict[int, set[str]],
    answered: set[int],
    note_count: int,
) -> CaseFacts:
    """One case's facts from its messages (rows in date order)."""
    get = labels.get
    every: set[str] = set()
    mine = []  # the customer's own messages: all but automatic mail
    for r in rows:
        found = get(r[1])
        if found:
            every |= found
            if not found.isdisjoint(AUTOMATIC):
                continue
        mine.append(r)
    answered_at = case[5]  # when she marked it answered or waiting in triage
    # A reply to a message answers every earlier one too.
    unanswered = mine
    if answered or answered_at:
        for i in range(len(mine) - 1, -1, -1):
            r = mine[i]
            if r[1] in answered or (answered_at and r[2] and r[2] <= answered_at):
                unanswered = mine[i + 1 :]
                break
    latest = mine[-1] if mine else rows[-1]
    name = next((str(r[3]) for r in reversed(mine) if r[3]), "")
    quiet = [r for r in mine if not QUIET.isdisjoint(get(r[1], _NO_LABELS))]
    return CaseFacts(
        id=int(case[0]),
        customer=str(case[1]),
        name=name,
        subject=str(case[2] or ""),
        state=str(case[3]),
        snoozed_until=case[4],
        message_ids=tuple([r[1] for r in rows]),
        first_date=rows[0][2],
        last_date=max([r[2] for r in rows if r[2]], default=None),
        labels=tuple(sorted(every)),
        latest_labels=tuple(sorted(get(latest[1], _NO_LABELS))),
        waiting_since=unanswered[0][2] if unanswered else None,
        unanswered=len(unanswered),
        vague_unanswered=any("vague" in get(r[1], _NO_LABELS) for r in unanswered),
        quiet=len(quiet) == len(mine),
        quiet_subjects=tuple(dict.fromkeys(str(r[4] or "") for r in quiet)),
        note_count=note_count,
    )
