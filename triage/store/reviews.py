"""When the agent worked through the queue: one row per `triage review` session.

`triage stats --since last-review` starts where her latest session ended, so that
after a week away she sees what arrived since. A session the process could not
close (a crash, a killed terminal) counts from when it started.
"""

from typing import TYPE_CHECKING

from triage.dates import as_of, to_utc_iso

if TYPE_CHECKING:
    from triage.store.core import Store


class Reviews:
    """Review sessions of one store."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def begin(self) -> int:
        """A session starts now; its ID, to `end` it."""
        with self._store._writing():
            cursor = self._store.conn.execute(
                "INSERT INTO review_sessions (started_at) VALUES (?)",
                [to_utc_iso(as_of())],
            )
        return int(cursor.lastrowid or 0)

    def end(self, session_id: int) -> None:
        with self._store._writing():
            self._store.conn.execute(
                "UPDATE review_sessions SET ended_at = ? WHERE id = ?",
                [to_utc_iso(as_of()), session_id],
            )

    def last(self) -> str | None:
        """When the latest session ended (or began, if it never ended); None
        before the first."""
        rows = self._store._query(
            "SELECT coalesce(ended_at, started_at) AS at FROM review_sessions "
            "ORDER BY at DESC LIMIT 1"
        )
        return str(rows[0][0]) if rows else None
