"""The IMAP side of sync: connect safely, then ask a folder only what changed.

imapclient does the protocol; this module adds TLS verified by default, timeouts on
every command, errors turned into `MailServerError` (retryable or not) and
`AuthError`, and bulk FETCH responses read straight from imaplib's output: imapclient's
general-purpose response parser costs more per message than the rest of the fetch
(measured in bench/RESULTS.md), and a bulk fetch only needs UID, FLAGS, MODSEQ and the
body literal. Folders are always opened read-only (EXAMINE) and bodies fetched with
BODY.PEEK[], so a sync never changes anything on the server. Only a reply writes:
`append` puts the draft in Drafts, `add_flags` marks the messages it answers; and,
when the account opts in, `store_keywords` writes labels as keywords after a sync.
"""

import bisect
import imaplib
import re
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from imapclient.response_parser import parse_fetch_response

from triage.config import Account, TlsMode
from triage.credentials import Secret
from triage.errors import AuthError, MailServerError

# Response codes of a login refused for a passing reason, not the password (RFC 5530).
_TEMPORARY = re.compile(r"\[(UNAVAILABLE|SERVERBUG|INUSE|LIMIT)\]")
# Dovecot refuses command lines over 64 KB: UID sets are compressed into ranges and
# long ones split.
_MAX_SET = 16_000


@dataclass(frozen=True, slots=True)
class FolderStatus:
    """What EXAMINE says of a folder."""

    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int
    highestmodseq: int | None  # None: the server has no CONDSTORE


@dataclass(frozen=True, slots=True)
class Fetched:
    """One message as FETCH returned it."""

    uid: int
    flags: tuple[str, ...] | None  # None: the response did not carry FLAGS
    modseq: int | None
    raw: bytes | None  # None when only flags were asked for
    size: int | None = None


@dataclass(frozen=True, slots=True)
class FlagsAdded:
    """What `add_flags` did in one folder: UIDs flagged, or why none were."""

    folder: str
    uids: int
    skipped: str | None = None


@dataclass(frozen=True, slots=True)
class KeywordsStored:
    """What `store_keywords` did in one folder: STORE commands sent, or why none."""

    folder: str
    commands: int
    skipped: str | None = None


@dataclass(frozen=True, slots=True)
class FolderInfo:
    """A folder as LIST shows it."""

    name: str
    flags: tuple[str, ...]


class FolderNotFound(MailServerError):
    """The server has no such folder (or refuses to open it): one folder fails."""


def connect(account: Account, password: Secret) -> "ImapSession":
    """Log in to the account's server, over TLS unless the config says "none"."""
    with server_errors(account):
        timeout = SocketTimeout(connect=account.timeout, read=account.timeout)
        context = _tls_context(account)
        implicit = account.tls is TlsMode.TLS
        client = IMAPClient(
            account.host,
            port=account.port,
            ssl=implicit,
            ssl_context=context if implicit else None,
            timeout=timeout,
        )
        try:
            if account.tls is TlsMode.STARTTLS:
                if b"STARTTLS" not in client.capabilities():
                    raise MailServerError(
                        f"{account.host}:{account.port} does not offer STARTTLS; "
                        'use tls = "tls" (port 993) for this account'
                    )
                client.starttls(context)
            _login(client, account, password)
            return ImapSession(client, account)
        except BaseException:
            # The original failure is what matters; a socket that a failed TLS
            # handshake closed already cannot be shut down again.
            with suppress(OSError, IMAPClientError):
                client.shutdown()
            raise


def _login(client: IMAPClient, account: Account, password: Secret) -> None:
    """LOGIN, or AUTHENTICATE PLAIN for a password that is not ASCII.

    imaplib sends LOGIN arguments as ASCII only; PLAIN carries UTF-8. The error
    raised for such a password must never be shown: it quotes the character.
    """
    secret = password.reveal()
    if secret.isascii() and account.user.isascii():
        client.login(account.user, secret)
        return
    if b"AUTH=PLAIN" not in client.capabilities():
        raise AuthError(
            f"the password or user name of account '{account.name}' has non-ASCII "
            f"characters, and {account.host} offers no AUTH=PLAIN to send them"
        )
    client.plain_login(account.user, secret)


def _tls_context(account: Account) -> ssl.SSLContext:
    """Certificates and host names are checked; `ca_file` adds a trusted CA."""
    context = ssl.create_default_context()  # the system's CAs
    if account.ca_file is None:
        return context
    try:
        context.load_verify_locations(cafile=str(account.ca_file))
        return context
    except (OSError, ssl.SSLError) as exc:
        raise MailServerError(
            f"cannot use ca_file {account.ca_file} of account '{account.name}': "
            f"{getattr(exc, 'strerror', None) or exc}"
        ) from None


@contextmanager
def server_errors(account: Account) -> Iterator[None]:
    """Network, TLS and protocol failures as one-line errors that say what to do."""
    where = f"{account.host}:{account.port}"
    try:
        yield
    except LoginError as exc:
        if _TEMPORARY.search(str(exc)):
            # RFC 5530: the server is unwell, the password may be fine.
            raise MailServerError(
                f"{where} cannot log in {account.user!r} now: {_server_text(exc)}",
                transient=True,
            ) from None
        raise AuthError(
            f"{where} refused the login of {account.user!r} (account "
            f"'{account.name}'): {_server_text(exc)}"
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise MailServerError(
            f"the TLS certificate of {where} is not trusted "
            f"({exc.verify_message}); if it is your server's own, set ca_file "
            f"for account '{account.name}'"
        ) from None
    except ssl.SSLError as exc:
        raise MailServerError(f"TLS with {where} failed: {exc.reason or exc}") from None
    except TimeoutError:
        raise MailServerError(
            f"{where} did not answer within {account.timeout:g} s", transient=True
        ) from None
    except socket.gaierror as exc:
        raise MailServerError(
            f"cannot find {account.host}: {exc.strerror}", transient=True
        ) from None
    except (IMAPClientAbortError, imaplib.IMAP4.abort) as exc:
        raise MailServerError(
            f"the connection to {where} broke: {_server_text(exc)}", transient=True
        ) from None
    except OSError as exc:
        raise MailServerError(
            f"cannot talk to {where}: {exc.strerror or exc}", transient=True
        ) from None
    except (IMAPClientError, imaplib.IMAP4.error) as exc:
        raise MailServerError(
            f"{where} refused a command: {_server_text(exc)}"
        ) from None
    except UnicodeError:
        # Its text would quote what could not be encoded: perhaps a password.
        raise MailServerError(
            f"cannot send a non-ASCII value to {where} (account '{account.name}')"
        ) from None


def _server_text(exc: BaseException) -> str:
    text = str(exc)
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    return " ".join(text.split())[:200] or type(exc).__name__


class ImapSession:
    """A logged-in connection: one folder selected at a time, read-only but for
    `add_flags`."""

    def __init__(self, client: IMAPClient, account: Account) -> None:
        self.client = client
        self.account = account
        self.capabilities = frozenset(
            c.decode("ascii", "replace").upper() for c in client.capabilities()
        )
        self.qresync = self.condstore = False
        wanted = "QRESYNC" if "QRESYNC" in self.capabilities else "CONDSTORE"
        if wanted in self.capabilities and "ENABLE" in self.capabilities:
            # ENABLE makes EXAMINE report HIGHESTMODSEQ and FETCH accept
            # CHANGEDSINCE; QRESYNC adds VANISHED, the UIDs expunged since. What
            # the server says it enabled is what is used.
            with server_errors(account):
                enabled = {_text(c).upper() for c in client.enable(wanted)}
            self.qresync = "QRESYNC" in enabled
            self.condstore = self.qresync or "CONDSTORE" in enabled

    def close(self) -> None:
        """Log out; a connection that broke already is just dropped."""
        try:
            self.client.logout()
        except (IMAPClientError, imaplib.IMAP4.error, OSError):
            with suppress(OSError):
                self.client.shutdown()

    def __enter__(self) -> "ImapSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def folders(self) -> list[FolderInfo]:
        with server_errors(self.account):
            listed = self.client.list_folders()
        return [
            FolderInfo(str(name), tuple(_text(f) for f in flags))
            for flags, _, name in listed
        ]

    def drafts_folder(self) -> str | None:
        """The folder the account names, else the one marked \\Drafts (SPECIAL-USE)."""
        if self.account.drafts:
            return self.account.drafts
        for info in self.folders():
            if "\\drafts" in (f.lower() for f in info.flags):
                return info.name
        return None

    def status(self, folder: str) -> dict[str, int]:
        with server_errors(self.account):
            try:
                found = self.client.folder_status(folder, ["MESSAGES", "UNSEEN"])
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                raise FolderNotFound(
                    f"folder {folder!r}: {_server_text(exc)}"
                ) from None
        return {_text(k).lower(): int(v) for k, v in found.items()}

    def examine(self, folder: str) -> FolderStatus:
        """Open `folder` read-only: no flag changes, no \\Recent consumed."""
        with server_errors(self.account):
            try:
                info = self.client.select_folder(folder, readonly=True)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                raise FolderNotFound(
                    f"cannot open folder {folder!r} on {self.account.host}: "
                    f"{_server_text(exc)}"
                ) from None
        return FolderStatus(
            name=folder,
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=_int_or_none(info.get(b"UIDNEXT")),
            exists=int(info.get(b"EXISTS", 0)),
            highestmodseq=_int_or_none(info.get(b"HIGHESTMODSEQ"))
            if self.condstore
            else None,
        )

    def append(
        self, folder: str, raw: bytes, flags: Sequence[str] = ("\\Draft",)
    ) -> int | None:
        """Put a message in `folder` with `flags`; its UID if the server says
        (UIDPLUS)."""
        with server_errors(self.account):
            try:
                response = self.client.append(folder, raw, flags=tuple(flags))
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                raise FolderNotFound(
                    f"cannot add a message to folder {folder!r} on "
                    f"{self.account.host}: {_server_text(exc)}"
                ) from None
        found = _APPENDUID.search(response or b"")
        return int(found.group(1)) if found else None

    def add_flags(
        self, folder: str, uidvalidity: int, uids: Sequence[int], flags: Sequence[str]
    ) -> FlagsAdded:
        """Add `flags` to `uids` of `folder`, if its UIDVALIDITY is still the one
        they were read under; else nothing is changed, and the result says why.

        The folder stays selected read-write until the next EXAMINE or logout:
        CLOSE would expunge what another client marked \\Deleted.
        """
        with server_errors(self.account):
            info = self._select_writable(folder)
            stale = self._stale(folder, info, uidvalidity)
            if stale:
                return FlagsAdded(folder, 0, stale)
            for part in _split(_sequence_set(uids)):
                self.client.add_flags(part, list(flags), silent=True)
        return FlagsAdded(folder, len(set(uids)))

    def store_keywords(
        self,
        folder: str,
        uidvalidity: int,
        add: Mapping[str, Sequence[int]],
        remove: Mapping[str, Sequence[int]],
    ) -> KeywordsStored:
        """Add and remove keywords, one UID STORE per keyword and UID set.

        Nothing is changed, and the result says why, when the folder has a new
        UIDVALIDITY or does not keep new keywords (no \\* in PERMANENTFLAGS: a
        server may answer OK to the STORE and keep nothing). The folder
        stays selected read-write, as with `add_flags`.
        """
        with server_errors(self.account):
            info = self._select_writable(folder)
            skipped = self._stale(folder, info, uidvalidity) or _no_new_keywords(info)
            if skipped:
                return KeywordsStored(folder, 0, skipped)
            sent = _store_each(add, self.client.add_flags)
            sent += _store_each(remove, self.client.remove_flags)
        return KeywordsStored(folder, sent)

    def _select_writable(self, folder: str) -> dict[bytes, object]:
        """SELECT `folder` read-write; its SELECT response."""
        try:
            return self.client.select_folder(folder, readonly=False)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as exc:
            raise FolderNotFound(
                f"cannot open folder {folder!r} on {self.account.host}: "
                f"{_server_text(exc)}"
            ) from None

    def _stale(
        self, folder: str, info: dict[bytes, object], uidvalidity: int
    ) -> str | None:
        """Why UIDs read under `uidvalidity` no longer name the same messages."""
        if int(info[b"UIDVALIDITY"]) == uidvalidity:  # type: ignore[call-overload]
            return None
        return (
            f"folder {folder!r} was recreated on {self.account.host} "
            "since the last sync (new UIDVALIDITY): run `triage sync`"
        )

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs above `last_uid` in the selected folder, ascending."""
        with server_errors(self.account):
            found = self.client.search(["UID", f"{last_uid + 1}:*"])
        # "n:*" always matches the highest UID, even below n.
        return sorted(uid for uid in found if uid > last_uid)

    def all_uids(self) -> list[int]:
        with server_errors(self.account):
            return sorted(self.client.search(["ALL"]))

    def fetch_messages(self, uids: Sequence[int]) -> list[Fetched]:
        """Bodies, flags and mod-sequences, without setting \\Seen."""
        items = ["UID", "FLAGS", "BODY.PEEK[]"]
        if self.condstore:
            items.insert(2, "MODSEQ")
        wanted = set(uids)
        # In UID order whatever order the server answered in: a sync resumes
        # after the highest UID stored.
        fetched = self._fetch(_sequence_set(uids), items)
        return sorted((f for f in fetched if f.uid in wanted), key=lambda f: f.uid)

    def fetch_sizes(self, uids: Sequence[int]) -> list[Fetched]:
        wanted = set(uids)
        fetched: list[Fetched] = []
        for part in _split(_sequence_set(uids)):
            fetched += self._fetch(part, ["UID", "RFC822.SIZE"])
        return [f for f in fetched if f.uid in wanted]

    def fetch_flags(self, uids: Sequence[int]) -> list[Fetched]:
        items = ["UID", "FLAGS"] + (["MODSEQ"] if self.condstore else [])
        fetched: list[Fetched] = []
        for part in _split(_sequence_set(uids)):
            fetched += self._fetch(part, items)
        return fetched

    def changed_since(
        self, last_uid: int, modseq: int
    ) -> tuple[list[Fetched], "UidRanges"]:
        """Flags changed since `modseq` on UIDs up to `last_uid`, and (with QRESYNC)
        the UIDs expunged since then: one round trip."""
        modifier = f"CHANGEDSINCE {modseq}" + (" VANISHED" if self.qresync else "")
        fetched = self._fetch(
            f"1:{last_uid}".encode(), ["UID", "FLAGS", "MODSEQ"], modifier
        )
        vanished = UidRanges()
        for line in self.client._imap.untagged_responses.pop("VANISHED", []):
            vanished.add_set(line)
        return fetched, vanished

    def _fetch(
        self, uid_set: bytes, items: Sequence[str], modifier: str | None = None
    ) -> list[Fetched]:
        if not uid_set:
            return []
        imap = self.client._imap
        args = ["FETCH", uid_set, "(" + " ".join(items) + ")"]
        if modifier:
            args.append(f"({modifier})")
        with server_errors(self.account):
            tag = imap._command("UID", *args)
            typ, data = imap._command_complete("FETCH", tag)
            if typ != "OK":
                raise MailServerError(
                    f"{self.account.host} refused FETCH: {_server_text(data[0])}"
                )
            _, data = imap._untagged_response(typ, data, "FETCH")
            return _parse_fetch([d for d in data if d is not None])


_APPENDUID = re.compile(rb"\[APPENDUID \d+ (\d+)\]")
# An item name starts after "(" or a space: "X-GUID 7" is not "UID 7".
_ITEM = re.compile(rb"(?<![^ (])(UID|MODSEQ|FLAGS|RFC822\.SIZE) (\([^()]*\)|\d+)")
_START = re.compile(rb"\d+ \(")
_LITERAL = re.compile(rb"BODY\[\] \{(\d+)\}$")


def _parse_fetch(data: list[bytes | tuple[bytes, bytes]]) -> list[Fetched]:
    """FETCH responses as imaplib returns them: one line, or (line, literal) pairs.

    Only the items asked for by this module are read; anything unexpected hands the
    whole response to imapclient's full parser instead.
    """
    messages: list[tuple[bytes, bytes | None]] = []
    for item in data:
        if isinstance(item, tuple):
            head, literal = item
            if not _LITERAL.search(head):
                return _parse_fetch_slowly(data)
            messages.append((head, literal))
        elif _START.match(item):
            messages.append((item, None))
        elif messages:  # the rest of the message after its literal: ")" or items
            head, literal = messages[-1]
            messages[-1] = (head + b" " + item, literal)
    fetched = []
    for text, literal in messages:
        found = dict(_ITEM.findall(text))
        if b"UID" not in found:
            continue  # an unsolicited FETCH without UID (a flag change elsewhere)
        flags = found.get(b"FLAGS")
        fetched.append(
            Fetched(
                uid=int(found[b"UID"]),
                flags=tuple(_text(f) for f in flags[1:-1].split())
                if flags is not None
                else None,
                modseq=int(found[b"MODSEQ"].strip(b"()"))
                if b"MODSEQ" in found
                else None,
                raw=literal,
                size=int(found[b"RFC822.SIZE"]) if b"RFC822.SIZE" in found else None,
            )
        )
    return fetched


def _parse_fetch_slowly(data: list[bytes | tuple[bytes, bytes]]) -> list[Fetched]:
    fetched = []
    # Keyed by sequence number: an unsolicited FETCH (no UID) must not be taken for
    # the message whose UID equals its sequence number.
    for fields in parse_fetch_response(data, False, False).values():
        if b"UID" not in fields:
            continue
        modseq = fields.get(b"MODSEQ")
        body = fields.get(b"BODY[]")
        flags = fields.get(b"FLAGS")
        fetched.append(
            Fetched(
                uid=int(fields[b"UID"]),
                flags=tuple(_text(f) for f in flags) if flags is not None else None,
                modseq=int(modseq[0] if isinstance(modseq, tuple) else modseq)
                if modseq is not None
                else None,
                raw=bytes(body) if body is not None else None,
                size=_int_or_none(fields.get(b"RFC822.SIZE")),
            )
        )
    return fetched


class UidRanges:
    """A UID set as the server wrote it (`41,43:116`), never expanded.

    A server may answer VANISHED with `1:4000000`: membership is tested range by
    range instead of building millions of numbers.
    """

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def add_set(self, line: bytes | str) -> None:
        text = line.decode("ascii", "replace") if isinstance(line, bytes) else line
        for part in text.replace("(EARLIER)", "").strip().split(","):
            first, _, last = part.strip().partition(":")
            if first.isdigit():
                end = int(last) if last.isdigit() else int(first)
                self.ranges.append((min(int(first), end), max(int(first), end)))

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def among(self, uids: Sequence[int]) -> list[int]:
        """The members of `uids` in the set."""
        ranges = sorted(self.ranges)
        starts = [low for low, _ in ranges]
        reach = []  # the highest UID covered by any range starting at or before
        for _, high in ranges:
            reach.append(max(high, reach[-1]) if reach else high)
        found = []
        for uid in uids:
            i = bisect.bisect_right(starts, uid) - 1
            if i >= 0 and uid <= reach[i]:
                found.append(uid)
        return found


def _sequence_set(uids: Sequence[int]) -> bytes:
    """Ascending UIDs as a compact IMAP set: 1,2,3,7 -> "1:3,7"."""
    parts: list[str] = []
    ordered = sorted(set(uids))
    start = prev = None
    for uid in ordered:
        if prev is not None and uid == prev + 1:
            prev = uid
            continue
        if start is not None:
            parts.append(f"{start}:{prev}" if prev != start else str(start))
        start = prev = uid
    if start is not None:
        parts.append(f"{start}:{prev}" if prev != start else str(start))
    return ",".join(parts).encode("ascii")


def _split(uid_set: bytes) -> Iterator[bytes]:
    """A long set in pieces that each fit on a command line."""
    while len(uid_set) > _MAX_SET:
        cut = uid_set.rindex(b",", 0, _MAX_SET)
        yield uid_set[:cut]
        uid_set = uid_set[cut + 1 :]
    if uid_set:
        yield uid_set


def _store_each(
    keywords: Mapping[str, Sequence[int]], store: Callable[..., object]
) -> int:
    """One silent UID STORE per keyword and UID set; how many were sent."""
    sent = 0
    for name, uids in keywords.items():
        for part in _split(_sequence_set(uids)):
            store(part, [name], silent=True)
            sent += 1
    return sent


def _no_new_keywords(info: dict[bytes, object]) -> str | None:
    """Why the selected folder cannot take new keywords, if it cannot.

    No PERMANENTFLAGS at all means every flag is permanent (RFC 3501).
    """
    permanent = info.get(b"PERMANENTFLAGS")
    if permanent is None or b"\\*" in permanent:  # type: ignore[operator]
        return None
    return (
        "the server does not keep new keywords in this folder (no \\* in "
        "PERMANENTFLAGS): labels not written as keywords"
    )


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _int_or_none(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        value = value[0]
    return int(value)  # type: ignore[call-overload]
