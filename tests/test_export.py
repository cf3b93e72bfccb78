"""`triage export` through typer's CliRunner, on real database files in tmp_path.

Most tests read the bundled demo sample (150 messages), imported once per module
and copied for each test; scores and states are measured to TRIAGE_NOW, the
morning the README's examples are measured to.
"""

import csv
import io
import json
import os
import pty
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import failed, ok
from typer.testing import CliRunner, Result

from triage import export as export_module
from triage.cli import app
from triage.demo import load_demo
from triage.export import (
    CASE_EXPORT_FIELDS,
    MESSAGE_EXPORT_FIELDS,
    ExportFormat,
    ExportKind,
    export,
    open_output,
)
from triage.store import Store, open_store

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]
Invoke = Callable[..., Result]

NOW = "2026-11-16T08:00:00Z"

# What a terminal would act on: ESC, other C0 controls but tab and newline, C1
# controls (0x9b is a one-byte CSI), bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL_SUBJECT = "Evil \x1b[31mred\x1b[0m \x9b2J \x1b]0;x\x07 \u202egnp.exe"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo sample imported once; tests get a copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(path)
    try:
        load_demo(store)
    finally:
        store.close()
    return path


@pytest.fixture
def demo(demo_template: Path, db_path: Path) -> Path:
    shutil.copyfile(demo_template, db_path)
    return db_path


@pytest.fixture
def invoke(runner: CliRunner, db_path: Path) -> Invoke:
    """Run triage on the test database, at NOW."""

    def run(args: Sequence[str]) -> Result:
        return runner.invoke(
            app, ["--db", str(db_path), *args], env={"TRIAGE_NOW": NOW}
        )

    return run


def csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def jsonl_rows(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# Every row, both kinds, both formats


@pytest.mark.parametrize("kind", ["messages", "cases"])
def test_csv_has_the_header_and_one_row_per_item(
    invoke: Invoke, demo: Path, kind: str
) -> None:
    header, rows = csv_rows(ok(invoke(["export", kind])))  # csv is the default
    fields = MESSAGE_EXPORT_FIELDS if kind == "messages" else CASE_EXPORT_FIELDS
    assert header == list(fields)
    assert len(rows) == count(demo, kind) > 0
    assert [int(r["id"]) for r in rows] == sorted(int(r["id"]) for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("kind", ["messages", "cases"])
def test_jsonl_has_one_valid_object_a_line(
    invoke: Invoke, demo: Path, kind: str
) -> None:
    out = ok(invoke(["export", kind, "--format", "jsonl"]))
    assert out.endswith("\n")
    rows = jsonl_rows(out)
    assert len(rows) == count(demo, kind)
    fields = MESSAGE_EXPORT_FIELDS if kind == "messages" else CASE_EXPORT_FIELDS
    assert all(set(fields) <= set(row) for row in rows)


def test_a_known_message_in_both_formats(invoke: Invoke, demo: Path) -> None:
    _, rows = csv_rows(ok(invoke(["export", "messages"])))
    row = next(r for r in rows if r["id"] == "29")
    assert row["date"] == "2026-11-04T07:05:43Z"  # 08:05:43 in Paris, stored UTC
    assert row["from_addr"] == "anne.rolland@gmail.com"
    assert row["from_name"] == "Anne Rolland"
    assert row["customer"] == "annerolland@gmail.com"  # Gmail ignores dots
    assert row["subject"] == "Re: Mes points n'apparaissent pas dans l'application"
    assert row["language"] == "fr"
    assert row["answered"] == "false"
    assert row["parse_error"] == ""
    # The customer's own words, quoted reply cut off, newlines kept in the cell.
    assert row["new_text"].startswith(
        "Bonjour,\n\nMerci beaucoup, après la mise à jour je vois bien mes 1 320 "
        "points."
    )
    assert "a écrit" not in row["new_text"]
    (obj,) = [
        r
        for r in jsonl_rows(ok(invoke(["export", "messages", "-f", "jsonl"])))
        if r["id"] == 29
    ]
    assert obj["case_id"] == int(row["case_id"])
    assert obj["new_text"] == row["new_text"]
    assert obj["labels"] == [] and obj["flags"] == [] and obj["answered"] is False


def test_a_known_case_in_both_formats(invoke: Invoke, demo: Path) -> None:
    # Case 4 of the README's `triage show 4`.
    _, rows = csv_rows(ok(invoke(["export", "cases"])))
    row = next(r for r in rows if r["id"] == "4")
    assert row["customer"] == "karim.benali@free.fr"
    assert row["name"] == "Karim Benali"
    assert row["subject"] == "ma commande"
    assert row["state"] == "open"
    assert row["score"] == "33"
    assert row["message_count"] == "3"
    assert row["message_ids"] == "3, 19, 103"
    assert row["labels"] == "repeat-sender, vague"
    assert row["first_date"] == row["waiting_since"] == "2026-11-02T09:20:19Z"
    assert row["notes"] == "0"
    (obj,) = [
        r
        for r in jsonl_rows(ok(invoke(["export", "cases", "-f", "jsonl"])))
        if r["id"] == 4
    ]
    assert obj["priority"]["score"] == obj["score"] == 33
    assert obj["labels"] == ["repeat-sender", "vague"]
    assert obj["last_date"] == row["last_date"]


def test_case_rows_match_list(invoke: Invoke, demo: Path) -> None:
    listed = json.loads(ok(invoke(["list", "--state", "all", "--json"])))
    exported = jsonl_rows(ok(invoke(["export", "cases", "-f", "jsonl"])))
    assert {c["id"]: c for c in listed} == {
        c["id"]: {k: v for k, v in c.items() if k != "score"} for c in exported
    }


def test_cases_are_read_a_chunk_at_a_time(
    invoke: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import triage.cases.queue as queue

    whole = ok(invoke(["export", "cases"]))
    asked: list[int] = []
    real = queue.cases_by_id

    def spy(store: Store, ids: Sequence[int], *rest: Any) -> Any:
        asked.append(len(ids))
        return real(store, ids, *rest)

    monkeypatch.setattr(queue, "cases_by_id", spy)
    monkeypatch.setattr(export_module, "CASE_CHUNK", 7)
    assert ok(invoke(["export", "cases"])) == whole
    cases = count(demo, "cases")
    assert asked == [7] * (cases // 7) + ([cases % 7] if cases % 7 else [])


def test_messages_are_read_in_id_order_a_chunk_at_a_time(demo: Path) -> None:
    store = open_store(demo)
    try:
        ids = [m.id for m in store.messages_by_id_order(chunk=7)]
        newest_first = [m.id for m in store.messages()]
    finally:
        store.close()
    assert ids == sorted(newest_first)


def test_note_count_and_state_are_exported(invoke: Invoke, demo: Path) -> None:
    ok(invoke(["case", "note", "4", 'Rappeler lundi, virgule, "guillemets"']))
    ok(invoke(["case", "state", "4", "waiting"]))
    _, rows = csv_rows(ok(invoke(["export", "cases"])))
    row = next(r for r in rows if r["id"] == "4")
    assert (row["notes"], row["state"]) == ("1", "waiting")


# Dates


@pytest.mark.parametrize("kind", ["messages", "cases"])
def test_since_and_until_narrow_by_date(invoke: Invoke, demo: Path, kind: str) -> None:
    every = jsonl_rows(ok(invoke(["export", kind, "-f", "jsonl"])))
    since, until = "2026-11-10T00:00:00+00:00", "2026-11-12T00:00:00+00:00"
    args = ["export", kind, "-f", "jsonl", "--since", since, "--until", until]
    narrowed = jsonl_rows(ok(invoke(args)))
    # Messages by their date; cases by their latest message's.
    key = "date" if kind == "messages" else "last_date"
    expected = [
        r["id"] for r in every if r[key] and "2026-11-10" <= r[key] < "2026-11-12"
    ]
    assert [r["id"] for r in narrowed] == expected
    assert 0 < len(expected) < len(every)
    only_since = jsonl_rows(
        ok(invoke(["export", kind, "-f", "jsonl", "--since", since]))
    )
    assert [r["id"] for r in only_since] == [
        r["id"] for r in every if r[key] and r[key] >= "2026-11-10"
    ]


def test_an_unreadable_date_is_a_usage_error(invoke: Invoke, demo: Path) -> None:
    line = failed(invoke(["export", "messages", "--since", "someday"]), 2)
    assert "someday" in line


# CSV as data


def test_csv_round_trips_commas_quotes_and_newlines(
    invoke: Invoke, db_path: Path, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    subject = 'Refund, "now", please; 50% off'
    body = 'Hello,\n\nOrder 12, "the lamp", never came.\nSecond line, too.\n'
    ok(invoke(["import", str(make_mbox([make_mail(subject=subject, body=body)]))]))
    out = ok(invoke(["export", "messages"]))
    records = list(csv.reader(io.StringIO(out, newline="")))
    assert len(records) == 2  # header and one message, whatever the newlines
    row = dict(zip(records[0], records[1], strict=True))
    store = open_store(db_path)
    try:
        stored = store.message(1)
    finally:
        store.close()
    assert row["subject"] == subject
    assert row["new_text"] == stored.new_text
    assert '"the lamp"' in row["new_text"] and "\n" in row["new_text"]


def test_csv_defuses_formulas(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    subject = '=HYPERLINK("http://evil.example","x")'
    ok(invoke(["import", str(make_mbox([make_mail(subject=subject)]))]))
    _, (row,) = csv_rows(ok(invoke(["export", "messages"])))
    assert row["subject"] == "'" + subject


@pytest.fixture
def evil(invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox) -> None:
    raw = make_mail(
        subject=EVIL_SUBJECT,
        body="Body with \x1b]8;;http://evil\x07link\x1b]8;;\x07 and \u202e.\n",
    )
    ok(invoke(["import", str(make_mbox([raw]))]))


@pytest.mark.parametrize("kind", ["messages", "cases"])
def test_jsonl_keeps_hostile_text_exact_but_inert(
    invoke: Invoke, evil: None, kind: str
) -> None:
    out = ok(invoke(["export", kind, "-f", "jsonl"]))
    assert not UNSAFE.search(out), repr(UNSAFE.search(out))
    (row,) = jsonl_rows(out)
    assert row["subject"] == EVIL_SUBJECT
    if kind == "messages":
        assert "\x1b]8;;http://evil\x07" in row["new_text"]


def test_csv_shows_hostile_text_as_visible_escapes(invoke: Invoke, evil: None) -> None:
    out = ok(invoke(["export", "messages"]))
    assert not UNSAFE.search(out), repr(UNSAFE.search(out))
    assert "\\x1b[31mred" in out
    assert "\\u202egnp.exe" in out


# Empty store, errors


@pytest.mark.parametrize("kind", ["messages", "cases"])
def test_an_empty_database_gives_a_header_or_nothing(
    invoke: Invoke, store: Store, kind: str
) -> None:
    fields = MESSAGE_EXPORT_FIELDS if kind == "messages" else CASE_EXPORT_FIELDS
    assert ok(invoke(["export", kind])) == ",".join(fields) + "\n"
    assert ok(invoke(["export", kind, "--format", "jsonl"])) == ""


def test_a_missing_database_exits_6(invoke: Invoke, db_path: Path) -> None:
    line = failed(invoke(["export", "messages"]), 6)
    assert "no triage database" in line
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["export", "letters"], "'letters' is not one of 'cases', 'messages'"),
        (["export", "messages", "--format", "xlsx"], "'xlsx' is not one of"),
        (["export", "cases", "--format", "json"], "'json' is not one of"),
    ],
)
def test_a_bad_kind_or_format_is_a_usage_error(
    invoke: Invoke, demo: Path, args: list[str], named: str
) -> None:
    assert named in failed(invoke(args), 2)


def test_no_kind_is_a_usage_error(invoke: Invoke, demo: Path) -> None:
    # Not checked for one line: click lists the choices on lines of their own, and
    # the app's handler prints its message as it is.
    result = invoke(["export"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("triage: error: Missing argument 'KIND'.")


# --output


def test_output_writes_the_file_and_leaves_no_temporary(
    invoke: Invoke, demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "messages.csv"
    target.parent.mkdir()
    assert ok(invoke(["export", "messages", "--output", str(target)])) == ""
    assert target.read_text(encoding="utf-8") == ok(invoke(["export", "messages"]))
    assert os.listdir(target.parent) == ["messages.csv"]


def test_output_replaces_a_file_and_keeps_its_mode(
    invoke: Invoke, demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cases.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    ok(invoke(["export", "cases", "-f", "jsonl", "-o", str(target)]))
    assert len(jsonl_rows(target.read_text(encoding="utf-8"))) == count(demo, "cases")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failure_leaves_the_old_file_and_no_half_one(
    invoke: Invoke, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def breaking(*args: object, **kwargs: object) -> Iterator[dict[str, object]]:
        yield {"id": 1, "subject": "first row"}
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(export_module, "message_rows", breaking)
    target = tmp_path / "messages.csv"
    target.write_text("yesterday's export\n", encoding="utf-8")
    result = invoke(["export", "messages", "-o", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "yesterday's export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "messages" in p.name) == [
        "messages.csv"
    ]


def test_open_output_removes_its_temporary_on_error(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    with pytest.raises(KeyboardInterrupt), open_output(target, io.StringIO()) as out:
        out.write("half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_output_to_a_device_writes_to_it(invoke: Invoke, demo: Path) -> None:
    # Renaming a temporary file over /dev/null would replace the device.
    ok(invoke(["export", "messages", "-o", os.devnull]))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_in_a_missing_directory_is_an_input_error(
    invoke: Invoke, demo: Path, tmp_path: Path
) -> None:
    line = failed(invoke(["export", "cases", "-o", str(tmp_path / "no" / "x.csv")]), 7)
    assert "cannot write" in line and "No such file or directory" in line


# Progress: the rows written against the rows there are, on a terminal only.


@pytest.mark.parametrize("kind", [ExportKind.MESSAGES, ExportKind.CASES])
@pytest.mark.parametrize("since", [None, "2026-11-10T00:00:00Z"])
def test_progress_counts_every_row_against_the_total(
    demo: Path, kind: ExportKind, since: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "PROGRESS_EVERY", 7)
    reports: list[tuple[int, int]] = []
    out = io.StringIO()
    store = open_store(demo)
    try:
        export(
            store,
            kind,
            ExportFormat.JSONL,
            out,
            since=since,
            progress=lambda done, total: reports.append((done, total)),
        )
    finally:
        store.close()
    rows = len(out.getvalue().splitlines())
    assert rows > 7
    assert reports[0] == (0, rows)
    assert reports[-1] == (rows, rows)
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)
    assert len(reports) >= rows // 7


def _on_a_terminal(
    demo: Path, args: list[str], *, rows_too: bool = False
) -> tuple[int, bytes, bytes]:
    """`triage export ARGS` with stderr on a pseudo-terminal (and stdout too, with
    `rows_too`); the exit code, what the terminal showed and stdout otherwise."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "triage", "--db", str(demo), "export", *args],
            stdout=follower if rows_too else subprocess.PIPE,
            stderr=follower,
            env={**os.environ, "TRIAGE_NOW": NOW, "TERM": "xterm-256color"},
            timeout=60,
            check=False,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    return done.returncode, shown, done.stdout or b""


def test_a_terminal_sees_progress_while_a_file_is_written(
    demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "messages.csv"
    code, shown, _ = _on_a_terminal(demo, ["messages", "-o", str(target)])
    assert code == 0
    assert b"messages" in shown and b"150/150" in shown
    assert len(csv_rows(target.read_text())[1]) == 150


def test_a_pipe_from_a_terminal_sees_progress_too(demo: Path) -> None:
    code, shown, stdout = _on_a_terminal(demo, ["cases", "--format", "jsonl"])
    assert code == 0
    assert b"cases" in shown
    assert b"\x1b" not in stdout and len(jsonl_rows(stdout.decode())) == 104


def test_quiet_or_rows_on_screen_mean_no_progress(demo: Path, tmp_path: Path) -> None:
    code, shown, _ = _on_a_terminal(demo, ["messages", "-q", "-o", str(tmp_path / "m")])
    assert code == 0
    assert shown == b""
    code, shown, _ = _on_a_terminal(demo, ["cases"], rows_too=True)
    assert code == 0
    assert b"/104" not in shown  # the rows, and no bar over them
    assert shown.count(b"\n") > 104
