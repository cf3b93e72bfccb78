"""Typed errors, each carrying the exit code the CLI turns it into.

Core modules raise these with a message a user can act on (the file, the key, what
to do); `cli.py` prints `triage: error: <message>` and exits with `exit_code`.
Anything else that escapes is a bug and exits 1.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (README, "Exit codes")."""

    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    CONFIG = 3
    MAIL_SERVER = 4
    AUTH = 5
    STORE = 6
    INPUT = 7
    LOCK_HELD = 8
    PARTIAL = 9
    INTERRUPTED = 130


class TriageError(Exception):
    """Base class: a problem the user can act on."""

    exit_code: ExitCode = ExitCode.UNEXPECTED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(TriageError):
    """A command-line value that typer itself cannot check (a date, an ID)."""

    exit_code = ExitCode.USAGE


class ConfigError(TriageError):
    """The config file is missing, unreadable or invalid."""

    exit_code = ExitCode.CONFIG


class MailServerError(TriageError):
    """The IMAP server could not be reached or used (network, TLS, a refused command).

    `transient` failures (a timeout, a dropped connection) are worth retrying; an
    untrusted certificate or a refused command is not.
    """

    exit_code = ExitCode.MAIL_SERVER

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class AuthError(TriageError):
    """The server refused the credentials; retrying will not help."""

    exit_code = ExitCode.AUTH


class StoreError(TriageError):
    """The database is locked, corrupt, or written by a newer triage."""

    exit_code = ExitCode.STORE


class InputError(TriageError):
    """A file or value given to triage cannot be used (no such mailbox, no such ID)."""

    exit_code = ExitCode.INPUT


class LockHeldError(TriageError):
    """Another triage process holds the lock for this database."""

    exit_code = ExitCode.LOCK_HELD
