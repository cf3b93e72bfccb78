"""`triage review` and `triage demo --review` from the command line.

The TUI itself is driven by Pilot in test_tui.py; here, what the commands do
around it: a terminal is required, and the demo imports the sample first.
"""

from pathlib import Path

from typer.testing import CliRunner

from triage.cli import app


def test_review_without_a_terminal_says_what_to_use(tmp_path: Path) -> None:
    db = tmp_path / "triage.db"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "demo", "--quiet"]).exit_code == 0
    result = runner.invoke(app, ["--db", str(db), "review"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "triage: error: review needs a terminal; for scripts use list and show"
    )


def test_review_of_a_missing_database_exits_6(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "review"])
    assert result.exit_code == 6
    assert "no triage database" in result.stderr


def test_demo_review_imports_the_sample_then_needs_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(app, ["--db", str(db), "demo", "--review"])
    assert result.exit_code == 2
    assert "review needs a terminal" in result.stderr
    listed = CliRunner().invoke(app, ["--db", str(db), "list", "--json"])
    assert listed.exit_code == 0 and '"id": 1' in listed.stdout
