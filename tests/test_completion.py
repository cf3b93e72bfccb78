"""`triage completion`: the scripts, and the installed `triage` answering them.

A script only asks; the words come from `triage` itself, run by the shell with
_TRIAGE_COMPLETE set (typer's protocol: complete_bash with COMP_WORDS and
COMP_CWORD; complete_zsh and complete_fish with _TYPER_COMPLETE_ARGS). So the
protocol tests run the real console script, as a shell would.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from triage.cli import app

SHELLS = ["bash", "zsh", "fish"]
BIN = Path(sys.executable).parent
TRIAGE = shutil.which("triage", path=str(BIN)) or shutil.which("triage")

# A line typed so far, and a word the Tab must offer: a command, an option, choices.
TYPED = [
    ("triage st", "stats"),
    ("triage case m", "merge"),
    ("triage stats --", "--since"),
    ("triage list --format ", "jsonl"),
    ("triage export ", "messages"),
    ("triage completion ", "fish"),
]
TYPED_IDS = ["command", "subcommand", "option", "option-choice", "argument", "shell"]


def _env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_TRIAGE")}
    return {**env, **variables}


def _ask(shell: str, typed: str) -> list[str]:
    """The words the installed `triage` offers `shell` after `typed`."""
    assert TRIAGE, "no triage console script: pip install -e . first"
    if shell == "bash":
        words = typed.split()
        env = _env(
            _TRIAGE_COMPLETE="complete_bash",
            COMP_WORDS=typed,
            COMP_CWORD=str(len(words) - (0 if typed.endswith(" ") else 1)),
        )
    else:
        env = _env(
            _TRIAGE_COMPLETE=f"complete_{shell}",
            _TYPER_COMPLETE_ARGS=typed,
            _TYPER_COMPLETE_FISH_ACTION="get-args",
        )
    done = subprocess.run(
        [TRIAGE], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return _words(shell, done.stdout)


def _words(shell: str, answer: str) -> list[str]:
    if shell == "bash":  # one word a line
        return answer.splitlines()
    if shell == "fish":  # word, tab, description
        return [line.split("\t")[0] for line in answer.splitlines()]
    # zsh: _arguments '*: :(("word":"description"\n"word"...))'
    assert answer.startswith("_arguments '*: :(("), answer
    return re.findall(r'^"((?:[^"]|"")+)"', answer.split("((", 1)[1], re.MULTILINE)


@pytest.mark.parametrize("shell", SHELLS)
def test_each_shell_gets_its_script(runner: CliRunner, shell: str) -> None:
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    script = result.stdout
    assert script.strip()
    # It names the program and asks it, in this shell's protocol, for the words.
    assert f"_TRIAGE_COMPLETE=complete_{shell}" in script
    assert re.search(r"\btriage\b", script.replace("_TRIAGE_COMPLETE", ""))


def test_the_shell_name_is_case_insensitive(runner: CliRunner) -> None:
    result = runner.invoke(app, ["completion", "Fish"])
    assert result.exit_code == 0, result.stderr
    assert "complete --command triage" in result.stdout


def test_the_zsh_script_completes_the_tab_that_autoloads_it(runner: CliRunner) -> None:
    # Installed on $fpath, the file is loaded by the first Tab; registering the
    # function alone would leave that Tab without an answer.
    script = runner.invoke(app, ["completion", "zsh"]).stdout
    assert script.startswith("#compdef triage\n")
    assert "compdef _triage_completion triage" in script
    assert "[[ $zsh_eval_context[-1] == loadautofunc ]]" in script
    assert '  _triage_completion "$@"' in script


def test_an_unknown_shell_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("triage: error: ")
    assert "'tcsh'" in line
    assert "'bash', 'zsh', 'fish'" in line
    assert "triage completion --help" in line


def test_a_shell_is_required(runner: CliRunner) -> None:
    result = runner.invoke(app, ["completion"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("triage: error: Missing argument 'SHELL'.")
    assert re.findall(r"\b(bash|zsh|fish)\b", result.stderr) == SHELLS


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("typed", "offered"), TYPED, ids=TYPED_IDS)
def test_the_installed_triage_answers_each_shell(
    shell: str, typed: str, offered: str
) -> None:
    words = _ask(shell, typed)
    assert offered in words
    # Only words that continue what was typed.
    last = "" if typed.endswith(" ") else typed.split()[-1]
    assert all(word.startswith(last) for word in words), words


def test_choices_are_offered_whole_and_in_order() -> None:
    assert _ask("bash", "triage list --format ") == [
        "table",
        "json",
        "jsonl",
        "tsv",
        "csv",
    ]
    assert _ask("bash", "triage export ") == ["cases", "messages"]


def test_completion_opens_no_database_or_config(tmp_path: Path) -> None:
    # A Tab must never fail, or write, because of the config or the database.
    bad = tmp_path / "config.toml"
    bad.write_text("this is not toml [", encoding="utf-8")
    env = _env(
        TRIAGE_CONFIG=str(bad),
        TRIAGE_DB=str(tmp_path / "triage.db"),
        _TRIAGE_COMPLETE="complete_bash",
        COMP_WORDS="triage list --",
        COMP_CWORD="2",
    )
    assert TRIAGE
    done = subprocess.run(
        [TRIAGE], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "--messages" in done.stdout.splitlines()
    assert not (tmp_path / "triage.db").exists()


def _command_paths() -> list[str]:
    group = typer.main.get_command(app)
    paths = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        paths.append(name)
        paths += [f"{name} {sub}" for sub in getattr(command, "commands", {})]
    return sorted(paths)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
@pytest.mark.parametrize("command", _command_paths())
def test_every_command_offers_its_options(
    runner: CliRunner, shell: str, command: str
) -> None:
    # zsh and fish show each option's help, which typer reads as rich markup: a
    # help text it cannot parse would break the Tab for that whole command.
    env = {
        "_TRIAGE_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": f"triage {command} --",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = runner.invoke(app, [], env=env, prog_name="triage")
    assert result.exit_code == 0, result.stderr
    assert "--help" in _words(shell, result.stdout)


def require_shell(name: str) -> None:
    """No such shell: fail under CI (never a silent skip there), skip elsewhere."""
    if shutil.which(name) is not None:
        return
    hint = f"{name} is not installed: run 'sudo apt-get install {name}'"
    if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}:
        pytest.fail(hint, pytrace=False)
    pytest.skip(hint)


def _completed(shell: list[str]) -> list[str]:
    """The lines a shell prints, with the installed triage first on its PATH."""
    env = _env(PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run(
        shell, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_bash_runs_the_script(runner: CliRunner, tmp_path: Path) -> None:
    require_shell("bash")
    script = tmp_path / "triage.bash"
    script.write_text(runner.invoke(app, ["completion", "bash"]).stdout)
    # What bash does on Tab after `triage export `: call the function, read COMPREPLY.
    line = (
        f"source {script}; COMP_WORDS=(triage export ''); COMP_CWORD=2; "
        '_triage_completion triage; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    assert _completed(["bash", "--norc", "-c", line]) == ["cases", "messages"]


def test_fish_runs_the_script(runner: CliRunner, tmp_path: Path) -> None:
    require_shell("fish")
    script = tmp_path / "triage.fish"
    script.write_text(runner.invoke(app, ["completion", "fish"]).stdout)
    # What fish does on Tab after `triage stats --u`, descriptions included.
    line = f"source {script}; complete --do-complete 'triage stats --u'"
    assert _completed(["fish", "--no-config", "-c", line]) == [
        "--until\tBefore this date (same forms as --since).",
        "--utc\tDays and dates in UTC, not local time.",
    ]
