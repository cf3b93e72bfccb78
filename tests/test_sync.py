"""`triage sync` against a real Dovecot: first, incremental and no-change syncs, flags,
expunges, UIDVALIDITY, TLS, credentials, the lock, and a server that goes away."""

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import keyring
import pytest
from dovecot import Dovecot, ImapUser
from keyring.backend import KeyringBackend
from typer.testing import CliRunner, Result

from triage import hooks
from triage.cli import app
from triage.config import Config, load_config
from triage.errors import ExitCode
from triage.imap import ImapSession
from triage.lock import sync_lock
from triage.store import Store, open_store
from triage.sync import SyncProgress, log_line, sync

PASSWORD_MARK = "pw-Z9q"  # every test password contains it: grep for it in files

WriteConfig = Callable[..., Path]


def mail(n: int, subject: str | None = None, body: str | None = None) -> bytes:
    """A small message with CRLF line ends, as a server stores it."""
    return (
        f"From: Client {n} <client{n}@example.com>\r\n"
        f"To: sav@example.com\r\n"
        f"Subject: {subject or f'Réclamation {n}'}\r\n"
        f"Message-ID: <{n}.complaint@example.com>\r\n"
        f"Date: Mon, 02 Nov 2026 09:{n % 60:02d}:00 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"{body or f'Bonjour, ma commande {n} n est pas arrivée.'}\r\n"
    ).encode()


@pytest.fixture
def user(dovecot: Dovecot) -> ImapUser:
    """A fresh mailbox whose password is easy to find in a file's bytes."""
    return dovecot.add_user(password=f"{PASSWORD_MARK}-{len(dovecot.root.name)}x")


@pytest.fixture
def write_config(
    tmp_path: Path, dovecot: Dovecot, user: ImapUser, monkeypatch: pytest.MonkeyPatch
) -> WriteConfig:
    """Write a config for `user` on the test server; TRIAGE_PASSWORD set unless not."""

    def write(
        *,
        tls: str = "starttls",
        folders: Sequence[str] = ("INBOX",),
        ca_file: Path | None = None,
        extra: str = "",
        sync_table: str = "",
        password_env: bool = True,
        name: str = "work",
    ) -> Path:
        port = dovecot.imaps_port if tls == "tls" else dovecot.imap_port
        path = tmp_path / "config.toml"
        folder_list = ", ".join(json.dumps(f) for f in folders)
        path.write_text(
            f"[accounts.{name}]\n"
            f'host = "127.0.0.1"\nport = {port}\nuser = "{user.name}"\n'
            f'tls = "{tls}"\nca_file = "{ca_file or dovecot.cafile}"\n'
            f"folders = [{folder_list}]\ntimeout = 10\n{extra}\n"
            f"[sync]\n{sync_table or 'retries = 0'}\n"
        )
        if password_env:
            monkeypatch.setenv("TRIAGE_PASSWORD", user.password)
        else:
            monkeypatch.delenv("TRIAGE_PASSWORD", raising=False)
        return path

    return write


@pytest.fixture
def triage(runner: CliRunner, db_path: Path) -> Callable[..., Result]:
    def run(config: Path, *args: str) -> Result:
        return runner.invoke(
            app, ["--config", str(config), "--db", str(db_path), *args]
        )

    return run


def messages_by_subject(db_path: Path) -> dict[str, object]:
    store = open_store(db_path, create=False)
    try:
        return {m.subject: m for m in store.messages()}
    finally:
        store.close()


def count_rows(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# -- first, incremental and no-change syncs --------------------------------------


def test_first_sync_stores_every_message_verbatim_and_leaves_them_unseen(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    raws = [mail(n) for n in range(1, 6)]
    user.append_many("INBOX", raws)
    result = triage(write_config(), "sync")
    assert result.exit_code == 0, result.output
    assert "work: 5 new, 0 changed, 0 expunged" in result.stdout
    store = open_store(db_path, create=False)
    try:
        got = sorted(store.messages(), key=lambda m: m.id)
        assert [store.raw(m.id) for m in got] == raws
        assert [m.subject for m in got] == [f"Réclamation {n}" for n in range(1, 6)]
        assert all(m.folder == "INBOX" and not m.expunged for m in got)
    finally:
        store.close()
    # BODY.PEEK[] and EXAMINE: the server still has every message unread.
    assert all("\\Seen" not in flags for flags in user.flags("INBOX").values())


def test_incremental_sync_fetches_only_new_messages(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    config = write_config()
    user.append_many("INBOX", [mail(n) for n in range(1, 4)])
    assert triage(config, "sync").exit_code == 0
    user.append_many("INBOX", [mail(n) for n in range(4, 6)])
    result = triage(config, "sync")
    assert result.exit_code == 0, result.output
    assert "work: 2 new, 0 changed" in result.stdout
    assert count_rows(db_path, "messages") == 5
    assert count_rows(db_path, "message_locations") == 5


def test_a_sync_with_nothing_new_asks_the_server_nothing_but_examine(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = write_config()
    user.append_many("INBOX", [mail(n) for n in range(1, 4)])
    assert triage(config, "sync").exit_code == 0
    asked: list[str] = []
    for method in ("uids_after", "all_uids", "fetch_messages", "changed_since"):
        original = getattr(ImapSession, method)

        def spy(self: ImapSession, *args: object, _m=method, _f=original) -> object:
            asked.append(_m)
            return _f(self, *args)

        monkeypatch.setattr(ImapSession, method, spy)
    result = triage(config, "sync")
    assert result.exit_code == 0, result.output
    assert "work: 0 new, 0 changed, 0 expunged" in result.stdout
    assert asked == []


# -- flags, expunges, UIDVALIDITY --------------------------------------------------


def test_flag_changes_on_the_server_reach_the_store(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    config = write_config()
    uids = user.append_many("INBOX", [mail(1), mail(2), mail(3)])
    user.add_flags("INBOX", [uids[2]], ["\\Seen"])
    assert triage(config, "sync").exit_code == 0
    user.add_flags("INBOX", [uids[0]], ["\\Flagged", "\\Answered", "$Urgent"])
    user.remove_flags("INBOX", [uids[2]], ["\\Seen"])
    result = triage(config, "sync")
    assert result.exit_code == 0, result.output
    assert "2 changed" in result.stdout
    found = messages_by_subject(db_path)
    assert found["Réclamation 1"].flags == ("$Urgent", "\\Answered", "\\Flagged")
    assert found["Réclamation 2"].flags == ()
    assert found["Réclamation 3"].flags == ()


def test_expunged_messages_are_marked_never_deleted(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    config = write_config()
    uids = user.append_many("INBOX", [mail(n) for n in range(1, 5)])
    assert triage(config, "sync").exit_code == 0
    user.expunge("INBOX", [uids[1], uids[3]])
    user.append("INBOX", mail(5))
    result = triage(config, "sync")
    assert result.exit_code == 0, result.output
    assert "1 new, 0 changed, 2 expunged" in result.stdout
    found = messages_by_subject(db_path)
    assert len(found) == 5
    assert {s for s, m in found.items() if m.expunged} == {
        "Réclamation 2",
        "Réclamation 4",
    }
    shown = triage(
        config, "show", "--message", str(found["Réclamation 2"].id), "--json"
    )
    assert json.loads(shown.stdout)["expunged"] is True


def test_a_new_uidvalidity_finds_the_same_messages_without_duplicates(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    config = write_config(folders=["Plaintes"])
    user.create_folder("Plaintes")
    raws = [mail(n) for n in range(1, 5)]
    user.append_many("Plaintes", raws)
    assert triage(config, "sync").exit_code == 0
    before = messages_by_subject(db_path)
    # Something the agent did locally, which must survive.
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO message_labels (message_id, label, reason) VALUES (?, ?, ?)",
            (before["Réclamation 1"].id, "terse", "set by the agent"),
        )
    old_validity = user.uidvalidity("Plaintes")
    assert user.recreate_folder("Plaintes") != old_validity
    user.append_many("Plaintes", [*raws[:3], mail(9)])  # one gone, one new
    result = triage(config, "sync")
    assert result.exit_code == 0, result.output
    assert "1 new (3 already stored)" in result.stdout
    after = messages_by_subject(db_path)
    assert len(after) == 5
    assert {s: m.id for s, m in after.items() if s in before} == {
        s: m.id for s, m in before.items()
    }
    assert "terse" in after["Réclamation 1"].labels
    (kept,) = [d for d in after["Réclamation 1"].label_details if d.label == "terse"]
    assert kept.reason == "set by the agent"
    assert after["Réclamation 4"].expunged
    assert not any(m.expunged for s, m in after.items() if s != "Réclamation 4")
    # The next sync sees nothing new: the folder state moved to the new UIDVALIDITY.
    again = triage(config, "sync")
    assert "0 new, 0 changed, 0 expunged" in again.stdout


def test_two_folders_share_one_copy_of_a_message(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    config = write_config(folders=["INBOX", "Archive"])
    user.append_many("INBOX", [mail(1), mail(2)])
    user.append_many("Archive", [mail(2), mail(3)])
    result = triage(config, "sync")
    assert result.exit_code == 0, result.output
    assert "work: 3 new (1 already stored)" in result.stdout
    assert count_rows(db_path, "messages") == 3
    assert count_rows(db_path, "message_locations") == 4
    assert {m.folder for m in messages_by_subject(db_path).values()} == {
        "INBOX",
        "Archive",
    }


def test_a_missing_folder_is_a_partial_success(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    user.append("INBOX", mail(1))
    result = triage(write_config(folders=["INBOX", "Nowhere"]), "sync")
    assert result.exit_code == ExitCode.PARTIAL
    assert "work/Nowhere" in result.stderr
    assert count_rows(db_path, "messages") == 1


# -- connection security and credentials -----------------------------------------


@pytest.mark.parametrize("tls", ["tls", "starttls"])
def test_tls_modes_verify_the_server_with_the_configured_ca(
    tls: str,
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
) -> None:
    user.append("INBOX", mail(1))
    result = triage(write_config(tls=tls), "sync")
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout


@pytest.mark.parametrize("tls", ["tls", "starttls"])
def test_a_server_certificate_from_another_ca_is_refused(
    tls: str,
    dovecot: Dovecot,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    result = triage(write_config(tls=tls, ca_file=dovecot.wrong_cafile), "sync")
    assert result.exit_code == ExitCode.MAIL_SERVER
    assert "certificate" in result.stderr and "not trusted" in result.stderr
    assert "Traceback" not in result.output


def test_plain_text_only_when_the_config_says_none(
    user: ImapUser, write_config: WriteConfig, triage: Callable[..., Result]
) -> None:
    user.append("INBOX", mail(1))
    result = triage(write_config(tls="none"), "sync")
    assert result.exit_code == 0, result.output


def test_a_wrong_password_exits_with_the_auth_code_at_once(
    write_config: WriteConfig,
    triage: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = write_config(sync_table="retries = 3")
    monkeypatch.setenv("TRIAGE_PASSWORD", "not-the-password")
    result = triage(config, "sync")
    assert result.exit_code == ExitCode.AUTH
    assert "refused the login" in result.stderr
    assert "not-the-password" not in result.output


def test_a_password_in_the_config_file_is_refused(
    write_config: WriteConfig, triage: Callable[..., Result]
) -> None:
    config = write_config(extra='password = "hunter2"')
    result = triage(config, "sync")
    assert result.exit_code == ExitCode.CONFIG
    assert "does not belong in the config" in result.stderr
    assert "hunter2" not in result.output


def test_password_command_is_used_when_no_environment_variable(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    tmp_path: Path,
) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(user.password + "\n")
    config = write_config(
        extra=f'password_command = "cat {secret_file}"', password_env=False
    )
    user.append("INBOX", mail(1))
    result = triage(config, "sync")
    assert result.exit_code == 0, result.output


def test_a_failing_password_command_says_so(
    write_config: WriteConfig, triage: Callable[..., Result]
) -> None:
    config = write_config(
        extra='password_command = "echo locked >&2; exit 3"', password_env=False
    )
    result = triage(config, "sync")
    assert result.exit_code == ExitCode.CONFIG
    assert "password_command" in result.stderr and "locked" in result.stderr


class MemoryKeyring(KeyringBackend):
    """Stands in for the Secret Service, which a headless CI machine does not run."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_login_checks_the_password_then_sync_uses_the_keyring(
    user: ImapUser,
    write_config: WriteConfig,
    runner: CliRunner,
    db_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    config = write_config(password_env=False)
    args = ["--config", str(config), "--db", str(db_path)]
    refused = runner.invoke(app, [*args, "login"], input="wrong\n")
    assert refused.exit_code == ExitCode.AUTH
    assert memory_keyring.saved == {}
    done = runner.invoke(app, [*args, "login"], input=user.password + "\n")
    assert done.exit_code == 0, done.output
    assert user.password not in done.output  # the prompt does not echo it
    assert list(memory_keyring.saved.values()) == [user.password]
    user.append("INBOX", mail(1))
    synced = runner.invoke(app, [*args, "sync"])
    assert synced.exit_code == 0, synced.output
    assert "1 new" in synced.stdout


def test_no_password_anywhere_is_an_auth_error_that_says_what_to_do(
    write_config: WriteConfig,
    triage: Callable[..., Result],
    memory_keyring: MemoryKeyring,
) -> None:
    result = triage(write_config(password_env=False), "sync")
    assert result.exit_code == ExitCode.AUTH
    assert "triage login --account work" in result.stderr


def test_the_password_is_in_no_file_triage_writes(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "logs" / "sync.log"
    config = write_config(sync_table=f'log = "{log}"')
    user.append_many("INBOX", [mail(n) for n in range(1, 4)])
    outputs = [triage(config, "--debug", "sync").output]
    monkeypatch.setenv("TRIAGE_PASSWORD", user.password + "-wrong")
    outputs.append(triage(config, "--debug", "sync").output)
    outputs.append(triage(config, "accounts", "--check", "--json").output)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != config]
    assert db_path in written and log in written
    needle = PASSWORD_MARK.encode()
    for path in written:
        assert needle not in path.read_bytes(), path
    for output in outputs:
        assert PASSWORD_MARK not in output


# -- cron: lock, quiet, log, retries -----------------------------------------------


def test_a_second_sync_exits_at_once_while_the_lock_is_held(
    write_config: WriteConfig, triage: Callable[..., Result], db_path: Path
) -> None:
    config = write_config()
    with sync_lock(db_path):
        result = triage(config, "sync")
    assert result.exit_code == ExitCode.LOCK_HELD
    assert "another triage sync is running" in result.stderr
    assert triage(config, "sync").exit_code == 0  # released with its holder


def test_quiet_prints_nothing_and_the_log_gets_one_line_per_run(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    tmp_path: Path,
) -> None:
    log = tmp_path / "sync.log"
    config = write_config()
    user.append_many("INBOX", [mail(1), mail(2)])
    first = triage(config, "sync", "--quiet", "--log", str(log))
    assert (first.exit_code, first.stdout, first.stderr) == (0, "", "")
    triage(config, "sync", "--quiet", "--log", str(log))
    lines = log.read_text().splitlines()
    assert len(lines) == 2
    assert " account=work status=ok new=2 changed=0 expunged=0 seconds=" in lines[0]
    assert " new=0 " in lines[1]


def test_quiet_still_reports_a_failure_on_stderr(
    dovecot: Dovecot, write_config: WriteConfig, triage: Callable[..., Result]
) -> None:
    result = triage(write_config(ca_file=dovecot.wrong_cafile), "sync", "-q")
    assert result.exit_code == ExitCode.MAIL_SERVER
    assert result.stdout == ""
    assert result.stderr.startswith("triage: error: work: ")
    assert len(result.stderr.splitlines()) == 1


def test_a_server_that_goes_away_mid_sync_loses_nothing_next_time(
    dovecot: Dovecot,
    user: ImapUser,
    write_config: WriteConfig,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hooked: list[int] = []
    monkeypatch.setattr(hooks, "AFTER_STORE", [lambda _, ids, __: hooked.extend(ids)])
    raws = [mail(n) for n in range(1, 121)]
    user.append_many("INBOX", raws)
    config = load_config(
        write_config(sync_table="retries = 0\nbatch_size = 20"), required=True
    )
    stopped: list[SyncProgress] = []

    def stop_after_first_batch(p: SyncProgress) -> None:
        if p.done >= 40 and not stopped:
            stopped.append(p)
            dovecot.stop()

    store = open_store(db_path)
    try:
        broken = sync(
            store,
            config.accounts,
            config.sync,
            on_progress=stop_after_first_batch,
            workers=0,
        )
        assert broken.exit_code == ExitCode.MAIL_SERVER
        kept = store.count()
        assert 0 < kept < len(raws)
        # What was stored before the failure still goes through rules and grouping.
        assert sorted(hooked) == sorted(m.id for m in store.messages())
        dovecot.start()
        done = sync(store, config.accounts, config.sync, workers=0)
        assert done.exit_code == ExitCode.OK, done.accounts[0].error
        assert store.count() == len(raws)
        assert sorted(hooked) == sorted(m.id for m in store.messages())
        stored_raws = sorted(store.raw(m.id) for m in store.messages())
        assert stored_raws == sorted(raws)
    finally:
        store.close()
    assert count_rows(db_path, "message_locations") == len(raws)


def test_transient_failures_are_retried_with_backoff(
    dovecot: Dovecot, user: ImapUser, write_config: WriteConfig, db_path: Path
) -> None:
    user.append_many("INBOX", [mail(n) for n in range(1, 31)])
    config = load_config(
        write_config(sync_table="retries = 2\nbatch_size = 10"), required=True
    )
    restarts: list[int] = []

    def drop_once(p: SyncProgress) -> None:
        if p.done >= 10 and not restarts:
            restarts.append(p.done)
            dovecot.restart()  # the connection drops; the server comes back

    store = open_store(db_path)
    try:
        report = sync(
            store,
            config.accounts,
            config.sync,
            on_progress=drop_once,
            workers=0,
            backoff=0.05,
        )
        assert report.exit_code == ExitCode.OK, report.accounts[0].error
        assert restarts and store.count() == 30
    finally:
        store.close()


def test_a_large_first_sync_parses_in_worker_processes(
    user: ImapUser, write_config: WriteConfig, db_path: Path
) -> None:
    raws = [mail(n) for n in range(1, 601)]
    user.append_many("INBOX", raws)
    config = load_config(write_config(), required=True)
    store = open_store(db_path)
    try:
        report = sync(store, config.accounts, config.sync, workers=1)
        assert report.total("new") == 600
        got = sorted(store.messages(), key=lambda m: m.id)
        assert [store.raw(m.id) for m in got] == raws  # in UID order
    finally:
        store.close()


# -- dry run, hooks, accounts -------------------------------------------------------


def test_dry_run_says_what_would_be_fetched_and_changes_nothing(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    config = write_config()
    user.append_many("INBOX", [mail(1), mail(2)])
    result = triage(config, "sync", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "work/INBOX: would fetch 2 messages" in result.stdout
    assert not db_path.exists()
    assert triage(config, "sync").exit_code == 0
    uids = user.uids("INBOX")
    user.add_flags("INBOX", uids[:1], ["\\Flagged"])
    user.expunge("INBOX", uids[1:])
    user.append("INBOX", mail(3))
    planned = triage(config, "sync", "--dry-run")
    assert "would fetch 1 message (" in planned.stdout
    assert "update flags of 1, mark 1 expunged" in planned.stdout
    assert count_rows(db_path, "messages") == 2


def test_new_messages_reach_the_after_store_hooks_once(
    user: ImapUser,
    write_config: WriteConfig,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[int]] = []

    def record(store: Store, ids: Sequence[int], config: Config) -> None:
        seen.append(sorted(ids))

    monkeypatch.setattr(hooks, "AFTER_STORE", [record])
    config = load_config(write_config(), required=True)
    user.append_many("INBOX", [mail(1), mail(2)])
    store = open_store(db_path)
    try:
        sync(store, config.accounts, config.sync)
        sync(store, config.accounts, config.sync)  # nothing new: no call
        user.append("INBOX", mail(3))
        sync(store, config.accounts, config.sync)
        ids = sorted(m.id for m in store.messages())
    finally:
        store.close()
    assert seen == [ids[:2], ids[2:]]


def test_accounts_lists_and_checks_without_showing_the_password(
    user: ImapUser, write_config: WriteConfig, triage: Callable[..., Result]
) -> None:
    config = write_config(folders=["INBOX", "Nowhere"])
    user.append_many("INBOX", [mail(1), mail(2)])
    listed = triage(config, "accounts", "--json")
    assert listed.exit_code == 0, listed.output
    (doc,) = json.loads(listed.stdout)
    assert doc["name"] == "work" and doc["password_source"] == "environment"
    checked = triage(config, "accounts", "--check", "--json")
    assert checked.exit_code == 0, checked.output
    (doc,) = json.loads(checked.stdout)
    assert doc["ok"] is True
    assert {"CONDSTORE", "QRESYNC", "SPECIAL-USE"} <= set(doc["capabilities"])
    assert doc["drafts_found"] == "Drafts"
    counts = {f["name"]: f for f in doc["folder_counts"]}
    assert counts["INBOX"]["messages"] == 2 and counts["INBOX"]["unseen"] == 2
    assert counts["Nowhere"]["error"]
    assert user.password not in listed.output + checked.output


def test_account_picks_one_of_several_and_an_unknown_name_is_a_config_error(
    write_config: WriteConfig, triage: Callable[..., Result]
) -> None:
    config = write_config()
    unknown = triage(config, "sync", "--account", "nope")
    assert unknown.exit_code == ExitCode.CONFIG
    assert "no account named 'nope'" in unknown.stderr
    assert triage(config, "sync", "--account", "work").exit_code == 0


def test_the_log_line_has_the_documented_fields() -> None:
    from datetime import UTC, datetime

    from triage.sync import AccountReport, FolderReport

    report = AccountReport(
        "work", [FolderReport("work", "INBOX", new=3, changed=1, expunged=2)], 1.234
    )
    line = log_line(report, datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    assert line == (
        "2026-11-23T08:00:00Z account=work status=ok new=3 changed=1 expunged=2 "
        "seconds=1.23"
    )


def test_sync_without_any_account_says_how_to_add_one(
    tmp_path: Path, runner: CliRunner, db_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Europe/Paris"\n')
    result = runner.invoke(app, ["--config", str(config), "--db", str(db_path), "sync"])
    assert result.exit_code == ExitCode.CONFIG
    assert "no IMAP account" in result.stderr and "[accounts.NAME]" in result.stderr


def test_a_server_without_condstore_is_synced_by_uid_ranges_and_full_flag_reads(
    dovecot: Dovecot,
    tmp_path: Path,
    runner: CliRunner,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real server that offers plain IMAP4rev1 after login: no CONDSTORE,
    # QRESYNC or SPECIAL-USE, as some older or minimal servers do.
    bare = dovecot.add_user(settings={"imap_capability": "IMAP4rev1"})
    config = tmp_path / "config.toml"
    config.write_text(
        f'[accounts.old]\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\n'
        f'user = "{bare.name}"\ntls = "starttls"\nca_file = "{dovecot.cafile}"\n'
    )
    monkeypatch.setenv("TRIAGE_PASSWORD", bare.password)

    def run(*args: str) -> Result:
        return runner.invoke(
            app, ["--config", str(config), "--db", str(db_path), *args]
        )

    uids = [bare.append("INBOX", mail(n)) for n in range(1, 5)]
    checked = run("accounts", "--check", "--json")
    assert json.loads(checked.stdout)[0]["capabilities"] == []
    assert "old: 4 new, 0 changed, 0 expunged" in run("sync").stdout
    assert "old: 0 new, 0 changed, 0 expunged" in run("sync").stdout
    bare.add_flags("INBOX", uids[:1], ["\\Flagged"])
    with bare.client() as client:  # plain EXPUNGE: UID EXPUNGE needs UIDPLUS
        client.select_folder("INBOX")
        client.add_flags(uids[3:], ["\\Deleted"])
        client.expunge()
    bare.append("INBOX", mail(5))
    result = run("sync")
    assert "old: 1 new, 1 changed, 1 expunged" in result.stdout, result.output
    found = messages_by_subject(db_path)
    assert found["Réclamation 1"].flags == ("\\Flagged",)
    assert found["Réclamation 4"].expunged


def test_show_gives_flags_and_expunged_state_in_the_table_too(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
) -> None:
    config = write_config()
    uids = user.append_many("INBOX", [mail(1), mail(2)])
    user.add_flags("INBOX", uids[:1], ["\\Flagged", "$Urgent"])
    assert triage(config, "sync").exit_code == 0
    user.expunge("INBOX", uids[1:])
    assert triage(config, "sync").exit_code == 0
    found = messages_by_subject(db_path)
    flagged = triage(config, "show", "--message", str(found["Réclamation 1"].id)).stdout
    assert "$Urgent \\Flagged" in flagged and "expunged" not in flagged
    gone = triage(config, "show", "--message", str(found["Réclamation 2"].id)).stdout
    assert "INBOX  (expunged on the server)" in gone


def test_qresync_reports_expunges_without_comparing_uid_lists(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = write_config()
    uids = user.append_many("INBOX", [mail(n) for n in range(1, 6)])
    assert triage(config, "sync").exit_code == 0
    user.expunge("INBOX", uids[:2])

    def no_search(self: ImapSession) -> list[int]:
        raise AssertionError("VANISHED should have said it: no UID SEARCH ALL")

    monkeypatch.setattr(ImapSession, "all_uids", no_search)
    result = triage(config, "sync")
    assert "0 new, 0 changed, 2 expunged" in result.stdout, result.output


def test_accounts_check_table_shows_each_account_and_folder(
    user: ImapUser, write_config: WriteConfig, triage: Callable[..., Result]
) -> None:
    config = write_config(folders=["INBOX", "Nowhere"])
    user.append("INBOX", mail(1))
    listed = triage(config, "accounts")
    assert "work" in listed.stdout and "INBOX, Nowhere" in listed.stdout
    checked = triage(config, "accounts", "--check")
    assert checked.exit_code == 0, checked.output
    lines = [line.strip() for line in checked.stdout.splitlines()]
    assert f"work  {user.name} at 127.0.0.1:" in checked.stdout
    assert "login         ok" in lines
    assert "INBOX         1 message, 1 unseen" in lines
    assert any(line.startswith("Nowhere") for line in lines)


def test_a_password_with_accents_logs_in_and_never_shows(
    dovecot: Dovecot,
    tmp_path: Path,
    runner: CliRunner,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (The fixture's own helpers log in with LOGIN, ASCII only: the mailbox stays
    # empty, the login is what is tried.)
    accented = dovecot.add_user(password=f"Réclam-{PASSWORD_MARK}-été")
    config = tmp_path / "config.toml"
    config.write_text(
        f'[accounts.work]\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\n'
        f'user = "{accented.name}"\ntls = "starttls"\nca_file = "{dovecot.cafile}"\n'
    )
    args = ["--config", str(config), "--db", str(db_path), "sync"]
    monkeypatch.setenv("TRIAGE_PASSWORD", accented.password)
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "work: 0 new" in done.stdout
    monkeypatch.setenv("TRIAGE_PASSWORD", "Réclam-wrong-é")
    refused = runner.invoke(app, args)
    assert refused.exit_code == ExitCode.AUTH
    assert "é" not in refused.output and "\\xe9" not in refused.output


def test_the_password_variable_serves_one_account_never_two(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    memory_keyring: MemoryKeyring,
) -> None:
    config = write_config()
    with config.open("a") as fh:
        fh.write('[accounts.other]\nhost = "127.0.0.1"\nuser = "someone"\n')
    both = triage(config, "sync")
    assert both.exit_code == ExitCode.AUTH  # neither account got the variable
    assert "serves one account at a time" in both.stderr
    listed = triage(config, "accounts", "--json")
    assert {a["password_source"] for a in json.loads(listed.stdout)} == {"keyring"}
    one = triage(config, "sync", "--account", "work")
    assert one.exit_code == 0, one.output


def test_server_text_in_the_log_line_is_made_inert() -> None:
    from triage.sync import AccountReport

    report = AccountReport("work", [], 0.5, error='bad\x1b[31m "red"', error_code=4)
    line = log_line(report)
    assert "\x1b" not in line and "error=\"bad\\x1b[31m 'red'\"" in line


def test_batches_are_cut_by_bytes_as_well_as_by_count(
    user: ImapUser,
    write_config: WriteConfig,
    triage: Callable[..., Result],
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from triage import sync as sync_module

    big = mail(1, body="x" * 3000)
    user.append_many("INBOX", [big, mail(2), mail(3), mail(4, body="y" * 3000)])
    monkeypatch.setattr(sync_module, "_BATCH_BYTES", 2000)
    asked: list[list[int]] = []
    original = ImapSession.fetch_messages

    def spy(self: ImapSession, uids: Sequence[int]) -> object:
        asked.append(list(uids))
        return original(self, uids)

    monkeypatch.setattr(ImapSession, "fetch_messages", spy)
    result = triage(write_config(), "sync")
    assert result.exit_code == 0, result.output
    assert [len(batch) for batch in asked] == [1, 2, 1]  # a big one stands alone
    assert count_rows(db_path, "messages") == 4
