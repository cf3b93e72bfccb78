"""`triage stats`: every section in every format, on the demo database (at NOW, the
Monday after the sample's last mail) and on an empty one; the JSON shape pinned."""

import csv
import io
import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from conftest import SAMPLE_NOW, ok
from rich.cells import cell_len
from typer.testing import CliRunner

from triage import stats
from triage.cli import app
from triage.stats import BRIEF_SECTIONS, ROW_FIELDS, SECTIONS
from triage.store import open_store

NOW = "2026-11-16T08:00:00Z"
SAMPLE = ["--since", "2026-11-01", "--utc"]  # the whole sample, in UTC days
Invoke = Callable[..., Result]

OPEN_CASE = {
    "id": int,
    "customer": str,
    "name": str,
    "subject": str,
    "score": int,
    "waited_hours": (float, type(None)),
}
# The JSON document: each section's shape. A change here is a change to the
# documented schema (README, "triage stats --json").
SCHEMA: dict[str, object] = {
    "period": {"since": str, "until": str, "zone": str},
    "totals": {
        "messages": int,
        "customers": int,
        "cases": int,
        "open_cases": int,
        "parse_errors": int,
        "first_date": (str, type(None)),  # null: no mail in the period
        "last_date": (str, type(None)),
        "messages_stored": int,
    },
    "daily": [{"day": str, "messages": int, "new_cases": int, "answered": int}],
    "labels": [{"label": str, "open_cases": int}],
    "states": [{"state": str, "cases": int}],
    "waits": [{"wait": str, "open_cases": int}],
    "senders": [
        {
            "customer": str,
            "name": str,
            "messages": int,
            "escalating": int,
            "last_date": str,
        }
    ],
    "sizes": [{"messages": str, "cases": int}],
    "answers": {"answered": int, "median_hours_to_answer": (float, type(None))},
    "errors": {"count": int, "latest": list},
    "domains": [{"domain": str, "messages": int}],
    "escalations": [OPEN_CASE],
    "oldest": [OPEN_CASE],
    "noise": [{"kind": str, "open_cases": int}],
}


def invoker(db: Path) -> Invoke:
    runner = CliRunner()

    def invoke(args: Sequence[str]) -> Result:
        env = {"TRIAGE_NOW": NOW, "COLUMNS": "100", "NO_COLOR": "1"}
        return runner.invoke(app, ["--db", str(db), *args], env=env)

    return invoke


@pytest.fixture
def demo(sample_db: Path) -> Invoke:
    return invoker(sample_db)


@pytest.fixture
def empty(tmp_path: Path) -> Invoke:
    open_store(tmp_path / "empty.db").close()
    return invoker(tmp_path / "empty.db")


def conforms(value: object, shape: object) -> None:
    if isinstance(shape, dict):
        assert isinstance(value, dict) and set(value) == set(shape), value
        for key, sub in shape.items():
            conforms(value[key], sub)
    elif isinstance(shape, list):
        assert isinstance(value, list)
        for item in value:
            conforms(item, shape[0]) if shape[0] is not list else None
    else:
        assert isinstance(value, shape), (value, shape)  # type: ignore[arg-type]


def test_the_json_document_has_the_documented_shape(demo: Invoke) -> None:
    doc = json.loads(ok(demo(["stats", "--json", *SAMPLE])))
    assert list(doc) == ["period", *SECTIONS]
    conforms(doc, SCHEMA)
    assert doc["period"] == {
        "since": "2026-11-01T00:00:00Z",
        "until": "2026-11-17T00:00:00Z",  # today included, whole
        "zone": "UTC",
    }


def test_the_figures_on_the_sample(demo: Invoke, sample_db: Path) -> None:
    doc = json.loads(ok(demo(["stats", "--json", *SAMPLE])))
    db = sqlite3.connect(sample_db)
    messages = db.execute("SELECT count(*) FROM messages").fetchone()[0]
    cases = db.execute("SELECT count(*) FROM cases").fetchone()[0]
    assert doc["totals"]["messages"] == doc["totals"]["messages_stored"] == messages
    assert doc["totals"]["cases"] == doc["totals"]["open_cases"] == cases
    assert sum(d["messages"] for d in doc["daily"]) == messages
    assert sum(d["new_cases"] for d in doc["daily"]) == cases
    assert doc["daily"][0]["day"] == "2026-11-01"
    assert doc["daily"][-1]["day"] == "2026-11-16"
    assert sum(s["cases"] for s in doc["sizes"]) == cases
    assert doc["states"] == [{"state": "open", "cases": cases}]
    # Sandrine wrote 17 times, ruder each time.
    top = doc["senders"][0]
    assert (top["name"], top["messages"]) == ("Sandrine Lefèvre", 17)
    escalating = db.execute(
        "SELECT count(*) FROM message_labels l JOIN messages m ON m.id = l.message_id "
        "WHERE l.label = 'escalating' AND m.customer = ?",
        [top["customer"]],
    ).fetchone()[0]
    assert top["escalating"] == escalating == 12
    vague = next(r for r in doc["labels"] if r["label"] == "vague")
    listed = json.loads(ok(demo(["list", "--json", "--label", "vague"])))
    assert vague["open_cases"] == len(listed)
    waiting = sum(w["open_cases"] for w in doc["waits"])
    assert 0 < waiting <= cases
    assert doc["errors"] == {"count": 0, "latest": []}


def test_answers_count_cases_answered_and_the_time_it_took(
    sample_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "answered.db"
    source, target = sqlite3.connect(sample_db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    invoke = invoker(copy)
    first = json.loads(ok(invoke(["list", "--json"])))[0]
    ok(invoke(["case", "state", str(first["id"]), "answered"]))
    doc = json.loads(ok(invoke(["stats", "answers", "daily", "--json", *SAMPLE])))
    assert doc["answers"]["answered"] == 1
    assert doc["answers"]["median_hours_to_answer"] > 24
    assert doc["daily"][-1]["answered"] == 1  # on the day of NOW


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "tsv", "csv"])
def test_each_section_in_each_format(demo: Invoke, section: str, fmt: str) -> None:
    out = ok(demo(["stats", section, "--format", fmt, *SAMPLE]))
    if fmt == "json":
        assert list(json.loads(out)) == ["period", section]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        assert (rows and all(set(r) == set(ROW_FIELDS[section]) for r in rows)) or (
            section == "errors" and rows == []
        )
    elif fmt in ("tsv", "csv"):
        sep = "\t" if fmt == "tsv" else ","
        rows = list(csv.reader(io.StringIO(out), delimiter=sep))
        assert tuple(rows[0]) == ROW_FIELDS[section]
        assert all(len(r) == len(rows[0]) for r in rows)
    else:
        assert out.strip() and "\x1b" not in out


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "tsv", "csv"])
def test_each_section_on_an_empty_database(
    empty: Invoke, section: str, fmt: str
) -> None:
    out = ok(empty(["stats", section, "--format", fmt]))
    if fmt == "table":
        assert out.startswith("Nothing yet: no messages stored."), out
    elif fmt == "json":
        doc = json.loads(out)
        conforms(doc, {k: SCHEMA[k] for k in doc})
        assert list(doc) == ["period", section]
    elif fmt == "jsonl":  # zero rows, or rows of zeros: never a half-written line
        rows = [json.loads(line) for line in out.splitlines()]
        assert all(set(r) == set(ROW_FIELDS[section]) for r in rows)
    else:
        sep = "\t" if fmt == "tsv" else ","
        rows = list(csv.reader(io.StringIO(out), delimiter=sep))
        assert rows[0] == list(ROW_FIELDS[section])


def test_the_whole_report_as_rows(demo: Invoke) -> None:
    rows = list(
        csv.reader(io.StringIO(ok(demo(["stats", "--format", "csv", *SAMPLE]))))
    )
    assert rows[0] == ["section", "key", "figure", "value"]
    assert ["totals", "messages", "value", "150"] in rows
    assert ["daily", "2026-11-02", "messages", "13"] in rows
    assert {r[0] for r in rows[1:]} <= set(SECTIONS)


def test_days_are_local_unless_utc(demo: Invoke, tmp_path: Path) -> None:
    """Kiritimati is UTC+14: a mail after 10:00 UTC is on the next day there."""
    utc = json.loads(ok(demo(["stats", "daily", "--json", *SAMPLE])))["daily"]
    config = tmp_path / "kiritimati.toml"
    config.write_text('timezone = "Pacific/Kiritimati"\n')
    far = json.loads(
        ok(
            demo(
                [
                    "--config",
                    str(config),
                    "stats",
                    "daily",
                    "--json",
                    "--since",
                    "2026-11-01",
                ]
            )
        )
    )["daily"]
    assert sum(d["messages"] for d in utc) == sum(d["messages"] for d in far)
    assert far[0]["day"] == "2026-11-01"
    assert [d["messages"] for d in utc] != [d["messages"] for d in far]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["stats", "bogus"], "'bogus' is not a stats section: totals, daily"),
        (
            ["stats", "--since", "2026-11-10", "--until", "2026-11-01"],
            "--since must come before",
        ),
        (["stats", "--since", "someday"], "someday"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    demo: Invoke, args: list[str], said: str
) -> None:
    result = demo(args)
    assert result.exit_code == 2
    assert said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def copy_of(sample_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    source, target = sqlite3.connect(sample_db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def test_since_last_review_before_any_review_is_everything(demo: Invoke) -> None:
    doc = json.loads(ok(demo(["stats", "totals", "--json", "--since", "last-review"])))
    assert doc["period"]["since"] == doc["totals"]["first_date"]
    assert doc["totals"]["messages"] == doc["totals"]["messages_stored"]


def test_since_last_review_starts_where_the_latest_review_ended(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copy_of(sample_db, tmp_path)
    store = open_store(copy)
    for began, ended in (
        ("2026-11-05T08:00:00Z", "2026-11-05T17:00:00Z"),
        ("2026-11-10T08:00:00Z", "2026-11-10T12:30:00Z"),
    ):
        monkeypatch.setenv("TRIAGE_NOW", began)
        session = store.reviews.begin()
        monkeypatch.setenv("TRIAGE_NOW", ended)
        store.reviews.end(session)
    monkeypatch.setenv("TRIAGE_NOW", "2026-11-12T09:00:00Z")
    store.reviews.begin()  # a session that never ended (a crash): from its start
    store.close()
    invoke = invoker(copy)
    since = json.loads(ok(invoke(["stats", "--json", "--since", "last-review"])))
    same = json.loads(ok(invoke(["stats", "--json", "--since", "2026-11-12T09:00Z"])))
    assert since["period"]["since"] == "2026-11-12T09:00:00Z"
    assert since == same
    assert 0 < since["totals"]["messages"] < since["totals"]["messages_stored"]


def test_brief_is_what_came_since_the_last_review(
    demo: Invoke, sample_db: Path
) -> None:
    doc = json.loads(ok(demo(["brief", "--json"])))
    assert list(doc) == ["period", *BRIEF_SECTIONS]
    conforms(doc, {k: SCHEMA[k] for k in doc})
    assert doc["period"]["since"] == doc["totals"]["first_date"]  # no review yet
    assert doc["escalations"][0]["id"] == 1  # Sandrine, 17 mails, the angriest
    assert all(c["score"] > 0 for c in doc["escalations"])
    hours = [c["waited_hours"] for c in doc["oldest"]]
    assert hours == sorted(hours, reverse=True) and len(hours) == 5
    noise = json.loads(ok(demo(["list", "--json", "--limit", "1000"])))
    kinds = {k["kind"]: k["open_cases"] for k in doc["noise"]}
    assert kinds["all"] == sum(1 for c in noise if c["priority"]["noise"])
    shown = ok(demo(["brief"]))
    for title in ("Escalating, open", "Waiting longest", "Noise set aside"):
        assert title in shown


def test_the_escalations_are_the_first_escalating_cases_of_the_review(
    demo: Invoke,
) -> None:
    """Read from a queue of the escalating cases alone: the same five, in the
    same order, as the whole queue that `list` and the review show."""
    doc = json.loads(ok(demo(["stats", "escalations", "--json"])))
    queue = json.loads(ok(demo(["list", "--json", "--limit", "0"])))
    expected = [
        (c["id"], c["priority"]["score"])
        for c in queue
        if c["escalating"] and not c["priority"]["noise"]
    ][:5]
    assert [(c["id"], c["score"]) for c in doc["escalations"]] == expected
    assert len(expected) >= 3


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "tsv", "csv"])
def test_the_brief_on_an_empty_database(empty: Invoke, fmt: str) -> None:
    out = ok(empty(["brief", "--format", fmt]))
    if fmt == "table":
        assert out.startswith("Nothing yet: no messages stored.")
    elif fmt == "json":
        doc = json.loads(out)
        assert list(doc) == ["period", *BRIEF_SECTIONS]
        conforms(doc, {k: SCHEMA[k] for k in doc})
    elif fmt in ("tsv", "csv"):
        sep = "\t" if fmt == "tsv" else ","
        header = next(csv.reader(io.StringIO(out), delimiter=sep))
        assert header == ["section", "key", "figure", "value"]


# The counting sections read indexes only (migration m013): the table holds the
# bodies, and one scan of it is what made a view over 100,000 messages slow.
COUNTING = (
    "totals",
    "daily",
    "labels",
    "states",
    "senders",
    "sizes",
    "answers",
    "errors",
    "domains",
)


@pytest.mark.parametrize(
    "since",
    [None, "2026-11-01T00:00:00Z", "2026-11-13T00:00:00Z"],
    ids=["30d", "all", "few-days"],
)
def test_counting_sections_never_scan_the_message_table(
    sample_db: Path, tmp_path: Path, since: str | None
) -> None:
    store = open_store(copy_of(sample_db, tmp_path))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    period = stats.period(since, None, UTC, datetime.fromisoformat(SAMPLE_NOW))
    stats.build(store, period, COUNTING)
    store.conn.set_trace_callback(None)
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) >= len(COUNTING)
    for sql in queries:
        plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        # A whole scan, or a date range read row by row from the table.
        reads = [
            step
            for step in plan
            if re.fullmatch(r"SCAN (messages|m)", step)
            or re.match(r"SEARCH (messages|m) USING INDEX \S+ \(date", step)
        ]
        assert not reads, (sql, plan)
    store.close()


# The table respects the terminal: it fits the width, figures are never cut, and
# colour goes when NO_COLOR is set or the output is not a terminal.


@pytest.mark.parametrize("columns", [40, 60, 80, 120, 200])
def test_the_table_fits_the_width_and_keeps_its_figures(
    sample_db: Path, columns: int
) -> None:
    result = CliRunner().invoke(
        app,
        ["--db", str(sample_db), "stats", *SAMPLE],
        env={"TRIAGE_NOW": NOW, "COLUMNS": str(columns), "NO_COLOR": "1"},
    )
    out = ok(result)
    too_wide = [line for line in out.splitlines() if cell_len(line) > columns]
    assert not too_wide, too_wide
    # Sandrine: 17 messages, 12 escalating; her case: #1, score 71, 13 days.
    assert re.search(r"^sandrine\S*\s+(\S.*\s)?17\s+12\s+2026-11-13", out, re.M), out
    assert re.search(r"^\s*ID\s+Score\s+Waiting\s+Customer", out, re.M), out
    assert re.search(r"^\s*1\s+71\s+13d\s+S", out, re.M), out
    assert re.search(r"^2026-11-03\s+15\s+11\s+0\b", out, re.M), out


def _in_a_terminal(sample_db: Path, no_color: bool) -> bytes:
    """`triage stats` with its output on a pseudo-terminal, as a person sees it."""
    env = {**os.environ, "TRIAGE_NOW": NOW, "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = "1"
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "triage", "--db", str(sample_db), "stats", *SAMPLE],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
        os.close(follower)
        assert done.returncode == 0, done.stderr
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the other side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return b"".join(chunks)


_COLOURS = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def _colours(out: bytes) -> set[int]:
    """The colour parameters of the SGR sequences in `out`."""
    found = set()
    for params in re.findall(rb"\x1b\[([0-9;]*)m", out):
        found |= {int(p) for p in params.split(b";") if p} & _COLOURS
    return found


def test_a_terminal_gets_colour(sample_db: Path) -> None:
    out = _in_a_terminal(sample_db, no_color=False)
    assert _colours(out)  # the escalation counts in red
    assert b"Customers who wrote most" in out


def test_no_color_means_no_colour_even_on_a_terminal(sample_db: Path) -> None:
    out = _in_a_terminal(sample_db, no_color=True)
    assert not _colours(out)
    assert b"Customers who wrote most" in out


def test_a_pipe_gets_no_escape_sequences(sample_db: Path) -> None:
    env = {**os.environ, "TRIAGE_NOW": NOW, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "triage", "--db", str(sample_db), "stats", *SAMPLE],
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert b"\x1b" not in done.stdout
    assert b"Customers who wrote most" in done.stdout


# Daily and sizes read the cases with mail in the period one of two ways, by how
# much of the store the period holds; both must agree with a count done by hand,
# whatever the messages: undated, unparsable, in a case that began before.


def by_hand(db: Path, since: str, until: str) -> tuple[dict[str, int], list[int]]:
    """Sizes and new cases per UTC day, from every message, the plain way."""
    conn = sqlite3.connect(db)
    spans: dict[int, list[str | None]] = {}
    for case_id, when in conn.execute("SELECT case_id, date FROM messages"):
        if case_id is not None:
            spans.setdefault(case_id, []).append(when)
    conn.close()
    sizes = dict.fromkeys(["1", "2", "3-5", "6-10", "over 10"], 0)
    new: dict[str, int] = {}
    for dates in spans.values():
        dated = sorted(d for d in dates if d)
        if not any(since <= d < until for d in dated):
            continue
        n = len(dates)
        key = next((k for k, lo, hi in stats.SIZE_BUCKETS if lo <= n <= hi), "over 10")
        sizes[key] += 1
        if since <= dated[0] < until:
            new[dated[0][:10]] = new.get(dated[0][:10], 0) + 1
    return sizes, [new.get(day, 0) for day in _days(since, until)]


def _days(since: str, until: str) -> list[str]:
    start = datetime.fromisoformat(since).date()
    end = datetime.fromisoformat(until).date()
    return [str(start + timedelta(days=i)) for i in range((end - start).days)]


@pytest.mark.parametrize(
    ("since", "narrow"),
    [("2026-11-13T00:00:00Z", True), ("2026-11-01T00:00:00Z", False)],
    ids=["few-cases", "most-cases"],
)
def test_daily_and_sizes_agree_with_a_count_by_hand(
    sample_db: Path, tmp_path: Path, since: str, narrow: bool
) -> None:
    copy = copy_of(sample_db, tmp_path)
    store = open_store(copy)
    # An unparsable message without a date, alone in a case; and one more message,
    # in the period, for a case whose first message came before it.
    store.conn.execute(
        "INSERT INTO messages (folder, date, content_hash, dedupe_key, size, "
        "added_at, parse_error, case_id) VALUES ('INBOX', NULL, 'h1', 'k1', 1, "
        "'2026-11-15T00:00:00Z', 'no header', 1)"
    )
    store.conn.execute(
        "INSERT INTO messages (folder, date, content_hash, dedupe_key, size, "
        "added_at, case_id) SELECT 'INBOX', '2026-11-15T10:00:00Z', 'h2', 'k2', 1, "
        "'2026-11-15T10:00:00Z', case_id FROM messages "
        "WHERE date < '2026-11-05' AND case_id IS NOT NULL LIMIT 1"
    )
    until = "2026-11-17T00:00:00Z"
    period = stats.period(since, until, UTC, datetime.fromisoformat(SAMPLE_NOW))
    inside = store.conn.execute(
        "SELECT count(*) FROM messages WHERE date >= ? AND date < ?", [since, until]
    ).fetchone()[0]
    stored = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert (inside * 4 < stored) is narrow  # the way this period is read
    report = stats.build(store, period, ("daily", "sizes", "totals", "errors"))
    store.close()
    sizes, new = by_hand(copy, since, until)
    assert {b.key: b.count for b in report.sizes or []} == sizes
    assert [d.new_cases for d in report.daily or []] == new
    assert report.totals is not None and report.totals["parse_errors"] == 1
    assert report.error_count == 1
