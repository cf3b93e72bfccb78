"""The README and config.example.toml keep up with the code."""

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from triage.cli import app
from triage.config import ACCOUNT_KEYS, IMPORT_KEYS, SYNC_KEYS, TOP_KEYS, load_config
from triage.errors import ExitCode
from triage.rules.lexicon import LIST_NAMES
from triage.rules.settings import RULES_KEYS
from triage.rules.user import FIELDS, RULE_KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = README.split("```", 2)[1]
    assert "make demo" in first_block
    assert "make test" in first_block


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme_help_section(command: str) -> None:
    assert f"### triage {command}\n" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    group = typer.main.get_command(app)
    assert group.commands[command].help, f"{command} has no help text"  # type: ignore[attr-defined]


def test_every_exit_code_is_in_the_readme_table() -> None:
    for code in ExitCode:
        assert f"\n| {int(code)} |" in README, f"exit code {code!r} not documented"


def test_config_example_loads_and_names_every_key(tmp_path: Path) -> None:
    path = ROOT / "config.example.toml"
    assert load_config(path, required=True).import_.workers == 0
    # Commented-out keys count as documented: uncomment them all and load again
    # (indented comment lines are explanations, not keys).
    uncommented = "\n".join(
        line[2:]
        if line.startswith("# ")
        and not line.startswith("#  ")
        and (" = " in line or line.startswith("# ["))
        else line
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    full = tmp_path / "config.toml"
    full.write_text(uncommented, encoding="utf-8")
    config = load_config(full, required=True)
    assert config.timezone == "Europe/Paris"
    data = tomllib.loads(uncommented)
    assert set(data) == set(TOP_KEYS)
    assert set(data["import"]) == set(IMPORT_KEYS)
    assert set(data["sync"]) == set(SYNC_KEYS)
    (account,) = data["accounts"].values()
    assert set(account) == set(ACCOUNT_KEYS)
    assert config.accounts[0].tls == "tls" and config.sync.retries == 3
    assert set(data["rules"]) == set(RULES_KEYS)
    assert {name for name, _ in config.rules.lexicon} <= set(LIST_NAMES)
    # Every kind of condition appears in an example rule.
    used = set(_keys(data["rule"]))
    assert set(FIELDS) | {"header", "all", "any", "not"} | set(RULE_KEYS) <= used
    assert len(config.rules.user) == len(data["rule"])


def _keys(value: object) -> Iterator[str]:
    """Every key of nested tables and arrays of tables."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)
