"""The only module that speaks SQL: open, migrate, write and query the database.

One SQLite file through sqlite-utils, in WAL mode so that a reader (the TUI, `list`)
never blocks a writer (a cron sync), with a busy timeout so that two writers wait for
each other instead of failing. Raw message bytes are kept verbatim, zlib-compressed, in
their own table: any later parse can be redone from them.
"""

import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlite_utils import Database

from triage.errors import InputError, StoreError
from triage.mail import utc_now
from triage.migrations import migrations
from triage.records import Attachment, ImportResult, Message, ParsedMail

BUSY_TIMEOUT_MS = 10_000
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
class Count:
    """One row of a grouped count: a day, a domain, a label."""

    key: str
    count: int


@dataclass(frozen=True, slots=True)
class Totals:
    """Overall counts of the messages a filter selects."""

    messages: int
    senders: int
    parse_errors: int
    first_date: str | None
    last_date: str | None


def open_store(path: Path) -> "Store":
    """Open (creating if needed) and migrate the database at `path`."""
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory for {path}: {exc}") from exc
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable per transaction
        _migrate(db, path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open database {path}: {_explain(exc)}") from exc
    return Store(db, path)


def _migrate(db: Database, path: Path) -> None:
    known = {m.name for m in migrations._migrations}
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise StoreError(
            f"database {path} was written by a newer version of triage "
            f"(schema step {unknown[-1]}); upgrade triage to use it"
        )
    migrations.apply(db)


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{text} (another triage is writing to it; try again in a moment)"
    if "not a database" in text or "malformed" in text:
        return f"{text} (the file is not a triage database, or it is damaged)"
    return text


_INSERT = """
INSERT OR IGNORE INTO messages (
  message_id, folder, date, from_addr, from_name, to_addrs, cc_addrs, subject,
  in_reply_to, refs, list_id, list_unsubscribe, precedence, auto_submitted,
  x_autoreply, content_type, body_text, new_text, mobile_signature, html_only,
  attachments, content_hash, dedupe_key, size, parse_error, added_at
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

_COLUMNS = """
m.id, m.message_id, m.folder, m.date, m.from_addr, m.from_name, m.to_addrs,
m.cc_addrs, m.subject, m.in_reply_to, m.refs, m.list_id, m.list_unsubscribe,
m.precedence, m.auto_submitted, m.x_autoreply, m.content_type, m.body_text,
m.new_text, m.mobile_signature, m.html_only, m.attachments, m.content_hash, m.size,
m.parse_error, m.added_at,
(SELECT json_group_array(label) FROM
   (SELECT label FROM message_labels l WHERE l.message_id = m.id ORDER BY label))
"""


def pack_raw(raw: bytes) -> bytes:
    """Raw bytes as the store keeps them; done by the caller, possibly in a worker."""
    return zlib.compress(raw, _ZLIB_LEVEL)


def dedupe_key(message_id: str | None, content_hash: str) -> str:
    """Message-ID and content hash: a reused Message-ID with other content is new."""
    return f"{message_id or ''} {content_hash}"


class Store:
    """A migrated triage database."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path

    def close(self) -> None:
        self.db.close()

    def add_mails(
        self, batch: Sequence[tuple[bytes, ParsedMail]], folder: str
    ) -> ImportResult:
        """Store a batch in one transaction; messages already present are skipped.

        Each item is the raw message as `pack_raw` made it, and its parse.
        """
        new = present = failed = 0
        added_at = utc_now()
        try:
            with self.db.atomic():
                conn = self.db.conn
                for packed, parsed in batch:
                    row = _row(parsed, folder, added_at)
                    try:
                        cursor = conn.execute(_INSERT, row)
                    except UnicodeEncodeError:
                        # A lone surrogate the parser let through: store the message
                        # with it replaced rather than fail the batch.
                        cursor = conn.execute(_INSERT, _scrubbed(row))
                    if cursor.rowcount == 0:
                        present += 1
                        continue
                    conn.execute(
                        "INSERT INTO raw_messages (id, raw, compression) "
                        "VALUES (?, ?, 'zlib')",
                        (cursor.lastrowid, packed),
                    )
                    if parsed.parse_error:
                        failed += 1
                    else:
                        new += 1
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write to {self.path}: {_explain(exc)}") from exc
        return ImportResult(new=new, present=present, failed=failed)

    def present_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of these dedupe keys are stored already."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(
                key
                for (key,) in self.db.conn.execute(
                    f"SELECT dedupe_key FROM messages WHERE dedupe_key IN ({marks})",
                    chunk,
                )
            )
        return found

    def messages(self, flt: MessageFilter | None = None) -> Iterator[Message]:
        """Messages matching `flt`, newest first, streamed from the database.

        The query is checked before the iterator is returned, so a bad search fails
        before the caller has printed anything.
        """
        where, params = self._where(flt)
        sql = f"SELECT {_COLUMNS} FROM messages m"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY m.date IS NULL, m.date DESC, m.id DESC"
        if flt and flt.limit is not None:
            sql += " LIMIT ?"
            params.append(flt.limit)
        try:
            cursor = self.db.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot read {self.path}: {_explain(exc)}") from exc
        return (_message(row) for row in cursor)

    def _where(self, flt: MessageFilter | None) -> tuple[list[str], list[object]]:
        flt = flt or MessageFilter()
        if flt.search:
            flt = replace(flt, search=self._checked_search(flt.search))
        return _where(flt)

    def _checked_search(self, text: str) -> str:
        """The search as FTS5 syntax if it is valid, else as literal words."""
        if not any(ch.isalnum() for ch in text):
            raise InputError(f"cannot search for {text!r}: no words to look for")
        for query in (fts_query(text), fts_query(text, literal=True)):
            try:
                self.db.conn.execute(
                    "SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? LIMIT 1",
                    [query],
                ).fetchall()
            except sqlite3.OperationalError:
                continue
            return query
        raise InputError(f"cannot search for {text!r}: no words to look for")

    def message(self, message_id: int) -> Message:
        """One message by its triage ID."""
        if not 0 < message_id < 2**63:
            raise InputError(f"no message with ID {message_id}")
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM messages m WHERE m.id = ?", [message_id]
        ).fetchone()
        if row is None:
            raise InputError(f"no message with ID {message_id}")
        return _message(row)

    def raw(self, message_id: int) -> bytes:
        """The message bytes exactly as received."""
        if not 0 < message_id < 2**63:
            raise InputError(f"no message with ID {message_id}")
        row = self.db.conn.execute(
            "SELECT raw, compression FROM raw_messages WHERE id = ?", [message_id]
        ).fetchone()
        if row is None:
            raise InputError(f"no message with ID {message_id}")
        raw, compression = row
        return zlib.decompress(raw) if compression == "zlib" else bytes(raw)

    def count(self, flt: MessageFilter | None = None) -> int:
        where, params = self._where(flt)
        sql = "SELECT count(*) FROM messages m"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self.db.conn.execute(sql, params).fetchone()[0])

    def totals(self, flt: MessageFilter | None = None) -> Totals:
        where, params = self._where(flt)
        sql = (
            "SELECT count(*), count(DISTINCT nullif(m.from_addr, '')), "
            "coalesce(sum(m.parse_error IS NOT NULL), 0), min(m.date), max(m.date) "
            "FROM messages m"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        return Totals(*self.db.conn.execute(sql, params).fetchone())

    def counts_by_day(self, flt: MessageFilter) -> list[Count]:
        """Messages per UTC day; days without mail are absent."""
        return self._grouped("substr(m.date, 1, 10)", flt, order="key")

    def counts_by_domain(self, flt: MessageFilter, limit: int = 20) -> list[Count]:
        expr = "lower(substr(m.from_addr, instr(m.from_addr, '@') + 1))"
        return self._grouped(expr, flt, order="count DESC, key", limit=limit)

    def counts_by_label(self, flt: MessageFilter) -> list[Count]:
        where, params = self._where(flt)
        sql = (
            "SELECT l.label AS key, count(*) AS count FROM message_labels l "
            "JOIN messages m ON m.id = l.message_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " GROUP BY l.label ORDER BY count DESC, key"
        return [Count(k, c) for k, c in self.db.conn.execute(sql, params)]

    def _grouped(
        self, expr: str, flt: MessageFilter, order: str, limit: int | None = None
    ) -> list[Count]:
        where, params = self._where(flt)
        where.append(f"{expr} IS NOT NULL AND {expr} != ''")
        sql = (
            f"SELECT {expr} AS key, count(*) AS count FROM messages m "
            f"WHERE {' AND '.join(where)} GROUP BY key ORDER BY {order}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [Count(k, c) for k, c in self.db.conn.execute(sql, params)]


def _where(flt: MessageFilter) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if flt.sender:
        needle = flt.sender.lower()
        if needle.startswith("@"):
            where.append("m.from_addr LIKE ? ESCAPE '\\'")
            params.append("%" + _like(needle))
        else:
            where.append(
                "(m.from_addr LIKE ? ESCAPE '\\' OR m.from_name LIKE ? ESCAPE '\\')"
            )
            params += ["%" + _like(needle) + "%"] * 2
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
        params.append(flt.search)  # already FTS5 syntax: see Store._checked_search
    return where, params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_query(text: str, *, literal: bool = False) -> str:
    """The user's words as an FTS5 query: each word a quoted prefix, all required.

    People type words, addresses and numbers ("CMD-2026-104233", "l'adresse"), which
    raw FTS5 syntax would reject or misread; a query written in FTS5 syntax (quotes,
    AND/OR/NOT, NEAR) is passed through unless `literal` asks for plain words.
    """
    words = text.split()
    syntax = '"' in text or any(w in ("AND", "OR", "NOT", "NEAR") for w in words)
    if syntax and not literal:
        return text
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _row(parsed: ParsedMail, folder: str, added_at: str) -> tuple[object, ...]:
    return (
        parsed.message_id,
        folder,
        parsed.date,
        parsed.from_addr,
        parsed.from_name,
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
    return tuple(
        v.encode("utf-8", "replace").decode("utf-8") if isinstance(v, str) else v
        for v in row
    )


def _message(row: Sequence[object]) -> Message:
    (
        id_,
        message_id,
        folder,
        date,
        from_addr,
        from_name,
        to_addrs,
        cc_addrs,
        subject,
        in_reply_to,
        refs,
        list_id,
        list_unsubscribe,
        precedence,
        auto_submitted,
        x_autoreply,
        content_type,
        body_text,
        new_text,
        mobile_signature,
        html_only,
        attachments,
        content_hash,
        size,
        parse_error,
        added_at,
        labels,
    ) = row
    return Message(
        id=int(id_),
        message_id=message_id,
        folder=str(folder),
        date=date,
        from_addr=str(from_addr),
        from_name=str(from_name),
        to_addrs=tuple(json.loads(str(to_addrs))),
        cc_addrs=tuple(json.loads(str(cc_addrs))),
        subject=str(subject),
        in_reply_to=in_reply_to,
        references=tuple(json.loads(str(refs))),
        list_id=list_id,
        list_unsubscribe=list_unsubscribe,
        precedence=precedence,
        auto_submitted=auto_submitted,
        x_autoreply=x_autoreply,
        content_type=str(content_type),
        body_text=str(body_text),
        new_text=str(new_text),
        mobile_signature=mobile_signature,
        html_only=bool(html_only),
        attachments=tuple(Attachment(**a) for a in json.loads(str(attachments))),
        content_hash=str(content_hash),
        size=int(size),
        parse_error=parse_error,
        added_at=str(added_at),
        labels=tuple(json.loads(str(labels))),
    )
