"""config.py: config.toml to a validated Config, and every way it can be wrong."""

from pathlib import Path

import pytest

from triage.config import Config, ImportSettings, load_config
from triage.errors import ConfigError, ExitCode

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_example_loads() -> None:
    path = ROOT / "config.example.toml"
    config = load_config(path, required=True)
    assert config.import_ == ImportSettings(workers=0)
    assert config.source == path
    # Every key in the example is commented out or at its default.
    assert config.database is None
    assert config.timezone is None


def test_every_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'database = "~/mail/triage.db"\ntimezone = "Europe/Paris"\n'
        "[import]\nworkers = 4\n",
    )
    config = load_config(path, required=True)
    assert config.database == Path("~/mail/triage.db").expanduser()
    assert config.timezone == "Europe/Paris"
    assert config.import_.workers == 4
    assert config.source == path


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""), required=True)
    assert config.database is None
    assert config.timezone is None
    assert config.import_.workers == 0


def test_missing_default_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml", required=False) == Config()


def test_missing_named_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(ConfigError, match="config file not found") as caught:
        load_config(path, required=True)
    assert str(path) in caught.value.message
    assert caught.value.exit_code == ExitCode.CONFIG == 3


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path, required=False)  # a directory


@pytest.mark.parametrize(
    ("text", "typo", "meant"),
    [
        ('databse = "x.db"\n', "databse", "database"),
        ('time_zone = "UTC"\n', "time_zone", "timezone"),
        ("[import]\nworker = 2\n", "import.worker", "import.workers"),
        ("[imports]\nworkers = 2\n", "imports", "import"),
    ],
)
def test_unknown_key_suggests_the_key_meant(
    tmp_path: Path, text: str, typo: str, meant: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    message = caught.value.message
    assert f"unknown key '{typo}'" in message
    assert f"did you mean '{meant}'?" in message
    assert str(path) in message


def test_unknown_key_without_a_close_match(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "colour = true\n"), required=True)
    assert "unknown key 'colour'" in caught.value.message
    assert "did you mean" not in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("database = 5\n", "'database' must be a string, not an integer"),
        ("timezone = 1\n", "'timezone' must be a string, not an integer"),
        ('import = "fast"\n', "'import' must be a table, not a string"),
        (
            '[import]\nworkers = "4"\n',
            "'import.workers' must be an integer, not a string",
        ),
        (
            "[import]\nworkers = true\n",
            "'import.workers' must be an integer, not true/false",
        ),
        ("[import]\nworkers = 2.5\n", "'import.workers' must be an integer"),
    ],
)
def test_wrong_type(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert expected in caught.value.message
    assert str(path) in caught.value.message


def test_negative_workers(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"import\.workers must be 0"):
        load_config(write(tmp_path, "[import]\nworkers = -1\n"), required=True)


@pytest.mark.parametrize(
    "text",
    [
        'database = "x.db\n',
        "[import\nworkers = 1\n",
        "workers == 2\n",
        "a = 1\na = 2\n",
    ],
    ids=["unterminated-string", "bad-table", "bad-assignment", "duplicate-key"],
)
def test_invalid_toml(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert "invalid TOML" in caught.value.message
    assert str(path) in caught.value.message
    assert "line" in caught.value.message  # tomllib says where


def test_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'timezone = "Europe/Z\xfcrich"\n')  # Latin-1, not UTF-8
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert str(path) in caught.value.message


@pytest.mark.parametrize(
    "zone",
    [
        "Mars/Olympus_Mons",
        "Europe/",
        "../../etc/passwd",
        "/etc/localtime",
        "",
        "Europe",
    ],
)
def test_bad_timezone(tmp_path: Path, zone: str) -> None:
    path = write(tmp_path, f'timezone = "{zone}"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert f"unknown timezone {zone!r}" in caught.value.message
    assert "Europe/Paris" in caught.value.message  # an example of a good name


def test_empty_database_means_the_default(tmp_path: Path) -> None:
    assert (
        load_config(write(tmp_path, 'database = ""\n'), required=True).database is None
    )


def test_a_relative_database_path_is_relative_to_the_config_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text('database = "data/triage.db"\n', encoding="utf-8")
    assert load_config(path, required=True).database == folder / "data" / "triage.db"
