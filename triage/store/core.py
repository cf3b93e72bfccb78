"""Messages: open, migrate, write and query the database.

One SQLite file, in WAL mode so that a reader (the TUI, `list`)
never blocks a writer (a cron sync), with a busy timeout so that two writers wait for
each other instead of failing. Raw message bytes are kept verbatim, zlib-compressed, in
their own table: any later parse can be redone from them.
"""

import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triage.dates import utc_now
from triage.errors import InputError, StoreError, UsageError
from triage.records import (
    Attachment,
    ImportResult,
    LabelDetail,
    Location,
    Message,
    ParsedMail,
)
from triage.store.cases import Cases
from triage.store.drafts import Drafts
from triage.store.labels import Labels
from triage.store.locations import Locations
from triage.store.reviews import Reviews
from triage.store.sqltext import fts_query, like_pattern

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000
# How many schema steps (triage.migrations) this version knows, kept in the
# database's user_version once they are applied: opening an up-to-date database then
# reads one pragma instead of importing sqlite-utils (a tenth of a second) to compare
# step names. A test keeps it equal to the number of migrations.
SCHEMA_STEPS = 13
_LARGE = 64 << 10  # bytes; see pack_raw
_ZLIB_LEVEL = 1  # mail compresses ~3x at level 1; higher levels cost time, not space


@dataclass(frozen=True, slots=True)
class MessageFilter:
    """What `list` and friends ask for; every field narrows the result."""

    sender: str | None = None  # address, part of an address, or @domain
    since: str | None = None  # UTC ISO 8601, inclusive
    until: str | None = None  # UTC ISO 8601, exclusive
    search: str | None = None  # full-text query over subject and body
    label: str | None = None
    parse_errors_only: bool = False
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Totals:
    """Overall counts of the messages a filter selects."""

    messages: int
    senders: int
    parse_errors: int
    first_date: str | None
    last_date: str | None


def open_store(path: Path, *, create: bool = True) -> "Store":
    """Open and migrate the database at `path`, creating it unless `create` is off.

    Commands that only read pass `create=False`: a mistyped `--db` then says so
    instead of showing an empty new database.
    """
    path = path.expanduser()
    if not create and not path.exists():
        raise StoreError(
            f"no triage database at {path}: `triage import PATH` creates it "
            "(or try `triage demo`)"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory for {path}: {exc}") from exc
    conn: sqlite3.Connection | None = None
    try:
        # No implicit transactions: each write opens its own with BEGIN IMMEDIATE.
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable per transaction
        # As sqlite-utils set it when every connection went through it: a row that
        # INSERT OR REPLACE deletes fires its delete triggers (the FTS index).
        conn.execute("PRAGMA recursive_triggers = ON")
        # SQLite's lower() folds ASCII only: "Élodie" must find "élodie" too.
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_STEPS:
            _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"cannot open database {path}: {_explain(exc)}") from exc
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    return Store(conn, path)


def _casefold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a database with steps this version does not know; apply the pending
    ones under the write lock; record how many steps the database has.

    Unknown steps are looked for before the lock, so that a newer database says
    so even read-only or while a newer triage writes to it. Pending steps are read
    again under the lock: two processes opening a new database at once would
    otherwise both try to create it.
    """
    from sqlite_utils import Database

    from triage.migrations import known_steps, migrations

    db = Database(conn, execute_plugins=False)
    known = known_steps()
    _refuse_unknown(db, known, path)
    if not migrations.pending(db):
        _record_steps(conn, len(known))
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        _refuse_unknown(db, known, path)
        migrations.apply(db)  # each step nests as a savepoint
        conn.execute(f"PRAGMA user_version = {len(known)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise


def _refuse_unknown(db: "Database", known: set[str], path: Path) -> None:
    from triage.migrations import migrations

    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise StoreError(
            f"database {path} was written by a newer version of triage "
            f"(schema step {unknown[-1]}); upgrade triage to use it"
        )


def _record_steps(conn: sqlite3.Connection, steps: int) -> None:
    """Count the steps of a database that is up to date but does not say so yet
    (written before the count was kept). Only a shortcut for the next opening: a
    database that cannot be written now (read-only, locked) is still read."""
    with suppress(sqlite3.OperationalError):
        conn.execute(f"PRAGMA user_version = {steps}")


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{text} (another triage is writing to it; try again in a moment)"
    if "not a database" in text or "malformed" in text:
        return f"{text} (the file is not a triage database, or it is damaged)"
    return text


_INSERT_COLUMNS = (
    "message_id",
    "folder",
    "date",
    "from_addr",
    "from_name",
    "reply_to",
    "reply_to_name",
    "to_addrs",
    "cc_addrs",
    "subject",
    "in_reply_to",
    "refs",
    "list_id",
    "list_unsubscribe",
    "precedence",
    "auto_submitted",
    "x_autoreply",
    "content_type",
    "body_text",
    "new_text",
    "mobile_signature",
    "html_only",
    "attachments",
    "content_hash",
    "dedupe_key",
    "size",
    "parse_error",
    "added_at",
)
# Only a duplicate counts as "already present"; any other constraint still fails.
_INSERT = (
    f"INSERT INTO messages ({', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))}) "
    "ON CONFLICT (dedupe_key) DO NOTHING"
)
_KEY_INDEX = _INSERT_COLUMNS.index("dedupe_key")

_RULE_COLUMNS = """
m.id, m.message_id, m.folder, m.date, m.from_addr, m.from_name, m.to_addrs,
m.cc_addrs, m.subject, m.in_reply_to, m.refs, m.list_id, m.list_unsubscribe,
m.precedence, m.auto_submitted, m.x_autoreply, m.content_type, m.body_text,
m.new_text, m.mobile_signature, m.html_only, m.attachments, m.content_hash, m.size,
m.parse_error, m.added_at, m.customer, m.language, m.tone, m.case_id, m.reply_to,
m.reply_to_name"""
_COLUMNS = (
    _RULE_COLUMNS
    + """,
(SELECT json_group_array(json_array(label, rule, reason, source)) FROM
   (SELECT label, rule, reason, source FROM message_labels l
    WHERE l.message_id = m.id ORDER BY label))
   AS labels,
(SELECT json_group_array(DISTINCT f.value)
   FROM message_locations ml, json_each(ml.flags) f
   WHERE ml.message_id = m.id AND ml.expunged_at IS NULL) AS flags,
(EXISTS (SELECT 1 FROM message_locations ml WHERE ml.message_id = m.id)
 AND NOT EXISTS (SELECT 1 FROM message_locations ml
                 WHERE ml.message_id = m.id AND ml.expunged_at IS NULL)) AS expunged,
(SELECT json_group_array(json_array(s.label, s.rule)) FROM label_suppressions s
   WHERE s.message_id = m.id) AS suppressed
"""
)


def pack_raw(raw: bytes) -> bytes:
    """Raw bytes as the store keeps them; done by the caller, possibly in a worker.

    A large message is mostly base64 attachments, which deflate's string matching
    barely shrinks: run-length matching gives the same size in 60% of the time
    (measured), and the stream is ordinary zlib for `zlib.decompress`.
    """
    if len(raw) < _LARGE:
        return zlib.compress(raw, _ZLIB_LEVEL)
    packer = zlib.compressobj(_ZLIB_LEVEL, zlib.DEFLATED, 15, 8, zlib.Z_RLE)
    return packer.compress(raw) + packer.flush()


def dedupe_key(message_id: str | None, content_hash: str) -> str:
    """Message-ID and content hash: a reused Message-ID with other content is new."""
    return f"{message_id or ''} {content_hash}"


class Store:
    """A migrated triage database."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @property
    def db(self) -> "Database":
        """The same connection through sqlite-utils, for schema introspection."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    def close(self) -> None:
        self.conn.close()

    @property
    def locations(self) -> Locations:
        """IMAP folder state and message locations."""
        return Locations(self)

    @property
    def labels(self) -> Labels:
        """Labels, and the facts the rules pass derives."""
        return Labels(self)

    @property
    def cases(self) -> Cases:
        """Which case each message is in, and each case's state."""
        return Cases(self)

    @property
    def drafts(self) -> Drafts:
        """Replies written in the review, and where they went."""
        return Drafts(self)

    @property
    def reviews(self) -> Reviews:
        """When the agent worked through the queue (`triage review` sessions)."""
        return Reviews(self)

    def messages_by_id(self, ids: Sequence[int]) -> list[Message]:
        """These messages, in ID order (unknown IDs left out)."""
        found: list[Message] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            rows = self._query(
                f"SELECT {_COLUMNS} FROM messages m WHERE m.id IN ({marks}) "
                "ORDER BY m.id",
                chunk,
            )
            found += [_message(row) for row in rows]
        return found

    def messages_for_rules(
        self, ids: Sequence[int]
    ) -> list[tuple[Message, str | None]]:
        """These messages as the rules pass reads them, in ID order, each with the
        fingerprint of the rules that last judged it (None: never judged).

        Cheaper than `messages_by_id`: labels, flags and locations are left empty
        (the rules do not read them), and `language` is kept as stored: None where
        it was never detected, "" where there was nothing to detect.
        """
        found: list[tuple[Message, str | None]] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            rows = self._query(
                f"SELECT {_RULE_COLUMNS}, m.judged_with FROM messages m "
                f"WHERE m.id IN ({marks}) "
                "ORDER BY m.id",
                chunk,
            )
            found += [
                (_message(row, for_rules=True), row["judged_with"]) for row in rows
            ]
        return found

    def add_mails(
        self,
        batch: Sequence[tuple[bytes, ParsedMail]],
        folder: str,
        locations: Sequence[Location | None] = (),
        links: Sequence[tuple[str, Location]] = (),
    ) -> ImportResult:
        """Store a batch in one transaction; messages already present are skipped.

        Each item is the raw message as `pack_raw` made it, and its parse;
        `locations`, when given, says where each item lives on a server. `links`
        are messages the store holds already (by dedupe key) seen at a new location.
        """
        new = present = failed = 0
        new_ids: list[int] = []
        added_at = utc_now()
        with self._writing():
            conn = self.conn
            for index, (packed, parsed) in enumerate(batch):
                row = _row(parsed, folder, added_at)
                try:
                    cursor = conn.execute(_INSERT, row)
                except UnicodeEncodeError:
                    # A lone surrogate the parser let through: store the message
                    # with it replaced rather than fail the batch.
                    cursor = conn.execute(_INSERT, _scrubbed(row))
                location = locations[index] if locations else None
                if cursor.rowcount == 0:
                    present += 1
                    if location is not None:
                        _link(conn, row[_KEY_INDEX], location)
                    continue
                message_id = int(cursor.lastrowid or 0)
                conn.execute(
                    "INSERT INTO raw_messages (id, raw, compression) "
                    "VALUES (?, ?, 'zlib')",
                    (message_id, packed),
                )
                if location is not None:
                    _locate(conn, message_id, location)
                new_ids.append(message_id)
                if parsed.parse_error:
                    failed += 1
                else:
                    new += 1
            for key, location in links:
                _link(conn, key, location)
        return ImportResult(
            new=new, present=present, failed=failed, new_ids=tuple(new_ids)
        )

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction holding the write lock from its start.

        A deferred BEGIN would read first (the FTS trigger does) and then fail at
        once with "database is locked" when another process wrote meanwhile,
        without waiting for the busy timeout.
        """
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                conn.rollback()
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write to {self.path}: {_explain(exc)}") from exc

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot read {self.path}: {_explain(exc)}") from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one state of the database: a sync storing messages
        meanwhile is seen whole or not at all. (Outside it, each statement sees
        the latest commit.) Nested in another transaction, it is that one."""
        if self.conn.in_transaction:
            yield
            return
        with self._reading():
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                self.conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._reading():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            return cursor.execute(sql, params).fetchall()

    def present_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of these dedupe keys are stored already."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._query(
                f"SELECT dedupe_key FROM messages WHERE dedupe_key IN ({marks})", chunk
            )
            found.update(row["dedupe_key"] for row in rows)
        return found

    def messages(self, flt: MessageFilter | None = None) -> Iterator[Message]:
        """Messages matching `flt`, newest first, streamed from the database.

        The query is checked before the iterator is returned, so a bad search fails
        before the caller has printed anything.
        """
        cursor = self._select(flt, "", "m.date IS NULL, m.date DESC, m.id DESC")
        return self._stream(cursor)

    def _select(
        self, flt: MessageFilter | None, hint: str, order: str
    ) -> sqlite3.Cursor:
        """A cursor over the messages `flt` selects, in `order`, executed now (a
        bad query fails here, before anything is printed)."""
        where, params = self._where(flt)
        sql = f"SELECT {_COLUMNS} FROM messages m{hint}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order}"
        if flt and flt.limit is not None:
            sql += " LIMIT ?"
            params.append(flt.limit)
        with self._reading():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            cursor.execute(sql, params)
        return cursor

    def _stream(self, cursor: sqlite3.Cursor) -> Iterator[Message]:
        with self._reading():
            for row in cursor:
                yield _message(row)

    def messages_by_id_order(
        self, flt: MessageFilter | None = None, chunk: int = 500
    ) -> Iterator[Message]:
        """Messages matching `flt` in ID order (the order they were stored), read
        `chunk` rows at a time from one cursor: one snapshot, flat memory.

        For exports of the whole store. `messages` sorts newest first: SQLite
        sorts every selected row, bodies included, in a temporary B-tree (spilled
        to temporary files on a large store) before the first comes out. In ID
        order the rows come straight off the table; NOT INDEXED keeps it so when a
        date bound could tempt the planner into the date index and a sort.
        """
        return self._chunks(self._select(flt, " NOT INDEXED", "m.id"), chunk)

    def _chunks(self, cursor: sqlite3.Cursor, size: int) -> Iterator[Message]:
        with self._reading():
            while rows := cursor.fetchmany(size):
                yield from (_message(row) for row in rows)

    def _where(self, flt: MessageFilter | None) -> tuple[list[str], list[object]]:
        flt = flt or MessageFilter()
        if flt.search:
            flt = replace(flt, search=self.checked_search(flt.search))
        return _where(flt)

    def checked_search(self, text: str) -> str:
        """The search as FTS5 syntax if it is valid, else as literal words."""
        if not any(ch.isalnum() for ch in text):
            raise UsageError(f"cannot search for {text!r}: no words to look for")
        for query in (fts_query(text), fts_query(text, literal=True)):
            try:
                self.conn.execute(
                    "SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? LIMIT 1",
                    [query],
                ).fetchall()
            except sqlite3.OperationalError:
                continue
            return query
        raise UsageError(f"cannot search for {text!r}: no words to look for")

    def message(self, message_id: int) -> Message:
        """One message by its triage ID."""
        if not 0 < message_id < 2**63:
            raise InputError(f"no message with ID {message_id}")
        rows = self._query(
            f"SELECT {_COLUMNS} FROM messages m WHERE m.id = ?", [message_id]
        )
        if not rows:
            raise InputError(f"no message with ID {message_id}")
        return _message(rows[0])

    def raw(self, message_id: int) -> bytes:
        """The message bytes exactly as received."""
        if not 0 < message_id < 2**63:
            raise InputError(f"no message with ID {message_id}")
        rows = self._query(
            "SELECT raw, compression FROM raw_messages WHERE id = ?", [message_id]
        )
        if not rows:
            raise InputError(f"no message with ID {message_id}")
        raw, compression = rows[0]["raw"], rows[0]["compression"]
        return zlib.decompress(raw) if compression == "zlib" else bytes(raw)

    def count(self, flt: MessageFilter | None = None) -> int:
        where, params = self._where(flt)
        sql = "SELECT count(*) FROM messages m"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self._query(sql, params)[0][0])

    def totals(self, flt: MessageFilter | None = None) -> Totals:
        where, params = self._where(flt)
        sql = (
            "SELECT count(*), count(DISTINCT nullif(m.from_addr, '')), "
            "coalesce(sum(m.parse_error IS NOT NULL), 0), min(m.date), max(m.date) "
            "FROM messages m"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        return Totals(*self._query(sql, params)[0])


def _where(flt: MessageFilter) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if flt.sender:
        needle = flt.sender.casefold()
        if needle.startswith("@"):
            where.append("m.from_addr LIKE ? ESCAPE '\\'")
            params.append("%" + like_pattern(needle))
        else:
            where.append(
                "(casefold(m.from_addr) LIKE ? ESCAPE '\\' "
                "OR casefold(m.from_name) LIKE ? ESCAPE '\\')"
            )
            params += ["%" + like_pattern(needle) + "%"] * 2
    if flt.since:
        where.append("m.date >= ?")
        params.append(flt.since)
    if flt.until:
        where.append("m.date < ?")
        params.append(flt.until)
    if flt.label:
        where.append("m.id IN (SELECT message_id FROM message_labels WHERE label = ?)")
        params.append(flt.label)
    if flt.parse_errors_only:
        where.append("m.parse_error IS NOT NULL")
    if flt.search:
        where.append(
            "m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)"
        )
        params.append(flt.search)  # already FTS5 syntax: see Store.checked_search
    return where, params


def _row(parsed: ParsedMail, folder: str, added_at: str) -> tuple[object, ...]:
    return (
        parsed.message_id,
        folder,
        parsed.date,
        parsed.from_addr,
        parsed.from_name,
        parsed.reply_to,
        parsed.reply_to_name,
        json.dumps(list(parsed.to_addrs)),
        json.dumps(list(parsed.cc_addrs)),
        parsed.subject,
        parsed.in_reply_to,
        json.dumps(list(parsed.references)),
        parsed.list_id,
        parsed.list_unsubscribe,
        parsed.precedence,
        parsed.auto_submitted,
        parsed.x_autoreply,
        parsed.content_type,
        parsed.body_text,
        parsed.new_text,
        parsed.mobile_signature,
        int(parsed.html_only),
        json.dumps(
            [
                {
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "size": a.size,
                    "inline": a.inline,
                }
                for a in parsed.attachments
            ],
            ensure_ascii=False,
        ),
        parsed.content_hash,
        dedupe_key(parsed.message_id, parsed.content_hash),
        parsed.size,
        parsed.parse_error,
        added_at,
    )


def _scrubbed(row: tuple[object, ...]) -> tuple[object, ...]:
    """Lone surrogates replaced; the dedupe key kept as is so a re-import finds it."""
    return tuple(
        v.encode("utf-8", "replace").decode("utf-8")
        if isinstance(v, str) and i != _KEY_INDEX
        else v
        for i, v in enumerate(row)
    )


def _json_tuple(text: str) -> tuple[Any, ...]:
    # Most of these lists are empty: skip the JSON decoder for them.
    return () if text == "[]" else tuple(json.loads(text))


def _message(row: sqlite3.Row, *, for_rules: bool = False) -> Message:
    labels = () if for_rules else json.loads(row["labels"])
    language = row["language"]
    return Message(
        id=int(row["id"]),
        message_id=row["message_id"],
        folder=row["folder"],
        date=row["date"],
        from_addr=row["from_addr"],
        from_name=row["from_name"],
        to_addrs=_json_tuple(row["to_addrs"]),
        cc_addrs=_json_tuple(row["cc_addrs"]),
        subject=row["subject"],
        in_reply_to=row["in_reply_to"],
        references=_json_tuple(row["refs"]),
        list_id=row["list_id"],
        list_unsubscribe=row["list_unsubscribe"],
        precedence=row["precedence"],
        auto_submitted=row["auto_submitted"],
        x_autoreply=row["x_autoreply"],
        content_type=row["content_type"],
        body_text=row["body_text"],
        new_text=row["new_text"],
        mobile_signature=row["mobile_signature"],
        html_only=bool(row["html_only"]),
        attachments=tuple(Attachment(**a) for a in _json_tuple(row["attachments"])),
        content_hash=row["content_hash"],
        size=int(row["size"]),
        parse_error=row["parse_error"],
        added_at=row["added_at"],
        labels=tuple(label for label, *_ in labels),
        label_details=tuple(LabelDetail(*item) for item in labels),
        customer=row["customer"],
        case_id=row["case_id"],
        # "" is stored for "nothing to detect"; shown, that is no language at all.
        language=language if for_rules else language or None,
        tone=row["tone"],
        flags=() if for_rules else tuple(sorted(json.loads(row["flags"]))),
        expunged=False if for_rules else bool(row["expunged"]),
        suppressed=()
        if for_rules
        else tuple((label, rule) for label, rule in json.loads(row["suppressed"])),
        reply_to=row["reply_to"],
        reply_to_name=row["reply_to_name"] or "",
    )


_LOCATE = (
    "INSERT INTO message_locations "
    "(account, folder, uidvalidity, uid, message_id, flags, modseq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (account, folder, uidvalidity, uid) DO UPDATE SET "
    "message_id = excluded.message_id, flags = excluded.flags, "
    "modseq = excluded.modseq, expunged_at = NULL"
)


def _locate(conn: sqlite3.Connection, message_id: int, location: Location) -> None:
    conn.execute(
        _LOCATE,
        (
            location.account,
            location.folder,
            location.uidvalidity,
            location.uid,
            message_id,
            flags_json(location.flags),
            location.modseq,
        ),
    )


def _link(conn: sqlite3.Connection, key: str, location: Location) -> None:
    """Record a new location of a message stored already under dedupe key `key`."""
    row = conn.execute(
        "SELECT id FROM messages WHERE dedupe_key = ?", (key,)
    ).fetchone()
    if row is not None:
        _locate(conn, int(row[0]), location)


def flags_json(flags: Sequence[str]) -> str:
    """Flags as stored: sorted, deduplicated, without the session-only \\Recent."""
    return json.dumps(sorted({f for f in flags if f.lower() != "\\recent"}))
