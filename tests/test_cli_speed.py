"""What a quick command loads: the reading commands must not pay for the rest.

A stats view is asked for by scripts and cron lines; most of its time used to go to
imports it never needed (pydantic through typer's option coercion, sqlite-utils to
check the schema, imapclient through the accounts code). Timings are for bench/; here
the modules themselves are checked, which fails the same way on any machine.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_NOW
from typer.testing import CliRunner

from triage.cli import app

_PROBE = """
import json, sys
from triage.cli import main
sys.argv = ["triage", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exc:
    code = exc.code
with open(OUT, "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def loaded(args: list[str], tmp_path: Path) -> tuple[int, set[str]]:
    """The exit code and the top-level packages a fresh `triage ARGS` imported."""
    out = tmp_path / "modules.json"
    code = _PROBE.replace("OUT", repr(str(out)))
    env = {**os.environ, "TRIAGE_NOW": SAMPLE_NOW, "NO_COLOR": "1"}
    subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        env=env,
        stdout=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
    found = json.loads(out.read_text())
    return found["code"], {name.split(".")[0] for name in found["modules"]}


HEAVY = {"pydantic", "sqlite_utils", "imapclient", "textual", "email"}


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--json"],
        ["stats", "senders", "--format", "tsv", "--since", "2026-10-01"],
        ["stats"],
        ["brief", "--json"],
        ["list", "--limit", "3", "--format", "csv"],
    ],
    ids=["stats-json", "stats-section-tsv", "stats-table", "brief", "list"],
)
def test_reading_commands_load_nothing_heavy(
    sample_db: Path, tmp_path: Path, args: list[str]
) -> None:
    code, modules = loaded(["--db", str(sample_db), *args], tmp_path)
    assert code == 0
    assert not modules & HEAVY, sorted(modules & HEAVY)


def test_json_output_does_not_load_rich(sample_db: Path, tmp_path: Path) -> None:
    code, modules = loaded(["--db", str(sample_db), "stats", "--json"], tmp_path)
    assert code == 0
    assert "rich" not in modules


# Option values are coerced by triage.cli_coercion, not by typer's pydantic
# adapters: the messages are triage's own, still one line with the option named.


@pytest.fixture
def run(runner: CliRunner, sample_db: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["--db", str(sample_db), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--limit", "abc"],
            "Invalid value for '--limit': 'abc' is not a whole number.",
        ),
        (
            ["list", "--limit", "-3"],
            "Invalid value for '--limit': -3 is below the minimum, 0.",
        ),
        (
            ["list", "--limit", "2000000000"],
            "Invalid value for '--limit': 2000000000 is above the maximum, 1000000000.",
        ),
        (
            ["stats", "--format", "xml"],
            "Invalid value for '--format' / '-f': 'xml' is not one of 'table', "
            "'json', 'jsonl', 'tsv', 'csv'.",
        ),
    ],
    ids=["not-a-number", "below-min", "above-max", "bad-choice"],
)
def test_bad_values_are_one_line(run, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    code, stdout, stderr = run(*args)
    assert code == 2
    assert stdout == ""
    assert stderr.splitlines() == [
        f"triage: error: {message} (see 'triage {args[0]} --help')"
    ]


def test_choices_ignore_case_and_numbers_take_spaces(run) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = run("list", "--limit", " 2 ", "--format", "JSON")
    assert code == 0
    assert len(json.loads(stdout)) == 2


def test_paths_and_lists_are_coerced(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "cases.csv"
    code, _, stderr = run("export", "cases", "-o", str(target))
    assert code == 0, stderr
    assert target.read_text().startswith("id,")
    code, stdout, _ = run("stats", "totals", "labels", "--json")
    assert code == 0
    assert set(json.loads(stdout)) >= {"totals", "labels"}


def test_arguments_choices_and_the_environment(
    runner: CliRunner, sample_db: Path, tmp_path: Path
) -> None:
    # A path from the environment, a choice argument in capitals.
    result = runner.invoke(
        app, ["export", "CASES", "--format", "jsonl"], env={"TRIAGE_DB": str(sample_db)}
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["id"] == 1
    # A list of whole numbers with one that is not.
    result = runner.invoke(app, ["--db", str(sample_db), "case", "split", "1", "x"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "triage: error: Invalid value for 'MSG': 'x' is not a whole number. "
        "(see 'triage case split --help')"
    ]


@pytest.mark.parametrize("value", ["12.0", "١٢", "1e3", ""])
def test_a_whole_number_is_written_in_ascii_digits(run, value: str) -> None:  # type: ignore[no-untyped-def]
    code, stdout, stderr = run("list", "--limit", value)
    assert code == 2
    assert stdout == ""
    assert "is not a whole number" in stderr


def test_the_review_starts_without_the_imap_client() -> None:
    """The review loads the outbox at launch; the IMAP client only when a reply
    goes out (20 ms of every start otherwise)."""
    probe = "import sys, triage.tui.app; print('imapclient' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
