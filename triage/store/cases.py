"""Cases as stored: which case each message belongs to, and each case's state.

Grouping (triage.cases) decides which messages go together; this module keeps a
case's identity stable across regroupings, so that its ID, state and notes survive
when new mail joins it, and reopens an answered or closed case that gets new mail.
"""

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage.dates import as_of, to_utc_iso, utc_now
from triage.errors import InputError, UsageError
from triage.records import CaseFacts, CaseState, Note
from triage.rules.catalogue import AUTOMATIC_LABELS
from triage.store.case_facts import read_facts

if TYPE_CHECKING:
    from triage.store.core import Store

_CHUNK = 500
STATES = tuple(state.value for state in CaseState)
# A customer's new message puts the case back in the queue from any of these.
REOPENED_FROM = ("waiting", "answered", "snoozed", "closed")
_REOPEN = (
    "UPDATE cases SET state = 'open', snoozed_until = NULL WHERE id = ? "
    f"AND state IN ({', '.join('?' * len(REOPENED_FROM))})"
)


@dataclass(frozen=True, slots=True)
class GroupingRow:
    """What grouping reads of a stored message."""

    id: int
    customer: str
    from_name: str
    date: str | None
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    new_text: str
    # Read only for identity hints (cases.identity.customers), and only where they
    # may find a signature: a body holding the signature mark, sent under a display
    # name another address among the same rows shares; "" elsewhere. Every body of
    # 100,000 messages took 500 MB.
    body_text: str
    automatic: bool
    pinned: int | None = None  # the case the agent put it in by hand


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    """Cases as they were: their rows, their messages' places, their notes."""

    cases: tuple[tuple[object, ...], ...]
    messages: tuple[tuple[int, int | None, int | None], ...]  # id, case, pin
    notes: tuple[tuple[object, ...], ...]


_CASE_COLUMNS = (
    "id",
    "customer",
    "subject",
    "state",
    "snoozed_until",
    "answered_at",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class Assigned:
    """What `assign` did."""

    created: int
    joined: int  # messages that joined a case they were not in
    reopened: int


class Cases:
    def __init__(self, store: "Store") -> None:
        self._store = store

    def grouping_rows(
        self, customers: Iterable[str] | None = None, names: Iterable[str] = ()
    ) -> list[GroupingRow]:
        """Messages of these customers, or sent under these display names (another
        address of theirs); every message when `customers` is None."""
        if customers is None:
            return self._grouping_rows("1", [])
        # Two lookups rather than an OR, which scans every row for both: customer
        # and from_name each have an index.
        return self._grouping_rows(
            "m.id IN (SELECT id FROM messages WHERE customer IN "
            "(SELECT value FROM json_each(?)) UNION ALL SELECT id FROM messages "
            "WHERE from_name IN (SELECT value FROM json_each(?)))",
            [json.dumps(sorted(set(customers))), json.dumps(sorted(set(names)))],
        )

    def grouping_rows_by_id(self, ids: Sequence[int]) -> list[GroupingRow]:
        return self._grouping_rows(
            "m.id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]
        )

    def _grouping_rows(self, where: str, params: list[object]) -> list[GroupingRow]:
        """The rows, in ID order; body text as GroupingRow says: looked up apart,
        once the display names are known. The display name is the customer's, as
        the rules found it: the Reply-To's for a contact form's mail, whose From
        name ("Formulaire de contact") is everyone's (empty: the form's visitor
        gave none); the From's before the rules ran."""
        from triage.cases.identity import SIGNATURE_MARK, shared_names

        automatic = (
            "EXISTS (SELECT 1 FROM message_labels l WHERE l.message_id = m.id "
            f"AND l.label IN ({', '.join(repr(x) for x in AUTOMATIC_LABELS)}))"
        )
        conn = self._store.conn
        with self._store._reading():
            rows = conn.execute(
                "SELECT m.id, coalesce(m.customer, lower(m.from_addr), ''), "
                "coalesce(m.customer_name, m.from_name, ''), m.date, m.message_id, "
                "m.in_reply_to, "
                "m.refs, coalesce(m.subject, ''), "
                f"coalesce(substr(m.new_text, 1, 1000), ''), {automatic}, "
                f"m.pinned_case FROM messages m WHERE {where} ORDER BY m.id",
                params,
            ).fetchall()
            shared = shared_names((r[1], r[2]) for r in rows if not r[9])
            bodies = dict(
                conn.execute(
                    "SELECT id, body_text FROM messages WHERE id IN "
                    "(SELECT value FROM json_each(?)) AND instr(body_text, ?)",
                    [
                        json.dumps([r[0] for r in rows if not r[9] and r[2] in shared]),
                        SIGNATURE_MARK,
                    ],
                )
            )
        return [
            GroupingRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                tuple(json.loads(r[6])) if r[6] and r[6] != "[]" else (),
                r[7],
                r[8],
                bodies.get(r[0], ""),
                bool(r[9]),
                r[10],
            )
            for r in rows
        ]

    def assign(self, groups: Sequence[Sequence[int]]) -> Assigned:
        """Store `groups` (message IDs) as cases, keeping each case's identity.

        A group with a pinned message is the case it is pinned to; any other keeps
        the case most of its messages were in (one case per group); a group with
        no case yet gets a new one, in the state of the case its messages came
        from, if any. A case left with no message is deleted and its notes go
        where most of its messages went. Only a new message (one that was in no
        case) puts a waiting, answered, snoozed or closed case back in the queue:
        the customer wrote; messages moved by a regroup do not.
        """
        ids = [i for group in groups for i in group]
        before, pins = self._placed(ids)
        now = utc_now()
        taken: set[int] = set(pins.values())
        fresh: set[int] = set()
        touched: set[int] = set()
        flows: dict[int, Counter[int]] = defaultdict(Counter)
        created = joined = reopened = 0

        def order(group: Sequence[int]) -> tuple[bool, int]:
            return (not any(i in pins for i in group), -len(group))

        with self._store._writing():
            conn = self._store.conn
            for group in sorted(groups, key=order):
                came_from = Counter(before[i] for i in group if i in before)
                case_id = next((pins[i] for i in group if i in pins), None)
                if case_id is None:
                    case_id = next(
                        (c for c, _ in came_from.most_common() if c not in taken), None
                    )
                if case_id is None:
                    origin = came_from.most_common(1)
                    case_id = self._create(
                        conn, group, now, like=origin[0][0] if origin else None
                    )
                    created += 1
                    fresh.add(case_id)
                taken.add(case_id)
                moved = [i for i in group if before.get(i) != case_id]
                if not moved:
                    continue
                joined += len(moved)
                for i in moved:
                    if i in before:
                        flows[before[i]][case_id] += 1
                self._put(conn, moved, case_id)
                touched.add(case_id)
                if any(i not in before for i in moved):
                    reopened += conn.execute(
                        _REOPEN, (case_id, *REOPENED_FROM)
                    ).rowcount
            for gone in set(flows) - taken:
                conn.execute(
                    "UPDATE case_notes SET case_id = ? WHERE case_id = ?",
                    (flows[gone].most_common(1)[0][0], gone),
                )
            touched |= set(flows) & taken
            # A case may have gained an earlier message or lost its first one.
            self._rename(conn, *sorted(touched - fresh))
            conn.execute(
                "UPDATE cases SET updated_at = ? WHERE id IN "
                "(SELECT value FROM json_each(?))",
                (now, json.dumps(sorted(touched - fresh))),
            )
            self._drop_empty(conn)
        return Assigned(created, joined, reopened)

    @staticmethod
    def _create(
        conn: sqlite3.Connection,
        ids: Sequence[int],
        now: str,
        like: int | None = None,
    ) -> int:
        """A new case named after the first of these messages; open, or in the
        state of case `like` (a regroup split it off that one)."""
        cursor = conn.execute(
            "INSERT INTO cases (customer, subject, state, snoozed_until, answered_at, "
            "created_at, updated_at) "
            "SELECT coalesce(m.customer, lower(m.from_addr)), m.subject, "
            "coalesce(c.state, 'open'), c.snoozed_until, c.answered_at, ?, ? "
            "FROM messages m LEFT JOIN cases c ON c.id = ? "
            "WHERE m.id IN (SELECT value FROM json_each(?)) "
            "ORDER BY m.date IS NULL, m.date, m.id LIMIT 1",
            (now, now, like, json.dumps(list(ids))),
        )
        return int(cursor.lastrowid or 0)

    @staticmethod
    def _put(
        conn: sqlite3.Connection, ids: Sequence[int], case_id: int, *, pin: bool = False
    ) -> None:
        column = "case_id = ?, pinned_case = ?" if pin else "case_id = ?"
        values: list[object] = [case_id, case_id] if pin else [case_id]
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            conn.execute(
                f"UPDATE messages SET {column} WHERE id IN "
                f"({', '.join('?' * len(chunk))})",
                [*values, *chunk],
            )

    @staticmethod
    def _rename(conn: sqlite3.Connection, *case_ids: int) -> None:
        """Name each case after its first message: customer and subject."""
        for case_id in case_ids:
            conn.execute(
                "UPDATE cases SET (customer, subject) = (SELECT "
                "coalesce(customer, lower(from_addr)), subject FROM messages "
                "WHERE case_id = cases.id ORDER BY date IS NULL, date, id LIMIT 1) "
                "WHERE id = ? AND EXISTS "
                "(SELECT 1 FROM messages WHERE case_id = cases.id)",
                (case_id,),
            )

    @staticmethod
    def _drop_empty(conn: sqlite3.Connection) -> None:
        gone = "NOT EXISTS (SELECT 1 FROM messages m WHERE m.case_id = cases.id)"
        conn.execute(
            "DELETE FROM case_notes WHERE case_id IN "
            f"(SELECT id FROM cases WHERE {gone})"
        )
        conn.execute(f"DELETE FROM cases WHERE {gone}")

    # Corrections. Each pins every message of every case it touches, so that
    # grouping, now or after `regroup`, leaves the cases as the agent made them.

    def merge(self, source: int, target: int) -> int:
        """Put case `source`'s messages and notes in `target`; `source` is gone."""
        if source == target:
            raise InputError(f"case {source} cannot be merged with itself")
        self._require(source, target)
        with self._store._writing():
            conn = self._store.conn
            ids = self._message_ids(conn, source) + self._message_ids(conn, target)
            self._put(conn, ids, target, pin=True)
            conn.execute(
                "UPDATE case_notes SET case_id = ? WHERE case_id = ?",
                (target, source),
            )
            # Still to answer if either was: one reply will cover both.
            conn.execute(
                "UPDATE cases SET state = 'open', snoozed_until = NULL, "
                "updated_at = ? WHERE id = ? AND "
                "(SELECT state FROM cases WHERE id = ?) = 'open'",
                (utc_now(), target, source),
            )
            conn.execute("DELETE FROM cases WHERE id = ?", (source,))
            self._rename(conn, target)
        return target

    def split(self, case_id: int, message_ids: Sequence[int]) -> int:
        """Take these messages out of a case into a new one; its ID."""
        self._require(case_id)
        with self._store._writing():
            conn = self._store.conn
            held = self._message_ids(conn, case_id)
            taken = sorted(set(message_ids))
            strangers = [i for i in taken if i not in held]
            if strangers:
                raise InputError(f"message {strangers[0]} is not in case {case_id}")
            rest = [i for i in held if i not in taken]
            if not taken or not rest:
                raise InputError(
                    "a split leaves messages on both sides: name some of the "
                    f"case's {len(held)} messages, not all of them"
                )
            new = self._create(conn, taken, utc_now())
            self._put(conn, taken, new, pin=True)
            self._put(conn, rest, case_id, pin=True)
            self._rename(conn, case_id, new)
        return new

    def move(self, message_id: int, case_id: int) -> int | None:
        """Put a message in another case; the case it left, if it held others."""
        if not 0 < message_id < 2**63:
            raise InputError(f"no message with ID {message_id}")
        self._require(case_id)
        with self._store._writing():
            conn = self._store.conn
            row = conn.execute(
                "SELECT case_id FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                raise InputError(f"no message with ID {message_id}")
            source = row[0]
            if source == case_id:
                raise InputError(f"message {message_id} is in case {case_id} already")
            target_ids = self._message_ids(conn, case_id)
            self._put(conn, [*target_ids, message_id], case_id, pin=True)
            left = self._message_ids(conn, source) if source is not None else []
            if left:
                self._put(conn, left, source, pin=True)
            elif source is not None:  # the case it left is gone: its notes follow
                conn.execute(
                    "UPDATE case_notes SET case_id = ? WHERE case_id = ?",
                    (case_id, source),
                )
            self._rename(conn, case_id, *([source] if left else []))
            self._drop_empty(conn)
        return source if left else None

    def set_state(self, case_id: int, state: str, until: str | None = None) -> None:
        """Set a case's state; answered or waiting also marks every message so
        far as answered, so that a wait counts from the customer's next one."""
        if state not in STATES:
            raise UsageError(f"{state!r} is not a case state: {', '.join(STATES)}")
        if (state == CaseState.SNOOZED) != (until is not None):
            raise UsageError(
                "a snoozed case needs a date to wake up (--until)"
                if until is None
                else "only a snoozed case takes a date (--until)"
            )
        if until is not None and until <= to_utc_iso(as_of()):
            raise UsageError(f"{until} is not in the future: snooze until a later date")
        self._require(case_id)
        now = utc_now()
        answered = state in (CaseState.ANSWERED, CaseState.WAITING)
        with self._store._writing():
            self._store.conn.execute(
                "UPDATE cases SET state = ?, snoozed_until = ?, updated_at = ?, "
                "answered_at = CASE WHEN ? THEN max(?, coalesce((SELECT max(date) "
                "FROM messages WHERE case_id = cases.id), '')) ELSE answered_at END "
                "WHERE id = ?",
                (state, until, now, answered, to_utc_iso(as_of()), case_id),
            )

    def add_note(self, case_id: int, text: str) -> int:
        """Keep a note on a case; its ID."""
        if not text.strip():
            raise InputError("a note needs some text")
        self._require(case_id)
        now = utc_now()
        with self._store._writing():
            conn = self._store.conn
            cursor = conn.execute(
                "INSERT INTO case_notes (case_id, text, created_at) VALUES (?, ?, ?)",
                (case_id, text.strip(), now),
            )
            conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (now, case_id))
        return int(cursor.lastrowid or 0)

    def notes(self, case_id: int) -> list[Note]:
        rows = self._store._query(
            "SELECT id, text, created_at FROM case_notes WHERE case_id = ? "
            "ORDER BY created_at, id",
            [case_id],
        )
        return [Note(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def _require(self, *case_ids: int) -> None:
        for case_id in case_ids:
            if not 0 < case_id < 2**63 or not self._store._query(
                "SELECT 1 FROM cases WHERE id = ?", [case_id]
            ):
                raise InputError(f"no case with ID {case_id}")

    @staticmethod
    def _message_ids(conn: sqlite3.Connection, case_id: int) -> list[int]:
        rows = conn.execute(
            "SELECT id FROM messages WHERE case_id = ? ORDER BY id", (case_id,)
        )
        return [int(r[0]) for r in rows]

    def facts(
        self,
        *,
        case_ids: Sequence[int] | None = None,
        states: Sequence[str] = (),
        now: str | None = None,
        label: str | None = None,
        customer: str | None = None,
        search: str | None = None,
    ) -> list[CaseFacts]:
        """Cases read from their messages: see `case_facts.read_facts`."""
        return read_facts(
            self._store,
            case_ids=case_ids,
            states=states,
            now=now,
            label=label,
            customer=customer,
            search=search,
        )

    def id_chunks(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        size: int = _CHUNK,
    ) -> Iterator[list[int]]:
        """Case IDs in ID order, `size` at a time, from one cursor (one snapshot);
        with `since`/`until` (UTC ISO, until exclusive), only the cases whose
        latest message is dated within them."""
        where, params = _latest_within(since, until)
        with self._store._reading():
            cursor = self._store.conn.execute(
                f"SELECT id FROM cases WHERE {where} ORDER BY id", params
            )
            while rows := cursor.fetchmany(size):
                yield [int(r[0]) for r in rows]

    def count_ids(self, *, since: str | None = None, until: str | None = None) -> int:
        """How many cases `id_chunks` gives for these dates."""
        where, params = _latest_within(since, until)
        with self._store._reading():
            (n,) = self._store.conn.execute(
                f"SELECT count(*) FROM cases WHERE {where}", params
            ).fetchone()
        return int(n)

    def close(self, case_ids: Sequence[int]) -> int:
        """Close these cases at once (the noise); how many changed."""
        now, changed = utc_now(), 0
        with self._store._writing():
            conn = self._store.conn
            for start in range(0, len(case_ids), _CHUNK):
                chunk = list(case_ids[start : start + _CHUNK])
                changed += conn.execute(
                    "UPDATE cases SET state = 'closed', snoozed_until = NULL, "
                    f"updated_at = ? WHERE state != 'closed' AND id IN "
                    f"({', '.join('?' * len(chunk))})",
                    [now, *chunk],
                ).rowcount
        return changed

    def snapshot(self, case_ids: Iterable[int]) -> "CaseSnapshot":
        """These cases as they are now: rows, messages and pins, notes (for undo)."""
        wanted = [json.dumps(sorted(set(case_ids)))]
        in_cases = "(SELECT value FROM json_each(?))"
        cases = self._store._query(
            f"SELECT {', '.join(_CASE_COLUMNS)} FROM cases WHERE id IN {in_cases}",
            wanted,
        )
        messages = self._store._query(
            "SELECT id, case_id, pinned_case FROM messages "
            f"WHERE case_id IN {in_cases}",
            wanted,
        )
        notes = self._store._query(
            "SELECT id, case_id, text, created_at FROM case_notes "
            f"WHERE case_id IN {in_cases}",
            wanted,
        )
        return CaseSnapshot(
            tuple(tuple(r) for r in cases),
            tuple((int(r[0]), r[1], r[2]) for r in messages),
            tuple(tuple(r) for r in notes),
        )

    def restore(self, snap: "CaseSnapshot") -> None:
        """Put cases back as `snapshot` saw them. Cases made since from their
        messages (a split) are left empty and go; later mail stays where it is."""
        ids = [int(row[0]) for row in snap.cases]
        with self._store._writing():
            conn = self._store.conn
            marks = ", ".join("?" * len(_CASE_COLUMNS))
            updates = ", ".join(f"{c} = excluded.{c}" for c in _CASE_COLUMNS[1:])
            conn.executemany(
                f"INSERT INTO cases ({', '.join(_CASE_COLUMNS)}) VALUES ({marks}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                snap.cases,
            )
            conn.executemany(
                "UPDATE messages SET case_id = ?, pinned_case = ? WHERE id = ?",
                [(case_id, pin, i) for i, case_id, pin in snap.messages],
            )
            conn.execute(
                "DELETE FROM case_notes WHERE case_id IN "
                "(SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO case_notes (id, case_id, text, created_at) "
                "VALUES (?, ?, ?, ?)",
                snap.notes,
            )
            self._drop_empty(conn)

    def done_since(self, since: str) -> int:
        """Cases answered, closed or waiting on the customer since `since`."""
        rows = self._store._query(
            "SELECT count(*) FROM cases WHERE state IN ('answered', 'closed', "
            "'waiting') AND updated_at >= ?",
            [since],
        )
        return int(rows[0][0])

    def data_version(self) -> int:
        """Changes when another connection (a cron sync) commits: time to reload."""
        return int(self._store._query("PRAGMA data_version")[0][0])

    def ungrouped_ids(self) -> list[int]:
        """Messages in no case: a killed run stored them and grouped nothing."""
        rows = self._store._query("SELECT id FROM messages WHERE case_id IS NULL")
        return [int(r[0]) for r in rows]

    def state(self, case_id: int) -> str | None:
        rows = self._store._query("SELECT state FROM cases WHERE id = ?", [case_id])
        return str(rows[0][0]) if rows else None

    def _placed(self, ids: Sequence[int]) -> tuple[dict[int, int], dict[int, int]]:
        """Which case each message is in, and which it is pinned to, if any."""
        rows = self._store._query(
            "SELECT id, case_id, pinned_case FROM messages "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(ids))],
        )
        cases = {int(r[0]): int(r[1]) for r in rows if r[1] is not None}
        pins = {int(r[0]): int(r[2]) for r in rows if r[2] is not None}
        return cases, pins


def _latest_within(since: str | None, until: str | None) -> tuple[str, list[object]]:
    """SQL and parameters keeping the cases whose latest message is dated within
    [since, until)."""
    where: list[str] = []
    params: list[object] = []
    latest = "(SELECT max(date) FROM messages WHERE case_id = cases.id)"
    if since:
        where.append(f"{latest} >= ?")
        params.append(since)
    if until:
        where.append(f"{latest} < ?")
        params.append(until)
    return " AND ".join(where) or "1", params
