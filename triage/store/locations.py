"""IMAP bookkeeping: how far each folder is synced, and where each message lives.

A location is (account, folder, UIDVALIDITY, UID). Locations are never deleted: one
whose message was expunged on the server, or whose folder got a new UIDVALIDITY, is
marked with `expunged_at`, so the message and everything the agent did with it stay.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage.dates import utc_now
from triage.records import FolderState, Location

if TYPE_CHECKING:
    from triage.store.core import Store

_CHUNK = 500  # host parameters per statement stay well under SQLite's limit


@dataclass(frozen=True, slots=True)
class LabelledLocation:
    """A live location with its flags as last read and its message's labels."""

    uid: int
    flags: tuple[str, ...]
    labels: tuple[str, ...]


class Locations:
    """Folder state and message locations of one store."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def folder(self, account: str, name: str) -> FolderState | None:
        rows = self._store._query(
            "SELECT account, name, uidvalidity, uidnext, highestmodseq, synced_at "
            "FROM folders WHERE account = ? AND name = ?",
            [account, name],
        )
        return FolderState(*rows[0]) if rows else None

    def folders(self, account: str) -> list[FolderState]:
        rows = self._store._query(
            "SELECT account, name, uidvalidity, uidnext, highestmodseq, synced_at "
            "FROM folders WHERE account = ? ORDER BY name",
            [account],
        )
        return [FolderState(*row) for row in rows]

    def open_folder(self, account: str, name: str, uidvalidity: int) -> bool:
        """Start syncing a folder at `uidvalidity`; True when that retired old UIDs.

        UIDs of another UIDVALIDITY mean nothing any more: their locations are
        marked expunged now, and the messages found again under new UIDs are linked
        back to their rows (by Message-ID and content hash) as they are fetched.
        """
        state = self.folder(account, name)
        if state is not None and state.uidvalidity == uidvalidity:
            return False
        now = utc_now()
        with self._store._writing():
            conn = self._store.conn
            retired = conn.execute(
                "UPDATE message_locations SET expunged_at = ? WHERE account = ? "
                "AND folder = ? AND uidvalidity != ? AND expunged_at IS NULL",
                (now, account, name, uidvalidity),
            ).rowcount
            conn.execute(
                "INSERT INTO folders (account, name, uidvalidity) VALUES (?, ?, ?) "
                "ON CONFLICT (account, name) DO UPDATE SET "
                "uidvalidity = excluded.uidvalidity, uidnext = NULL, "
                "highestmodseq = NULL",
                (account, name, uidvalidity),
            )
        return state is not None or retired > 0

    def close_folder(self, state: FolderState) -> None:
        """Record a complete sync: the next one starts from these values."""
        with self._store._writing():
            self._store.conn.execute(
                "UPDATE folders SET uidnext = ?, highestmodseq = ?, synced_at = ? "
                "WHERE account = ? AND name = ? AND uidvalidity = ?",
                (
                    state.uidnext,
                    state.highestmodseq,
                    state.synced_at or utc_now(),
                    state.account,
                    state.name,
                    state.uidvalidity,
                ),
            )

    def last_uid(self, account: str, folder: str, uidvalidity: int) -> int:
        """The highest UID stored: a sync resumes after it, batch by batch."""
        rows = self._store._query(
            "SELECT max(uid) FROM message_locations "
            "WHERE account = ? AND folder = ? AND uidvalidity = ?",
            [account, folder, uidvalidity],
        )
        return int(rows[0][0] or 0)

    def live_uids(self, account: str, folder: str, uidvalidity: int) -> list[int]:
        """UIDs stored and not expunged, ascending."""
        rows = self._store._query(
            "SELECT uid FROM message_locations WHERE account = ? AND folder = ? "
            "AND uidvalidity = ? AND expunged_at IS NULL ORDER BY uid",
            [account, folder, uidvalidity],
        )
        return [int(row[0]) for row in rows]

    def live_count(self, account: str, folder: str, uidvalidity: int) -> int:
        rows = self._store._query(
            "SELECT count(*) FROM message_locations WHERE account = ? AND folder = ? "
            "AND uidvalidity = ? AND expunged_at IS NULL",
            [account, folder, uidvalidity],
        )
        return int(rows[0][0])

    def update_flags(
        self,
        account: str,
        folder: str,
        uidvalidity: int,
        changes: Sequence[tuple[int, str, int | None]],
    ) -> int:
        """Apply (uid, flags from `flags_json`, modseq); returns how many differed."""
        changed = 0
        with self._store._writing():
            conn = self._store.conn
            for uid, flags, modseq in changes:
                changed += conn.execute(
                    "UPDATE message_locations SET flags = ?, "
                    "modseq = coalesce(?, modseq) WHERE account = ? AND folder = ? "
                    "AND uidvalidity = ? AND uid = ? AND flags != ?",
                    (flags, modseq, account, folder, uidvalidity, uid, flags),
                ).rowcount
        return changed

    def mark_expunged(
        self, account: str, folder: str, uidvalidity: int, uids: Sequence[int]
    ) -> int:
        """Mark locations gone from the server; their messages stay."""
        marked = 0
        now = utc_now()
        with self._store._writing():
            conn = self._store.conn
            for start in range(0, len(uids), _CHUNK):
                chunk = list(uids[start : start + _CHUNK])
                marks = ", ".join("?" * len(chunk))
                marked += conn.execute(
                    f"UPDATE message_locations SET expunged_at = ? WHERE account = ? "
                    f"AND folder = ? AND uidvalidity = ? AND expunged_at IS NULL "
                    f"AND uid IN ({marks})",
                    [now, account, folder, uidvalidity, *chunk],
                ).rowcount
        return marked

    def flags_of(self, account: str, folder: str, uidvalidity: int) -> dict[int, str]:
        """Stored flags (JSON text) of every live UID: for servers without CONDSTORE."""
        rows = self._store._query(
            "SELECT uid, flags FROM message_locations WHERE account = ? "
            "AND folder = ? AND uidvalidity = ? AND expunged_at IS NULL",
            [account, folder, uidvalidity],
        )
        return {int(row[0]): str(row[1]) for row in rows}

    def labelled(
        self, account: str, folder: str, uidvalidity: int
    ) -> list[LabelledLocation]:
        """Every live location of a folder with its flags and labels, by UID."""
        rows = self._store._query(
            "SELECT l.uid, l.flags, group_concat(ml.label, ' ') AS labels "
            "FROM message_locations l "
            "LEFT JOIN message_labels ml ON ml.message_id = l.message_id "
            "WHERE l.account = ? AND l.folder = ? AND l.uidvalidity = ? "
            "AND l.expunged_at IS NULL GROUP BY l.uid ORDER BY l.uid",
            [account, folder, uidvalidity],
        )
        # Label names have no spaces (rules.user.LABEL_NAME): a space joins them.
        return [
            LabelledLocation(
                int(row["uid"]),
                tuple(json.loads(row["flags"])),
                tuple(sorted((row["labels"] or "").split())),
            )
            for row in rows
        ]

    def of_message(self, message_id: int) -> list[dict[str, object]]:
        """Every location of one message, for `show`: where it is and was."""
        rows = self._store._query(
            "SELECT account, folder, uidvalidity, uid, flags, expunged_at "
            "FROM message_locations WHERE message_id = ? "
            "ORDER BY expunged_at IS NOT NULL, account, folder, uid",
            [message_id],
        )
        return [
            {
                "account": row["account"],
                "folder": row["folder"],
                "uidvalidity": row["uidvalidity"],
                "uid": row["uid"],
                "flags": json.loads(row["flags"]),
                "expunged_at": row["expunged_at"],
            }
            for row in rows
        ]

    def of_messages(
        self, message_ids: Iterable[int], *, live_only: bool = True
    ) -> list[tuple[int, Location]]:
        """(message ID, location) of these messages on the servers, live ones
        only unless `live_only` is off: the most recently stored message first,
        live locations before expunged ones."""
        live = "AND expunged_at IS NULL " if live_only else ""
        rows = self._store._query(
            "SELECT message_id, account, folder, uidvalidity, uid, flags, modseq "
            "FROM message_locations "
            f"WHERE message_id IN (SELECT value FROM json_each(?)) {live}"
            "ORDER BY message_id DESC, expunged_at IS NOT NULL, account, folder, uid",
            [json.dumps(sorted(set(message_ids)))],
        )
        return [
            (
                int(row["message_id"]),
                Location(
                    row["account"],
                    row["folder"],
                    int(row["uidvalidity"]),
                    int(row["uid"]),
                    tuple(json.loads(row["flags"])),
                    row["modseq"],
                ),
            )
            for row in rows
        ]

    def add_flags(
        self, message_ids: Iterable[int], flag: str, *, account: str | None = None
    ) -> int:
        """Add `flag` to every live location of these messages (in `account` only,
        when given), as the server now has it; how many locations changed.

        Flags stay sorted JSON, as `flags_json` writes them: a later sync that
        reads the same flags from the server then sees no change.
        """
        wanted = json.dumps(sorted(set(message_ids)))
        sql = (
            "SELECT account, folder, uidvalidity, uid, flags FROM message_locations "
            "WHERE expunged_at IS NULL "
            "AND message_id IN (SELECT value FROM json_each(?))"
        )
        params: list[object] = [wanted]
        if account is not None:
            sql += " AND account = ?"
            params.append(account)
        changed = 0
        with self._store._writing():
            conn = self._store.conn
            for *where, flags in conn.execute(sql, params).fetchall():
                had = json.loads(flags)
                if flag in had:
                    continue
                conn.execute(
                    "UPDATE message_locations SET flags = ? WHERE account = ? "
                    "AND folder = ? AND uidvalidity = ? AND uid = ?",
                    (json.dumps(sorted({*had, flag})), *where),
                )
                changed += 1
        return changed
