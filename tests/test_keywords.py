"""Labels written back as `$triage-*` IMAP keywords, against the real Dovecot: what a
sync adds and removes, that a quiet sync sends nothing, the dry run, a server that
keeps no new keywords and one that refuses the STORE; and the `keywords` key."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dovecot import Dovecot, ImapUser
from imapclient import IMAPClient
from typer.testing import CliRunner, Result

from triage.cli import app
from triage.config import load_config
from triage.errors import ConfigError, ExitCode
from triage.keywords import by_keyword, plan_keywords
from triage.store import Store, open_store
from triage.store.locations import LabelledLocation

Sync = Callable[..., Result]

# A rule of the config's own: the test knows which label a message gets.
RULE = '[[rule]]\nname = "delivery"\nlabel = "delivery"\nsubject = "colis"\n'


def mail(n: int, subject: str) -> bytes:
    return (
        f"From: Client {n} <client{n}@example.com>\r\nTo: sav@example.com\r\n"
        f"Subject: {subject}\r\nMessage-ID: <{n}.kw@example.com>\r\n"
        f"Date: Mon, 02 Nov 2026 09:{n:02d}:00 +0000\r\n\r\n"
        f"Bonjour, ma commande {n} n'est pas arrivée. Merci de me répondre.\r\n"
    ).encode()


@pytest.fixture
def write_config(
    tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Path]:
    def write(
        user: ImapUser, *, keywords: bool | None = True, folders: str = ""
    ) -> Path:
        path = tmp_path / "config.toml"
        setting = "" if keywords is None else f"keywords = {json.dumps(keywords)}\n"
        path.write_text(
            f'[accounts.work]\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\n'
            f'user = "{user.name}"\ntls = "starttls"\nca_file = "{dovecot.cafile}"\n'
            f"timeout = 10\n{folders}{setting}[sync]\nretries = 0\n{RULE}"
        )
        monkeypatch.setenv("TRIAGE_PASSWORD", user.password)
        return path

    return write


@pytest.fixture
def sync(runner: CliRunner, db_path: Path) -> Sync:
    def run(config: Path, *args: str) -> Result:
        return runner.invoke(
            app, ["--config", str(config), "--db", str(db_path), "sync", *args]
        )

    return run


@pytest.fixture
def stores(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every keyword STORE sent, as (+FLAGS or -FLAGS, keyword): counted at the
    imapclient boundary, passed on to the server unchanged."""
    sent: list[tuple[str, str]] = []
    for name, sign in (("add_flags", "+"), ("remove_flags", "-")):
        original = getattr(IMAPClient, name)

        def spy(
            self: IMAPClient,
            messages: object,
            flags: list[str],
            *args: object,
            _f: Callable[..., object] = original,
            _s: str = sign,
            **kw: object,
        ) -> object:
            sent.extend((_s, flag) for flag in flags)
            return _f(self, messages, flags, *args, **kw)

        monkeypatch.setattr(IMAPClient, name, spy)
    return sent


@pytest.fixture
def opened(db_path: Path) -> Iterator[Callable[[], Store]]:
    handles: list[Store] = []

    def open_() -> Store:
        handles.append(open_store(db_path, create=False))
        return handles[-1]

    yield open_
    for handle in handles:
        handle.close()


def ours(flags: tuple[str, ...]) -> set[str]:
    return {f for f in flags if f.startswith("$triage-")}


def wanted(store: Store, subject: str) -> set[str]:
    [message] = [m for m in store.messages() if m.subject == subject]
    return {f"$triage-{label}" for label in message.labels}


# -- writing, converging, removing ------------------------------------------------


def test_labels_become_keywords_on_every_live_location(
    dovecot: Dovecot,
    write_config: Callable[..., Path],
    sync: Sync,
    stores: list[tuple[str, str]],
    opened: Callable[[], Store],
) -> None:
    user = dovecot.add_user()
    user.create_folder("Later")
    user.append_many("INBOX", [mail(1, "Mon colis"), mail(2, "Colis perdu")])
    user.append("Later", mail(1, "Mon colis"))  # the same message, twice stored
    user.append("INBOX", mail(3, "Facture"))
    config = write_config(user, folders='folders = ["INBOX", "Later"]\n')
    result = sync(config)
    assert result.exit_code == 0, result.output
    assert "work: 3 new (1 already stored), 0 changed, 0 expunged" in result.stdout
    assert "label keywords written on 4 messages" in result.stdout
    store = opened()
    inbox, later = user.flags("INBOX"), user.flags("Later")
    assert ours(inbox[1]) == wanted(store, "Mon colis") >= {"$triage-delivery"}
    assert ours(inbox[2]) == wanted(store, "Colis perdu") >= {"$triage-delivery"}
    assert ours(inbox[3]) == wanted(store, "Facture")
    assert "$triage-delivery" not in inbox[3]
    assert ours(later[1]) == wanted(store, "Mon colis")
    # Grouped by keyword: one +FLAGS per keyword and folder, never one per message.
    expected = [
        ("+", keyword)
        for folder in (inbox, later)
        for keyword in set().union(*(ours(flags) for flags in folder.values()))
    ]
    assert sorted(stores) == sorted(expected)
    # The stored flags follow, so that the next sync has nothing to send.
    for message in store.messages():
        assert ours(message.flags) == wanted(store, message.subject)


@pytest.mark.parametrize(
    "settings",
    [{}, {"imap_capability": "IMAP4rev1"}],
    ids=["condstore", "no-condstore"],
)
def test_a_second_sync_sends_no_store(
    dovecot: Dovecot,
    write_config: Callable[..., Path],
    sync: Sync,
    stores: list[tuple[str, str]],
    settings: dict[str, str],
) -> None:
    # Without CONDSTORE the second sync reads every message's flags: the stored
    # ones must match them exactly, or it would count changes and resend.
    user = dovecot.add_user(settings=settings)
    for n, subject in ((1, "Mon colis"), (2, "Colis perdu")):
        user.append("INBOX", mail(n, subject))  # IMAP4rev1 alone: no MULTIAPPEND
    config = write_config(user)
    assert sync(config).exit_code == 0
    assert ("+", "$triage-delivery") in stores
    stores.clear()
    result = sync(config)
    assert result.exit_code == 0, result.output
    assert "work: 0 new, 0 changed, 0 expunged (" in result.stdout
    assert "keywords" not in result.stdout
    assert stores == []


def test_an_unlabel_removes_the_keyword_and_leaves_other_flags(
    dovecot: Dovecot,
    write_config: Callable[..., Path],
    sync: Sync,
    stores: list[tuple[str, str]],
    opened: Callable[[], Store],
) -> None:
    user = dovecot.add_user()
    uid = user.append("INBOX", mail(1, "Mon colis"), flags=["\\Flagged", "$Urgent"])
    config = write_config(user)
    assert sync(config).exit_code == 0
    assert "$triage-delivery" in user.flags("INBOX")[uid]
    # Another client leaves a keyword of ours whose label does not exist.
    user.add_flags("INBOX", [uid], ["$triage-gone"])
    store = opened()
    [message] = store.messages()
    assert store.labels.remove(message.id, "delivery")
    stores.clear()
    result = sync(config)
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.stdout  # $triage-gone, read from the server
    assert "label keywords written on 1 message" in result.stdout
    flags = user.flags("INBOX")[uid]
    assert "$triage-delivery" not in flags and "$triage-gone" not in flags
    assert {"\\Flagged", "$Urgent"} <= set(flags)
    assert ours(flags) == wanted(store, "Mon colis")
    assert sorted(stores) == [("-", "$triage-delivery"), ("-", "$triage-gone")]
    stores.clear()
    assert "keywords" not in sync(config).stdout
    assert stores == []


# -- off, dry run, servers that will not ----------------------------------------


@pytest.mark.parametrize("keywords", [None, False], ids=["unset", "false"])
def test_without_the_setting_nothing_is_written(
    dovecot: Dovecot,
    write_config: Callable[..., Path],
    sync: Sync,
    stores: list[tuple[str, str]],
    opened: Callable[[], Store],
    keywords: bool | None,
) -> None:
    user = dovecot.add_user()
    user.append("INBOX", mail(1, "Mon colis"))
    result = sync(write_config(user, keywords=keywords))
    assert result.exit_code == 0, result.output
    assert "keywords" not in result.stdout
    assert stores == []
    assert user.flags("INBOX") == {1: ()}
    [message] = opened().messages()
    assert "delivery" in message.labels  # labelled all the same


def test_dry_run_says_what_it_would_write_and_writes_nothing(
    dovecot: Dovecot,
    write_config: Callable[..., Path],
    sync: Sync,
    stores: list[tuple[str, str]],
    db_path: Path,
) -> None:
    user = dovecot.add_user()
    user.append_many("INBOX", [mail(1, "Mon colis"), mail(2, "Colis perdu")])
    assert sync(write_config(user, keywords=False)).exit_code == 0
    config = write_config(user, keywords=True)
    before = db_path.read_bytes()
    planned = sync(config, "--dry-run")
    assert planned.exit_code == 0, planned.output
    assert "work/INBOX: would fetch 0 messages" in planned.stdout
    assert "write label keywords on 2 messages" in planned.stdout
    assert stores == []
    assert user.flags("INBOX") == {1: (), 2: ()}
    assert db_path.read_bytes() == before
    done = sync(config)
    assert "label keywords written on 2 messages" in done.stdout, done.output
    assert all("$triage-delivery" in f for f in user.flags("INBOX").values())


def test_a_folder_that_keeps_no_new_keywords_is_a_warning_not_a_failure(
    dovecot: Dovecot,
    write_config: Callable[..., Path],
    sync: Sync,
    stores: list[tuple[str, str]],
    opened: Callable[[], Store],
) -> None:
    # A real refusal: Dovecot's ACL plugin without the "w" right (write flags and
    # keywords) sends PERMANENTFLAGS (\Deleted \Seen), no \*.
    user = dovecot.add_user(settings={"mail_plugins": "acl", "acl": "vfile"})
    user.append("INBOX", mail(1, "Mon colis"))
    # INBOX's ACL file, in the home tests/dovecot.py gives the user.
    acl = dovecot.root / "home" / user.name / "Maildir" / "dovecot-acl"
    acl.write_text("owner lrsipekxat\n")
    acl.chmod(0o644)
    with user.client() as client:
        permanent = client.select_folder("INBOX")[b"PERMANENTFLAGS"]
    assert b"\\*" not in permanent
    result = sync(write_config(user))
    assert result.exit_code == 0, result.output
    assert "work: 1 new, 0 changed, 0 expunged (" in result.stdout
    warnings = [line for line in result.stdout.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("work/INBOX: warning: ")
    assert "PERMANENTFLAGS" in warnings[0]
    assert result.stderr == ""
    assert stores == []
    assert user.flags("INBOX") == {1: ()}
    [message] = opened().messages()
    assert message.labels and message.flags == ()


def test_a_refused_store_is_a_partial_success_that_keeps_the_mail(
    dovecot: Dovecot,
    write_config: Callable[..., Path],
    sync: Sync,
    opened: Callable[[], Store],
) -> None:
    # A real refusal: keywords longer than 5 characters answer NO [CANNOT].
    user = dovecot.add_user(settings={"mail_max_keyword_length": "5"})
    user.append_many("INBOX", [mail(1, "Mon colis"), mail(2, "Facture")])
    config = write_config(user)
    result = sync(config)
    assert result.exit_code == ExitCode.PARTIAL == 9, result.output
    assert "work/INBOX: writing label keywords:" in result.stderr
    assert "Keyword length too long" in result.stderr
    assert "work: 2 new" in result.stdout
    store = opened()
    assert sorted(m.subject for m in store.messages()) == ["Facture", "Mon colis"]
    assert all(m.flags == () for m in store.messages())
    user.append("INBOX", mail(3, "Encore mon colis"))
    again = sync(config)
    assert again.exit_code == ExitCode.PARTIAL
    assert "work: 1 new" in again.stdout
    assert store.count() == 3


# -- the comparison ---------------------------------------------------------------


def test_plan_compares_case_insensitively_and_keeps_other_flags() -> None:
    changes = plan_keywords(
        [
            LabelledLocation(1, ("$Triage-Terse", "\\Seen"), ("terse",)),
            LabelledLocation(2, ("$triage-old", "$Urgent"), ("new", "terse")),
            LabelledLocation(3, (), ()),
            LabelledLocation(4, ("$triage-terse",), ("terse",)),
        ]
    )
    assert [c.uid for c in changes] == [2]
    [change] = changes
    assert change.add == {"$triage-new", "$triage-terse"}
    assert change.remove == {"$triage-old"}
    assert change.flags == ("$Urgent", "$triage-new", "$triage-terse")
    more = [*changes, *plan_keywords([LabelledLocation(7, (), ("terse",))])]
    assert by_keyword(more) == (
        {"$triage-new": [2], "$triage-terse": [2, 7]},
        {"$triage-old": [2]},
    )


# -- the setting ------------------------------------------------------------------

ACCOUNT = '[accounts.work]\nhost = "imap.example.com"\nuser = "sav"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "expected"), [("", False), ("keywords = true\n", True)]
)
def test_keywords_is_off_unless_set(tmp_path: Path, line: str, expected: bool) -> None:
    config = load_config(write(tmp_path, ACCOUNT + line), required=True)
    assert config.accounts[0].keywords is expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'keywords = "yes"\n',
            "'accounts.work.keywords' must be true/false, not a string",
        ),
        ("keywords = 1\n", "'accounts.work.keywords' must be true/false"),
        ("keyword = true\n", "did you mean 'accounts.work.keywords'?"),
    ],
)
def test_keywords_must_be_true_or_false(
    tmp_path: Path, line: str, message: str
) -> None:
    path = write(tmp_path, ACCOUNT + line)
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert message in caught.value.message
    assert str(path) in caught.value.message
