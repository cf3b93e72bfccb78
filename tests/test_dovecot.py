"""The test Dovecot itself: TLS, logins, special-use folders and the helper clients.

Sync tests trust this fixture to behave like a real server; these tests are what
makes that trust cheap to check when Dovecot or the fixture changes.
"""

import socket
import ssl
from datetime import UTC, datetime

import dovecot as dovecot_module
import pytest
from dovecot import Dovecot, ImapUser
from imapclient.exceptions import IMAPClientAbortError, LoginError


def mail(n: int, subject: str = "Colis jamais arrivé") -> bytes:
    """A small RFC 5322 message with CRLF line ends, different for each `n`."""
    return (
        f"From: client{n}@example.com\r\n"
        "To: support@shop.example\r\n"
        f"Message-ID: <{n}@example.com>\r\n"
        "Date: Mon, 02 Nov 2026 09:15:00 +0000\r\n"
        f"Subject: {subject} {n}\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"Message {n}: où est mon colis ?\r\n"
    ).encode()


def fetch_bodies(user: ImapUser, folder: str) -> dict[int, bytes]:
    with user.client() as client:
        client.select_folder(folder, readonly=True)
        uids = client.search("ALL")
        if not uids:
            return {}
        found = client.fetch(uids, ["BODY.PEEK[]"])
    return {uid: data[b"BODY[]"] for uid, data in found.items()}


def test_login_over_starttls(imap_user: ImapUser) -> None:
    with imap_user.client() as client:
        assert isinstance(client.socket(), ssl.SSLSocket)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


def test_login_over_implicit_tls(imap_user: ImapUser) -> None:
    with imap_user.client(implicit_tls=True) as client:
        assert isinstance(client.socket(), ssl.SSLSocket)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


@pytest.mark.parametrize("server_name", ["127.0.0.1", "localhost"])
def test_certificate_matches_both_names(dovecot: Dovecot, server_name: str) -> None:
    context = dovecot.ssl_context()
    raw = socket.create_connection((dovecot.host, dovecot.imaps_port), timeout=10)
    with context.wrap_socket(raw, server_hostname=server_name) as tls:
        assert tls.recv(512).startswith(b"* OK")


@pytest.mark.parametrize("implicit_tls", [False, True], ids=["starttls", "tls"])
def test_wrong_ca_is_refused(
    dovecot: Dovecot, imap_user: ImapUser, implicit_tls: bool
) -> None:
    with pytest.raises(ssl.SSLCertVerificationError):
        dovecot.connect(
            imap_user.name,
            imap_user.password,
            implicit_tls=implicit_tls,
            cafile=dovecot.wrong_cafile,
        )


@pytest.mark.parametrize("wrong", ["password", "user"])
def test_wrong_login_is_refused(
    dovecot: Dovecot, imap_user: ImapUser, wrong: str
) -> None:
    name, password = imap_user.name, imap_user.password
    if wrong == "user":
        name = "nobody-" + name
    else:
        password += "x"
    with pytest.raises(LoginError):
        dovecot.connect(name, password)
    # Dovecot's penalty would delay this login by 4 s or more; `nodelay` prevents it.
    with imap_user.client() as client:
        assert client.noop()


def test_capabilities_needed_by_sync(imap_user: ImapUser) -> None:
    with imap_user.client() as client:
        capabilities = set(client.capabilities())
    wanted = {b"CONDSTORE", b"QRESYNC", b"SPECIAL-USE", b"UIDPLUS", b"MOVE", b"ENABLE"}
    assert wanted <= capabilities


def test_drafts_found_by_special_use(imap_user: ImapUser) -> None:
    with imap_user.client() as client:
        assert client.find_special_folder(rb"\Drafts") == "Drafts"
        flags = {name: set(flags) for flags, _, name in client.list_folders()}
    assert rb"\Drafts" in flags["Drafts"]
    for name in ("Sent", "Trash", "Junk", "Archive"):
        assert b"\\" + name.encode() in flags[name]


def test_append_returns_increasing_uids(imap_user: ImapUser) -> None:
    when = datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
    first = imap_user.append("INBOX", mail(1), flags=[r"\Seen"], when=when)
    rest = imap_user.append_many("INBOX", [mail(2), mail(3), mail(4)])

    assert [first, *rest] == sorted({first, *rest})
    assert imap_user.uids("INBOX") == [first, *rest]
    bodies = fetch_bodies(imap_user, "INBOX")
    assert [bodies[uid] for uid in (first, *rest)] == [mail(n) for n in range(1, 5)]
    assert imap_user.flags("INBOX") == {
        first: (r"\Seen",),
        **{uid: () for uid in rest},
    }
    with imap_user.client() as client:
        client.select_folder("INBOX", readonly=True)
        dates = client.fetch([first], ["INTERNALDATE"])
    assert dates[first][b"INTERNALDATE"].astimezone(UTC) == when


def test_append_many_spans_batches(imap_user: ImapUser) -> None:
    count = dovecot_module.BATCH * 2 + 1
    uids = imap_user.append_many("INBOX", (mail(n) for n in range(count)))
    assert len(uids) == count
    assert imap_user.uids("INBOX") == uids


def test_recreate_folder_changes_uidvalidity(imap_user: ImapUser) -> None:
    imap_user.create_folder("Complaints")
    imap_user.append("Complaints", mail(1))
    before = imap_user.uidvalidity("Complaints")

    after = imap_user.recreate_folder("Complaints")

    assert after != before
    assert imap_user.uidvalidity("Complaints") == after
    assert imap_user.uids("Complaints") == []


def test_delete_folder(imap_user: ImapUser) -> None:
    imap_user.create_folder("Old")
    imap_user.delete_folder("Old")
    with imap_user.client() as client:
        assert not client.folder_exists("Old")


def test_flag_helpers(imap_user: ImapUser) -> None:
    one, two, three = imap_user.append_many("INBOX", [mail(1), mail(2), mail(3)])

    imap_user.add_flags("INBOX", [one, two], [r"\Seen", "$Escalated"])
    imap_user.remove_flags("INBOX", [two], [r"\Seen"])

    flags = {uid: set(found) for uid, found in imap_user.flags("INBOX").items()}
    assert flags == {one: {r"\Seen", "$Escalated"}, two: {"$Escalated"}, three: set()}


def test_expunge_removes_only_given_uids(imap_user: ImapUser) -> None:
    one, two, three = imap_user.append_many("INBOX", [mail(1), mail(2), mail(3)])
    imap_user.add_flags("INBOX", [three], [r"\Deleted"])

    imap_user.expunge("INBOX", [two])

    assert imap_user.uids("INBOX") == [one, three]
    assert r"\Deleted" in imap_user.flags("INBOX")[three]


def test_doveadm_sees_the_mail(dovecot: Dovecot, imap_user: ImapUser) -> None:
    imap_user.append_many("INBOX", [mail(1), mail(2)])
    out = dovecot.doveadm(
        "mailbox", "status", "-u", imap_user.name, "messages", "INBOX"
    )
    assert out.split() == ["INBOX", "messages=2"]


def test_doveadm_failure_carries_stderr(dovecot: Dovecot) -> None:
    with pytest.raises(dovecot_module.DovecotError, match="no-such-command"):
        dovecot.doveadm("no-such-command")


def test_user_added_after_start_can_log_in(dovecot: Dovecot) -> None:
    assert dovecot.running
    user = dovecot.add_user("late-comer", "s3cret-pass")
    with user.client() as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
    with pytest.raises(ValueError, match="taken"):
        dovecot.add_user("late-comer")
    with pytest.raises(ValueError, match="bad"):
        dovecot.add_user("Upper-Case")  # Dovecot would look up "upper-case"


def test_users_do_not_share_mail(dovecot: Dovecot, imap_user: ImapUser) -> None:
    imap_user.append("INBOX", mail(1))
    assert dovecot.add_user().uids("INBOX") == []


def test_restart_keeps_mail_and_ports(dovecot: Dovecot, imap_user: ImapUser) -> None:
    uids = imap_user.append_many("INBOX", [mail(1), mail(2)])
    ports = (dovecot.imap_port, dovecot.imaps_port)

    dovecot.restart()

    assert dovecot.running
    assert (dovecot.imap_port, dovecot.imaps_port) == ports
    assert imap_user.uids("INBOX") == uids


def test_stopped_server_refuses_connections(
    dovecot: Dovecot, imap_user: ImapUser
) -> None:
    """Left stopped on purpose: the next test checks that it is started again."""
    connected = imap_user.client()
    connected.select_folder("INBOX")

    dovecot.stop()

    assert not dovecot.running
    with pytest.raises(IMAPClientAbortError):
        connected.noop()  # dropped, as by a server going away
    connected.shutdown()
    with pytest.raises(ConnectionRefusedError):
        imap_user.client()


def test_stopped_server_is_restarted_for_the_next_test(
    dovecot: Dovecot, imap_user: ImapUser
) -> None:
    """Runs right after the test above (pytest keeps file order), which stopped it."""
    assert dovecot.running
    with imap_user.client() as client:
        assert client.noop()


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_missing_dovecot_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setattr(dovecot_module, "find_binary", lambda name: None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="apt-get install dovecot-imapd"):
        dovecot_module.require_dovecot()


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_missing_dovecot_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, ci: str | None
) -> None:
    monkeypatch.setattr(dovecot_module, "find_binary", lambda name: None)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="apt-get install dovecot-imapd"):
        dovecot_module.require_dovecot()
