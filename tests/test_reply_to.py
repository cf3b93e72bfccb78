"""Contact-form mail: the customer is the Reply-To, not the form's no-reply sender.

The loyalty site's form sends `From: Formulaire de contact <no-reply@...>` with the
visitor in Reply-To. Two visitors must never share a case, and a visitor's form mail
and own mail are one customer. Databases written before triage read Reply-To get it
from their raw bytes (migration m009) and their customers judged again.
"""

import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from triage.cases.engine import regroup
from triage.importer import import_mailbox
from triage.mail import parse_mail
from triage.migrations import migrations
from triage.rules import engine
from triage.rules.customers import customer_of
from triage.store import Store, dedupe_key, open_store, pack_raw

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]
FORM = "no-reply@fidelite.example"


def day(n: int) -> str:
    return f"Mon, {n:02d} Nov 2026 09:00:00 +0000"


def form_mail(
    reply_to: str,
    message_id: str,
    date: str,
    subject: str = "[Contact] Points manquants",
    body: str = "Nom : Dupont\nMessage : il me manque 300 points sur ma carte.\n",
) -> bytes:
    """A mail of the site's contact form, written for the visitor in `reply_to`."""
    return (
        f"From: Formulaire de contact <{FORM}>\n"
        "To: sav@fidelite.example\n"
        f"Reply-To: {reply_to}\n"
        f"Message-ID: {message_id}\n"
        f"Date: {date}\n"
        f"Subject: {subject}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n" + body
    ).encode()


def names_of_cases(store: Store) -> dict[str, str]:
    """Each case's customer and the name it shows."""
    return {f.customer: f.name for f in store.cases.facts()}


def test_form_mails_of_two_people_are_two_cases_with_their_names(
    store: Store, make_mbox: MakeMbox
) -> None:
    mails = [
        form_mail("Marie Dupont <marie@example.com>", "<f1@fidelite>", day(2)),
        form_mail(
            "=?utf-8?q?Zo=C3=A9_Lef=C3=A8vre?= <zoe@example.fr>", "<f2@x>", day(3)
        ),
    ]
    marie, zoe = import_mailbox(store, make_mbox(mails)).new_ids
    assert store.message(marie).customer == "marie@example.com"
    assert store.message(zoe).customer == "zoe@example.fr"
    assert store.message(zoe).reply_to_name == "Zoé Lefèvre"
    assert store.message(marie).case_id != store.message(zoe).case_id
    assert names_of_cases(store) == {
        "marie@example.com": "Marie Dupont",
        "zoe@example.fr": "Zoé Lefèvre",
    }


def test_the_form_name_never_stands_for_a_visitor(
    store: Store, make_mbox: MakeMbox
) -> None:
    # No name in Reply-To: the case has no name rather than the form's.
    mails = [
        form_mail("marie@example.com", "<f1@x>", day(2)),
        form_mail("zoe@example.fr", "<f2@x>", day(3)),
    ]
    import_mailbox(store, make_mbox(mails))
    assert names_of_cases(store) == {"marie@example.com": "", "zoe@example.fr": ""}


def test_a_form_mail_and_her_own_mail_are_one_customer_and_one_case(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    mails = [
        form_mail("Marie Dupont <marie@example.com>", "<f1@x>", day(2)),
        make_mail(
            "Points manquants",
            "Bonjour, je vous ai écrit par le formulaire : il me manque 300 points.",
            sender="Marie@Example.com",
            name="Marie Dupont",
            message_id="<m2@example.com>",
            date=day(4),
        ),
    ]
    form, own = import_mailbox(store, make_mbox(mails)).new_ids
    assert store.message(form).customer == store.message(own).customer
    assert store.message(form).case_id == store.message(own).case_id
    assert names_of_cases(store) == {"marie@example.com": "Marie Dupont"}


def test_mail_from_a_bounce_address_keeps_its_sender(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    bounce = make_mail(
        "Undelivered Mail Returned to Sender",
        "This is the mail system at host mx.example-shop.fr.",
        sender="MAILER-DAEMON@mx.example-shop.fr",
        name="Mail Delivery System",
        headers=[("Reply-To", "Marie Dupont <marie@example.com>")],
    )
    (message_id,) = import_mailbox(store, make_mbox([bounce])).new_ids
    assert store.message(message_id).customer == "mailer-daemon@mx.example-shop.fr"
    assert store.message(message_id).reply_to == "marie@example.com"


def test_blank_database_indexes_display_names(store: Store) -> None:
    indexed = [ix.columns for ix in store.db["messages"].indexes]
    assert ["from_name"] in indexed


# Upgrading a database written before m009.

OLD_FINGERPRINT = "0123456789abcdef"


def old_database(path: Path, raws: list[tuple[bytes, str]]) -> list[int]:
    """A database as triage before m009 left it: its schema, its messages judged
    (customer from From) and grouped, one case per customer. Each raw message is
    stored with its compression, "zlib" or "none"."""
    db = Database(path)
    migrations.apply(db, stop_before="m009_reply_to")
    ids = []
    case_of: dict[str, int] = {}
    for raw, compression in raws:
        mail = parse_mail(raw)
        customer = customer_of(mail.from_addr)
        if customer not in case_of:
            case_of[customer] = int(
                db["cases"]
                .insert(
                    {
                        "customer": customer,
                        "subject": mail.subject,
                        "state": "answered",
                        "created_at": "2026-11-01T00:00:00Z",
                        "updated_at": "2026-11-01T00:00:00Z",
                    }
                )
                .last_pk
            )
        message_id = int(
            db["messages"]
            .insert(
                {
                    "message_id": mail.message_id,
                    "folder": "INBOX",
                    "date": mail.date,
                    "from_addr": mail.from_addr,
                    "from_name": mail.from_name,
                    "to_addrs": json.dumps(list(mail.to_addrs)),
                    "subject": mail.subject,
                    "body_text": mail.body_text,
                    "new_text": mail.new_text,
                    "content_hash": mail.content_hash,
                    "dedupe_key": dedupe_key(mail.message_id, mail.content_hash),
                    "size": mail.size,
                    "added_at": "2026-11-01T00:00:00Z",
                    "customer": customer,
                    "language": "fr",
                    "tone": 0,
                    "judged_with": OLD_FINGERPRINT,
                    "case_id": case_of[customer],
                }
            )
            .last_pk
        )
        stored = pack_raw(raw) if compression == "zlib" else raw
        db["raw_messages"].insert(
            {"id": message_id, "raw": stored, "compression": compression}
        )
        ids.append(message_id)
    db.close()
    return ids


@pytest.fixture
def upgraded(tmp_path: Path, make_mail: MakeMail) -> Iterator[tuple[Store, list[int]]]:
    """An old database with two visitors' form mails, one uncompressed, a form mail
    without Reply-To, and a person's mail with a Reply-To; opened (so migrated)."""
    path = tmp_path / "old.db"
    ids = old_database(
        path,
        [
            (form_mail("Marie Dupont <marie@example.com>", "<f1@x>", day(2)), "zlib"),
            (form_mail("Paul Martin <paul@example.com>", "<f2@x>", day(3)), "none"),
            (
                make_mail(
                    "[Contact] Points manquants",
                    "Formulaire sans adresse de réponse.",
                    sender=FORM,
                    name="Formulaire de contact",
                    message_id="<f3@x>",
                    date=day(4),
                ),
                "zlib",
            ),
            (
                make_mail(
                    sender="jean@example.com",
                    name="Jean Petit",
                    message_id="<j1@x>",
                    headers=[("Reply-To", "Jean au bureau <jean@work.example>")],
                ),
                "zlib",
            ),
        ],
    )
    store = open_store(path)
    yield store, ids
    store.close()


def test_migration_reads_reply_to_of_role_senders_only(
    upgraded: tuple[Store, list[int]],
) -> None:
    store, (marie, paul, no_reply_to, jean) = upgraded
    found = {
        m.id: (m.reply_to, m.reply_to_name)
        for m in store.messages_by_id([marie, paul, no_reply_to, jean])
    }
    assert found == {
        marie: ("marie@example.com", "Marie Dupont"),
        paul: ("paul@example.com", "Paul Martin"),  # stored uncompressed
        no_reply_to: (None, ""),
        jean: (None, ""),  # From is a person: not read again
    }
    # Those whose customer changes are to be judged again; the others keep theirs.
    assert sorted(store.labels.unjudged_ids()) == [marie, paul]
    assert store.message(no_reply_to).customer == FORM
    assert store.message(jean).customer == "jean@example.com"


def test_next_import_after_upgrade_judges_their_customers_again(
    upgraded: tuple[Store, list[int]], make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    store, (marie, paul, _, _) = upgraded
    new = make_mail(sender="claire@example.com", message_id="<c1@x>", date=day(9))
    import_mailbox(store, make_mbox([new]))
    assert store.message(marie).customer == "marie@example.com"
    assert store.message(paul).customer == "paul@example.com"
    assert store.labels.unjudged_ids() == []
    # Still in the form's old case until a regroup, which splits it, each case
    # keeping the state it had.
    assert store.message(marie).case_id == store.message(paul).case_id
    regroup(store)
    assert store.message(marie).case_id != store.message(paul).case_id
    names = names_of_cases(store)
    assert names["marie@example.com"] == "Marie Dupont"
    assert names["paul@example.com"] == "Paul Martin"
    cases = {store.message(i).case_id for i in (marie, paul)}
    assert {store.cases.state(c) for c in cases if c is not None} == {"answered"}


def test_relabel_after_upgrade_judges_every_message_again(
    upgraded: tuple[Store, list[int]],
) -> None:
    store, (marie, paul, no_reply_to, jean) = upgraded
    engine.relabel(store)
    rows = store.conn.execute(
        "SELECT id, customer, customer_name, judged_with FROM messages ORDER BY id"
    ).fetchall()
    assert rows == [
        (marie, "marie@example.com", "Marie Dupont", engine.fingerprint()),
        (paul, "paul@example.com", "Paul Martin", engine.fingerprint()),
        (no_reply_to, FORM, "Formulaire de contact", engine.fingerprint()),
        (jean, "jean@example.com", "Jean Petit", engine.fingerprint()),
    ]


def test_the_choice_of_customer_is_in_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = engine.fingerprint()
    monkeypatch.setattr(engine, "_FACTS_VERSION", "another reading of the facts")
    assert engine.fingerprint() != before


def test_migration_survives_a_damaged_raw_message(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = form_mail("Marie Dupont <marie@example.com>", "<f1@x>", day(2))
    (message_id,) = old_database(path, [(raw, "zlib")])
    db = Database(path)
    damaged = zlib.compress(raw)[:20] + b"\x00" * 20
    db["raw_messages"].update(message_id, {"raw": damaged})
    db.close()
    store = open_store(path)
    try:
        assert store.message(message_id).reply_to is None
        assert store.message(message_id).customer == FORM
    finally:
        store.close()
