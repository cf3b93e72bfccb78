"""A private Dovecot IMAP server for tests, and the pytest fixtures that share it.

Sync code is only believable against a real server: UIDVALIDITY changes, CONDSTORE,
STARTTLS and refused certificates are where IMAP clients break, and a fake server
would encode our own misreadings. So `Dovecot` runs the system's Dovecot 2.3 binary
from a config of its own, with everything (config, certificates, passwd-file, mail,
sockets, logs) in one short directory under /tmp: unix socket paths are limited to
108 bytes, and the packaged service in /etc/dovecot is never touched.

Dovecot never serves mail as uid 0: run as root (CI does), mail belongs to Debian's
`mail` user; run as an ordinary user, the whole instance runs as that user.

`dovecot` starts one instance per test session; `imap_user` gives each test a fresh
user, hence an empty mailbox. A start takes ~0.1 s, a stop ~1.1 s (Dovecot's master
sleeps a second on the way out), a user a few milliseconds. `ImapUser` helpers act
as "another mail client" changing the mailbox under the code being tested. Load it
from tests/conftest.py with `pytest_plugins = ["dovecot"]`.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import itertools
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import pytest
from imapclient import IMAPClient

INSTALL_HINT = (
    "IMAP tests need Dovecot: run 'sudo apt-get install dovecot-imapd' "
    "(or 'make test' as root installs it)"
)
START_TIMEOUT = 15.0  # seconds for a start to answer with an IMAP greeting
CLIENT_TIMEOUT = 30.0  # socket timeout of helper clients: a hang fails, not blocks
# Messages per MULTIAPPEND, UIDs per command: a list of 500 UIDs stays well under
# Dovecot's 64 KB command line, and 500 messages of a few KB make a cheap command.
BATCH = 500
# Dovecot refuses to serve mail as root; Debian's `mail` user (uid 8) does instead.
ROOT_MAIL_USER = "mail"

# EC keys: an RSA key takes longer to make than Dovecot takes to start.
# fmt: off
_OPENSSL_REQ = [
    "openssl", "req", "-x509", "-nodes", "-days", "30",
    "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-subj", "/CN=localhost",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
]
# fmt: on
_T = TypeVar("_T")
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_APPENDUID = re.compile(rb"\[APPENDUID \d+ ([0-9:,]+)\]")
# Dovecot lowercases user names (auth_username_format = %Lu) and only allows
# these characters (auth_username_chars); the name is also a file name here.
_USER_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]*")


class DovecotError(RuntimeError):
    """The test Dovecot did not start, stop or answer as expected."""


def find_binary(name: str) -> Path | None:
    """`name` on PATH, or in /usr/sbin and /usr/bin, which a user's PATH may lack."""
    found = shutil.which(name)
    if found:
        return Path(found)
    for directory in ("/usr/sbin", "/usr/bin"):
        candidate = Path(directory, name)
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_ports(count: int) -> list[int]:
    """`count` distinct free TCP ports on 127.0.0.1, held together so none repeats."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _make_certificate(cert: Path, key: Path) -> None:
    """A self-signed certificate for 127.0.0.1 and localhost: it is also the CA."""
    result = subprocess.run(
        [*_OPENSSL_REQ, "-keyout", str(key), "-out", str(cert)],
        capture_output=True,
    )
    if result.returncode != 0:
        raise DovecotError(f"openssl req failed: {result.stderr.decode().strip()}")


def _death_signal_setter() -> Callable[[], None] | None:
    """A preexec_fn that has the child SIGTERMed when this thread ends (Linux).

    So a test run killed outright (a CI timeout, SIGKILL) leaves no server behind.
    Only from the main thread: the signal follows the thread that started the
    child, and a test may well restart the server from a worker thread.
    """
    if (
        sys.platform != "linux"
        or threading.current_thread() is not threading.main_thread()
    ):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    return lambda: prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _batches(items: Iterable[_T], size: int = BATCH) -> Iterator[list[_T]]:
    """Lists of up to `size` items.

    UIDs always travel as explicit lists: imapclient 4.1's fetch() rejects range
    strings such as "1:*", and Dovecot caps a command line at 64 KB.
    """
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _appended_uids(response: bytes, count: int) -> list[int]:
    """UIDs from APPENDUID (UIDPLUS) in an APPEND response, e.g. "[APPENDUID 7 3:5]"."""
    found = _APPENDUID.search(response)
    if found is None:
        raise DovecotError(f"no APPENDUID in the APPEND response: {response!r}")
    uids: list[int] = []
    for part in found.group(1).split(b","):
        first, _, last = part.partition(b":")
        low, high = sorted((int(first), int(last or first)))
        uids.extend(range(low, high + 1))
    if len(uids) != count:
        raise DovecotError(f"appended {count} messages, server gave UIDs {uids}")
    return uids


class Dovecot:
    """One private Dovecot 2.3 on 127.0.0.1, all of it in `root`.

    Ports, certificates and data outlive `stop()`: `restart()` brings back the same
    server with the same mail, as a real server coming back after an outage.
    """

    host = "127.0.0.1"

    def __init__(self) -> None:
        dovecot, doveadm = find_binary("dovecot"), find_binary("doveadm")
        if dovecot is None or doveadm is None:
            raise DovecotError(INSTALL_HINT)
        self._dovecot_bin, self._doveadm_bin = dovecot, doveadm
        self._proc: subprocess.Popen[bytes] | None = None
        self._users: dict[str, ImapUser] = {}
        self._serial = 0
        self._as_root = os.geteuid() == 0
        if self._as_root:
            try:
                mail = pwd.getpwnam(ROOT_MAIL_USER)
            except KeyError:
                raise DovecotError(
                    f"as root, the test mail needs the unprivileged user "
                    f"{ROOT_MAIL_USER!r}, which this system lacks"
                ) from None
            self._uid, self._gid = mail.pw_uid, mail.pw_gid
        else:
            self._uid, self._gid = os.getuid(), os.getgid()

        # mkdtemp: mode 0700, a name nobody else has, and a short path for sockets.
        self.root = Path(tempfile.mkdtemp(prefix="tdc-", dir="/tmp"))
        self.instance_name = self.root.name
        self.conf = self.root / "dovecot.conf"
        self.log_path = self.root / "dovecot.log"
        self.cafile = self.root / "cert.pem"
        self.wrong_cafile = self.root / "wrong-ca.pem"
        self._keyfile = self.root / "key.pem"
        self._stderr_path = self.root / "dovecot.stderr"
        self._passwd_dir = self.root / "passwd.d"
        self._homes = self.root / "home"
        self.imap_port, self.imaps_port = _free_ports(2)
        try:
            self._build()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    def _build(self) -> None:
        """Certificates, the passwd-file and home directories, the config file."""
        _make_certificate(self.cafile, self._keyfile)
        wrong_key = self.root / "wrong-key.pem"
        _make_certificate(self.wrong_cafile, wrong_key)
        wrong_key.unlink()
        self._homes.mkdir()
        self._passwd_dir.mkdir()
        if self._as_root:
            # The mail user must traverse down to its home; the auth process (user
            # `dovecot`) must read the passwd-files. Nobody needs to list them.
            for directory in (self.root, self._homes, self._passwd_dir):
                directory.chmod(0o711)
        self.conf.write_text(self._config())

    def _config(self) -> str:
        rootless = ""
        login_chroot = ""
        if not self._as_root:
            # Not root: every Dovecot process runs as us, and nothing can chroot.
            user = pwd.getpwuid(self._uid).pw_name
            group = grp.getgrgid(self._gid).gr_name
            rootless = (
                f"default_login_user = {user}\n"
                f"default_internal_user = {user}\n"
                f"default_internal_group = {group}\n"
                "service anvil {\n  chroot =\n}\n"
            )
            login_chroot = "  chroot =\n"
        mailboxes = "".join(
            f"  mailbox {name} {{\n    special_use = \\{name}\n"
            "    auto = subscribe\n  }\n"
            for name in ("Drafts", "Sent", "Trash", "Junk", "Archive")
        )
        return f"""\
# Written by tests/dovecot.py for one test session.
instance_name = {self.instance_name}
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.log_path}
info_log_path = {self.log_path}
protocols = imap
listen = {self.host}
ssl = yes
ssl_cert = <{self.cafile}
ssl_key = <{self._keyfile}
# Plain LOGIN stays allowed on the plain port, so that code under test can also
# be tried without TLS; STARTTLS is offered there all the same.
disable_plaintext_auth = no
auth_mechanisms = plain login
# A failure without `nodelay` (see the first passdb) would wait 0.5 s, not 2 s:
# 2.3.19 only skips its failure queue for `nodelay`, whatever this says.
auth_failure_delay = 0
auth_verbose = yes
mail_location = maildir:~/Maildir
mail_uid = {self._uid}
mail_gid = {self._gid}
first_valid_uid = {self._uid}
first_valid_gid = {self._gid}
# Durability is worthless here and fsync per message slows bulk APPEND.
mail_fsync = never
{rootless}
# Runs first, checks nothing, only flags the request `nodelay` (a failing passdb's
# fields are dropped, so the flag must come from one that "succeeds"): a failed
# login is refused at once, and anvil records no penalty against 127.0.0.1,
# which would otherwise hold every later login of the session for 4 to 15 s.
passdb {{
  driver = static
  args = noauthenticate nodelay=yes
}}
# One passwd-file per user: Dovecot stats a passwd-file at most once a second,
# so a user appended to a shared file could stay unknown for up to a second.
passdb {{
  driver = passwd-file
  args = {self._passwd_dir}/%u
}}
userdb {{
  driver = passwd-file
  args = {self._passwd_dir}/%u
}}
namespace inbox {{
  inbox = yes
{mailboxes}}}
service imap-login {{
{login_chroot}  inet_listener imap {{
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = {self.imaps_port}
    ssl = yes
  }}
}}
"""

    def _write_passwd(self, user: ImapUser, settings: dict[str, str]) -> None:
        """Write the user's passwd-file in one step: auth never reads half a line."""
        if any(" " in v or ":" in v for v in settings.values()):
            raise ValueError("userdb settings cannot hold spaces or ':'")
        extra = " ".join(f"userdb_{key}={value}" for key, value in settings.items())
        line = (
            f"{user.name}:{{PLAIN}}{user.password}:{self._uid}:{self._gid}"
            f"::{self._homes / user.name}::{extra}\n"
        )
        partial = self._passwd_dir / f".{user.name}.new"
        partial.write_text(line)
        partial.chmod(0o644)  # test passwords; auth runs as `dovecot` under root
        os.replace(partial, self._passwd_dir / user.name)

    # Running

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start the server and wait until it greets IMAP clients."""
        if self.running:
            return
        with self._stderr_path.open("ab") as stderr:
            self._proc = subprocess.Popen(
                [self._dovecot_bin, "-F", "-c", self.conf],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
                preexec_fn=_death_signal_setter(),
            )
        try:
            self._wait_ready(self._proc)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            code = proc.poll()
            if code is not None:
                raise DovecotError(self._explain(f"dovecot exited with code {code}"))
            if self._greets():
                return
            if time.monotonic() > deadline:
                raise DovecotError(
                    self._explain(f"no IMAP greeting after {START_TIMEOUT:.0f} s")
                )
            time.sleep(0.05)

    def _greets(self) -> bool:
        try:
            with socket.create_connection((self.host, self.imap_port), 2) as sock:
                return sock.recv(512).startswith(b"* OK")
        except OSError:
            return False

    def _explain(self, what: str) -> str:
        return (
            f"{what}; config {self.conf}\n"
            f"--- stderr ---\n{_tail(self._stderr_path)}\n"
            f"--- {self.log_path} ---\n{_tail(self.log_path)}"
        )

    def stop(self) -> None:
        """Stop the master and wait until every process of this instance is gone."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            # Connected clients (their TLS proxies) hold a stopping master for 5 s;
            # kicked first, they go at once, told "Server shutting down".
            with contextlib.suppress(DovecotError, subprocess.TimeoutExpired):
                self.doveadm("kick", "*")
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._reap_leftovers()

    def _reap_leftovers(self) -> None:
        """Wait for children still exiting; kill any that outlive their master.

        Dovecot titles its processes "dovecot-<instance_name>/<service>", and the
        instance name is this instance's own directory name: nothing else matches.
        """
        deadline = time.monotonic() + 5
        while (pids := self._instance_pids()) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def _instance_pids(self) -> list[int]:
        prefixes = (f"dovecot-{self.instance_name}/", f"{self.instance_name}/")
        prefixes_bytes = tuple(prefix.encode() for prefix in prefixes)
        pids = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                title = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if title.startswith(prefixes_bytes):
                pids.append(int(entry.name))
        return pids

    def restart(self) -> None:
        """Stop and start again: same ports, same certificates, same mail."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop the server and delete its directory."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Dovecot:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Administration

    def doveadm(self, *args: str, input: bytes | None = None) -> str:
        """Run `doveadm -c CONF *args`; its stdout, or DovecotError with its stderr."""
        result = subprocess.run(
            [self._doveadm_bin, "-c", self.conf, *args],
            input=input,
            capture_output=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise DovecotError(
                f"doveadm {' '.join(args)} failed with code {result.returncode}: "
                + result.stderr.decode(errors="replace").strip()
            )
        return result.stdout.decode(errors="replace")

    def add_user(
        self,
        name: str | None = None,
        password: str | None = None,
        *,
        settings: dict[str, str] | None = None,
    ) -> ImapUser:
        """A new user with an empty mailbox, able to log in at once.

        `settings` override Dovecot settings for this user alone (userdb extra
        fields, values without spaces): `{"imap_capability": "IMAP4rev1"}` makes
        a server that offers no CONDSTORE, QRESYNC or SPECIAL-USE after login.
        """
        if name is None:
            while name is None or name in self._users:
                self._serial += 1
                name = f"user{self._serial}"
        elif not _USER_NAME.fullmatch(name) or name in self._users:
            raise ValueError(f"bad or taken user name: {name!r}")
        if password is None:
            password = secrets.token_urlsafe(12)
        elif not password or any(char in password for char in ":\r\n"):
            raise ValueError("a passwd-file password cannot be empty or hold ':'")
        home = self._homes / name
        home.mkdir(mode=0o700)
        if self._as_root:
            os.chown(home, self._uid, self._gid)
        user = ImapUser(name, password, self)
        self._users[name] = user
        self._write_passwd(user, settings or {})
        return user

    def ssl_context(self, cafile: Path | None = None) -> ssl.SSLContext:
        """A verifying client context trusting `cafile` (by default the server's)."""
        return ssl.create_default_context(cafile=str(cafile or self.cafile))

    def connect(
        self,
        username: str,
        password: str,
        *,
        implicit_tls: bool = False,
        cafile: Path | None = None,
    ) -> IMAPClient:
        """A logged-in client: STARTTLS on `imap_port`, or TLS from the first byte."""
        context = self.ssl_context(cafile)
        if implicit_tls:
            client = IMAPClient(
                self.host,
                port=self.imaps_port,
                ssl=True,
                ssl_context=context,
                timeout=CLIENT_TIMEOUT,
            )
        else:
            client = IMAPClient(
                self.host, port=self.imap_port, ssl=False, timeout=CLIENT_TIMEOUT
            )
        try:
            if not implicit_tls:
                client.starttls(context)
            client.login(username, password)
        except BaseException:
            with contextlib.suppress(OSError):
                client.shutdown()
            raise
        return client


@dataclass(frozen=True, slots=True)
class ImapUser:
    """A user of a test `Dovecot`, with helpers to act as another mail client.

    Each helper opens its own connection and logs out: it changes the mailbox the
    way a phone or webmail would, behind the back of the code under test.
    """

    name: str
    password: str = field(repr=False)
    server: Dovecot = field(repr=False)

    def client(self, *, implicit_tls: bool = False) -> IMAPClient:
        """A logged-in client; use it as a context manager, or call logout()."""
        return self.server.connect(self.name, self.password, implicit_tls=implicit_tls)

    @contextlib.contextmanager
    def _selected(self, folder: str, *, readonly: bool) -> Iterator[IMAPClient]:
        with self.client() as client:
            client.select_folder(folder, readonly=readonly)
            yield client

    def append(
        self,
        folder: str,
        raw: bytes,
        flags: Sequence[str] = (),
        when: datetime | None = None,
    ) -> int:
        """Append one message; its UID."""
        with self.client() as client:
            response = client.append(folder, raw, flags=tuple(flags), msg_time=when)
        return _appended_uids(response, 1)[0]

    def append_many(self, folder: str, raws: Iterable[bytes]) -> list[int]:
        """Append messages over one connection, MULTIAPPEND in batches; their UIDs."""
        uids: list[int] = []
        with self.client() as client:
            for batch in _batches(raws):
                _, response = client.multiappend(folder, batch)
                uids += _appended_uids(response[-1], len(batch))
        return uids

    def create_folder(self, name: str) -> None:
        with self.client() as client:
            client.create_folder(name)

    def delete_folder(self, name: str) -> None:
        with self.client() as client:
            client.delete_folder(name)

    def recreate_folder(self, name: str) -> int:
        """Delete and create `name`: same name, new UIDVALIDITY (returned)."""
        before = self.uidvalidity(name)
        with self.client() as client:
            client.delete_folder(name)
            client.create_folder(name)
        after = self.uidvalidity(name)
        if after == before:
            raise DovecotError(f"{name} kept UIDVALIDITY {before} when recreated")
        return after

    def uidvalidity(self, folder: str) -> int:
        with self.client() as client:
            status = client.folder_status(folder, [b"UIDVALIDITY"])
        return int(status[b"UIDVALIDITY"])

    def uids(self, folder: str) -> list[int]:
        with self._selected(folder, readonly=True) as client:
            return sorted(client.search("ALL"))

    def add_flags(self, folder: str, uids: Iterable[int], flags: Sequence[str]) -> None:
        with self._selected(folder, readonly=False) as client:
            for chunk in _batches(uids):
                client.add_flags(chunk, list(flags), silent=True)

    def remove_flags(
        self, folder: str, uids: Iterable[int], flags: Sequence[str]
    ) -> None:
        with self._selected(folder, readonly=False) as client:
            for chunk in _batches(uids):
                client.remove_flags(chunk, list(flags), silent=True)

    def flags(self, folder: str) -> dict[int, tuple[str, ...]]:
        """Every message's stored flags by UID, as text ("\\Seen", "$label1").

        \\Recent is left out: it belongs to whichever session saw the message
        first, not to the message, so it would make assertions depend on order.
        """
        found: dict[int, tuple[str, ...]] = {}
        with self._selected(folder, readonly=True) as client:
            for chunk in _batches(sorted(client.search("ALL"))):
                for uid, flags in client.get_flags(chunk).items():
                    text = (f.decode() if isinstance(f, bytes) else f for f in flags)
                    found[uid] = tuple(f for f in text if f != r"\Recent")
        return found

    def expunge(self, folder: str, uids: Iterable[int]) -> None:
        """Set \\Deleted on `uids` and UID EXPUNGE just them, not others' deletions."""
        with self._selected(folder, readonly=False) as client:
            for chunk in _batches(uids):
                client.add_flags(chunk, [r"\Deleted"], silent=True)
                client.uid_expunge(chunk)


def require_dovecot() -> None:
    """No Dovecot: fail under CI (never a silent skip there), skip elsewhere."""
    if find_binary("dovecot") is not None and find_binary("doveadm") is not None:
        return
    ci = os.environ.get("CI", "").strip().lower()
    if ci not in {"", "0", "false", "no", "off"}:
        pytest.fail(INSTALL_HINT, pytrace=False)
    pytest.skip(INSTALL_HINT)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One Dovecot for the whole session, deleted with its mail at the end."""
    require_dovecot()
    server = Dovecot()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(autouse=True)
def _dovecot_running(request: pytest.FixtureRequest) -> None:
    """Restart the session's Dovecot before a test if an earlier test stopped it."""
    if "dovecot" in request.fixturenames:
        server: Dovecot = request.getfixturevalue("dovecot")
        if not server.running:
            server.start()


@pytest.fixture
def imap_user(dovecot: Dovecot) -> ImapUser:
    """A fresh user: each test gets an empty mailbox without restarting Dovecot."""
    return dovecot.add_user()
