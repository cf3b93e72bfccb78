"""config.toml to a frozen, validated Config.

Every key is checked up front: an unknown key or a wrong type is reported with the file,
the key and, for a typo, the key that was probably meant. `config.example.toml` in the
repository documents every key that exists and is loaded by the tests.
"""

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from triage.errors import ConfigError


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """[import] table."""

    workers: int = 0  # 0: automatic (importer.import_mailbox says how)


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration; defaults stand for a missing file or key."""

    database: Path | None = None
    timezone: str | None = None
    import_: ImportSettings = ImportSettings()
    source: Path | None = None  # the file it was read from, if any


TOP_KEYS = {"database": str, "timezone": str, "import": dict}
IMPORT_KEYS = {"workers": int}


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
        # A relative path is relative to the config file, not to wherever cron or
        # the shell happens to run triage.
        database=path.parent / Path(str(database)).expanduser() if database else None,
        timezone=str(timezone) if timezone else None,
        import_=ImportSettings(workers=workers),
        source=path,
    )


def _check_keys(
    table: dict[str, object], schema: dict[str, type], path: Path, prefix: str
) -> None:
    for key, value in table.items():
        if key not in schema:
            hint = difflib.get_close_matches(key, schema, n=1)
            did_you_mean = f"; did you mean '{prefix}{hint[0]}'?" if hint else ""
            raise ConfigError(f"{path}: unknown key '{prefix}{key}'{did_you_mean}")
        expected = schema[key]
        if not isinstance(value, expected) or (
            expected is int and isinstance(value, bool)
        ):
            raise ConfigError(
                f"{path}: '{prefix}{key}' must be {_type_name(expected)}, "
                f"not {_type_name(type(value))}"
            )


_TYPE_NAMES = {str: "a string", int: "an integer", dict: "a table", bool: "true/false"}


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
