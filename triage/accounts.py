"""`triage accounts` and `triage login`: what is configured, and does it work.

Nothing here returns or prints a password: an account is described by where its
password comes from, never by the password.
"""

from dataclasses import dataclass, field

from triage.config import Account
from triage.credentials import Secret, password_for, save_password, source_of
from triage.errors import ExitCode, TriageError
from triage.imap import ImapSession, connect

# Capabilities that change how triage syncs, in the order `accounts --check` lists them.
RELEVANT_CAPABILITIES = ("CONDSTORE", "QRESYNC", "SPECIAL-USE", "UIDPLUS", "IDLE")


@dataclass(frozen=True, slots=True)
class FolderCount:
    name: str
    messages: int | None
    unseen: int | None
    error: str | None = None


@dataclass(slots=True)
class AccountCheck:
    """An account as configured and, after `check`, as its server sees it."""

    account: Account
    password_source: str  # where the password comes from: never the password
    checked: bool = False
    capabilities: tuple[str, ...] = ()
    folders: list[FolderCount] = field(default_factory=list)
    drafts: str | None = None
    error: str | None = None
    error_code: ExitCode | None = None

    def document(self) -> dict[str, object]:
        """The JSON object of `accounts --format json`: no secret in it."""
        a = self.account
        doc: dict[str, object] = {
            "name": a.name,
            "host": a.host,
            "port": a.port,
            "user": a.user,
            "tls": str(a.tls),
            "ca_file": str(a.ca_file) if a.ca_file else None,
            "folders": list(a.folders),
            "drafts": a.drafts,
            "password_source": self.password_source,
        }
        if self.checked:
            doc |= {
                "ok": self.error is None,
                "error": self.error,
                "capabilities": list(self.capabilities),
                "drafts_found": self.drafts,
                "folder_counts": [
                    {
                        "name": f.name,
                        "messages": f.messages,
                        "unseen": f.unseen,
                        "error": f.error,
                    }
                    for f in self.folders
                ],
            }
        return doc


def describe(accounts: tuple[Account, ...]) -> list[AccountCheck]:
    single = len(accounts) == 1
    return [AccountCheck(a, str(source_of(a, environment=single))) for a in accounts]


def check_all(accounts: tuple[Account, ...]) -> list[AccountCheck]:
    """`check` each account; TRIAGE_PASSWORD only serves a single one."""
    return [check(a, environment=len(accounts) == 1) for a in accounts]


def check(account: Account, *, environment: bool = True) -> AccountCheck:
    """Log in, then read capabilities, the Drafts folder and each folder's counts."""
    source = str(source_of(account, environment=environment))
    result = AccountCheck(account, source, checked=True)
    try:
        password = password_for(account, environment=environment)
        with connect(account, password) as session:
            _inspect(session, result)
    except TriageError as exc:
        result.error, result.error_code = exc.message, exc.exit_code
    return result


def _inspect(session: ImapSession, result: AccountCheck) -> None:
    result.capabilities = tuple(
        c for c in RELEVANT_CAPABILITIES if c in session.capabilities
    )
    result.drafts = session.drafts_folder()
    for name in result.account.folders:
        try:
            counts = session.status(name)
        except TriageError as exc:
            result.folders.append(FolderCount(name, None, None, exc.message))
            continue
        result.folders.append(
            FolderCount(name, counts.get("messages"), counts.get("unseen"))
        )


def login(account: Account, password: Secret, *, verify: bool = True) -> None:
    """Keep `password` in the system keyring, once the server has accepted it."""
    if verify:
        with connect(account, password):
            pass
    save_password(account, password)
