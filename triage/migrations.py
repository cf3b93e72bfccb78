"""Ordered schema migrations. Never edit a landed migration: add the next one.

Each function runs in a transaction together with the record of it having run, so a
database is always at a known step. `store.open_store` refuses a database that records a
migration this version does not know: a newer triage wrote it.
"""

import json
import zlib

from sqlite_utils import Database, Migrations

migrations = Migrations("triage")
_HEAD_BYTES = 64 << 10  # of a stored message: its header, as a rule


def known_steps() -> set[str]:
    """Names of the steps this version knows (sqlite-utils has no public accessor)."""
    return {step.name for step in migrations._migrations}


@migrations()
def m001_initial(db: Database) -> None:
    """Messages with their decoded fields, raw bytes apart, and full-text search."""
    db["messages"].create(
        {
            "id": int,
            "message_id": str,
            "folder": str,
            "date": str,
            "from_addr": str,
            "from_name": str,
            "to_addrs": str,  # JSON list
            "cc_addrs": str,  # JSON list
            "subject": str,
            "in_reply_to": str,
            "refs": str,  # JSON list of Message-IDs from References
            "list_id": str,
            "list_unsubscribe": str,
            "precedence": str,
            "auto_submitted": str,
            "x_autoreply": str,
            "content_type": str,
            "body_text": str,
            "new_text": str,
            "mobile_signature": str,
            "html_only": int,
            "attachments": str,  # JSON list of {filename, content_type, size, inline}
            "content_hash": str,
            "dedupe_key": str,
            "size": int,
            "parse_error": str,
            "added_at": str,
        },
        pk="id",
        not_null={"folder", "content_hash", "dedupe_key", "size", "added_at"},
        defaults={
            "from_addr": "",
            "from_name": "",
            "to_addrs": "[]",
            "cc_addrs": "[]",
            "subject": "",
            "refs": "[]",
            "content_type": "",
            "body_text": "",
            "new_text": "",
            "html_only": 0,
            "attachments": "[]",
        },
    )
    db["messages"].create_index(["dedupe_key"], unique=True)
    db["messages"].create_index(["message_id"])
    db["messages"].create_index(["date"])
    db["messages"].create_index(["from_addr"])
    # Raw bytes live apart so that scans of `messages` stay small and fast.
    db["raw_messages"].create(
        {"id": int, "raw": bytes, "compression": str},
        pk="id",
        foreign_keys=[("id", "messages", "id")],
        not_null={"raw", "compression"},
    )
    # External-content FTS5, kept in step by triggers. The update trigger fires only
    # when an indexed column changes: later columns (case, state) must not make
    # every update re-index the body.
    db["messages"].enable_fts(
        ["subject", "body_text"], tokenize="unicode61 remove_diacritics 2"
    )
    db.executescript(
        """
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, subject, body_text)
          VALUES (new.id, new.subject, new.body_text);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, subject, body_text)
          VALUES ('delete', old.id, old.subject, old.body_text);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF subject, body_text ON messages
        BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, subject, body_text)
          VALUES ('delete', old.id, old.subject, old.body_text);
          INSERT INTO messages_fts (rowid, subject, body_text)
          VALUES (new.id, new.subject, new.body_text);
        END;
        """
    )
    # Labels arrive with the rules pass; the table exists from the start so that
    # filters and stats by label work on every database.
    db["message_labels"].create(
        {"message_id": int, "label": str, "reason": str},
        pk=("message_id", "label"),
        foreign_keys=[("message_id", "messages", "id")],
        not_null={"label"},
    )
    db["message_labels"].create_index(["label"])


@migrations()
def m002_imap_locations(db: Database) -> None:
    """Where each message lives on an IMAP server, and how far each folder is synced.

    A message row is never deleted: a location is marked expunged instead, and a
    location of a folder whose UIDVALIDITY changed is retired the same way.
    """
    db["folders"].create(
        {
            "account": str,
            "name": str,
            "uidvalidity": int,
            "uidnext": int,  # UIDNEXT when the last complete sync began
            "highestmodseq": int,  # HIGHESTMODSEQ then; NULL without CONDSTORE
            "synced_at": str,
        },
        pk=("account", "name"),
        not_null={"account", "name", "uidvalidity"},
    )
    db["message_locations"].create(
        {
            "account": str,
            "folder": str,
            "uidvalidity": int,
            "uid": int,
            "message_id": int,
            "flags": str,  # JSON list, sorted; \Recent is left out
            "modseq": int,
            "expunged_at": str,
        },
        pk=("account", "folder", "uidvalidity", "uid"),
        foreign_keys=[("message_id", "messages", "id")],
        not_null={"account", "folder", "uidvalidity", "uid", "message_id", "flags"},
        defaults={"flags": "[]"},
    )
    db["message_locations"].create_index(["message_id"])


@migrations()
def m003_rules(db: Database) -> None:
    """Facts the rules pass derives, and labels that remember who set them.

    `source` is "rule" for a label a rule gave (replaced on every relabel) or
    "manual" for one the agent set; a label she removed by hand is remembered in
    `label_removals` so that no rule gives it back.
    """
    db["messages"].add_column("customer", str)  # the normalised sender address
    db["messages"].add_column("language", str)  # fr, en, other; NULL: no text
    db["messages"].add_column("tone", int)  # 0 (neutral) to 3 (threats, insults)
    db["messages"].create_index(["customer"])
    db["message_labels"].add_column("rule", str)
    db["message_labels"].add_column("source", str, not_null_default="rule")
    db["label_removals"].create(
        {"message_id": int, "label": str, "removed_at": str},
        pk=("message_id", "label"),
        foreign_keys=[("message_id", "messages", "id")],
        not_null={"label", "removed_at"},
    )


@migrations()
def m004_label_suppressions(db: Database) -> None:
    """Built-in labels a user rule kept off a message, and which rule.

    Kept so that the customer-level pass, which looks again at a customer's older
    messages, honours them, and so that `show` can say why a label is absent.
    """
    db["label_suppressions"].create(
        {"message_id": int, "label": str, "rule": str},
        pk=("message_id", "label"),
        foreign_keys=[("message_id", "messages", "id")],
        not_null={"label", "rule"},
    )


@migrations()
def m005_judged_with(db: Database) -> None:
    """Which version of the built-in rules judged a message (engine.fingerprint).

    A relabel reuses a message's built-in labels and facts when they came from the
    same rules, word lists included, and runs only what may have changed.
    """
    db["messages"].add_column("judged_with", str)


@migrations()
def m006_cases(db: Database) -> None:
    """Cases: one customer, one matter; each message belongs to at most one.

    Dates, counts and labels of a case are read from its messages, never stored
    twice. `state` is open, waiting, answered, snoozed or closed.
    """
    db["cases"].create(
        {
            "id": int,
            "customer": str,
            "subject": str,
            "state": str,
            "snoozed_until": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"customer", "state", "created_at", "updated_at"},
        defaults={"state": "open", "subject": ""},
    )
    db["messages"].add_column("case_id", int)
    db["messages"].create_index(["case_id"])


@migrations()
def m007_case_corrections(db: Database) -> None:
    """The agent's corrections to grouping, and her notes on cases.

    A message she put in a case by hand (merge, split, move) is pinned to it:
    grouping never takes it out and never puts another case's pinned message with
    it, so that neither new mail nor `regroup` undoes a correction.
    """
    db["messages"].add_column("pinned_case", int)
    db["case_notes"].create(
        {"id": int, "case_id": int, "text": str, "created_at": str},
        pk="id",
        foreign_keys=[("case_id", "cases", "id")],
        not_null={"case_id", "text", "created_at"},
    )
    db["case_notes"].create_index(["case_id"])


@migrations()
def m008_case_answered_at(db: Database) -> None:
    """When the agent last answered a case (or asked back) in triage.

    Her mail client marks the messages she replied to `\\Answered` on the server;
    a case she marks answered or waiting by hand, or whose messages were imported
    without flags, needs the moment kept here, so that a wait counts from the
    first message after it.
    """
    db["cases"].add_column("answered_at", str)


@migrations()
def m009_reply_to(db: Database) -> None:
    """Reply-To, the customer's display name, and an index on display names.

    A contact form sends `From: Formulaire de contact <no-reply@...>` with the
    customer in Reply-To; the rules take the Reply-To as the customer for such
    mail (rules.customers), and store their name as `customer_name` (NULL: not
    judged since). Grouping looks messages up by `from_name`, now by its index.

    Messages stored before are filled in from their raw bytes, but only those from
    a role address (`is_role_address`), and from their header alone: a 100,000-
    message database reads a few thousand headers, not every message. Those whose
    customer changes lose it, so that the next import or sync judges them again
    (`unjudged_ids`), as a relabel would; `regroup` then splits their cases.
    """
    # Imported here: the parser and the rules would slow every start of the store
    # (50 ms) for a step that runs once.
    from triage.mail import read_reply_to
    from triage.rules.customers import customer_address, is_role_address

    messages = db["messages"]
    messages.add_column("reply_to", str)
    messages.add_column("reply_to_name", str, not_null_default="")
    messages.add_column("customer_name", str)
    messages.create_index(["from_name"])
    conn = db.conn
    roles = [
        address
        for (address,) in conn.execute("SELECT DISTINCT from_addr FROM messages")
        if address and is_role_address(address)
    ]
    found: list[tuple[str, str, bool, int]] = []
    for message_id, from_addr, raw, compression in conn.execute(
        "SELECT m.id, m.from_addr, r.raw, r.compression FROM messages m "
        "JOIN raw_messages r ON r.id = m.id "
        "WHERE m.from_addr IN (SELECT value FROM json_each(?))",
        [json.dumps(roles)],
    ):
        reply_to, name = read_reply_to(_head(raw, compression))
        if reply_to is not None:
            changes = customer_address(from_addr, reply_to) != from_addr
            found.append((reply_to, name, changes, message_id))
    conn.executemany(
        "UPDATE messages SET reply_to = ?, reply_to_name = ?, "
        "customer = CASE WHEN ? THEN NULL ELSE customer END WHERE id = ?",
        found,
    )


def _head(raw: bytes, compression: str) -> bytes:
    """The start of a stored message (see store.pack_raw), enough for its header."""
    if compression != "zlib":
        return bytes(raw)
    try:
        start = zlib.decompressobj().decompress(raw, _HEAD_BYTES)
        if len(start) < _HEAD_BYTES or b"\n\n" in start or b"\r\n\r\n" in start:
            return start
        return zlib.decompress(raw)
    except zlib.error:  # damaged: `show` says so; here it has no Reply-To
        return b""


@migrations()
def m010_drafts(db: Database) -> None:
    """Replies the agent wrote in the review, kept whether or not they reached the
    server's Drafts folder: `appended_to` says where they went (NULL: not yet)."""
    db["drafts"].create(
        {
            "id": int,
            "case_id": int,
            "raw": bytes,
            "created_at": str,
            "appended_to": str,  # account/folder, once APPENDed with \Draft
            "error": str,  # why the APPEND failed, if it did
        },
        pk="id",
        not_null={"case_id", "raw", "created_at"},
    )
    db["drafts"].create_index(["case_id"])


@migrations()
def m011_case_rows_index(db: Database) -> None:
    """An index holding what the case queue reads of each message.

    The review reads the messages of every open case at start and after each
    action (`store.case_facts`): case, date, ID, the customer's name and subject.
    In the table those sit behind the body (`case_id` and `customer_name` were
    added after it), so reading them walks the overflow pages of every large
    message: 0.37 s for 100,000 messages, 0.09 s from this index. It begins with
    `case_id`, so it serves every lookup the index of m006 served, and replaces it.
    """
    db["messages"].create_index(
        ["case_id", "date", "id", "customer_name", "from_name", "subject"],
        index_name="idx_messages_case_rows",
    )
    db.execute("DROP INDEX IF EXISTS idx_messages_case_id")


@migrations()
def m012_review_sessions(db: Database) -> None:
    """When each `triage review` began and ended (store/reviews.py)."""
    db["review_sessions"].create(
        {"id": int, "started_at": str, "ended_at": str},
        pk="id",
        not_null={"started_at"},
    )


@migrations()
def m013_stats_indexes(db: Database) -> None:
    """Indexes holding what `triage stats` counts, so that it never reads the table.

    Counting a period's messages, customers, cases and domains read every row of
    `messages` in it, bodies and all: 0.2 s a view over 100,000 messages. This index
    holds each message's date, customer, address and case, and serves those counts
    alone. Parse errors are few: a partial index finds them without a scan.
    """
    db["messages"].create_index(
        ["date", "customer", "from_addr", "case_id"],
        index_name="idx_messages_stats",
    )
    db.execute(
        "CREATE INDEX idx_messages_parse_errors ON messages (id, date) "
        "WHERE parse_error IS NOT NULL"
    )
