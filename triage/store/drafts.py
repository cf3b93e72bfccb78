"""Replies the agent wrote in the review, as the store keeps them.

A reply is saved here before anything is sent to a server, so that a failed
APPEND (no network, a refused login, no Drafts folder) never loses what she
wrote: the row keeps the message bytes, and says where they went (`appended_to`,
"account/folder") or why they did not (`error`).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage.dates import utc_now
from triage.errors import InputError

if TYPE_CHECKING:
    from triage.store.core import Store


@dataclass(frozen=True, slots=True)
class SavedDraft:
    """A stored reply, without its bytes (`Drafts.raw` has them)."""

    id: int
    case_id: int
    created_at: str
    appended_to: str | None  # "account/folder" once APPENDed with \Draft
    error: str | None  # why it is not there (yet), if it is not


class Drafts:
    """Replies of one store."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def save(self, case_id: int, raw: bytes) -> int:
        """Keep a reply's bytes before anything else is tried; its ID."""
        with self._store._writing():
            cursor = self._store.conn.execute(
                "INSERT INTO drafts (case_id, raw, created_at) VALUES (?, ?, ?)",
                (case_id, raw, utc_now()),
            )
        return int(cursor.lastrowid or 0)

    def appended(self, draft_id: int, where: str) -> None:
        """Record that the reply is in `where` ("account/folder") on the server."""
        self._set(draft_id, where, None)

    def failed(self, draft_id: int, error: str) -> None:
        """Record why the reply is kept locally only."""
        self._set(draft_id, None, error)

    def for_case(self, case_id: int) -> list[SavedDraft]:
        """The case's replies, oldest first."""
        rows = self._store._query(
            "SELECT id, case_id, created_at, appended_to, error FROM drafts "
            "WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [SavedDraft(*row) for row in rows]

    def raw(self, draft_id: int) -> bytes:
        """A reply's message bytes, as saved."""
        rows = self._store._query("SELECT raw FROM drafts WHERE id = ?", [draft_id])
        if not rows:
            raise InputError(f"no draft with ID {draft_id}")
        return bytes(rows[0][0])

    def _set(self, draft_id: int, where: str | None, error: str | None) -> None:
        with self._store._writing():
            self._store.conn.execute(
                "UPDATE drafts SET appended_to = ?, error = ? WHERE id = ?",
                (where, error, draft_id),
            )
