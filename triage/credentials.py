"""The IMAP password: from the environment, a command, or the system keyring.

A password lives in memory only, inside a `Secret` whose repr is masked, so that it
cannot end up in a log line, a traceback's message or JSON output by accident. It is
never read from the config file (config.py refuses one there) and never stored by
triage except in the system keyring, on the user's request (`triage login`).
"""

import os
import subprocess
from enum import StrEnum

from triage.config import Account
from triage.errors import AuthError, ConfigError

ENV_VARIABLE = "TRIAGE_PASSWORD"
_COMMAND_TIMEOUT = 60  # seconds: a password manager may ask for a passphrase


class Secret:
    """A password that does not show itself by accident."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret is not pickled")


class Source(StrEnum):
    """Where an account's password comes from, in the order they are tried."""

    ENVIRONMENT = "environment"
    COMMAND = "command"
    KEYRING = "keyring"


def source_of(account: Account, *, environment: bool = True) -> Source:
    """The source `password_for` will use; says nothing of whether it has one.

    `environment` is off when several accounts are used at once: one variable
    cannot hold the password of each, and one account's password must never be
    sent to another account's server.
    """
    if environment and os.environ.get(ENV_VARIABLE):
        return Source.ENVIRONMENT
    if account.password_command:
        return Source.COMMAND
    return Source.KEYRING


def password_for(account: Account, *, environment: bool = True) -> Secret:
    """The account's password, or an error saying how to provide one."""
    source = source_of(account, environment=environment)
    if source is Source.ENVIRONMENT:
        return Secret(os.environ[ENV_VARIABLE])
    if source is Source.COMMAND:
        return _from_command(account)
    value = _keyring_get(account)
    if value is None:
        also = "" if environment else f" ({ENV_VARIABLE} serves one account at a time)"
        raise AuthError(
            f"no password for account '{account.name}': run `triage login --account "
            f"{account.name}`, or set password_command or {ENV_VARIABLE}{also}"
        )
    return Secret(value)


def save_password(account: Account, password: Secret) -> None:
    """Keep the password in the system keyring for the next runs."""
    keyring, errors = _keyring()
    try:
        keyring.set_password(_service(account), account.user, password.reveal())
    except errors.KeyringError as exc:
        raise ConfigError(_no_keyring(account, exc)) from None


def _from_command(account: Account) -> Secret:
    command = account.password_command or ""
    try:
        done = subprocess.run(
            command,
            shell=True,  # like mbsync's PassCmd: the user writes a shell command
            capture_output=True,
            timeout=_COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"password_command of account '{account.name}' did not finish "
            f"within {_COMMAND_TIMEOUT} s"
        ) from None
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        why = f": {detail[0][:200]}" if detail else ""
        raise ConfigError(
            f"password_command of account '{account.name}' failed "
            f"(exit status {done.returncode}){why}"
        )
    lines = done.stdout.decode(errors="replace").splitlines()
    if not lines or not lines[0]:
        raise ConfigError(
            f"password_command of account '{account.name}' printed no password"
        )
    return Secret(lines[0])


def _keyring_get(account: Account) -> str | None:
    keyring, errors = _keyring()
    try:
        return keyring.get_password(_service(account), account.user)
    except errors.NoKeyringError:
        return None
    except errors.KeyringError as exc:
        raise ConfigError(_no_keyring(account, exc)) from None


def _keyring():  # type: ignore[no-untyped-def]
    # Imported when needed: keyring discovers its backends at import, which costs
    # time that commands without a password should not pay.
    import keyring
    import keyring.errors

    return keyring, keyring.errors


def _service(account: Account) -> str:
    return f"triage imap://{account.host}:{account.port}"


def _no_keyring(account: Account, exc: Exception) -> str:
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return (
        f"cannot use the system keyring ({first[:160]}); for account "
        f"'{account.name}' set password_command or {ENV_VARIABLE} instead"
    )
