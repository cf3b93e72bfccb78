"""A reply saved against a real Dovecot: kept locally first, APPENDed to Drafts with
\\Draft, the case's customer messages marked \\Answered on the server and here; and
every way it can stop short (no Drafts folder, no account, a refused login, a folder
recreated since the sync) keeps the draft locally with the reason."""

import email
import email.policy
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from dovecot import Dovecot, ImapUser
from typer.testing import CliRunner

from triage.cases.queue import CaseFilter, case_detail, list_cases
from triage.cli import app
from triage.config import Config, load_config
from triage.drafts import render, start_draft
from triage.importer import import_mailbox
from triage.outbox import NO_ACCOUNT, save_reply
from triage.store import Store, open_store

WriteConfig = Callable[..., Path]
ALICE = "alice.martin@example.com"
BODY = "Bonjour Alice,\n\nVotre colis part demain matin.\n\nCordialement,\nSAV\n"


def mail(n: int, sender: str, name: str, subject: str, body: str) -> bytes:
    return (
        f"From: {name} <{sender}>\r\n"
        "To: sav@shop.example\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: <{n}.{sender}>\r\n"
        f"Date: Mon, 0{n} Nov 2026 09:00:00 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"{body}\r\n"
    ).encode()


# Two messages of Alice's (one case), and one of Bruno's.
INBOX = [
    mail(
        2,
        ALICE,
        "Alice Martin",
        "Colis jamais arrivé",
        "Bonjour, mon colis n'est jamais arrivé. Commande CMD-2026-100200.",
    ),
    mail(
        3,
        ALICE,
        "Alice Martin",
        "Colis jamais arrivé",
        "Toujours rien reçu, que faire ?",
    ),
    mail(4, "bruno@example.org", "Bruno Petit", "Facture", "Où est ma facture ?"),
]


@pytest.fixture
def write_config(
    tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> WriteConfig:
    def write(user: ImapUser, *, folders: str, extra: str = "") -> Path:
        path = tmp_path / "config.toml"
        path.write_text(
            "[accounts.work]\n"
            f'host = "127.0.0.1"\nport = {dovecot.imap_port}\n'
            f'user = "{user.name}"\ntls = "starttls"\n'
            f'ca_file = "{dovecot.cafile}"\nfolders = [{folders}]\ntimeout = 10\n'
            f"{extra}\n[sync]\nretries = 0\n"
        )
        monkeypatch.setenv("TRIAGE_PASSWORD", user.password)
        return path

    return write


@pytest.fixture
def synced(
    imap_user: ImapUser, write_config: WriteConfig, runner: CliRunner, db_path: Path
) -> Iterator[Callable[..., tuple[Config, Store]]]:
    """INBOX filled and synced with `triage sync`; the config and the store."""
    opened: list[Store] = []

    def sync(
        user: ImapUser = imap_user, *, folder: str = "INBOX", **config: str
    ) -> tuple[Config, Store]:
        user.append_many(folder, INBOX)
        path = write_config(user, folders=json.dumps(folder), **config)
        result = runner.invoke(
            app, ["--config", str(path), "--db", str(db_path), "sync"]
        )
        assert result.exit_code == 0, result.output
        opened.append(open_store(db_path))
        return load_config(path, required=True), opened[-1]

    yield sync
    for store in opened:
        store.close()


def alice_case(store: Store) -> int:
    (found,) = list_cases(store, CaseFilter(customer="alice"))
    return found.facts.id


def reply_to(store: Store, case_id: int) -> bytes:
    draft = start_draft(case_detail(store, case_id))
    return render(replace(draft, body=BODY), "sav@shop.example")


def drafts_on_server(user: ImapUser, folder: str = "Drafts") -> list[tuple]:
    """(flags, message) of each message in `folder`."""
    with user.client() as client:
        client.select_folder(folder, readonly=True)
        fetched = client.fetch(client.search("ALL"), ["FLAGS", "BODY.PEEK[]"])
    return [
        (
            {f.decode() for f in item[b"FLAGS"]},
            email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default),
        )
        for item in fetched.values()
    ]


def uids_by_sender(user: ImapUser) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    with user.client() as client:
        client.select_folder("INBOX", readonly=True)
        fetched = client.fetch(
            client.search("ALL"), ["BODY.PEEK[HEADER.FIELDS (FROM)]"]
        )
    for uid, item in fetched.items():
        header = next(v for k, v in item.items() if k.startswith(b"BODY"))
        sender = "alice" if b"alice" in header else "bruno"
        found.setdefault(sender, []).append(uid)
    return found


def test_a_reply_goes_to_drafts_and_the_case_is_marked_answered(
    synced: Callable[..., tuple[Config, Store]],
    imap_user: ImapUser,
    runner: CliRunner,
    db_path: Path,
) -> None:
    config, store = synced()
    case_id = alice_case(store)
    raw = reply_to(store, case_id)

    result = save_reply(store, config, case_id, raw)

    assert (result.account, result.appended_to, result.error) == (
        "work",
        "work/Drafts",
        None,
    )
    assert result.flagged == 2 and result.flag_error is None
    assert result.describe() == "Reply saved in work/Drafts; 2 messages marked answered"
    ((flags, draft),) = drafts_on_server(imap_user)
    assert "\\Draft" in flags
    assert draft["Subject"] == "Re: Colis jamais arrivé"
    assert draft["To"].addresses[0].addr_spec == ALICE
    assert draft["In-Reply-To"] == f"<3.{ALICE}>"
    assert draft["References"].split() == [f"<3.{ALICE}>"]
    assert "Votre colis part demain matin." in draft.get_content()
    # On the server: Alice's two messages answered, Bruno's not.
    server = imap_user.flags("INBOX")
    uids = uids_by_sender(imap_user)
    assert all("\\Answered" in server[uid] for uid in uids["alice"])
    assert all("\\Answered" not in server[uid] for uid in uids["bruno"])
    # Here too, and the draft row says where it went.
    flags_here = {m.from_addr: m.flags for m in store.messages()}
    assert flags_here[ALICE] == ("\\Answered",)
    assert flags_here["bruno@example.org"] == ()
    (saved,) = store.drafts.for_case(case_id)
    assert (saved.id, saved.appended_to, saved.error) == (
        result.draft_id,
        "work/Drafts",
        None,
    )
    assert store.drafts.raw(saved.id) == raw
    # The next sync finds the flags it already has: nothing changed.
    path = str(db_path.parent / "config.toml")
    again = runner.invoke(app, ["--config", path, "--db", str(db_path), "sync"])
    assert again.exit_code == 0, again.output
    assert "work: 0 new, 0 changed, 0 expunged" in again.stdout


def test_without_a_drafts_folder_the_draft_is_kept_locally_with_what_to_set(
    dovecot: Dovecot, synced: Callable[..., tuple[Config, Store]]
) -> None:
    # Dovecot creates no Drafts for this user: no folder is marked \Drafts.
    user = dovecot.add_user(settings={"namespace/inbox/mailbox/Drafts/auto": "no"})
    config, store = synced(user)
    case_id = alice_case(store)

    result = save_reply(store, config, case_id, reply_to(store, case_id))

    assert result.appended_to is None and result.flagged == 0
    assert result.error is not None
    assert "no folder marked \\Drafts" in result.error
    assert 'set drafts = "FOLDER" in [accounts.work]' in result.error
    assert result.describe() == f"Reply saved locally; Drafts failed: {result.error}"
    (saved,) = store.drafts.for_case(case_id)
    assert (saved.appended_to, saved.error) == (None, result.error)
    assert all("\\Answered" not in f for f in user.flags("INBOX").values())
    assert all(m.flags == () for m in store.messages())


def test_the_drafts_setting_names_the_folder(
    imap_user: ImapUser, synced: Callable[..., tuple[Config, Store]]
) -> None:
    imap_user.create_folder("Brouillons")
    config, store = synced(extra='drafts = "Brouillons"')
    case_id = alice_case(store)

    result = save_reply(store, config, case_id, reply_to(store, case_id))

    assert result.appended_to == "work/Brouillons"
    assert len(drafts_on_server(imap_user, "Brouillons")) == 1
    assert drafts_on_server(imap_user, "Drafts") == []


def test_a_drafts_setting_naming_no_folder_keeps_the_draft_locally(
    synced: Callable[..., tuple[Config, Store]],
) -> None:
    config, store = synced(extra='drafts = "Nowhere"')
    case_id = alice_case(store)

    result = save_reply(store, config, case_id, reply_to(store, case_id))

    assert result.appended_to is None
    assert result.error is not None and "'Nowhere'" in result.error
    assert store.drafts.for_case(case_id)[0].error == result.error


def test_a_refused_login_keeps_the_draft_locally_and_shows_no_password(
    synced: Callable[..., tuple[Config, Store]],
    imap_user: ImapUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, store = synced()
    case_id = alice_case(store)
    monkeypatch.setenv("TRIAGE_PASSWORD", "wrong-pw-Q7x")

    result = save_reply(store, config, case_id, reply_to(store, case_id))

    assert result.appended_to is None and result.error is not None
    assert "refused the login" in result.error
    assert "wrong-pw-Q7x" not in result.describe()
    assert imap_user.password not in result.describe()
    assert store.drafts.for_case(case_id)[0].error == result.error


def test_a_folder_recreated_since_the_sync_is_not_flagged(
    imap_user: ImapUser, synced: Callable[..., tuple[Config, Store]]
) -> None:
    imap_user.create_folder("Reclamations")
    config, store = synced(folder="Reclamations")
    case_id = alice_case(store)
    imap_user.recreate_folder("Reclamations")
    imap_user.append_many("Reclamations", INBOX)  # the same mail, new UIDs

    result = save_reply(store, config, case_id, reply_to(store, case_id))

    assert result.appended_to == "work/Drafts"
    assert result.flagged == 0
    assert result.flag_error is not None and "run `triage sync`" in result.flag_error
    assert all("\\Answered" not in f for f in imap_user.flags("Reclamations").values())
    assert all(m.flags == () for m in store.messages())


def test_imported_mail_without_an_account_is_kept_locally(
    store: Store, make_mbox: Callable[..., Path]
) -> None:
    import_mailbox(store, make_mbox(INBOX), config=Config())
    case_id = alice_case(store)
    raw = reply_to(store, case_id)

    result = save_reply(store, Config(), case_id, raw)

    assert (result.account, result.appended_to, result.error) == (
        None,
        None,
        NO_ACCOUNT,
    )
    assert result.describe() == "Reply kept locally; no account to put it in Drafts"
    (saved,) = store.drafts.for_case(case_id)
    assert saved.error == NO_ACCOUNT
    assert store.drafts.raw(saved.id) == raw


def test_the_outbox_is_core_and_imports_no_ui_library() -> None:
    code = (
        "import json, sys, triage.outbox, triage.drafts\n"
        "print(json.dumps(sorted(n for n in sys.modules "
        "if n.split('.')[0] in ('typer', 'textual', 'rich'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
