"""Where the config and the database live: flag, then environment, then XDG.

The flag and the environment variable are resolved by the CLI (typer's `envvar`); this
module supplies the defaults, from platformdirs so that XDG_CONFIG_HOME and
XDG_DATA_HOME are honoured on Linux and the platform's own places are used elsewhere.
"""

from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "triage"


def default_config_path() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_db_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "triage.db"


def default_demo_db_path() -> Path:
    """The demo's own database, apart from the real one: `triage demo` rebuilds it."""
    return user_data_path(APP_NAME, appauthor=False) / "demo.db"
