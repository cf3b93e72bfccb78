"""config.toml to a frozen, validated Config.

Every key is checked up front: an unknown key or a wrong type is reported with the file,
the key and, for a typo, the key that was probably meant. `config.example.toml` in the
repository documents every key that exists and is loaded by the tests.
"""

import difflib
import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from triage.cases.settings import CaseSettings, GroupingSettings
from triage.errors import ConfigError
from triage.rules.settings import RuleSettings, parse_settings
from triage.rules.user import RuleError


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """[import] table."""

    workers: int = 0  # 0: automatic (importer.import_mailbox says how)


class TlsMode(StrEnum):
    """How the connection to the IMAP server is protected."""

    TLS = "tls"  # implicit TLS, port 993
    STARTTLS = "starttls"  # plain connection upgraded at once, port 143
    NONE = "none"  # no encryption at all: only when the config says so


DEFAULT_PORTS = {TlsMode.TLS: 993, TlsMode.STARTTLS: 143, TlsMode.NONE: 143}


@dataclass(frozen=True, slots=True)
class Account:
    """One [accounts.NAME] table: a mailbox on an IMAP server. Never a password."""

    name: str
    host: str
    user: str
    port: int
    tls: TlsMode = TlsMode.TLS
    ca_file: Path | None = None
    folders: tuple[str, ...] = ("INBOX",)
    drafts: str | None = None  # None: found by SPECIAL-USE (\Drafts)
    password_command: str | None = None
    timeout: float = 30.0  # seconds, for the connection and for every command
    keywords: bool = False  # write labels back as $triage-LABEL keywords


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """[sync] table."""

    log: Path | None = None  # one line appended per account and run
    retries: int = 3  # further attempts after a network failure, with backoff
    batch_size: int = 500  # messages fetched per IMAP command


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration; defaults stand for a missing file or key."""

    database: Path | None = None
    timezone: str | None = None
    import_: ImportSettings = ImportSettings()
    sync: SyncSettings = SyncSettings()
    accounts: tuple[Account, ...] = ()
    rules: RuleSettings = RuleSettings()
    cases: CaseSettings = CaseSettings()
    source: Path | None = None  # the file it was read from, if any


TOP_KEYS = {
    "database": str,
    "timezone": str,
    "import": dict,
    "sync": dict,
    "accounts": dict,
    "rules": dict,
    "rule": list,
    "cases": dict,
}
IMPORT_KEYS = {"workers": int}
SYNC_KEYS = {"log": str, "retries": int, "batch_size": int}
CASES_KEYS = {
    "similarity": float,
    "window_days": int,
    "compare_last": int,
    "generic_days": int,
    "identity_hints": bool,
}
ACCOUNT_KEYS = {
    "host": str,
    "port": int,
    "user": str,
    "tls": str,
    "ca_file": str,
    "folders": list,
    "drafts": str,
    "password_command": str,
    "timeout": int,
    "keywords": bool,
}
_SECRET_KEYS = {"password", "pass", "passwd", "secret", "token"}
_ACCOUNT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def load_config(path: Path, *, required: bool) -> Config:
    """Read `path`; a missing file is an error only when the user named it."""
    path = path.expanduser()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        if required:
            raise ConfigError(f"config file not found: {path}") from exc
        return Config()
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    return _build(data, path)


def _build(data: dict[str, object], path: Path) -> Config:
    _check_keys(data, TOP_KEYS, path, "")
    imports = data.get("import", {})
    assert isinstance(imports, dict)  # checked by _check_keys
    _check_keys(imports, IMPORT_KEYS, path, "import.")
    workers = int(imports.get("workers", 0))
    if workers < 0:
        raise ConfigError(f"{path}: import.workers must be 0 (automatic) or more")
    timezone = data.get("timezone")
    if timezone is not None:
        _check_timezone(str(timezone), path)
    database = data.get("database")
    return Config(
        database=_path(database, path),
        timezone=str(timezone) if timezone else None,
        import_=ImportSettings(workers=workers),
        sync=_sync(data.get("sync", {}), path),
        accounts=_accounts(data.get("accounts", {}), path),
        rules=_rules(data, path),
        cases=_cases(data.get("cases", {}), path),
        source=path,
    )


def _path(value: object, config: Path) -> Path | None:
    # A relative path is relative to the config file, not to wherever cron or the
    # shell happens to run triage.
    return config.parent / Path(str(value)).expanduser() if value else None


def _sync(table: object, path: Path) -> SyncSettings:
    assert isinstance(table, dict)  # checked by _check_keys
    _check_keys(table, SYNC_KEYS, path, "sync.")
    retries = int(table.get("retries", 3))
    batch_size = int(table.get("batch_size", 500))
    if retries < 0:
        raise ConfigError(f"{path}: sync.retries must be 0 or more")
    if not 1 <= batch_size <= 5000:
        raise ConfigError(f"{path}: sync.batch_size must be between 1 and 5000")
    return SyncSettings(
        log=_path(table.get("log"), path), retries=retries, batch_size=batch_size
    )


def _cases(table: object, path: Path) -> CaseSettings:
    assert isinstance(table, dict)  # checked by _check_keys
    _check_keys(table, CASES_KEYS, path, "cases.")
    default = CaseSettings()
    similarity = float(table.get("similarity", default.grouping.similarity))
    window_days = int(table.get("window_days", default.grouping.window_days))
    compare_last = int(table.get("compare_last", default.grouping.compare_last))
    generic_days = int(table.get("generic_days", default.grouping.generic_days))
    if not 0 <= similarity <= 100:  # also refuses nan and inf
        raise ConfigError(f"{path}: cases.similarity must be between 0 and 100")
    if window_days < 1:
        raise ConfigError(f"{path}: cases.window_days must be 1 or more")
    if compare_last < 1:
        raise ConfigError(f"{path}: cases.compare_last must be 1 or more")
    if generic_days < 0:
        raise ConfigError(f"{path}: cases.generic_days must be 0 or more")
    return CaseSettings(
        grouping=GroupingSettings(
            similarity=similarity,
            window_days=window_days,
            compare_last=compare_last,
            generic_days=generic_days,
        ),
        identity_hints=bool(table.get("identity_hints", default.identity_hints)),
    )


def _rules(data: dict[str, object], path: Path) -> RuleSettings:
    try:
        return parse_settings(data.get("rules", {}), data.get("rule", []))
    except RuleError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _accounts(table: object, path: Path) -> tuple[Account, ...]:
    assert isinstance(table, dict)  # checked by _check_keys
    accounts = []
    for name, fields in table.items():
        if not _ACCOUNT_NAME.fullmatch(name):
            raise ConfigError(
                f"{path}: account name {name!r} must be letters, digits, '.', '_' "
                "or '-'"
            )
        if not isinstance(fields, dict):
            raise ConfigError(f"{path}: 'accounts.{name}' must be a table")
        accounts.append(_account(name, fields, path))
    return tuple(accounts)


def _account(name: str, fields: dict[str, object], path: Path) -> Account:
    prefix = f"accounts.{name}."
    for key in fields:
        if key.lower() in _SECRET_KEYS:
            raise ConfigError(
                f"{path}: '{prefix}{key}': a password does not belong in the config "
                f"file; run `triage login --account {name}`, or set "
                "password_command or TRIAGE_PASSWORD"
            )
    _check_keys(fields, ACCOUNT_KEYS, path, prefix)
    for key in ("host", "user"):
        if not fields.get(key):
            raise ConfigError(f"{path}: '{prefix}{key}' is required")
    try:
        tls = TlsMode(str(fields.get("tls", "tls")))
    except ValueError as exc:
        choices = ", ".join(f'"{mode}"' for mode in TlsMode)
        raise ConfigError(f"{path}: '{prefix}tls' must be one of {choices}") from exc
    port = int(fields.get("port", DEFAULT_PORTS[tls]))  # type: ignore[call-overload]
    if not 0 < port < 65536:
        raise ConfigError(f"{path}: '{prefix}port' must be between 1 and 65535")
    folders = fields.get("folders", ["INBOX"])
    assert isinstance(folders, list)
    if not folders or not all(isinstance(f, str) and f for f in folders):
        raise ConfigError(f"{path}: '{prefix}folders' must be a list of folder names")
    timeout = int(fields.get("timeout", 30))  # type: ignore[call-overload]
    if timeout <= 0:
        raise ConfigError(f"{path}: '{prefix}timeout' must be a number of seconds")
    command = fields.get("password_command")
    return Account(
        name=name,
        host=str(fields["host"]),
        user=str(fields["user"]),
        port=port,
        tls=tls,
        ca_file=_path(fields.get("ca_file"), path),
        folders=tuple(dict.fromkeys(str(f) for f in folders)),
        drafts=str(fields["drafts"]) if fields.get("drafts") else None,
        password_command=str(command) if command else None,
        timeout=float(timeout),
        keywords=bool(fields.get("keywords", False)),
    )


def pick_accounts(config: Config, name: str | None) -> tuple[Account, ...]:
    """The account `name`, or every account; an unknown name or none at all fails."""
    where = config.source or "the config file"
    if not config.accounts:
        raise ConfigError(
            f"no IMAP account in {where}: add an [accounts.NAME] table "
            "(see config.example.toml)"
        )
    if name is None:
        return config.accounts
    for account in config.accounts:
        if account.name == name:
            return (account,)
    known = ", ".join(a.name for a in config.accounts)
    raise ConfigError(f"no account named {name!r} in {where} (accounts: {known})")


def _check_keys(
    table: dict[str, object], schema: dict[str, type], path: Path, prefix: str
) -> None:
    for key, value in table.items():
        if key not in schema:
            hint = difflib.get_close_matches(key, schema, n=1)
            did_you_mean = f"; did you mean '{prefix}{hint[0]}'?" if hint else ""
            raise ConfigError(f"{path}: unknown key '{prefix}{key}'{did_you_mean}")
        expected = schema[key]
        # A number key takes an integer too (similarity = 80); TOML's true and false
        # are Python ints, but never a number here.
        accepted = (int, float) if expected is float else (expected,)
        if not isinstance(value, accepted) or (
            isinstance(value, bool) and expected is not bool
        ):
            wanted = "a number" if expected is float else _type_name(expected)
            raise ConfigError(
                f"{path}: '{prefix}{key}' must be {wanted}, "
                f"not {_type_name(type(value))}"
            )


_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    dict: "a table",
    bool: "true/false",
    list: "a list",
    float: "a decimal number",
}


def _type_name(kind: type) -> str:
    return _TYPE_NAMES.get(kind, kind.__name__)


def _check_timezone(name: str, path: Path) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ConfigError(
            f"{path}: unknown timezone {name!r} (use a name like 'Europe/Paris')"
        ) from exc
