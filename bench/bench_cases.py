"""Time case grouping on a large store and print a Markdown report for bench/RESULTS.md.

    python bench/bench_cases.py [--size 100000] [--new 100] [--runs 5]
                                [--workdir bench/out] [--profile]

What the issue asks for, measured on the generated complaints mailbox (make_mailbox.py,
cached in the work directory) imported and labelled by the rules pass:

- `regroup, from scratch`: `triage.cases.engine.regroup` on a store where no message
  is in a case (`messages.case_id` cleared, cases deleted; pins kept, as a user's
  corrections would be), with its wall time, CPU and peak RSS, split into reading
  rows, identity hints, grouping and storing;
- `sync, N new`: N messages of another seed stored with the hooks off, labelled by
  the rules hook, then the cases hook timed alone, as a sync runs it
  (`triage.hooks._cases`: the ungrouped messages, then `group_new`); the median of
  `--runs` runs, each on a fresh copy of the store.

The stores are kept in the work directory: `rules-base-N.db` (the mailbox imported
with the rules off, shared with bench_rules.py) and `cases-base-N.db` (the same after
`triage relabel`). Delete the latter after a change to the rules. Each run is a
subprocess measured like bench_import.py's; stdout carries only the report.
"""

import argparse
import json
import sqlite3
import statistics
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_import import (
    become_subreaper,
    child_environment,
    database_files,
    default_command,
    ensure_mailbox,
    git_commit,
    machine_facts,
    mailbox_path,
    measure,
)
from bench_rules import HOOK_PROBE, copy_db, strip_labels

MIB = 1024

# regroup, timed as a whole and by step (argv: db [profile]). Steps are timed by
# wrapping what the engine calls, so that the probe runs the engine's own code;
# what the wrapped steps leave is building the items (subjects, numbers, folding)
# and sorting. The digest stands for the cases made, to compare two versions.
REGROUP_PROBE = """
import hashlib, json, sys, time
from pathlib import Path

import triage.cases.engine as engine
from triage.store import open_store
from triage.store.cases import Cases

spent = {"read": 0.0, "identity": 0.0, "group": 0.0, "store": 0.0}

def timed(step, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[step] += time.perf_counter() - started
    return wrapper

for name in ("grouping_rows", "grouping_rows_by_id"):
    setattr(Cases, name, timed("read", getattr(Cases, name)))
Cases.assign = timed("store", Cases.assign)
engine.customers = timed("identity", engine.customers)
engine.group = timed("group", engine.group)

store = open_store(Path(sys.argv[1]))
profile = None
if sys.argv[2:]:
    import cProfile
    profile = cProfile.Profile()
    profile.enable()
cpu, started = time.process_time(), time.perf_counter()
outcome = engine.regroup(store)
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
if profile is not None:
    profile.disable()
    profile.dump_stats(sys.argv[2])
hwm = next(
    int(line.split()[1]) for line in open("/proc/self/status")
    if line.startswith("VmHWM:")
)
digest = hashlib.sha256()
for (members,) in store.conn.execute(
    "SELECT group_concat(id) FROM (SELECT id, case_id FROM messages ORDER BY id) "
    "GROUP BY case_id ORDER BY min(id)"
):
    digest.update(members.encode() + b";")
print(json.dumps({
    "wall": wall, "cpu": cpu, "hwm_kib": hwm, "steps": spent,
    "created": outcome.created, "joined": outcome.joined,
    "messages": store.conn.execute("SELECT count(*) FROM messages").fetchone()[0],
    "digest": digest.hexdigest()[:12],
}))
"""

# The rules hook on the messages in no case: argv db.
LABEL_PROBE = """
import sys
from pathlib import Path
from triage import hooks
from triage.config import Config
from triage.store import open_store

store = open_store(Path(sys.argv[1]))
hooks._rules(store, store.cases.ungrouped_ids(), Config())
"""

# The cases hook as a sync runs it, on the messages in no case: argv db.
SYNC_PROBE = """
import json, sys, time
from pathlib import Path
from triage import hooks
from triage.config import Config
from triage.store import open_store
import triage.cases.engine  # what a sync has loaded by then: not timed

store = open_store(Path(sys.argv[1]))
new = store.cases.ungrouped_ids()
started = time.perf_counter()
hooks._cases(store, new, Config())
wall = time.perf_counter() - started
left = len(store.cases.ungrouped_ids())
print(json.dumps({"new": len(new), "wall": wall, "left": left}))
"""


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(
    label: str, argv: Sequence[str], stem: Path, env: dict[str, str]
) -> tuple[float, float, int, str]:
    """Wall s, CPU s, peak RSS KiB (wait4) and output of one measured subprocess."""
    _log(f"{label} ...")
    code, wall, cpu, maxrss, _, output = measure(argv, stem, 0.05, env)
    if code != 0:
        raise SystemExit(f"{label} failed with exit code {code}:\n{output[-2000:]}")
    _log(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {maxrss / MIB:.0f} MiB")
    return wall, cpu, maxrss, output


def ungroup(db: Path) -> None:
    """No message in a case, as before the first grouping; pins stay."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE messages SET case_id = NULL")
        conn.execute("DELETE FROM case_notes")
        conn.execute("DELETE FROM cases")


def last_json(output: str) -> dict[str, Any]:
    return json.loads(output.strip().splitlines()[-1])


def ensure_labelled(
    workdir: Path, size: int, seed: int, python: list[str], env: dict[str, str]
) -> Path:
    """The generated mailbox imported and labelled by the rules pass (cached)."""
    labelled = workdir / f"cases-base-{size}.db"
    if labelled.exists():
        _log(f"using cached {labelled}")
        return labelled
    mailbox = mailbox_path(workdir, size, "mbox", seed)
    ensure_mailbox(mailbox, size, "mbox", seed)
    base = workdir / f"rules-base-{size}.db"
    if not base.exists():  # as bench_rules.py builds it
        scratch = workdir / f"rules-scratch-{size}.db"
        for path in database_files(scratch):
            path.unlink(missing_ok=True)
        build = [*python, "-c", HOOK_PROBE, str(scratch), str(mailbox), "store-only"]
        run(f"import {size:,}, rules off", build, workdir / "cases-import", env)
        strip_labels(scratch)
        settle(scratch, base)
    scratch = workdir / f"cases-scratch-{size}.db"
    copy_db(base, scratch)
    relabel = [*default_command(), "--db", str(scratch), "relabel", "--quiet"]
    run("relabel (the rules pass)", relabel, workdir / "cases-relabel", env)
    settle(scratch, labelled)
    return labelled


def checkpoint(db: Path) -> None:
    """Fold the write-ahead log into the file: copy_db copies the file alone."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def settle(db: Path, target: Path) -> None:
    """Rename a database, its log folded in; nothing of it left behind."""
    checkpoint(db)
    db.rename(target)
    for path in database_files(db):
        path.unlink(missing_ok=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile", action="store_true", help="also regroup under cProfile"
    )
    options = parser.parse_args(argv)
    workdir: Path = options.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    become_subreaper()
    python = [sys.executable]
    env = child_environment(workdir, None)
    size, new = options.size, options.new

    labelled = ensure_labelled(workdir, size, options.seed, python, env)
    work = workdir / f"cases-work-{size}.db"
    copy_db(labelled, work)
    ungroup(work)
    probe = [*python, "-c", REGROUP_PROBE, str(work)]
    wall, cpu, maxrss, output = run(
        f"regroup {size:,}", probe, workdir / "cases-regroup", env
    )
    regroup = last_json(output)
    if options.profile:
        grouped = workdir / f"cases-profile-{size}.db"
        copy_db(labelled, grouped)
        ungroup(grouped)
        prof = workdir / f"cases-regroup-{size}.prof"
        argv_ = [*python, "-c", REGROUP_PROBE, str(grouped), str(prof)]
        run("regroup under cProfile", argv_, workdir / "cases-profile", env)
        _print_profile(prof)
        for file in database_files(grouped):
            file.unlink(missing_ok=True)

    extra = mailbox_path(workdir, new, "mbox", options.seed + 1)
    ensure_mailbox(extra, new, "mbox", options.seed + 1)
    synced = workdir / f"cases-sync-{size}.db"
    checkpoint(work)
    copy_db(work, synced)
    store = [*python, "-c", HOOK_PROBE, str(synced), str(extra), "store-only"]
    run(f"store {new} new, hooks off", store, workdir / "cases-store", env)
    label = [*python, "-c", LABEL_PROBE, str(synced)]
    run(f"rules hook on {new} new", label, workdir / "cases-label", env)
    checkpoint(synced)
    syncs: list[dict[str, Any]] = []
    for n in range(options.runs):
        copy_db(synced, work)
        sync = [*python, "-c", SYNC_PROBE, str(work)]
        *_, output = run(f"cases hook, run {n + 1}", sync, workdir / "cases-hook", env)
        syncs.append(last_json(output))
    for path in (work, synced):
        for file in database_files(path):
            file.unlink(missing_ok=True)
    print_report(wall, cpu, maxrss, regroup, syncs, workdir)
    return 0


def _print_profile(path: Path) -> None:
    import pstats

    stats = pstats.Stats(str(path), stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


def print_report(
    wall: float,
    cpu: float,
    maxrss: int,
    regroup: dict[str, Any],
    syncs: Sequence[dict[str, Any]],
    workdir: Path,
) -> None:
    day = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"Case grouping, {day}, commit {git_commit()}:\n")
    print("\n".join(machine_facts([sys.executable], workdir, None)[:-1]))
    print()
    steps = regroup["steps"]
    inner = regroup["wall"]
    other = inner - sum(steps.values())
    print(
        "| run | messages | wall s | CPU s | peak RSS MiB (VmHWM) "
        "| read rows s | identity s | items, other s | grouping s | store s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| regroup, from scratch | {regroup['messages']:,} | {inner:.2f} "
        f"| {regroup['cpu']:.2f} | {regroup['hwm_kib'] / MIB:.0f} "
        f"| {steps['read']:.2f} | {steps['identity']:.2f} | {other:.2f} "
        f"| {steps['group']:.2f} | {steps['store']:.2f} |"
    )
    print()
    print(
        f"The regroup process, start-up included: {wall:.2f} s wall, {cpu:.2f} s "
        f"CPU, {maxrss / MIB:.0f} MiB peak RSS (wait4); {regroup['created']:,} "
        f"cases; grouping digest {regroup['digest']}."
    )
    times = sorted(s["wall"] for s in syncs)
    news = {s["new"] for s in syncs}
    left = sum(s["left"] for s in syncs)
    print(
        f"Cases hook after a sync of {', '.join(map(str, sorted(news)))} new "
        f"messages: median {statistics.median(times):.3f} s over {len(times)} runs "
        f"({', '.join(f'{t:.3f}' for t in times)}); messages left in no case: {left}."
    )


if __name__ == "__main__":
    sys.exit(main())
