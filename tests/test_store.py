"""store.py: open, migrate, write, deduplicate and query a real SQLite file."""

import dataclasses
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from triage.errors import InputError, StoreError, UsageError
from triage.mail import parse_mail
from triage.migrations import known_steps
from triage.store import BUSY_TIMEOUT_MS, MessageFilter, Store, open_store, pack_raw
from triage.store.core import SCHEMA_STEPS

MakeMail = Callable[..., bytes]


def add(store: Store, *raws: bytes, folder: str = "INBOX") -> list[int]:
    """Store `raws` in one batch; the IDs of the messages, in the order given."""
    store.add_mails([(pack_raw(raw), parse_mail(raw)) for raw in raws], folder)
    rows = store.conn.execute("SELECT id FROM messages ORDER BY id").fetchall()
    return [row[0] for row in rows][-len(raws) :]


def ids(store: Store, **filters: object) -> list[int]:
    return [m.id for m in store.messages(MessageFilter(**filters))]  # type: ignore[arg-type]


def label(store: Store, message_id: int, name: str) -> None:
    store.conn.execute(
        "INSERT INTO message_labels (message_id, label, reason) VALUES (?, ?, 'test')",
        (message_id, name),
    )
    store.conn.commit()


# Opening and migrating


def test_open_sets_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    assert BUSY_TIMEOUT_MS > 0
    assert conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


def test_every_opening_sets_the_same_pragmas(store: Store, db_path: Path) -> None:
    """The first opening migrates through sqlite-utils; later ones skip it. Both
    must leave the connection alike."""
    first = [store.conn.execute(f"PRAGMA {p}").fetchone()[0] for p in _PRAGMAS]
    again = open_store(db_path)
    try:
        later = [again.conn.execute(f"PRAGMA {p}").fetchone()[0] for p in _PRAGMAS]
    finally:
        again.close()
    assert first == later


_PRAGMAS = (
    "journal_mode",
    "foreign_keys",
    "busy_timeout",
    "synchronous",
    "recursive_triggers",
)


def test_wal_mode_is_recorded_in_the_file(store: Store, db_path: Path) -> None:
    # journal_mode=WAL persists: a second, plain connection sees it too.
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_open_creates_missing_parent_directories(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "triage.db"
    opened = open_store(path)
    opened.close()
    assert path.is_file()


EXPECTED_COLUMNS = {
    "messages": {
        "id",
        "message_id",
        "folder",
        "date",
        "from_addr",
        "from_name",
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
        "customer",
        "language",
        "tone",
        "judged_with",
        "case_id",
        "pinned_case",
        "reply_to",
        "reply_to_name",
        "customer_name",
    },
    "raw_messages": {"id", "raw", "compression"},
    "message_labels": {"message_id", "label", "reason", "rule", "source"},
    "label_removals": {"message_id", "label", "removed_at"},
    "label_suppressions": {"message_id", "label", "rule"},
    "cases": {"id", "customer", "subject", "state", "snoozed_until", "answered_at"},
    "case_notes": {"id", "case_id", "text", "created_at"},
    "folders": {"account", "name", "uidvalidity", "uidnext", "highestmodseq"},
    "message_locations": {"account", "folder", "uidvalidity", "uid", "message_id"},
    "messages_fts": {"subject", "body_text"},
    "_sqlite_migrations": {"migration_set", "name", "applied_at"},
}


def test_blank_database_migrates_to_the_expected_schema(store: Store) -> None:
    tables = set(store.db.table_names())
    assert set(EXPECTED_COLUMNS) <= tables
    for table, columns in EXPECTED_COLUMNS.items():
        assert set(store.db[table].columns_dict) >= columns, table
    assert set(store.db["messages"].columns_dict) == EXPECTED_COLUMNS["messages"]
    assert store.db["messages"].pks == ["id"]
    assert store.db["message_labels"].pks == ["message_id", "label"]
    fks = {
        (fk.table, fk.column, fk.other_table)
        for fk in store.db["raw_messages"].foreign_keys
    }
    assert fks == {("raw_messages", "id", "messages")}
    unique = [ix.columns for ix in store.db["messages"].indexes if ix.unique]
    assert ["dedupe_key"] in unique


def test_migrations_are_recorded_under_the_triage_set(store: Store) -> None:
    rows = store.conn.execute(
        "SELECT migration_set, name FROM _sqlite_migrations ORDER BY rowid"
    ).fetchall()
    assert rows[0] == ("triage", "m001_initial")
    assert {row[0] for row in rows} == {"triage"}


def test_reopening_a_migrated_database_keeps_its_data(
    store: Store, db_path: Path, make_mail: MakeMail
) -> None:
    add(store, make_mail())
    store.close()
    again = open_store(db_path)
    try:
        assert again.count() == 1
        applied = again.conn.execute(
            "SELECT count(*) FROM _sqlite_migrations WHERE name = 'm001_initial'"
        ).fetchone()[0]
        assert applied == 1
    finally:
        again.close()


def test_unknown_applied_migration_means_a_newer_triage(
    store: Store, db_path: Path
) -> None:
    # What a newer triage leaves: one more step recorded, and counted.
    store.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('triage', 'm999_future', '2030-01-01 00:00:00+00:00')"
    )
    store.conn.execute(f"PRAGMA user_version = {SCHEMA_STEPS + 1}")
    store.conn.commit()
    store.close()
    with pytest.raises(StoreError) as caught:
        open_store(db_path)
    assert "newer" in caught.value.message
    assert "m999_future" in caught.value.message
    assert str(db_path) in caught.value.message


def test_a_newer_database_is_refused_while_a_newer_triage_writes_to_it(
    store: Store, db_path: Path
) -> None:
    """No waiting for the write lock to say "upgrade triage": the steps are read
    before it is taken."""
    store.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('triage', 'm999_future', '2030-01-01 00:00:00+00:00')"
    )
    store.conn.execute(f"PRAGMA user_version = {SCHEMA_STEPS + 1}")
    store.conn.execute("BEGIN IMMEDIATE")  # the newer triage, writing
    try:
        with pytest.raises(StoreError) as caught:
            open_store(db_path)
        assert "newer" in caught.value.message
    finally:
        store.conn.execute("ROLLBACK")


def test_schema_steps_counts_every_migration(store: Store) -> None:
    assert len(known_steps()) == SCHEMA_STEPS
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_STEPS


def test_a_database_from_before_the_step_count_is_stamped_once(
    store: Store, db_path: Path
) -> None:
    """Databases written before user_version counted the steps hold 0 there: the
    first open checks the steps by name, finds none missing, and records the count."""
    store.conn.execute("PRAGMA user_version = 0")
    store.close()
    again = open_store(db_path)
    try:
        version = again.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_STEPS
        steps = again.conn.execute(
            "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'triage'"
        ).fetchone()[0]
        assert steps == SCHEMA_STEPS
    finally:
        again.close()


def test_other_migration_sets_in_the_same_file_are_ignored(
    store: Store, db_path: Path
) -> None:
    store.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('someone_else', 'm999_theirs', '2030-01-01 00:00:00+00:00')"
    )
    store.conn.commit()
    store.close()
    open_store(db_path).close()


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(path) in caught.value.message
    assert "not a triage database" in caught.value.message


def test_a_directory_as_database_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path)
    assert str(tmp_path) in caught.value.message


def test_a_database_under_a_file_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path / "file" / "triage.db")
    assert "cannot create the directory" in caught.value.message


# Raw bytes


@pytest.mark.parametrize(
    "raw",
    [
        b"Subject: crlf\r\nFrom: a@example.com\r\n\r\nline one\r\nline two\r\n",
        b"Subject: nul\nFrom: a@example.com\n\nbefore\x00after\n",
        b"Subject: 8bit \xe9t\xe9\nFrom: a@example.com\n\n\xff\x80\x9b caf\xc3\xa9\n",
        b"Subject: no final newline\nFrom: a@example.com\n\nend",
        b"no headers at all \x00\x01\x02",
        bytes(range(256)) * 40,
    ],
    ids=["crlf", "nul", "8bit", "no-final-newline", "garbage", "all-bytes"],
)
def test_raw_bytes_round_trip_exactly(store: Store, raw: bytes) -> None:
    (message_id,) = add(store, raw)
    assert store.raw(message_id) == raw
    assert store.message(message_id).size == len(raw)


def test_raw_of_an_unknown_id_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="no message with ID 42"):
        store.raw(42)


def test_message_of_an_unknown_id_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="no message with ID 42"):
        store.message(42)


# Deduplication


def test_same_message_id_and_content_is_present(
    store: Store, make_mail: MakeMail
) -> None:
    raw = make_mail(message_id="<same@example.com>")
    first = store.add_mails([(pack_raw(raw), parse_mail(raw))], "INBOX")
    # Another copy of one message: transport headers differ, the content does not.
    copy = b"Received: from mx2.example.net; Tue, 3 Nov 2026 10:00:00 +0000\n" + raw
    second = store.add_mails([(pack_raw(copy), parse_mail(copy))], "Archive")
    assert (first.new, first.present, first.failed) == (1, 0, 0)
    assert (second.new, second.present, second.failed) == (0, 1, 0)
    assert store.count() == 1


def test_same_message_id_with_another_body_is_new(
    store: Store, make_mail: MakeMail
) -> None:
    one = make_mail(message_id="<reused@example.com>", body="First complaint.\n")
    two = make_mail(message_id="<reused@example.com>", body="Another complaint.\n")
    store.add_mails([(pack_raw(one), parse_mail(one))], "INBOX")
    result = store.add_mails([(pack_raw(two), parse_mail(two))], "INBOX")
    assert (result.new, result.present) == (1, 0)
    assert store.count() == 2


def test_no_message_id_and_same_content_is_present(
    store: Store, make_mail: MakeMail
) -> None:
    raw = make_mail(message_id=None)
    store.add_mails([(pack_raw(raw), parse_mail(raw))], "INBOX")
    result = store.add_mails([(pack_raw(raw), parse_mail(raw))], "INBOX")
    assert (result.new, result.present) == (0, 1)
    assert store.count() == 1


def test_no_message_id_and_other_content_is_new(
    store: Store, make_mail: MakeMail
) -> None:
    one = make_mail(message_id=None, body="One.\n")
    two = make_mail(message_id=None, body="Two.\n")
    result = store.add_mails(
        [(pack_raw(one), parse_mail(one)), (pack_raw(two), parse_mail(two))], "X"
    )
    assert (result.new, result.present) == (2, 0)


def test_duplicates_within_one_batch_are_counted_present(
    store: Store, make_mail: MakeMail
) -> None:
    raw = make_mail()
    result = store.add_mails(
        [(pack_raw(raw), parse_mail(raw)), (pack_raw(raw), parse_mail(raw))], "X"
    )
    assert (result.new, result.present, result.failed) == (1, 1, 0)


def test_a_message_that_failed_to_parse_is_stored_and_counted_failed(
    store: Store,
) -> None:
    raw = b"this is not an e-mail message\n"
    result = store.add_mails([(pack_raw(raw), parse_mail(raw))], "INBOX")
    assert (result.new, result.present, result.failed) == (0, 0, 1)
    (message,) = store.messages()
    assert message.parse_error
    assert store.raw(message.id) == raw


def test_fields_survive_the_round_trip(store: Store, make_mail: MakeMail) -> None:
    raw = make_mail(
        subject="Réclamation",
        headers=[("Cc", "Bob <bob@example.org>"), ("In-Reply-To", "<0@shop.example>")],
    )
    (message_id,) = add(store, raw, folder="Réclamations")
    m = store.message(message_id)
    assert m.message_id == "<1@example.com>"
    assert m.folder == "Réclamations"
    assert m.date == "2026-11-02T09:15:00Z"
    assert (m.from_addr, m.from_name) == ("alice@example.com", "Alice Martin")
    assert m.to_addrs == ("support@shop.example",)
    assert m.cc_addrs == ("bob@example.org",)
    assert m.subject == "Réclamation"
    assert m.in_reply_to == "<0@shop.example>"
    assert "jamais arrivé" in m.body_text
    assert m.labels == ()
    assert m.parse_error is None
    assert m.added_at.endswith("Z")


# Full-text search


@pytest.fixture
def searchable(store: Store, make_mail: MakeMail) -> Store:
    add(
        store,
        make_mail(
            subject="Réclamation commande CMD-2026-104233",
            body="Ma commande CMD-2026-104233 est arrivée cassée.\n",
            message_id="<a@example.com>",
        ),
        make_mail(
            subject="Question",
            body="Quel est le délai de remboursement ?\n",
            message_id="<b@example.com>",
        ),
    )
    return store


def test_search_ignores_accents(searchable: Store) -> None:
    assert [
        m.subject for m in searchable.messages(MessageFilter(search="reclamation"))
    ] == ["Réclamation commande CMD-2026-104233"]
    assert len(ids(searchable, search="REMBOURSEMENT")) == 1
    assert len(ids(searchable, search="délai")) == 1
    assert len(ids(searchable, search="delai")) == 1


def test_search_finds_an_order_number(searchable: Store) -> None:
    found = list(searchable.messages(MessageFilter(search="CMD-2026-104233")))
    assert [m.message_id for m in found] == ["<a@example.com>"]
    assert ids(searchable, search="104233") == [found[0].id]


def test_search_words_are_prefixes_and_all_required(searchable: Store) -> None:
    assert len(ids(searchable, search="rembours")) == 1
    assert ids(searchable, search="commande remboursement") == []


def test_search_with_no_match_is_empty(searchable: Store) -> None:
    assert ids(searchable, search="introuvable") == []


@pytest.mark.parametrize("query", ["a AND", "AND", "x OR", "(", "NEAR(", "*", "-x"])
def test_a_malformed_search_is_a_usage_error_or_results(
    searchable: Store, query: str
) -> None:
    try:
        found = ids(searchable, search=query)
    except UsageError as exc:
        assert query in exc.message
    else:
        assert isinstance(found, list)


@pytest.mark.parametrize(
    "query",
    [
        'commande"',
        '"',
        'CMD-2026-104233 "cassée',
        "CMD-2026-104233 OR remboursement",
        "client:dupont AND colis",
    ],
)
def test_a_stray_quote_or_operator_is_a_usage_error_or_results(
    searchable: Store, query: str
) -> None:
    try:
        found = ids(searchable, search=query)
    except UsageError as exc:
        assert "search" in exc.message
    else:
        assert isinstance(found, list)


def test_search_follows_updates_and_deletes(searchable: Store) -> None:
    # The FTS index is kept in step by triggers, not by store code.
    conn = searchable.conn
    (target,) = ids(searchable, search="remboursement")
    conn.execute("UPDATE messages SET body_text = 'avoir' WHERE id = ?", [target])
    assert ids(searchable, search="remboursement") == []
    assert ids(searchable, search="avoir") == [target]
    conn.execute("DELETE FROM raw_messages WHERE id = ?", [target])
    conn.execute("DELETE FROM messages WHERE id = ?", [target])
    assert ids(searchable, search="avoir") == []


# Filters


@pytest.fixture
def populated(store: Store, make_mail: MakeMail) -> dict[str, int]:
    """Five messages over three days from three domains; returns their IDs by name."""
    specs = {
        "alice1": (
            "alice@example.com",
            "Alice Martin",
            "Mon, 02 Nov 2026 09:00:00 +0000",
        ),
        "alice2": (
            "alice@example.com",
            "Alice Martin",
            "Tue, 03 Nov 2026 09:00:00 +0000",
        ),
        "bob": (
            "bob@Shop.Example.ORG",
            "Bob Durand",
            "Tue, 03 Nov 2026 18:00:00 +0000",
        ),
        "carol": ("carol@mail.fr", "Carole", "Wed, 04 Nov 2026 23:30:00 +0000"),
        "dave": ("dave@notexample.com", "Dave", "Wed, 04 Nov 2026 08:00:00 +0000"),
    }
    result = {}
    for name, (addr, display, date) in specs.items():
        raw = make_mail(
            subject=f"Message from {name}",
            body=f"Body of {name}.\n",
            sender=addr,
            name=display,
            message_id=f"<{name}@example.com>",
            date=date,
        )
        (result[name],) = add(store, raw)
    (result["broken"],) = add(store, b"\x00\x01 not mail at all\n")
    return result


def test_messages_are_newest_first_with_undated_last(
    store: Store, populated: dict[str, int]
) -> None:
    order = ids(store)
    expected = ["carol", "dave", "bob", "alice2", "alice1", "broken"]
    assert order == [populated[n] for n in expected]


def test_filter_by_sender_substring(store: Store, populated: dict[str, int]) -> None:
    assert sorted(ids(store, sender="alice")) == sorted(
        [populated["alice1"], populated["alice2"]]
    )
    assert ids(store, sender="ALICE@EXAMPLE") == ids(store, sender="alice@example")
    assert ids(store, sender="Durand") == [populated["bob"]]  # the display name
    assert ids(store, sender="nobody") == []


def test_filter_by_sender_domain(store: Store, populated: dict[str, int]) -> None:
    # @domain matches the end of the address only, case-insensitively.
    assert sorted(ids(store, sender="@example.com")) == sorted(
        [populated["alice1"], populated["alice2"]]
    )
    assert ids(store, sender="@shop.example.org") == [populated["bob"]]
    assert ids(store, sender="@SHOP.EXAMPLE.ORG") == [populated["bob"]]
    assert ids(store, sender="@mail.fr") == [populated["carol"]]


def test_sender_filter_treats_like_wildcards_literally(
    store: Store, populated: dict[str, int]
) -> None:
    assert ids(store, sender="%") == []
    assert ids(store, sender="_") == []


def test_filter_since_is_inclusive_and_until_exclusive(
    store: Store, populated: dict[str, int]
) -> None:
    since = ids(store, since="2026-11-03T09:00:00Z")
    assert sorted(since) == sorted(
        [populated[n] for n in ("alice2", "bob", "carol", "dave")]
    )
    until = ids(store, until="2026-11-03T09:00:00Z")
    assert until == [populated["alice1"]]
    window = ids(store, since="2026-11-03T00:00:00Z", until="2026-11-04T00:00:00Z")
    assert sorted(window) == sorted([populated["alice2"], populated["bob"]])


def test_filter_by_label(store: Store, populated: dict[str, int]) -> None:
    label(store, populated["bob"], "refund")
    label(store, populated["carol"], "refund")
    label(store, populated["carol"], "urgent")
    assert sorted(ids(store, label="refund")) == sorted(
        [populated["bob"], populated["carol"]]
    )
    assert ids(store, label="urgent") == [populated["carol"]]
    assert ids(store, label="none") == []
    assert store.message(populated["carol"]).labels == ("refund", "urgent")
    assert store.message(populated["alice1"]).labels == ()


def test_filter_parse_errors_only(store: Store, populated: dict[str, int]) -> None:
    assert ids(store, parse_errors_only=True) == [populated["broken"]]


def test_filter_limit(store: Store, populated: dict[str, int]) -> None:
    assert ids(store, limit=2) == [populated["carol"], populated["dave"]]
    assert ids(store, limit=0) == []
    assert len(ids(store, limit=100)) == 6


def test_filters_combine(store: Store, populated: dict[str, int]) -> None:
    found = ids(store, sender="@example.com", since="2026-11-03T00:00:00Z")
    assert found == [populated["alice2"]]
    assert store.count(MessageFilter(sender="@example.com")) == 2


# Totals and grouped counts


def test_totals(store: Store, populated: dict[str, int]) -> None:
    totals = store.totals()
    assert totals.messages == 6
    assert totals.senders == 4  # alice twice; the broken message has no sender
    assert totals.parse_errors == 1
    assert totals.first_date == "2026-11-02T09:00:00Z"
    assert totals.last_date == "2026-11-04T23:30:00Z"


def test_totals_of_an_empty_database(store: Store) -> None:
    totals = store.totals()
    assert (totals.messages, totals.senders, totals.parse_errors) == (0, 0, 0)
    assert (totals.first_date, totals.last_date) == (None, None)


def test_totals_follow_the_filter(store: Store, populated: dict[str, int]) -> None:
    totals = store.totals(MessageFilter(sender="alice"))
    assert (totals.messages, totals.senders, totals.parse_errors) == (2, 1, 0)
    assert totals.first_date == "2026-11-02T09:00:00Z"


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        label(store, 12345, "orphan")


def test_a_lone_surrogate_in_a_parsed_field_is_replaced_not_fatal(
    store: Store,
) -> None:
    raw = b"From: a@example.org\nSubject: x\n\nhello\n"
    parsed = dataclasses.replace(parse_mail(raw), subject="broken \udc80 subject")
    result = store.add_mails([(pack_raw(raw), parsed)], "INBOX")
    assert result.new == 1
    (message,) = store.messages()
    assert message.subject == "broken ? subject"
    assert store.raw(message.id) == raw


def test_writers_in_several_processes_wait_for_each_other(tmp_path: Path) -> None:
    # A new database opened and written by three imports at once: each waits for
    # the write lock (BEGIN IMMEDIATE) instead of failing with "database is locked".
    db = tmp_path / "shared.db"
    sample = Path(__file__).parent.parent / "triage" / "sample" / "mailbox.mbox"
    command = [sys.executable, "-m", "triage", "--db", str(db), "import", str(sample)]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors
    store = open_store(db)
    assert store.count() == 150
