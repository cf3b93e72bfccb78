"""Time the review TUI on a large store; print a Markdown report for RESULTS.md.

    python bench/bench_review.py [--size 100000] [--presses 50] [--long 20]
                                 [--screens 160x50,80x24] [--runs 2]
                                 [--workdir bench/out] [--profile]

What issue 7 asks for, measured with Textual's headless `App.run_test` on the
generated complaints mailbox (make_mailbox.py) imported, labelled and grouped, every
case open (the mailbox has no answered mail), waits measured to a pinned TRIAGE_NOW:

- launch to first case drawn: from `TriageApp(store, config, zone)` to the first
  frame in which the first case's messages are laid out in the case view, and the
  same from process start (interpreter start-up, imports and opening the store
  included, each shown apart); the launch split by what the app calls (reading the
  queue, filling the table, reading the case, mounting it), the rest being Textual;
- next-case latency: `j` pressed, until the first frame that shows the next case's
  messages; over the first `--presses` cases of the queue (the open cases in
  priority order), and onto each of the `--long` longest open cases.

A frame is what the app hands its driver: the headless driver drops it, so the
probe renders it to the terminal's escape sequences itself, as a real driver would,
and notes the time. Each screen size is measured `--runs` times, each in a fresh
process on the same copy of the store; the report gives the better run of each
figure (the other on stderr). `python -X importtime` adds the import cost by package.

The stores are kept in the work directory: `cases-base-N.db` (bench_cases.py's: the
mailbox imported and labelled) and `review-base-N.db` (the same grouped into cases);
delete the latter after a change to the grouping. Stdout carries only the report.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_cases import ensure_labelled, run, settle
from bench_import import (
    become_subreaper,
    child_environment,
    database_files,
    git_commit,
    machine_facts,
)
from bench_rules import copy_db

NOW = "2025-01-06T08:00:00Z"  # the Monday after the generated mailbox's last mail

GROUP_PROBE = """
import sys
from pathlib import Path
from triage.cases.engine import regroup
from triage.store import open_store

store = open_store(Path(sys.argv[1]))
print(regroup(store))
store.close()
"""

# The agent's usual morning: the store's history dealt with, the cases whose
# latest mail came in the last argv[2] days still open (the rest closed as she
# would, through the store).
BACKLOG_PROBE = """
import sys
from datetime import timedelta
from pathlib import Path
from triage.cases.queue import CaseFilter, list_cases
from triage.dates import as_of, to_utc_iso
from triage.store import open_store

store = open_store(Path(sys.argv[1]))
since = to_utc_iso(as_of() - timedelta(days=int(sys.argv[2])))
old = [
    c.facts.id
    for c in list_cases(store, CaseFilter(states=()))
    if (c.facts.last_date or "") < since
]
print(store.cases.close(old))
store.close()
"""

MIGRATE_PROBE = """
import sys, time
from pathlib import Path
from triage.store import open_store

started = time.monotonic()
open_store(Path(sys.argv[1])).close()
print(f"{time.monotonic() - started:.3f}")
"""

# The review, headless: argv db width height presses long spawned [profile].
# `spawned` is the parent's CLOCK_MONOTONIC just before it started this process.
REVIEW_PROBE = """
import time
clock = time.monotonic
entered = clock()

import asyncio, json, os, sys
from datetime import UTC
from pathlib import Path

db, width, height, presses, long_count, spawned = (
    sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
    int(sys.argv[5]), float(sys.argv[6]),
)
profile_path = sys.argv[7] if len(sys.argv) > 7 else None

started = clock()
import triage.cli  # what `triage review` has loaded before it builds the app
cli_loaded = clock()
import triage.tui.app as tui
from triage.tui.widgets import CaseView, MessageBlock, QueueTable
tui_loaded = clock()
from textual.app import App
from triage.config import Config
from triage.store import open_store

store = open_store(Path(db), create=False)
opened = clock()

# What the app calls, timed where it calls it. Filling the table settles the
# cases it shows (CaseQueue._settle), timed apart.
spent = {"queue": 0.0, "settle": 0.0, "table": 0.0, "case": 0.0, "mount": 0.0}

def timed(step, function):
    def wrapper(*args, **kwargs):
        begun = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spent[step] += clock() - begun
    return wrapper

from triage.cases.queue import CaseQueue
tui.queue_cases = timed("queue", tui.queue_cases)
CaseQueue._settle = timed("settle", CaseQueue._settle)
tui.case_detail = timed("case", tui.case_detail)
QueueTable.show = timed("table", QueueTable.show)
CaseView.show = timed("mount", CaseView.show)

# Every frame: rendered to escape sequences as a terminal driver would, then the
# message shown first in the case view, once it and its content are laid out.
frames = []
display = App._display

def shown(app):
    view = getattr(app, "view", None)
    if view is None:
        return None
    for child in view.query(MessageBlock):
        if child.region.height and (
            not child.children or any(c.region.height for c in child.children)
        ):
            return child.message.id
    return None

# Under --profile, a press is profiled from the key to the frame showing its case.
critical = set()

def record(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is None or self._batch_count:
        return
    if hasattr(renderable, "render_segments"):
        renderable.render_segments(self.console)
    frames.append((clock(), shown(self)))
    if critical and frames[-1][1] in critical:
        critical.clear()
        profile.disable()

App._display = record

# Time spent in the cyclic garbage collector, by generation.
import gc
collecting = {"gen": 0, "at": 0.0}
gc_spent = [0.0, 0.0, 0.0]

def gc_timer(phase, info):
    if phase == "start":
        collecting["gen"], collecting["at"] = info["generation"], clock()
    else:
        gc_spent[collecting["gen"]] += clock() - collecting["at"]
        collections.append((collecting["gen"], collecting["at"], clock()))

collections = []  # (generation, start, end)

def collected(since, until):
    # Seconds of collection between two moments, by generation.
    spent = [0.0, 0.0, 0.0]
    for gen, start, end in collections:
        if start >= since and end <= until:
            spent[gen] += end - start
    return spent

gc.callbacks.append(gc_timer)

profile = None
if profile_path:
    import cProfile
    profile = cProfile.Profile()

async def wait_for(ids, since, pilot):
    deadline = clock() + 120
    while clock() < deadline:
        for at, message in frames[since:]:
            if message in ids:
                return at
        await pilot.pause()
    raise SystemExit("the case never showed")

async def settle(pilot):
    # Until the app has had nothing to do for 50 ms (bounded): a person reads.
    deadline = clock() + 60
    while clock() < deadline:
        await pilot.pause()
        cpu = time.process_time()
        await asyncio.sleep(0.05)
        if time.process_time() - cpu < 0.002:
            return

async def press(pilot, key, target):
    ids = set(target.facts.message_ids)
    before = dict(spent)
    since, begun, cpu = len(frames), clock(), time.process_time()
    if profile:
        critical.update(ids)
        profile.enable()
    await pilot.press(key)
    at = await wait_for(ids, since, pilot)
    await settle(pilot)
    steps = {k: spent[k] - before[k] for k in ("case", "mount")}
    steps["gc"] = collected(begun, at)
    return at - begun, time.process_time() - cpu, steps

async def main():
    global profile
    if profile:
        profile.enable()
    constructed = clock()
    app = tui.TriageApp(store, Config(), UTC)
    async with app.run_test(size=(width, height)) as pilot:
        while not app.cases:
            await pilot.pause()
        first = app.cases[0]
        drawn = await wait_for(set(first.facts.message_ids), 0, pilot)
        if profile:
            profile.disable()
            profile.dump_stats(profile_path + "-launch")
            profile = cProfile.Profile()
        launch = dict(spent)
        launch_gc = list(gc_spent)
        await settle(pilot)
        queue = []
        for _ in range(min(presses, len(app.cases) - 1)):
            target = app.cases[app.table.cursor_row + 1]
            timing = await press(pilot, "j", target)
            queue.append((len(target.facts.message_ids), *timing))
        longest = sorted(
            range(len(app.cases)),
            key=lambda row: -len(app.cases[row].facts.message_ids),
        )[:long_count]
        long = []
        for row in longest:
            before = row - 1 if row else 1
            since = len(frames)
            app.table.move_cursor(row=before)
            await wait_for(set(app.cases[before].facts.message_ids), since, pilot)
            await settle(pilot)
            key = "j" if row else "k"
            target = app.cases[row]
            timing = await press(pilot, key, target)
            long.append((len(target.facts.message_ids), *timing))
        if profile:
            profile.dump_stats(profile_path + "-presses")
        messages = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        cases = store.conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        result = {
            "interpreter": entered - spawned,
            "cli_imports": cli_loaded - started,
            "tui_imports": tui_loaded - cli_loaded,
            "open": opened - tui_loaded,
            "launch": drawn - constructed,
            "from_start": drawn - spawned,
            "steps": launch,
            "gc_launch": launch_gc,
            "gc_presses": [b - a for a, b in zip(launch_gc, gc_spent)],
            "frames_to_first": sum(1 for at, _ in frames if at <= drawn),
            "open_cases": len(app.cases),
            "first_case": [first.facts.id, len(first.facts.message_ids)],
            "top_lengths": [len(c.facts.message_ids) for c in app.cases[:10]],
            "queue": queue,
            "long": long,
            "messages": messages,
            "cases": cases,
        }
    print(json.dumps(result))

asyncio.run(main())
"""

IMPORTS = "import triage.cli, triage.tui.app"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_grouped(
    workdir: Path, size: int, seed: int, python: list[str], env: dict[str, str]
) -> Path:
    """The labelled store grouped into cases (cached)."""
    labelled = ensure_labelled(workdir, size, seed, python, env)
    grouped = workdir / f"review-base-{size}.db"
    return derived(grouped, labelled, f"regroup {size:,}", GROUP_PROBE, [], python, env)


def ensure_backlog(
    grouped: Path, workdir: Path, days: int, python: list[str], env: dict[str, str]
) -> Path:
    """The grouped store with only the last `days` days' cases open (cached)."""
    backlog = workdir / f"review-{days}d-{grouped.stem.rsplit('-', 1)[1]}.db"
    what = f"close all but the last {days} days"
    return derived(backlog, grouped, what, BACKLOG_PROBE, [str(days)], python, env)


def derived(
    target: Path,
    source: Path,
    what: str,
    script: str,
    args: list[str],
    python: list[str],
    env: dict[str, str],
) -> Path:
    """`target`: a copy of `source` that `script` changed (argv: the copy, `args`),
    made once and kept."""
    if target.exists():
        _log(f"using cached {target}")
        return target
    scratch = target.with_name(f"scratch-{target.name}")
    copy_db(source, scratch)
    step = [*python, "-c", script, str(scratch), *args]
    run(what, step, target.with_name(target.stem), env)
    settle(scratch, target)
    return target


def probe(
    python: list[str],
    db: Path,
    screen: tuple[int, int],
    presses: int,
    long: int,
    env: dict[str, str],
    profile: Path | None = None,
) -> dict[str, Any]:
    """One headless review in a fresh process: its figures."""
    argv = [*python, "-c", REVIEW_PROBE, str(db), *map(str, screen)]
    argv += [str(presses), str(long)]
    spawned = time.monotonic()
    argv.append(repr(spawned))
    if profile is not None:
        argv.append(str(profile))
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"review probe failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_costs(
    python: list[str], env: dict[str, str], imports: str = IMPORTS
) -> list[tuple[str, float]]:
    """Seconds of `imports` by top-level package (-X importtime self times,
    summed), most first."""
    done = subprocess.run(
        [*python, "-X", "importtime", "-c", imports],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|", 2)
        package = name.strip().split(".")[0]
        totals[package] = totals.get(package, 0.0) + int(own) / 1e6
    return sorted(totals.items(), key=lambda kv: -kv[1])


def harness(workdir: Path) -> tuple[list[str], dict[str, str]]:
    """The work directory made and this process a subreaper (bench_import says
    why); the interpreter and the environment the children run with, at NOW."""
    workdir.mkdir(parents=True, exist_ok=True)
    become_subreaper()
    return [sys.executable], child_environment(workdir, None) | {"TRIAGE_NOW": NOW}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--long", type=int, default=20)
    parser.add_argument("--screens", default="160x50,80x24")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--backlog-days",
        type=int,
        default=7,
        help="also a store where only the cases of these last days are open "
        "(0: only the store where every case is open)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also one run under cProfile: the launch and the presses apart",
    )
    options = parser.parse_args(argv)
    workdir: Path = options.workdir
    python, env = harness(workdir)
    screens = [
        (int(w), int(h)) for w, h in (s.split("x") for s in options.screens.split(","))
    ]

    grouped = ensure_grouped(workdir, options.size, options.seed, python, env)
    stores = {"every case open": grouped}
    if options.backlog_days:
        days = options.backlog_days
        stores[f"last {days} days open"] = ensure_backlog(
            grouped, workdir, days, python, env
        )
    results: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    work = workdir / f"review-work-{options.size}.db"
    for kind, base in stores.items():
        copy_db(base, work)
        migrate = [*python, "-c", MIGRATE_PROBE, str(work)]
        migrated = subprocess.run(
            migrate, capture_output=True, text=True, env=env, check=True
        ).stdout.strip()
        _log(f"{kind}: opened and migrated the copy in {migrated} s (not timed)")
        for n in range(options.runs):
            for w, h in screens:
                result = probe(python, work, (w, h), options.presses, options.long, env)
                results.setdefault((kind, w, h), []).append(result)
                _log(f"{kind}, {w}x{h}, run {n + 1}: {_summary(result)}")
        if options.profile:
            prof = workdir / f"review-{options.size}.prof"
            probe(python, work, screens[0], options.presses, options.long, env, prof)
            for part in ("launch", "presses"):
                _log(f"cProfile of the {part} ({kind}):")
                _print_profile(Path(f"{prof}-{part}"))
    costs = import_costs(python, env)
    for file in database_files(work):
        file.unlink(missing_ok=True)
    print_report(results, costs, workdir, options)
    return 0


def _summary(result: dict[str, Any]) -> str:
    queue = _latencies(result["queue"])
    long = _latencies(result["long"])
    return (
        f"launch {result['launch']:.3f} s ({result['from_start']:.3f} s from process "
        f"start); next case median {queue[0] * 1000:.0f} ms, p95 "
        f"{queue[1] * 1000:.0f} ms; long cases median {long[0] * 1000:.0f} ms, "
        f"p95 {long[1] * 1000:.0f} ms"
    )


def _latencies(presses: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Median, 95th percentile and maximum of the presses' latencies."""
    times = sorted(p[1] for p in presses)
    if not times:
        return (0.0, 0.0, 0.0)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, times[-1]


def _print_profile(path: Path) -> None:
    import pstats

    stats = pstats.Stats(str(path), stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def print_report(
    results: dict[tuple[str, int, int], list[dict[str, Any]]],
    costs: Sequence[tuple[str, float]],
    workdir: Path,
    options: argparse.Namespace,
) -> None:
    day = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"Review TUI speed, {day}, commit {git_commit()}:\n")
    print("\n".join(machine_facts([sys.executable], workdir, None)[:-1]))
    import textual

    print(f"- Textual {textual.__version__}; TRIAGE_NOW={NOW}")
    seen = set()
    for (kind, _, _), runs in results.items():
        if kind in seen:
            continue
        seen.add(kind)
        one = runs[0]
        first_id, first_len = one["first_case"]
        print(
            f"- {kind}: {one['messages']:,} messages in {one['cases']:,} cases, "
            f"{one['open_cases']:,} open (the queue); first case {first_id} "
            f"({first_len} messages); the ten first have "
            f"{', '.join(map(str, one['top_lengths']))} messages"
        )
    print(f"- The better of {options.runs} runs for each figure (the others on stderr)")
    print()
    print(
        "| store | screen | interpreter s | imports: cli + tui s | open store s "
        "| **TriageApp() to first case drawn s** | read queue s | fill table s "
        "| read case s | mount case s | Textual, other s "
        "| **process start to first case drawn s** |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (kind, w, h), runs in results.items():
        best = min(runs, key=lambda r: r["launch"])
        steps = best["steps"]
        # Settling happens inside the table's filling: counted there only.
        other = best["launch"] - sum(
            steps[k] for k in ("queue", "table", "case", "mount")
        )
        print(
            f"| {kind} | {w}x{h} | {min(r['interpreter'] for r in runs):.3f} "
            f"| {min(r['cli_imports'] for r in runs):.3f} + "
            f"{min(r['tui_imports'] for r in runs):.3f} "
            f"| {min(r['open'] for r in runs):.3f} | **{best['launch']:.3f}** "
            f"| {steps['queue']:.3f} | {steps['table']:.3f} | {steps['case']:.3f} "
            f"| {steps['mount']:.3f} | {other:.3f} "
            f"| **{min(r['from_start'] for r in runs):.3f}** |"
        )
    print()
    print(
        "| store | screen | next case (`j`) | presses | messages a case | "
        "**median ms** | p95 ms | max ms | CPU ms a press, median |"
    )
    print("|---|---|---|---:|---|---:|---:|---:|---:|")
    for (kind, w, h), runs in results.items():
        for key, what in (("queue", "down the queue"), ("long", "onto long cases")):
            best = min(runs, key=lambda r: _latencies(r[key])[0])
            presses = best[key]
            if not presses:
                continue
            median, p95, most = _latencies(presses)
            lengths = sorted(p[0] for p in presses)
            cpu = statistics.median(p[2] for p in presses)
            print(
                f"| {kind} | {w}x{h} | {what} | {len(presses)} "
                f"| {lengths[0]}-{lengths[-1]} "
                f"(median {statistics.median(lengths):g}) "
                f"| **{median * 1000:.1f}** | {p95 * 1000:.1f} | {most * 1000:.1f} "
                f"| {cpu * 1000:.1f} |"
            )
    print()
    top = ", ".join(f"{name} {seconds:.3f}" for name, seconds in costs[:8])
    print(
        f"Import time by package (`python -X importtime -c '{IMPORTS}'`, self "
        f"times summed, s): {top}."
    )


if __name__ == "__main__":
    sys.exit(main())
