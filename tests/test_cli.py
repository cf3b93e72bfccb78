"""cli.py through typer's CliRunner: exit code, stdout and stderr checked apart.

Every command runs against a real database file in tmp_path, named with --db (or
TRIAGE_DB); the autouse fixture keeps XDG paths inside tmp_path too.
"""

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import typer
from conftest import failed, ok
from typer.testing import CliRunner, Result

from triage import __version__
from triage.cli import app
from triage.report import LIST_FIELDS
from triage.store import open_store
from triage.store.core import SCHEMA_STEPS

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]
MakeMaildir = Callable[..., Path]
Invoke = Callable[..., Result]

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]

# What a terminal would act on: ESC, other C0 controls but tab and newline, C1
# controls (0x9b is a one-byte CSI), bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

EVIL_SUBJECT = "Evil \x1b[31mred\x1b[0m \x9b2J [bold]markup[/] :smile: \u202egnp.exe"
EVIL_NAME = "[bold]markup[/] :smile: \x1b[31m\x9b\u202eMallory"


@pytest.fixture
def invoke(runner: CliRunner, db_path: Path) -> Invoke:
    """Run triage with --db pointing at the test database."""

    def run(args: Sequence[str], **kwargs: object) -> Result:
        return runner.invoke(app, ["--db", str(db_path), *args], **kwargs)  # type: ignore[arg-type]

    return run


@pytest.fixture
def three(make_mail: MakeMail, make_mbox: MakeMbox) -> Path:
    """An mbox of three complaints from two senders over two days."""
    return make_mbox(
        [
            make_mail(
                subject="Colis jamais arrivé",
                body="Commande CMD-2026-104233 jamais livrée.\n",
                message_id="<1@example.com>",
                date="Mon, 02 Nov 2026 09:15:00 +0000",
            ),
            make_mail(
                subject="Remboursement",
                body="Je demande le remboursement.\n",
                message_id="<2@example.com>",
                date="Tue, 03 Nov 2026 10:00:00 +0000",
            ),
            make_mail(
                subject="Facture erronée",
                body="La facture est fausse.\n",
                sender="bob@shop.example.org",
                name="Bob Durand",
                message_id="<3@example.com>",
                date="Tue, 03 Nov 2026 11:00:00 +0000",
            ),
        ]
    )


@pytest.fixture
def imported(invoke: Invoke, three: Path) -> Path:
    result = invoke(["import", str(three)])
    assert result.exit_code == 0, result.output
    return three


# Version and help


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert ok(result) == f"triage {__version__}\n"


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "Usage: triage" in result.output
    for command in COMMANDS:
        assert command in result.output


def test_top_level_help(runner: CliRunner) -> None:
    out = ok(runner.invoke(app, ["--help"]))
    assert out.startswith("Usage: triage [OPTIONS] COMMAND [ARGS]...")
    for option in ("--db", "--config", "--debug", "--version"):
        assert option in out


def test_every_command_is_there() -> None:
    assert set(COMMANDS) >= {"import", "list", "show", "stats", "demo"}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(runner: CliRunner, command: str, db_path: Path) -> None:
    out = ok(runner.invoke(app, ["--db", str(db_path), command, "--help"]))
    assert out.startswith(f"Usage: triage {command} ")
    assert "Options" in out
    assert not db_path.exists()  # --help never touches the database


@pytest.mark.parametrize("command", COMMANDS)
def test_short_help_option(runner: CliRunner, command: str) -> None:
    assert ok(runner.invoke(app, [command, "-h"])).startswith(
        f"Usage: triage {command}"
    )


# import


def test_import_prints_a_summary_line(invoke: Invoke, three: Path) -> None:
    out = ok(invoke(["import", str(three)]))
    summary = r"3 new, 0 already present, 0 failed to parse \(\d+\.\d s"
    rate = r"(, [\d,]+ messages/s)?"
    assert re.fullmatch(summary + rate + r"\)\n", out), out


def test_import_again_adds_nothing(invoke: Invoke, imported: Path) -> None:
    out = ok(invoke(["import", str(imported)]))
    assert out.startswith("0 new, 3 already present, 0 failed to parse (")


def test_import_counts_parse_failures(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    path = make_mbox([make_mail(), b"not an e-mail message\n"])
    out = ok(invoke(["import", str(path)]))
    assert out.startswith("1 new, 0 already present, 1 failed to parse (")
    listed = json.loads(ok(invoke(["list", "--messages", "--errors", "--json"])))
    assert len(listed) == 1
    assert listed[0]["parse_error"]
    table = ok(invoke(["list", "--messages", "--errors"]))
    assert "(unparsed message)" in table


def test_import_quiet_prints_nothing(invoke: Invoke, three: Path) -> None:
    assert ok(invoke(["import", "--quiet", str(three)])) == ""
    assert len(json.loads(ok(invoke(["list", "--messages", "--json"])))) == 3


def test_import_maildir_with_forced_format_and_folder(
    invoke: Invoke, make_mail: MakeMail, make_maildir: MakeMaildir
) -> None:
    path = make_maildir(new=[make_mail()])
    out = ok(
        invoke(["import", "--format", "maildir", "--folder", "Plaintes", str(path)])
    )
    assert out.startswith("1 new, ")
    (row,) = json.loads(ok(invoke(["list", "--messages", "--json"])))
    assert row["folder"] == "Plaintes"


def test_import_of_a_missing_path_exits_7(invoke: Invoke, tmp_path: Path) -> None:
    line = failed(invoke(["import", str(tmp_path / "nowhere.mbox")]), 7)
    assert "no such mailbox" in line


def test_import_of_a_non_mbox_file_exits_7(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n")
    line = failed(invoke(["import", str(path)]), 7)
    assert "is not an mbox file" in line


def test_import_with_an_unknown_format_is_a_usage_error(
    invoke: Invoke, three: Path
) -> None:
    result = invoke(["import", "--format", "pst", str(three)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "pst" in result.stderr
    assert "Traceback" not in result.stderr


# list


def test_list_table(invoke: Invoke, imported: Path) -> None:
    out = ok(invoke(["list", "--messages"], env={"COLUMNS": "200"}))
    lines = out.splitlines()
    # A Labels column once the rules pass labelled something.
    assert lines[0].split()[:4] == ["ID", "Date", "From", "Subject"]
    # Newest first.
    assert "Facture erronée" in lines[1]
    assert "Bob Durand" in lines[1]
    assert "Remboursement" in lines[2]
    assert "Colis jamais arrivé" in lines[3]
    assert "Alice Martin" in lines[3]
    assert len(lines) == 4


def test_list_table_uses_the_configured_timezone(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Asia/Tokyo"\n')
    out = ok(
        invoke(["--config", str(config), "list", "--messages"], env={"COLUMNS": "200"})
    )
    assert "2026-11-02 18:15" in out  # 09:15 UTC
    utc = tmp_path / "utc.toml"
    utc.write_text('timezone = "UTC"\n')
    assert "2026-11-02 09:15" in ok(
        invoke(["--config", str(utc), "list", "--messages"])
    )


def test_list_json(invoke: Invoke, imported: Path) -> None:
    rows = json.loads(ok(invoke(["list", "--messages", "--format", "json"])))
    assert [r["subject"] for r in rows] == [
        "Facture erronée",
        "Remboursement",
        "Colis jamais arrivé",
    ]
    for row in rows:
        assert set(row) == set(LIST_FIELDS)
    assert set(LIST_FIELDS) == {
        "id",
        "message_id",
        "folder",
        "date",
        "from_addr",
        "from_name",
        "subject",
        "labels",
        "label_reasons",
        "case_id",
        "parse_error",
        "attachments",
        "language",
        "tone",
    }
    first = rows[-1]
    assert first["message_id"] == "<1@example.com>"
    assert first["folder"] == "inbox"
    assert first["date"] == "2026-11-02T09:15:00Z"
    assert (first["from_addr"], first["from_name"]) == (
        "alice@example.com",
        "Alice Martin",
    )
    assert first["labels"] == [d["label"] for d in first["label_reasons"]]
    assert all(d["reason"] for d in first["label_reasons"])
    assert isinstance(first["case_id"], int)  # every imported message has a case
    assert first["parse_error"] is None
    assert first["attachments"] == []
    assert isinstance(first["id"], int)


def test_list_json_shorthand(invoke: Invoke, imported: Path) -> None:
    assert ok(invoke(["list", "--messages", "--json"])) == ok(
        invoke(["list", "--messages", "--format", "json"])
    )


@pytest.fixture
def empty(db_path: Path) -> Path:
    """A migrated database with no message in it."""
    open_store(db_path).close()
    return db_path


def test_list_json_of_nothing_is_an_empty_array(invoke: Invoke, empty: Path) -> None:
    assert json.loads(ok(invoke(["list", "--messages", "--json"]))) == []


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["stats"]])
def test_reading_a_database_that_does_not_exist_says_so(
    invoke: Invoke, db_path: Path, command: list[str]
) -> None:
    line = failed(invoke(command), 6)
    assert "no triage database at" in line
    assert not db_path.exists()  # a mistyped --db creates nothing


def test_list_jsonl(invoke: Invoke, imported: Path) -> None:
    lines = ok(invoke(["list", "--messages", "--format", "jsonl"])).splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 3
    assert all(set(r) == set(LIST_FIELDS) for r in rows)
    assert rows[0]["subject"] == "Facture erronée"


def test_list_tsv(invoke: Invoke, imported: Path) -> None:
    lines = ok(invoke(["list", "--messages", "--format", "tsv"])).splitlines()
    assert lines[0].split("\t") == list(LIST_FIELDS)
    cells = [
        dict(zip(LIST_FIELDS, line.split("\t"), strict=True)) for line in lines[1:]
    ]
    assert [c["subject"] for c in cells] == [
        "Facture erronée",
        "Remboursement",
        "Colis jamais arrivé",
    ]
    assert cells[0]["from_addr"] == "bob@shop.example.org"
    assert cells[0]["parse_error"] == ""
    assert cells[0]["date"] == "2026-11-03T11:00:00Z"


def test_list_csv(invoke: Invoke, imported: Path) -> None:
    out = ok(invoke(["list", "--messages", "--format", "csv"]))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(LIST_FIELDS)
    assert [r["subject"] for r in rows] == [
        "Facture erronée",
        "Remboursement",
        "Colis jamais arrivé",
    ]
    assert rows[2]["message_id"] == "<1@example.com>"


def test_list_format_is_case_insensitive(invoke: Invoke, imported: Path) -> None:
    assert len(json.loads(ok(invoke(["list", "--messages", "-f", "JSON"])))) == 3


def test_list_limit(invoke: Invoke, imported: Path) -> None:
    rows = json.loads(ok(invoke(["list", "--messages", "--json", "--limit", "2"])))
    assert [r["subject"] for r in rows] == ["Facture erronée", "Remboursement"]


def test_list_table_limit_says_what_is_hidden(invoke: Invoke, imported: Path) -> None:
    result = invoke(["list", "--messages", "--limit", "1"])
    assert result.exit_code == 0
    assert "Facture erronée" in result.stdout
    assert "Remboursement" not in result.stdout
    assert result.stderr == "1 of 3 messages shown; --limit 0 shows all.\n"
    everything = ok(invoke(["list", "--messages", "--limit", "0"]))
    assert "Colis jamais arrivé" in everything


def test_list_negative_limit_is_a_usage_error(invoke: Invoke, imported: Path) -> None:
    result = invoke(["list", "--messages", "--limit", "-1"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_list_from(invoke: Invoke, imported: Path) -> None:
    rows = json.loads(
        ok(invoke(["list", "--messages", "--json", "--from", "@shop.example.org"]))
    )
    assert [r["from_addr"] for r in rows] == ["bob@shop.example.org"]
    rows = json.loads(ok(invoke(["list", "--messages", "--json", "--from", "alice"])))
    assert {r["from_addr"] for r in rows} == {"alice@example.com"}
    assert len(rows) == 2


def test_list_search(invoke: Invoke, imported: Path) -> None:
    rows = json.loads(
        ok(invoke(["list", "--messages", "--json", "--search", "CMD-2026-104233"]))
    )
    assert [r["message_id"] for r in rows] == ["<1@example.com>"]
    rows = json.loads(
        ok(invoke(["list", "--messages", "--json", "--search", "erronee"]))
    )
    assert [r["subject"] for r in rows] == ["Facture erronée"]


def test_list_search_without_match(invoke: Invoke, imported: Path) -> None:
    assert (
        ok(invoke(["list", "--messages", "--search", "introuvable"]))
        == "No messages match.\n"
    )


def test_list_search_with_a_stray_quote_is_not_a_store_error(
    invoke: Invoke, imported: Path
) -> None:
    result = invoke(["list", "--messages", "--search", 'colis"'])
    assert result.exit_code in (0, 7), result.stderr
    assert "Traceback" not in result.stderr


def test_list_since_and_until(invoke: Invoke, imported: Path, tmp_path: Path) -> None:
    config = tmp_path / "utc.toml"
    config.write_text('timezone = "UTC"\n')
    base = ["--config", str(config), "list", "--messages", "--json"]
    rows = json.loads(ok(invoke([*base, "--since", "2026-11-03"])))
    assert len(rows) == 2
    rows = json.loads(ok(invoke([*base, "--until", "2026-11-03"])))
    assert [r["subject"] for r in rows] == ["Colis jamais arrivé"]
    rows = json.loads(ok(invoke([*base, "--since", "2026-11-03T10:30"])))
    assert [r["subject"] for r in rows] == ["Facture erronée"]


def test_list_since_a_bad_date_is_a_usage_error(invoke: Invoke, imported: Path) -> None:
    line = failed(invoke(["list", "--messages", "--since", "last tuesday"]), 2)
    assert "cannot read the date 'last tuesday'" in line


def test_list_label(invoke: Invoke, imported: Path, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO message_labels (message_id, label) VALUES (2, 'refund')")
    conn.commit()
    conn.close()
    rows = json.loads(ok(invoke(["list", "--messages", "--json", "--label", "refund"])))
    assert [r["id"] for r in rows] == [2] and "refund" in rows[0]["labels"]
    (manual,) = [d for d in rows[0]["label_reasons"] if d["label"] == "refund"]
    assert manual["source"] == "rule"  # inserted directly, not with `triage label`


def test_list_and_show_of_a_message_that_failed_to_parse(
    invoke: Invoke, make_mbox: MakeMbox
) -> None:
    ok(invoke(["import", str(make_mbox([b"\x00 not an e-mail message\n"]))]))
    (row,) = json.loads(ok(invoke(["list", "--messages", "--json"])))
    assert row["parse_error"].startswith("no message headers found")
    assert row["date"] is None
    out = ok(invoke(["show", "--message", str(row["id"])], env={"COLUMNS": "200"}))
    assert "Parse error: no message headers found" in out
    assert "\x00" not in out
    assert (
        ok(invoke(["show", "--message", "--raw", str(row["id"])]))
        == "\x00 not an e-mail message\n"
    )


def test_list_on_an_empty_database(invoke: Invoke, empty: Path) -> None:
    assert ok(invoke(["list", "--messages"])).startswith("No messages yet")


# show


def test_show_table(invoke: Invoke, imported: Path) -> None:
    out = ok(invoke(["show", "--message", "1"], env={"COLUMNS": "120"}))
    assert out.startswith("Message 1\n")
    assert "Alice Martin <alice@example.com>" in out
    assert "Colis jamais arrivé" in out
    assert "<1@example.com>" in out
    assert "Commande CMD-2026-104233 jamais livrée." in out
    assert "support@shop.example" in out


def test_show_json(invoke: Invoke, imported: Path) -> None:
    detail = json.loads(ok(invoke(["show", "--message", "1", "--format", "json"])))
    assert set(LIST_FIELDS) <= set(detail)
    assert detail["id"] == 1
    assert detail["subject"] == "Colis jamais arrivé"
    assert detail["to"] == ["support@shop.example"]
    assert detail["body_text"] == "Commande CMD-2026-104233 jamais livrée."
    assert detail["html_only"] is False
    assert detail["size"] > 0
    assert json.loads(ok(invoke(["show", "--message", "1", "--json"]))) == detail


def test_show_jsonl_is_one_line(invoke: Invoke, imported: Path) -> None:
    out = ok(invoke(["show", "--message", "2", "--format", "jsonl"]))
    assert out.count("\n") == 1
    assert json.loads(out)["subject"] == "Remboursement"


def test_show_unknown_id_exits_7(invoke: Invoke, imported: Path) -> None:
    line = failed(invoke(["show", "--message", "999"]), 7)
    assert line == "triage: error: no message with ID 999"


def test_show_raw_unknown_id_exits_7(invoke: Invoke, imported: Path) -> None:
    failed(invoke(["show", "--message", "--raw", "999"]), 7)


def test_show_a_non_numeric_id_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke(["show", "--message", "abc"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_show_raw_is_byte_exact(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    raw = make_mail(
        subject="Caf\xe9 \x1b[31m", body="ligne\x00un\r\n\xe9t\xe9\n", crlf=True
    )
    raw += b"\xff\xfe latin junk \x9b\r\n"
    ok(invoke(["import", str(make_mbox([raw], crlf=True))]))
    result = invoke(["show", "--message", "--raw", "1"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout_bytes == raw


# stats (tests/test_stats.py has the rest, on the demo database)

PERIOD = ["--since", "2026-11-01", "--until", "2026-11-04", "--utc"]


def test_stats_table(invoke: Invoke, imported: Path) -> None:
    out = ok(invoke(["stats", *PERIOD], env={"COLUMNS": "100"}))
    assert out.startswith(
        "2026-11-01 to 2026-11-03: 3 messages, 2 customers, 3 cases\n"
        "3 open now · 0 parse errors\n"
    )
    assert "Per day" in out
    assert re.search(r"2026-11-03\s+2\s+\d+\s+0\s+█+", out)
    assert "Top sender domains" in out
    assert re.search(r"example\.com\s+2\s+█+", out)
    assert re.search(r"shop\.example\.org\s+1\s+█+", out)


def test_stats_json(invoke: Invoke, imported: Path) -> None:
    doc = json.loads(ok(invoke(["stats", "--json", *PERIOD])))
    assert doc["totals"]["messages"] == 3
    assert doc["totals"]["customers"] == 2
    assert doc["totals"]["parse_errors"] == 0
    assert doc["totals"]["first_date"] == "2026-11-02T09:15:00Z"
    assert doc["totals"]["last_date"] == "2026-11-03T11:00:00Z"
    assert [(d["day"], d["messages"]) for d in doc["daily"]] == [
        ("2026-11-01", 0),
        ("2026-11-02", 1),
        ("2026-11-03", 2),
    ]
    assert doc["domains"] == [
        {"domain": "example.com", "messages": 2},
        {"domain": "shop.example.org", "messages": 1},
    ]


def test_stats_tsv(invoke: Invoke, imported: Path) -> None:
    lines = ok(invoke(["stats", "--format", "tsv", *PERIOD])).splitlines()
    assert lines[0] == "section\tkey\tfigure\tvalue"
    assert "totals\tmessages\tvalue\t3" in lines
    assert "daily\t2026-11-03\tmessages\t2" in lines
    assert "domains\tshop.example.org\tmessages\t1" in lines


def test_stats_csv(invoke: Invoke, imported: Path) -> None:
    out = ok(invoke(["stats", "domains", "--format", "csv", *PERIOD]))
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["domain", "messages"],
        ["example.com", "2"],
        ["shop.example.org", "1"],
    ]


def test_stats_since(invoke: Invoke, imported: Path) -> None:
    args = ["stats", "totals", "--json", "--since", "2026-11-03T00:00Z"]
    doc = json.loads(ok(invoke([*args, "--until", "2026-11-04"])))
    assert doc["totals"]["messages"] == 2


def test_stats_on_an_empty_database(invoke: Invoke, empty: Path) -> None:
    assert ok(invoke(["stats"])).startswith("Nothing yet: no messages stored.")
    doc = json.loads(ok(invoke(["stats", "--json"])))
    assert doc["totals"]["messages"] == doc["totals"]["messages_stored"] == 0
    assert doc["domains"] == doc["labels"] == doc["senders"] == []
    assert all(d["messages"] == 0 for d in doc["daily"])


# Untrusted text


@pytest.fixture
def evil(invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox) -> None:
    raw = make_mail(
        subject=EVIL_SUBJECT,
        name=EVIL_NAME,
        sender="mallory@evil.example",
        body="Body with \x1b]8;;http://evil\x07link\x1b]8;;\x07 and \u202e.\n",
    )
    ok(invoke(["import", str(make_mbox([raw]))]))


def assert_inert(out: str) -> None:
    assert not UNSAFE.search(out), repr(UNSAFE.search(out))
    assert "[bold]markup[/]" in out
    assert ":smile:" in out
    assert "😄" not in out


def test_list_table_shows_untrusted_text_literally(invoke: Invoke, evil: None) -> None:
    result = invoke(["list", "--messages"], env={"COLUMNS": "250"})
    out = ok(result)
    assert_inert(out)
    assert "\\x1b[31mred\\x1b[0m" in out  # shown as visible escapes
    assert "\\x9b2J" in out
    assert "\\u202egnp.exe" in out


def test_show_table_shows_untrusted_text_literally(invoke: Invoke, evil: None) -> None:
    out = ok(invoke(["show", "--message", "1"], env={"COLUMNS": "250"}))
    assert_inert(out)
    assert "[bold]markup[/] :smile: \\x1b[31m\\x9b\\u202eMallory" in out


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_tsv_and_csv_show_untrusted_text_literally(
    invoke: Invoke, evil: None, fmt: str
) -> None:
    out = ok(invoke(["list", "--messages", "--format", fmt]))
    assert_inert(out)
    assert "\\x1b[31mred" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_untrusted_text_exact_but_inert(
    invoke: Invoke, evil: None, fmt: str
) -> None:
    out = ok(invoke(["list", "--messages", "--format", fmt]))
    assert not UNSAFE.search(out)  # escaped as \u sequences, still the same string
    text = out if fmt == "json" else "[" + out.strip() + "]"
    (row,) = json.loads(text)
    assert row["subject"] == EVIL_SUBJECT
    assert row["from_name"] == EVIL_NAME


def test_show_json_keeps_untrusted_text_exact_but_inert(
    invoke: Invoke, evil: None
) -> None:
    out = ok(invoke(["show", "--message", "1", "--json"]))
    assert not UNSAFE.search(out)
    detail = json.loads(out)
    assert detail["subject"] == EVIL_SUBJECT
    assert "\x1b]8;;http://evil\x07" in detail["body_text"]


@pytest.mark.parametrize(
    "subject",
    ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "@SUM(1+1)"],
)
def test_csv_cells_that_look_like_formulas_are_quoted(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox, subject: str
) -> None:
    ok(invoke(["import", str(make_mbox([make_mail(subject=subject)]))]))
    (row,) = csv.DictReader(
        io.StringIO(ok(invoke(["list", "--messages", "--format", "csv"])))
    )
    assert row["subject"] == "'" + subject
    # TSV and JSON are not for spreadsheets: the text stays as it is.
    (line,) = ok(invoke(["list", "--messages", "--format", "tsv"])).splitlines()[1:]
    assert subject in line.split("\t")
    assert (
        json.loads(ok(invoke(["list", "--messages", "--json"])))[0]["subject"]
        == subject
    )


def test_csv_negative_numbers_are_not_quoted(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    ok(invoke(["import", str(make_mbox([make_mail(subject="-42")]))]))
    (row,) = csv.DictReader(
        io.StringIO(ok(invoke(["list", "--messages", "--format", "csv"])))
    )
    assert row["subject"] == "-42"


def test_tsv_escapes_tabs_and_newlines_in_cells(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    ok(invoke(["import", str(make_mbox([make_mail(subject="a\tb")]))]))
    lines = ok(invoke(["list", "--messages", "--format", "tsv"])).splitlines()
    assert len(lines) == 2
    cells = lines[1].split("\t")
    assert len(cells) == len(LIST_FIELDS)
    assert cells[LIST_FIELDS.index("subject")] == "a\\tb"


# Exit codes and error reporting


def test_missing_named_config_exits_3(invoke: Invoke, tmp_path: Path) -> None:
    line = failed(invoke(["--config", str(tmp_path / "absent.toml"), "list"]), 3)
    assert "config file not found" in line


def test_invalid_config_exits_3(invoke: Invoke, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[import]\nwrokers = 2\n")
    line = failed(invoke(["--config", str(config), "stats"]), 3)
    assert "did you mean 'import.workers'?" in line


def test_triage_config_env_is_honoured(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("nonsense = [\n")
    result = runner.invoke(app, ["list"], env={"TRIAGE_CONFIG": str(config)})
    assert "invalid TOML" in failed(result, 3)


def test_default_config_is_read_from_xdg_config_home(
    runner: CliRunner, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "triage" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("timezone = 5\n")
    line = failed(runner.invoke(app, ["list"]), 3)
    assert str(config) in line


def test_database_that_is_a_directory_exits_6(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    line = failed(runner.invoke(app, ["--db", str(folder), "list"]), 6)
    assert str(folder) in line


def test_database_that_is_not_a_database_exits_6(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100)
    line = failed(runner.invoke(app, ["--db", str(path), "stats"]), 6)
    assert "not a triage database" in line


def test_database_from_a_newer_triage_exits_6(
    invoke: Invoke, imported: Path, db_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('triage', 'm999_future', '2030-01-01')"
    )
    conn.execute(f"PRAGMA user_version = {SCHEMA_STEPS + 1}")  # as a newer one counts
    conn.commit()
    conn.close()
    line = failed(invoke(["list", "--messages"]), 6)
    assert "newer version of triage" in line


@pytest.mark.parametrize(
    "args",
    [
        ["nosuchcommand"],
        ["list", "--bogus"],
        ["list", "--format", "xml"],
        ["show"],
        ["export"],
        ["completion"],
    ],
    ids=[
        "unknown-command",
        "unknown-option",
        "bad-choice",
        "missing-argument",
        "missing-choice",
        "missing-shell",
    ],
)
def test_usage_errors_exit_2(invoke: Invoke, args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()  # one line, naming where to look
    assert line.startswith("triage: error: ")
    assert "--help" in line
    assert "Traceback" not in result.stderr
    assert "unexpected error" not in result.stderr


def test_debug_shows_a_traceback(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    result = runner.invoke(app, ["--debug", "--db", str(folder), "list"])
    assert result.exit_code == 6
    assert "Traceback (most recent call last)" in result.stderr
    assert "StoreError" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("triage: error: ")


def test_triage_db_env_is_honoured(
    runner: CliRunner, three: Path, tmp_path: Path
) -> None:
    path = tmp_path / "elsewhere" / "from-env.db"
    env = {"TRIAGE_DB": str(path)}
    assert ok(runner.invoke(app, ["import", str(three)], env=env)).startswith("3 new")
    assert path.is_file()
    rows = json.loads(ok(runner.invoke(app, ["list", "--messages", "--json"], env=env)))
    assert len(rows) == 3
    # --db wins over the environment.
    other = tmp_path / "flag.db"
    open_store(other).close()
    rows = json.loads(
        ok(
            runner.invoke(
                app, ["--db", str(other), "list", "--messages", "--json"], env=env
            )
        )
    )
    assert rows == []


def test_default_database_lives_under_xdg_data_home(
    runner: CliRunner, three: Path, tmp_path: Path
) -> None:
    ok(runner.invoke(app, ["import", "--quiet", str(three)]))
    assert (tmp_path / "data" / "triage" / "triage.db").is_file()


def test_config_database_is_used_without_flag_or_env(
    runner: CliRunner, three: Path, tmp_path: Path
) -> None:
    db = tmp_path / "configured.db"
    config = tmp_path / "config.toml"
    config.write_text(f'database = "{db}"\n')
    ok(runner.invoke(app, ["--config", str(config), "import", "-q", str(three)]))
    assert db.is_file()


# demo


def test_demo_imports_the_sample_and_lists_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Needs triage/sample/mailbox.mbox (generated by triage/sample/generate.py).
    db = tmp_path / "demo.db"
    out = ok(runner.invoke(app, ["--db", str(db), "demo"], env={"COLUMNS": "300"}))
    assert out.startswith("Sample mailbox: ")
    new = int(re.match(r"Sample mailbox: (\d+) new", out)[1])  # type: ignore[index]
    assert new > 0
    assert "Per day" in out and "Open cases by label" in out  # the stats
    assert "Subject" in out  # the list
    assert f"Demo database: {db}" in out
    rows = json.loads(
        ok(runner.invoke(app, ["--db", str(db), "list", "--messages", "--json"]))
    )
    assert len(rows) >= new
    assert {r["folder"] for r in rows} == {"sample"}
    again = ok(runner.invoke(app, ["--db", str(db), "demo", "--quiet"]))
    assert again == ""
    rows_again = json.loads(
        ok(runner.invoke(app, ["--db", str(db), "list", "--messages", "--json"]))
    )
    assert len(rows_again) == len(rows)  # running it again adds nothing


# Found while writing these tests; each mark comes off with its fix.

LONG_SUBJECT = (
    "Colis jamais arrivé, commande CMD-2026-104233 en attente depuis trois "
    "semaines, personne ne répond"
)


@pytest.mark.parametrize("columns", ["80", "120"])
def test_list_table_keeps_id_date_and_sender_with_a_long_subject(
    invoke: Invoke,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    tmp_path: Path,
    columns: str,
) -> None:
    ok(invoke(["import", str(make_mbox([make_mail(subject=LONG_SUBJECT)]))]))
    config = tmp_path / "utc.toml"
    config.write_text('timezone = "UTC"\n')
    out = ok(
        invoke(
            ["--config", str(config), "list", "--messages"], env={"COLUMNS": columns}
        )
    )
    header, row = out.splitlines()
    assert header.split()[:2] == ["ID", "Date"]
    assert row.split()[:4] == ["1", "2026-11-02", "09:15", "Alice"]
    assert "Alice Martin" in row
    assert "Colis jamais arrivé" in row
    assert all(len(line) <= int(columns) for line in (header, row))


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_a_bad_search_writes_nothing_to_stdout(
    invoke: Invoke, imported: Path, fmt: str
) -> None:
    line = failed(invoke(["list", "--messages", "--format", fmt, "--search", '"']), 2)
    assert "cannot search" in line


def test_a_search_in_broken_fts_syntax_falls_back_to_plain_words(
    invoke: Invoke, imported: Path
) -> None:
    out = ok(invoke(["list", "--messages", "--json", "--search", "colis AND"]))
    assert isinstance(json.loads(out), list)


@pytest.mark.parametrize(
    "since", ["0001-01-01", "999999999d"], ids=["year-1", "huge-span"]
)
def test_since_out_of_range_is_a_usage_error_or_works(
    invoke: Invoke, imported: Path, tmp_path: Path, since: str
) -> None:
    config = tmp_path / "tokyo.toml"
    config.write_text('timezone = "Asia/Tokyo"\n')  # east of UTC: year 1 -> year 0
    result = invoke(["--config", str(config), "list", "--json", "--since", since])
    assert result.exit_code in (0, 2), result.stderr
    assert "unexpected error" not in result.stderr
    if result.exit_code == 2:
        failed(result, 2)


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (["show", "99999999999999999999"], (2, 7)),
        (["show", "--raw", "99999999999999999999"], (2, 7)),
        (["list", "--json", "--limit", "99999999999999999999"], (0, 2)),
    ],
    ids=["show", "show-raw", "list-limit"],
)
def test_huge_integers_are_not_unexpected_errors(
    invoke: Invoke, imported: Path, args: list[str], codes: tuple[int, ...]
) -> None:
    result = invoke(args)
    assert result.exit_code in codes, result.stderr
    assert "unexpected error" not in result.stderr


def test_demo_uses_its_own_database_not_triage_db(
    runner: CliRunner, tmp_path: Path
) -> None:
    real = tmp_path / "real.db"
    env = {"TRIAGE_DB": str(real), "COLUMNS": "120"}
    out = ok(runner.invoke(app, ["demo"], env=env))
    demo_db = tmp_path / "data" / "triage" / "demo.db"
    assert f"Demo database: {demo_db}" in out
    assert f"export TRIAGE_DB={demo_db}" in out
    assert not real.exists()  # the user's database is left alone
    # A second run starts again from nothing rather than adding to the first.
    again = ok(runner.invoke(app, ["demo"], env=env))
    assert again.startswith("Sample mailbox: 150 new, 0 already present")


@pytest.fixture
def many(invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox) -> None:
    """Enough messages that a listing overflows a pipe's buffer."""
    raws = [
        make_mail(subject=f"Réclamation numéro {n} " + "x" * 150, message_id=f"<{n}@x>")
        for n in range(1000)
    ]
    ok(invoke(["import", str(make_mbox(raws))]))


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "tsv", "csv"])
def test_a_reader_that_stops_early_is_no_error(
    many: None, db_path: Path, fmt: str
) -> None:
    # `triage list | head -1`: the closed pipe ends triage quietly with status 0.
    command = [sys.executable, "-m", "triage", "--db", str(db_path), "list"]
    triage = subprocess.Popen(
        [*command, "--format", fmt, "--limit", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert triage.stdout is not None and triage.stderr is not None
    triage.stdout.readline()
    triage.stdout.close()  # the reader goes away after one line
    stderr = triage.stderr.read()
    assert triage.wait(timeout=60) == 0, stderr
    assert stderr == b""
