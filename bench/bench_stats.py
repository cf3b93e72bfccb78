"""Time `triage stats` on a large store; print a Markdown report for RESULTS.md.

    python bench/bench_stats.py [--size 100000] [--runs 5] [--command-runs 3]
                                [--workdir bench/out] [--profile]

What issue 8 asks for: every stats view answers in under 0.3 s on 100,000 messages.
Measured on bench_review.py's stores (cached; built when missing): every case open
(`review-base-N.db`) and only the last 7 days' cases open (`review-7d-N.db`), each
copied to `stats-work-N.db` and migrated once by opening it, not timed. Waits and
states are measured to a pinned TRIAGE_NOW; days are UTC days (TZ=UTC).

- in-process: `stats.build(store, period, (section,))` for each section alone and
  for all of them together, best of `--runs`, over two periods: the default (the
  last 30 days) and the whole history (`--since` the first message's date);
- whole command: `triage --db DB stats [SECTION] [--since DAY] --json` in a fresh
  process, wall time, best of `--command-runs`, with `python -c 'import
  triage.cli'` timed apart (what every command pays before it reads anything).

`--profile` adds, on stderr, a cProfile of each view slower than 0.3 s in-process
on the store where every case is open, and the time of each SQL statement it ran.
Stdout carries only the report.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench_cases import run
from bench_import import (
    database_files,
    default_command,
    git_commit,
    machine_facts,
)
from bench_review import NOW, ensure_backlog, ensure_grouped, harness, import_costs
from bench_rules import copy_db

os.environ["TRIAGE_NOW"] = NOW  # before triage reads it
os.environ["TZ"] = "UTC"
time.tzset()

from triage import stats  # noqa: E402
from triage.cases import queue  # noqa: E402
from triage.dates import as_of, parse_when  # noqa: E402
from triage.store import Store, open_store  # noqa: E402

TARGET = 0.3  # seconds, issue 8
ALL = "all"
VIEWS = (*stats.SECTIONS, ALL)
PERIODS = ("last 30 days", "whole history")
IMPORT = "import triage.cli"

Key = tuple[str, str, str]  # view, store, period


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sections(view: str) -> tuple[str, ...]:
    return stats.SECTIONS if view == ALL else (view,)


def first_day(store: Store) -> str:
    """The first message's date, as `--since` takes it."""
    first = store.conn.execute("SELECT min(date) FROM messages").fetchone()[0]
    return str(first)[:10]


def periods(day: str) -> dict[str, tuple[stats.Period, list[str]]]:
    """Each period: as built in-process, and as the command is told it."""
    now = as_of()
    return {
        PERIODS[0]: (stats.period(None, None, UTC, now), []),
        PERIODS[1]: (
            stats.period(parse_when(day, UTC, now), None, UTC, now),
            ["--since", day],
        ),
    }


def time_build(
    store: Store, period: stats.Period, view: str, runs: int
) -> tuple[float, float]:
    """Best and first seconds of `stats.build` for this view. The first starts
    with the queue's digests and missing details forgotten: they are kept for the
    life of the process, which a command's is not."""
    sections = _sections(view)
    queue._digests.clear()
    queue._missing.clear()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        stats.build(store, period, sections)
        times.append(time.perf_counter() - started)
    return min(times), times[0]


def store_facts(store: Store) -> str:
    conn = store.conn
    messages, first, last = conn.execute(
        "SELECT count(*), min(date), max(date) FROM messages"
    ).fetchone()
    cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    report = stats.build(store, stats.period(None, None, UTC, as_of()), ("totals",))
    assert report.totals is not None
    return (
        f"{messages:,} messages ({first[:10]} to {last[:10]}) in {cases:,} cases, "
        f"{report.totals['open_cases']:,} open"
    )


def profile_view(store: Store, period: stats.Period, view: str) -> None:
    """cProfile of one build, its digests forgotten as in a fresh process, and
    each SQL statement it ran, timed alone."""
    conn = store.conn
    queue._digests.clear()
    queue._missing.clear()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    profile = cProfile.Profile()
    profile.enable()
    stats.build(store, period, _sections(view))
    profile.disable()
    conn.set_trace_callback(None)
    text = io.StringIO()
    found = pstats.Stats(profile, stream=text)
    found.sort_stats("tottime").print_stats(12)
    found.sort_stats("cumulative").print_stats(20)
    _log(text.getvalue())
    _log("SQL statements, each run alone to its last row (expanded parameters):")
    for sql in statements:
        started = time.perf_counter()
        rows = len(conn.execute(sql).fetchall())
        spent = time.perf_counter() - started
        plan = "; ".join(
            str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")
        )
        _log(f"  {spent * 1000:8.1f} ms {rows:7,} rows  {sql}\n      plan: {plan}")


def command_time(argv: list[str], stem: Path, env: dict[str, str], runs: int) -> float:
    return min(run(stem.name, argv, stem, env)[0] for _ in range(runs))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="in-process, best shown")
    parser.add_argument(
        "--command-runs", type=int, default=3, help="commands, best shown"
    )
    parser.add_argument("--workdir", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"profile views over {TARGET} s in-process (every case open) on stderr",
    )
    options = parser.parse_args(argv)
    workdir: Path = options.workdir
    python, env = harness(workdir)
    env["TZ"] = "UTC"
    command = default_command()

    grouped = ensure_grouped(workdir, options.size, options.seed, python, env)
    stores = {
        "every case open": grouped,
        "last 7 days open": ensure_backlog(grouped, workdir, 7, python, env),
    }
    work = workdir / f"stats-work-{options.size}.db"
    inproc: dict[Key, tuple[float, float]] = {}
    commands: dict[Key, float] = {}
    facts: dict[str, str] = {}
    since_day = ""
    try:
        for kind, base in stores.items():
            _log(f"{kind}: copying {base} to {work} ...")
            copy_db(base, work)
            started = time.perf_counter()
            store = open_store(work, create=False)  # migrates: not timed
            _log(
                f"{kind}: opened and migrated in {time.perf_counter() - started:.2f} s"
            )
            try:
                facts[kind] = store_facts(store)
                since_day = first_day(store)
                chosen = periods(since_day)
                for name, (period, _) in chosen.items():
                    for view in VIEWS:
                        best, first = time_build(store, period, view, options.runs)
                        inproc[view, kind, name] = (best, first)
                        _log(
                            f"{kind}, {name}, {view}: {best * 1000:.1f} ms in-process "
                            f"(first {first * 1000:.1f} ms)"
                        )
                if options.profile and kind == "every case open":
                    for (view, where, name), (_, first) in list(inproc.items()):
                        if where == kind and view != ALL and first > TARGET:
                            _log(f"\n=== cProfile: {view}, {name}, {kind} ===")
                            profile_view(store, chosen[name][0], view)
            finally:
                store.close()
            for name, (_, since) in chosen.items():
                for view in VIEWS:
                    args = [] if view == ALL else [view]
                    call = [*command, "--db", str(work), "stats", *args, *since]
                    stem = workdir / f"stats-run-{view}"
                    commands[view, kind, name] = command_time(
                        [*call, "--json"], stem, env, options.command_runs
                    )
        imports = {
            what: command_time(
                [*python, "-c", code],
                workdir / "stats-import",
                env,
                options.command_runs,
            )
            for what, code in (("pass", "pass"), ("import triage.cli", IMPORT))
        }
        costs = import_costs(python, env, IMPORT)
    finally:
        for path in database_files(work):
            path.unlink(missing_ok=True)
    print_report(
        inproc, commands, imports, costs, facts, since_day, command, workdir, options
    )
    return 0


def print_report(
    inproc: dict[Key, tuple[float, float]],
    commands: dict[Key, float],
    imports: dict[str, float],
    costs: Sequence[tuple[str, float]],
    facts: dict[str, str],
    since_day: str,
    command: list[str],
    workdir: Path,
    options: argparse.Namespace,
) -> None:
    day = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"## Stats, {day}, commit {git_commit()}\n")
    print("`python bench/bench_stats.py` (bench/bench_stats.py).\n")
    print("\n".join(machine_facts(command, workdir, None)[:-1]))
    for kind, text in facts.items():
        print(f"- {kind}: {text}")
    print(
        f"- TRIAGE_NOW={NOW}, TZ=UTC; periods: last 30 days (the default) and whole "
        f"history (`--since {since_day}`); target {TARGET} s, over it in bold"
    )
    print()
    stores = list(facts)
    columns = [(kind, name) for kind in stores for name in PERIODS]
    head = " | ".join(f"{kind}, {name}" for kind, name in columns)
    align = "|".join("---:" for _ in columns)
    print(
        f"In-process, `stats.build(store, period, (section,))`, ms: best of "
        f"{options.runs} (first run, the queue's caches emptied as in a "
        "fresh process):\n"
    )
    print(f"| section | {head} |\n|---|{align}|")
    for view in VIEWS:
        cells = [
            f"{_cell(best, 1000, 1)} ({_cell(first, 1000, 1)})"
            for best, first in (inproc[view, kind, name] for kind, name in columns)
        ]
        print(f"| {_name(view)} | {' | '.join(cells)} |")
    print()
    print(
        "Whole command, `triage --db DB stats [SECTION] [--since DAY] --json` in a "
        f"fresh process, wall s, best of {options.command_runs}; `python -c pass` "
        f"{imports['pass']:.3f} s, `python -c '{IMPORT}'` "
        f"{imports['import triage.cli']:.3f} s:\n"
    )
    print(f"| section | {head} |\n|---|{align}|")
    for view in VIEWS:
        cells = [_cell(commands[view, kind, name], 1, 3) for kind, name in columns]
        print(f"| {_name(view)} | {' | '.join(cells)} |")
    print()
    top = ", ".join(f"{name} {seconds:.3f}" for name, seconds in costs[:8])
    print(
        f"`import triage.cli` by package (`python -X importtime`, self times "
        f"summed, s): {top}."
    )


def _name(view: str) -> str:
    return "**all sections**" if view == ALL else f"`{view}`"


def _cell(seconds: float, scale: int, digits: int) -> str:
    shown = f"{seconds * scale:.{digits}f}"
    return f"**{shown}**" if seconds > TARGET else shown


if __name__ == "__main__":
    sys.exit(main())
