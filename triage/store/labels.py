"""Labels and the facts the rules pass derives (customer and name, language, tone).

Rule labels are replaced wholesale each time a rule runs on a message; labels the
agent set by hand (`source = 'manual'`) are never touched by rules, and a label she
removed by hand is remembered so that no rule gives it back.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage.dates import utc_now

if TYPE_CHECKING:
    from triage.store.core import Store

_CHUNK = 500
AUTOMATIC_LABELS = ("auto-reply", "bounce", "newsletter")


@dataclass(frozen=True, slots=True)
class Facts:
    message_id: int
    customer: str
    language: str | None
    tone: int
    judged_with: str | None = None  # the fingerprint of the rules that judged it
    # The customer's display name: the Reply-To's when the customer is the Reply-To
    # (a contact form's mail), else the From's.
    customer_name: str = ""


@dataclass(frozen=True, slots=True)
class LabelRow:
    message_id: int
    label: str
    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class CurrentLabel:
    """A label as stored: source "rule" or "manual", or a label kept off a message:
    "removed" (by hand) or "suppressed" (by a user rule)."""

    message_id: int
    label: str
    rule: str | None
    reason: str | None
    source: str


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """A message of a customer, as the customer-level rules need it."""

    id: int
    customer: str
    date: str | None
    tone: int
    automatic: bool
    suppressed: frozenset[str]  # labels a user rule keeps off this message


@dataclass(frozen=True, slots=True)
class LabelSnapshot:
    """One label of one message, its rows as they were (for undo)."""

    message_id: int
    label: str
    labels: tuple[tuple[object, ...], ...]
    removals: tuple[tuple[object, ...], ...]


class Labels:
    def __init__(self, store: "Store") -> None:
        self._store = store

    def save(
        self,
        facts: Sequence[Facts],
        labels: Sequence[LabelRow],
        *,
        ids: Sequence[int],
        kinds: Iterable[str] | None = None,
        other_than: Iterable[str] = (),
        suppressions: Sequence[LabelRow] | None = None,
    ) -> None:
        """Store facts; replace the rule labels on `ids` with `labels`.

        Replaced are the labels of `kinds`, or when `kinds` is None every rule label
        but those of `other_than` (a rule removed from the config loses its labels
        that way). `suppressions`, when given, replace those of `ids`.
        """
        if kinds is None:
            scope, scope_params = "label NOT IN ({})", sorted(set(other_than))
        else:
            scope, scope_params = "label IN ({})", sorted(set(kinds))
        scope = scope.format(", ".join("?" * len(scope_params)))
        with self._store._writing():
            conn = self._store.conn
            conn.executemany(
                "UPDATE messages SET customer = ?, customer_name = ?, language = ?, "
                "tone = ?, judged_with = ? WHERE id = ?",
                [
                    (
                        f.customer,
                        f.customer_name,
                        f.language,
                        f.tone,
                        f.judged_with,
                        f.message_id,
                    )
                    for f in facts
                ],
            )
            for start in range(0, len(ids), _CHUNK):
                chunk = list(ids[start : start + _CHUNK])
                marks = ", ".join("?" * len(chunk))
                conn.execute(
                    f"DELETE FROM message_labels WHERE source = 'rule' "
                    f"AND {scope} AND message_id IN ({marks})",
                    [*scope_params, *chunk],
                )
                if suppressions is not None:
                    conn.execute(
                        f"DELETE FROM label_suppressions WHERE message_id IN ({marks})",
                        chunk,
                    )
            conn.executemany(
                "INSERT INTO message_labels (message_id, label, reason, rule, source) "
                "SELECT ?, ?, ?, ?, 'rule' WHERE NOT EXISTS (SELECT 1 FROM "
                "label_removals r WHERE r.message_id = ? AND r.label = ?) "
                "ON CONFLICT (message_id, label) DO NOTHING",
                [
                    (r.message_id, r.label, r.reason, r.rule, r.message_id, r.label)
                    for r in labels
                ],
            )
            conn.executemany(
                "INSERT INTO label_suppressions (message_id, label, rule) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(r.message_id, r.label, r.rule) for r in suppressions or ()],
            )

    def current(self, ids: Sequence[int]) -> list[CurrentLabel]:
        """The labels on `ids` now; removals by hand and suppressions by user rules
        come as sources "removed" and "suppressed"."""
        found: list[CurrentLabel] = []
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            marks = ", ".join("?" * len(chunk))
            rows = self._store._query(
                f"SELECT message_id, label, rule, reason, source FROM message_labels "
                f"WHERE message_id IN ({marks}) UNION ALL "
                f"SELECT message_id, label, NULL, NULL, 'removed' FROM label_removals "
                f"WHERE message_id IN ({marks}) UNION ALL "
                f"SELECT message_id, label, rule, NULL, 'suppressed' "
                f"FROM label_suppressions WHERE message_id IN ({marks})",
                [*chunk, *chunk, *chunk],
            )
            found += [CurrentLabel(r[0], r[1], r[2], r[3], r[4]) for r in rows]
        return found

    def history(self, customers: Iterable[str]) -> list[HistoryRow]:
        """Every message of these customers."""
        wanted = sorted(set(customers))
        rows: list[HistoryRow] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            automatic = ", ".join(f"'{label}'" for label in AUTOMATIC_LABELS)
            found = self._store._query(
                f"SELECT m.id, m.customer, m.date, coalesce(m.tone, 0) AS tone, "
                f"EXISTS (SELECT 1 FROM message_labels l WHERE l.message_id = m.id "
                f"AND l.label IN ({automatic})) AS automatic, "
                f"(SELECT group_concat(s.label, ' ') FROM label_suppressions s "
                f"WHERE s.message_id = m.id) AS suppressed "
                f"FROM messages m WHERE m.customer IN ({marks})",
                chunk,
            )
            rows += [
                HistoryRow(
                    r["id"],
                    r["customer"],
                    r["date"],
                    r["tone"],
                    bool(r[4]),
                    frozenset((r[5] or "").split()),
                )
                for r in found
            ]
        return rows

    def add(self, message_id: int, label: str) -> bool:
        """Set a label by hand; False if it was there already (by hand)."""
        self._store.message(message_id)  # an unknown ID is an InputError
        with self._store._writing():
            conn = self._store.conn
            conn.execute(
                "DELETE FROM label_removals WHERE message_id = ? AND label = ?",
                (message_id, label),
            )
            changed = conn.execute(
                "INSERT INTO message_labels (message_id, label, reason, rule, source) "
                "VALUES (?, ?, 'set by hand', NULL, 'manual') "
                "ON CONFLICT (message_id, label) DO UPDATE SET source = 'manual', "
                "reason = 'set by hand', rule = NULL WHERE source != 'manual'",
                (message_id, label),
            ).rowcount
        return changed > 0

    def remove(self, message_id: int, label: str) -> bool:
        """Remove a label by hand, for good: rules will not set it again."""
        self._store.message(message_id)
        with self._store._writing():
            conn = self._store.conn
            removed = conn.execute(
                "DELETE FROM message_labels WHERE message_id = ? AND label = ?",
                (message_id, label),
            ).rowcount
            conn.execute(
                "INSERT INTO label_removals (message_id, label, removed_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (message_id, label, utc_now()),
            )
        return removed > 0

    def snapshot(self, message_id: int, label: str) -> "LabelSnapshot":
        """A label of a message as it is now, to put back with `restore`."""
        where = "WHERE message_id = ? AND label = ?"
        labels = self._store._query(
            "SELECT message_id, label, reason, rule, source FROM message_labels "
            + where,
            [message_id, label],
        )
        removals = self._store._query(
            f"SELECT message_id, label, removed_at FROM label_removals {where}",
            [message_id, label],
        )
        return LabelSnapshot(
            message_id,
            label,
            tuple(tuple(r) for r in labels),
            tuple(tuple(r) for r in removals),
        )

    def restore(self, snap: "LabelSnapshot") -> None:
        """Put a label back as `snapshot` saw it: set, removed by hand, or neither."""
        with self._store._writing():
            conn = self._store.conn
            for table in ("message_labels", "label_removals"):
                conn.execute(
                    f"DELETE FROM {table} WHERE message_id = ? AND label = ?",
                    (snap.message_id, snap.label),
                )
            conn.executemany(
                "INSERT INTO message_labels (message_id, label, reason, rule, source) "
                "VALUES (?, ?, ?, ?, ?)",
                snap.labels,
            )
            conn.executemany(
                "INSERT INTO label_removals (message_id, label, removed_at) "
                "VALUES (?, ?, ?)",
                snap.removals,
            )

    def all_ids(self) -> list[int]:
        # In ID order: chunks then read neighbouring pages, not the whole file.
        rows = self._store._query("SELECT id FROM messages ORDER BY id")
        return [int(r[0]) for r in rows]

    def unjudged_ids(self) -> list[int]:
        """Messages the rules never ran on (the rules always set a customer), or
        whose customer migration m009 cleared to be judged again."""
        rows = self._store._query("SELECT id FROM messages WHERE customer IS NULL")
        return [int(r[0]) for r in rows]

    def counts_by_rule(self) -> dict[str, int]:
        """Messages each rule labels now, and each rule's suppressions."""
        rows = self._store._query(
            "SELECT rule, count(DISTINCT message_id) FROM ("
            "SELECT rule, message_id FROM message_labels WHERE source = 'rule' "
            "UNION ALL SELECT rule, message_id FROM label_suppressions) GROUP BY 1"
        )
        return {r[0]: int(r[1]) for r in rows if r[0]}
