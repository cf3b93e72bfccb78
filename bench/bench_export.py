"""Time `triage export` on a large store; print a Markdown report for RESULTS.md.

    python bench/bench_export.py [--size 100000] [--runs 1] [--workdir bench/out]
                                 [--baseline]

What issue 8 asks for: `triage export messages|cases --format csv|jsonl -o /dev/null`
on the generated complaints mailbox (make_mailbox.py) imported, labelled and grouped
into cases, each run a subprocess measured as bench_import.py measures one: wall
time, CPU, and the peak RSS of the process (wait4's ru_maxrss). The target is a peak
under 150 MB, flat whatever the store's size. `--baseline` adds `list --messages
--format csv --limit 0`, which writes the same messages newest first.

The store is bench_review.py's `review-base-N.db` (cached; built from bench_cases.py's
stores when missing), copied to `export-work-N.db` and migrated once before anything
is timed: the command migrates on open, and the cached store must stay as it is.
Scores and states are measured to a pinned TRIAGE_NOW. Stdout carries only the
report; progress and each run's figures go to stderr.
"""

import argparse
import shlex
import sqlite3
import subprocess
import sys
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
from bench_review import MIGRATE_PROBE, NOW, ensure_grouped, harness
from bench_rules import copy_db

MIB = 1024  # KiB in a MiB: ru_maxrss is in KiB on Linux
EXPORTS = [
    ("messages", "csv"),
    ("messages", "jsonl"),
    ("cases", "csv"),
    ("cases", "jsonl"),
]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def counts(db: Path) -> tuple[int, int]:
    """Messages and cases in the store."""
    conn = sqlite3.connect(db)
    try:
        messages = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()
    return int(messages), int(cases)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="the best run is shown")
    parser.add_argument("--workdir", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also `list --messages --format csv --limit 0`, newest first",
    )
    options = parser.parse_args(argv)
    workdir: Path = options.workdir
    python, env = harness(workdir)
    command = default_command()

    grouped = ensure_grouped(workdir, options.size, options.seed, python, env)
    work = workdir / f"export-work-{options.size}.db"
    _log(f"copying {grouped} to {work} ...")
    copy_db(grouped, work)
    migrated = subprocess.run(
        [*python, "-c", MIGRATE_PROBE, str(work)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    _log(f"migrated the copy in {migrated.stdout.strip()} s")
    messages, cases = counts(work)

    jobs = [
        (f"export {kind} --format {fmt}", ["export", kind, "--format", fmt])
        for kind, fmt in EXPORTS
    ]
    if options.baseline:
        jobs.append(
            (
                "list --messages --format csv --limit 0",
                ["list", "--messages", "--format", "csv", "--limit", "0"],
            )
        )
    results = []
    try:
        for label, args in jobs:
            # list has no --output: its stdout goes to the run's log, as big.
            tail = ["-o", "/dev/null"] if args[0] == "export" else []
            argv_ = [*command, "--db", str(work), *args, *tail]
            stem = workdir / "-".join(["export-run", *(a.lstrip("-") for a in args)])
            best = min(
                (run(label, argv_, stem, env)[:3] for _ in range(options.runs)),
                key=lambda r: r[0],
            )
            rows = cases if "cases" in args else messages
            results.append((label, args, tail, rows, *best))
            if not tail:  # the baseline's output: as big as the export
                stem.with_suffix(".out").unlink(missing_ok=True)
    finally:
        for path in database_files(work):
            path.unlink(missing_ok=True)
    print_report(results, command, workdir, messages, cases, options)
    return 0


def print_report(
    results: list[tuple[str, list[str], list[str], int, float, float, int]],
    command: list[str],
    workdir: Path,
    messages: int,
    cases: int,
    options: argparse.Namespace,
) -> None:
    day = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"## Export, {day}, commit {git_commit()}\n")
    print("`python bench/bench_export.py` (bench/bench_export.py).\n")
    print("\n".join(machine_facts(command, workdir, None)[:-1]))
    print(
        f"- Store: {messages:,} generated messages in {cases:,} cases "
        f"(`review-base-{options.size}.db`, copied); TRIAGE_NOW={NOW}"
    )
    runs = f"the best of {options.runs} runs" if options.runs > 1 else "one run"
    print(f"- Each command a fresh process, {runs}; peak RSS from wait4 (ru_maxrss)")
    print()
    print("| command | rows | **wall s** | CPU s | **peak RSS MiB** |")
    print("|---|---:|---:|---:|---:|")
    for _, args, tail, rows, wall, cpu, maxrss in results:
        shown = shlex.join(["triage", "--db", "DB", *args, *tail])
        print(
            f"| `{shown}` | {rows:,} | **{wall:.2f}** | {cpu:.2f} "
            f"| **{maxrss / MIB:.0f}** |"
        )


if __name__ == "__main__":
    sys.exit(main())
