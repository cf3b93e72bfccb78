"""Time the rules pass on a large store and print Markdown rows for bench/RESULTS.md.

    python bench/bench_rules.py [--size 100000] [--batches 100,20000]
                                [--workdir bench/out]

What the issue asks for, measured on the generated complaints mailbox (make_mailbox.py,
cached in the work directory):

- `relabel, first`: `triage relabel` on a store whose messages were never labelled,
  so every language is detected and every rule runs (the store is the mailbox imported
  once, then stripped of labels and facts);
- `relabel, again`: the same command at once on the result: every rule runs again,
  nothing changes, nothing is written;
- `relabel --dry-run, 3 user rules`: a config with three user rules, written nowhere;
- `hook, N new`: what import and sync run after storing N new messages, on the
  labelled store: N messages of another seed are imported with the hooks off, then
  `hooks.after_store` runs on them in the same fresh process, timed alone beside the
  store step, so that the rules' share of a sync or import of N messages shows.

Each run is a subprocess measured like bench_import.py's (wall, CPU of the whole
process tree, peak RSS from wait4 and from sampling /proc).
"""

import argparse
import json
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench_import import (
    TreePeak,
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

MIB = 1024

USER_RULES = """
[[rule]]
name = "delivery"
label = "delivery"
any = [
  { subject = ["livraison", "colis", "delivery", "parcel"] },
  { body = { regex = "\\\\b(colissimo|chronopost|suivi|tracking)\\\\b" } },
]

[[rule]]
name = "partner"
label = "partner"
suppress = ["newsletter", "auto-reply"]
from = { glob = "*@*partner*" }

[[rule]]
name = "premium"
label = "premium"
all = [
  { language = "en" },
  { not = { subject = "re:" } },
  { body = ["gold", "premium"] },
]
"""

# Imports with the hooks off, then times the hooks alone (unless argv[3] is
# "store-only"): argv db mailbox [store-only].
HOOK_PROBE = """
import json, sys, time
from pathlib import Path
from triage import hooks
from triage.importer import import_mailbox
from triage.store import open_store

store = open_store(Path(sys.argv[1]))
registered, hooks.AFTER_STORE[:] = list(hooks.AFTER_STORE), []
started = time.perf_counter()
result = import_mailbox(store, Path(sys.argv[2]))
stored = time.perf_counter() - started
hooks.AFTER_STORE[:] = registered
started = time.perf_counter()
if sys.argv[3:] != ["store-only"]:
    hooks.after_store(store, result.new_ids)
print(json.dumps({"new": result.new, "store_s": stored,
                  "rules_s": time.perf_counter() - started}))
"""


@dataclass(frozen=True, slots=True)
class Result:
    label: str
    messages: int
    wall: float
    cpu: float
    maxrss_kib: int
    peak: TreePeak
    note: str = ""


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def strip_labels(db: Path) -> None:
    """A store as if the rules had never run: no labels, facts or suppressions."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE messages SET customer = NULL, language = NULL, tone = NULL"
        )
        conn.execute("DELETE FROM message_labels")
        conn.execute("DELETE FROM label_suppressions")
        conn.execute("DELETE FROM label_removals")
    with sqlite3.connect(db) as conn:
        conn.execute("VACUUM")


def copy_db(source: Path, target: Path) -> None:
    for path in database_files(target):
        path.unlink(missing_ok=True)
    shutil.copyfile(source, target)


def run(
    label: str,
    argv: Sequence[str],
    messages: int,
    stem: Path,
    env: dict[str, str],
) -> tuple[Result, str]:
    _log(f"{label}: {' '.join(argv)}")
    code, wall, cpu, maxrss, peak, output = measure(argv, stem, 0.05, env)
    if code != 0:
        raise SystemExit(f"{label} failed with exit code {code}:\n{output[-2000:]}")
    _log(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {maxrss / MIB:.0f} MiB")
    return Result(label, messages, wall, cpu, maxrss, peak), output


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--batches", default="100,20000")
    parser.add_argument("--workdir", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    workdir: Path = options.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    become_subreaper()
    command = default_command()
    python = [sys.executable]
    env = child_environment(workdir, None)

    mailbox = mailbox_path(workdir, options.size, "mbox", options.seed)
    ensure_mailbox(mailbox, options.size, "mbox", options.seed)
    base = workdir / f"rules-base-{options.size}.db"
    if not base.exists():
        _log(f"building the unlabelled store {base} (an import, rules off) ...")
        scratch = workdir / f"rules-scratch-{options.size}.db"
        for path in database_files(scratch):
            path.unlink(missing_ok=True)
        build = [*python, "-c", HOOK_PROBE, str(scratch), str(mailbox), "store-only"]
        run("import", build, options.size, workdir / "rules-import", env)
        strip_labels(scratch)  # in case the probe's hooks ran after all
        scratch.rename(base)
    work = workdir / f"rules-work-{options.size}.db"
    copy_db(base, work)

    results: list[Result] = []
    relabel = [*command, "--db", str(work), "relabel", "--quiet"]
    first, _ = run("relabel, first", relabel, options.size, workdir / "rules-1", env)
    results.append(first)
    again, _ = run("relabel, again", relabel, options.size, workdir / "rules-2", env)
    results.append(again)
    labelled = workdir / f"rules-labelled-{options.size}.db"
    copy_db(work, labelled)

    config = workdir / "rules-config.toml"
    config.write_text(USER_RULES, encoding="utf-8")
    dry = [
        *command,
        "--db",
        str(work),
        "--config",
        str(config),
        "relabel",
        "--dry-run",
        "--json",
    ]
    result, output = run(
        "relabel --dry-run, 3 user rules", dry, options.size, workdir / "rules-3", env
    )
    changes = json.loads(output[: output.rindex("]") + 1])
    gained = sum(c["messages"] for c in changes if c["change"] == "gained")
    lost = sum(c["messages"] for c in changes if c["change"] == "lost")
    results.append(
        Result(**{**_fields(result), "note": f"{gained} gained, {lost} lost"})
    )

    for batch in (int(n) for n in options.batches.split(",")):
        extra = mailbox_path(workdir, batch, "mbox", options.seed + 1)
        ensure_mailbox(extra, batch, "mbox", options.seed + 1)
        copy_db(labelled, work)
        probe = [*python, "-c", HOOK_PROBE, str(work), str(extra)]
        result, output = run(
            f"hook, {batch:,} new", probe, batch, workdir / f"rules-hook-{batch}", env
        )
        facts = json.loads(output.strip().splitlines()[-1])
        share = facts["rules_s"] / (facts["rules_s"] + facts["store_s"])
        note = (
            f"store {facts['store_s']:.2f} s, rules {facts['rules_s']:.2f} s "
            f"({share:.0%} of the two)"
        )
        results.append(Result(**{**_fields(result), "note": note}))

    for path in (work, labelled):
        for file in database_files(path):
            file.unlink(missing_ok=True)
    print_results(results, command, workdir)
    return 0


def _fields(result: Result) -> dict[str, object]:
    return {name: getattr(result, name) for name in Result.__slots__}


def print_results(results: Sequence[Result], command: list[str], workdir: Path) -> None:
    day = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"Rules pass, {day}, commit {git_commit()}:\n")
    facts = machine_facts(command, workdir, None)[:-1]  # its last line is import's
    facts.append(f"- Command: `{' '.join(command)} --db DB relabel --quiet`")
    print("\n".join(facts))
    print()
    print(
        "| run | messages | wall s | ms/msg | CPU s | peak RSS MiB (wait4) "
        "| peak RSS MiB (tree sum) | notes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(
            f"| {r.label} | {r.messages:,} | {r.wall:.2f} "
            f"| {r.wall / r.messages * 1000:.3f} | {r.cpu:.2f} "
            f"| {r.maxrss_kib / MIB:.0f} | {r.peak.max_tree_kib / MIB:.0f} "
            f"| {r.note} |"
        )


if __name__ == "__main__":
    sys.exit(main())
