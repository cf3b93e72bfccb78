"""Cases as stored: which case each message belongs to, and each case's state.

Grouping (triage.cases) decides which messages go together; this module keeps a
case's identity stable across regroupings, so that its ID, state and notes survive
when new mail joins it, and reopens an answered or closed case that gets new mail.
"""

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage.dates import utc_now

if TYPE_CHECKING:
    from triage.store.core import Store

_CHUNK = 500
REOPENED_FROM = ("answered", "closed")


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
    body_text: str
    automatic: bool


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
        wanted, by_name = sorted(set(customers)), sorted(set(names))
        found: list[GroupingRow] = []
        for start in range(0, max(len(wanted), len(by_name), 1), _CHUNK):
            part, named = (
                wanted[start : start + _CHUNK],
                by_name[start : start + _CHUNK],
            )
            found += self._grouping_rows(
                f"m.customer IN ({', '.join('?' * len(part))}) OR m.from_name IN "
                f"({', '.join('?' * len(named))})",
                [*part, *named],
            )
        unique = {row.id: row for row in found}
        return [unique[i] for i in sorted(unique)]

    def grouping_rows_by_id(self, ids: Sequence[int]) -> list[GroupingRow]:
        found: list[GroupingRow] = []
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            found += self._grouping_rows(
                f"m.id IN ({', '.join('?' * len(chunk))})", chunk
            )
        return found

    def _grouping_rows(self, where: str, params: list[object]) -> list[GroupingRow]:
        automatic = (
            "EXISTS (SELECT 1 FROM message_labels l WHERE l.message_id = m.id "
            "AND l.label IN ('auto-reply', 'bounce', 'newsletter'))"
        )
        rows = self._store._query(
            "SELECT m.id, coalesce(m.customer, lower(m.from_addr)), m.from_name, "
            "m.date, m.message_id, m.in_reply_to, m.refs, m.subject, "
            f"substr(m.new_text, 1, 1000), m.body_text, {automatic} "
            f"FROM messages m WHERE {where} ORDER BY m.id",
            params,
        )
        return [
            GroupingRow(
                int(r[0]),
                str(r[1] or ""),
                str(r[2] or ""),
                r[3],
                r[4],
                r[5],
                tuple(json.loads(str(r[6] or "[]"))),
                str(r[7] or ""),
                str(r[8] or ""),
                str(r[9] or ""),
                bool(r[10]),
            )
            for r in rows
        ]

    def assign(self, groups: Sequence[Sequence[int]]) -> Assigned:
        """Store `groups` (message IDs) as cases, keeping each case's identity.

        A group keeps the case most of its messages were in (one case per group);
        a group with no case yet gets a new one; a case left with no message is
        deleted. A case that gains a message it did not hold and was answered or
        closed is open again.
        """
        ids = [i for group in groups for i in group]
        before = self._case_ids(ids)
        now = utc_now()
        taken: set[int] = set()
        created = joined = reopened = 0
        with self._store._writing():
            conn = self._store.db.conn
            for group in sorted(groups, key=len, reverse=True):
                held = Counter(before[i] for i in group if before.get(i) is not None)
                case_id = next(
                    (c for c, _ in held.most_common() if c not in taken), None
                )
                if case_id is None:
                    first = min(group)
                    case_id = int(
                        conn.execute(
                            "INSERT INTO cases (customer, subject, state, created_at, "
                            "updated_at) SELECT coalesce(customer, lower(from_addr)), "
                            "subject, 'open', ?, ? FROM messages WHERE id = ?",
                            (now, now, first),
                        ).lastrowid
                        or 0
                    )
                    created += 1
                taken.add(case_id)
                moved = [i for i in group if before.get(i) != case_id]
                if not moved:
                    continue
                joined += len(moved)
                for start in range(0, len(moved), _CHUNK):
                    chunk = moved[start : start + _CHUNK]
                    conn.execute(
                        f"UPDATE messages SET case_id = ? WHERE id IN "
                        f"({', '.join('?' * len(chunk))})",
                        [case_id, *chunk],
                    )
                reopened += conn.execute(
                    "UPDATE cases SET state = 'open', snoozed_until = NULL "
                    "WHERE id = ? AND state IN (?, ?)",
                    (case_id, *REOPENED_FROM),
                ).rowcount
                conn.execute(
                    "UPDATE cases SET updated_at = ? WHERE id = ?", (now, case_id)
                )
            conn.execute(
                "DELETE FROM cases WHERE NOT EXISTS "
                "(SELECT 1 FROM messages m WHERE m.case_id = cases.id)"
            )
        return Assigned(created, joined, reopened)

    def ungrouped_ids(self) -> list[int]:
        """Messages in no case: a killed run stored them and grouped nothing."""
        rows = self._store._query("SELECT id FROM messages WHERE case_id IS NULL")
        return [int(r[0]) for r in rows]

    def set_state(self, case_id: int, state: str, until: str | None = None) -> None:
        with self._store._writing():
            self._store.db.conn.execute(
                "UPDATE cases SET state = ?, snoozed_until = ?, updated_at = ? "
                "WHERE id = ?",
                (state, until, utc_now(), case_id),
            )

    def state(self, case_id: int) -> str | None:
        rows = self._store._query("SELECT state FROM cases WHERE id = ?", [case_id])
        return str(rows[0][0]) if rows else None

    def _case_ids(self, ids: Sequence[int]) -> dict[int, int | None]:
        found: dict[int, int | None] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            rows = self._store._query(
                f"SELECT id, case_id FROM messages WHERE id IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update({int(r[0]): r[1] for r in rows})
        return found
