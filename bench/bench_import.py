"""Time `triage import` on large generated mailboxes and print Markdown result rows.

    python bench/bench_import.py [--sizes 20000,100000] [--workdir bench/out] [--keep]
                                 [--format mbox,maildir] [--command "python -m triage"]
                                 [--config config.toml]

For each size and format: make the mailbox with make_mailbox.py unless it is cached
in the work directory, import it into a fresh database as a subprocess, then import it
again into the same database (the idempotent re-import must add nothing). Each run
reports wall time, messages per second, CPU time, the counts from triage's summary
line, peak memory and the size of the database. Rows go to stdout as Markdown, ready
for bench/RESULTS.md; progress and diagnostics go to stderr.

Why memory is measured two ways (bench/README.md says how to read them):
- The kernel's high-water mark, ru_maxrss, from `os.wait4` on triage plus every orphan
  it leaves: the peak RSS of the largest single process in the tree, exact and free,
  but blind to processes running side by side. The harness makes itself a child
  subreaper so that forkserver workers, whose parent nobody waits for, are reaped here
  and counted (CPU time too). `getrusage(RUSAGE_CHILDREN)` would give the same peak
  merged over every child this harness ever had, generators and earlier runs included.
- A thread samples /proc every 50 ms, walking triage's process tree: the largest single
  RSS seen (a cross-check) and the largest sum over the tree, which is what the machine
  must hold while workers parse in parallel. The sum counts shared pages once per
  process, so it errs high; sampling can miss a peak shorter than the interval.
"""

import argparse
import ctypes
import json
import os
import platform
import re
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from make_mailbox import GENERATOR_VERSION

REPO = Path(__file__).resolve().parent.parent
GENERATOR = Path(__file__).resolve().parent / "make_mailbox.py"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>
MIB = 1024 * 1024

# Counts in the summary line. triage prints "20000 new, 9 already present, 0 failed to
# parse (...)"; stubs given with --command may say "new: 5" or print a JSON object.
# Each entry: (pattern with the number first, pattern with the word first).
_NUMBER = r"(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+)"
_COUNT_PATTERNS = {
    "new": (rf"{_NUMBER}\s+new\b", rf"\bnew\s*[:=]\s*{_NUMBER}"),
    "present": (
        rf"{_NUMBER}\s+(?:already\s+present|already|present|duplicates?|skipped)",
        rf"\b(?:already[ _]present|present|skipped)\s*[:=]\s*{_NUMBER}",
    ),
    "failed": (
        rf"{_NUMBER}\s+(?:failed|unparsable|unparseable|errors?)",
        rf"\bfailed(?:[ _]to[ _]parse)?\s*[:=]\s*{_NUMBER}",
    ),
}


@dataclass(frozen=True, slots=True)
class Counts:
    """What triage said it did; None where the summary line did not say."""

    new: int | None = None
    present: int | None = None
    failed: int | None = None
    line: str = ""


@dataclass(frozen=True, slots=True)
class TreePeak:
    """Maxima seen by the /proc sampler over one run."""

    max_process_kib: int = 0
    max_tree_kib: int = 0
    max_tree_pss_kib: int = 0
    max_processes: int = 0
    samples: int = 0


@dataclass(frozen=True, slots=True)
class Run:
    """One measured import."""

    label: str
    fmt: str
    messages: int
    wall: float
    cpu: float
    exit_code: int
    counts: Counts
    rusage_maxrss_kib: int
    peak: TreePeak
    db_bytes: int


class TreeSampler:
    """Samples the RSS of a process and all its descendants from /proc in a thread."""

    def __init__(self, root: int, interval: float) -> None:
        self.root = root
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._max_process = 0
        self._max_tree = 0
        self._max_tree_pss = 0
        self._max_processes = 0
        self._samples = 0
        me = os.getpid()
        self._children_files = Path(f"/proc/{me}/task/{me}/children").exists()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> TreePeak:
        self._stop.set()
        self._thread.join()
        return TreePeak(
            self._max_process,
            self._max_tree,
            self._max_tree_pss,
            self._max_processes,
            self._samples,
        )

    def _loop(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(self.interval):
                return

    def _sample(self) -> None:
        tree = self._tree()
        sizes = [size for size in (_rss_kib(pid) for pid in tree) if size]
        if not sizes:
            return
        self._samples += 1
        self._max_process = max(self._max_process, max(sizes))
        self._max_tree = max(self._max_tree, sum(sizes))
        # RSS counts a page shared by several processes (the interpreter, lxml,
        # what the parser workers inherit) once in each; PSS splits it among them,
        # so the PSS sum is the memory the whole import really holds.
        self._max_tree_pss = max(self._max_tree_pss, sum(map(_pss_kib, tree)))
        self._max_processes = max(self._max_processes, len(sizes))

    def _tree(self) -> list[int]:
        """The root and every descendant alive now (a process may vanish mid-walk)."""
        if not self._children_files:
            return _tree_by_scan(self.root)
        found = [self.root]
        index = 0
        while index < len(found):
            pid = found[index]
            index += 1
            try:
                tasks = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for task in tasks:
                try:
                    with open(f"/proc/{pid}/task/{task}/children") as handle:
                        found += [int(child) for child in handle.read().split()]
                except OSError:
                    continue
        return found


def _tree_by_scan(root: int) -> list[int]:
    """Fallback for kernels without /proc/PID/task/TID/children: read every stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: split after the last ")".
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found = [root]
    index = 0
    while index < len(found):
        found += parents.get(found[index], [])
        index += 1
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE // 1024
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def parse_summary(text: str) -> Counts:
    """Counts from the last line that mentions them (plain words or a JSON object)."""
    for line in reversed(text.splitlines()):
        stripped = line.strip()
        if stripped.startswith("{"):
            try:
                data = json.loads(stripped)
            except ValueError:
                data = None
            if isinstance(data, dict) and "new" in data:
                return Counts(
                    _as_int(data.get("new")),
                    _as_int(data.get("already_present", data.get("present"))),
                    _as_int(data.get("failed", data.get("failed_to_parse"))),
                    stripped,
                )
        # "new: 5, already present: 7" puts numbers after the words, "5 new" before.
        style = 1 if re.search(r"\bnew\s*[:=]", stripped, re.IGNORECASE) else 0
        found = {
            key: _search(patterns[style], stripped)
            for key, patterns in _COUNT_PATTERNS.items()
        }
        if found["new"] is not None:
            return Counts(found["new"], found["present"], found["failed"], stripped)
    return Counts()


def _search(pattern: str, line: str) -> int | None:
    match = re.search(pattern, line, re.IGNORECASE)
    return int(re.sub(r"\D", "", match.group(1))) if match else None


def _as_int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _shown(arg: str) -> str:
    """A path inside the repository as a relative one: results name no machine."""
    try:
        return str(Path(arg).relative_to(REPO))
    except ValueError:
        return arg


def default_command() -> list[str]:
    """The installed triage: the repo's venv first, then beside this Python, then -m."""
    for candidate in (
        REPO / ".venv" / "bin" / "triage",
        Path(sys.executable).parent / "triage",
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    found = shutil.which("triage")
    return [found] if found else [sys.executable, "-m", "triage"]


def mailbox_path(workdir: Path, size: int, fmt: str, seed: int) -> Path:
    """Cache name: generator version and seed in it, so a changed generator rebuilds."""
    suffix = ".mbox" if fmt == "mbox" else "-maildir"
    return workdir / f"complaints-v{GENERATOR_VERSION}-seed{seed}-{size}{suffix}"


def ensure_mailbox(path: Path, size: int, fmt: str, seed: int) -> None:
    if path.exists():
        _log(f"using cached {path}")
        return
    _log(f"generating {size:,} messages into {path} ...")
    argv = [sys.executable, str(GENERATOR), str(size), str(path)]
    argv += ["--format", fmt, "--seed", str(seed)]
    # The generator's summary goes to stderr too: stdout carries only the Markdown.
    result = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=False)
    sys.stderr.write(result.stdout)
    if result.returncode != 0:
        raise SystemExit(f"bench_import: make_mailbox.py failed ({result.returncode})")


def mailbox_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def database_files(db: Path) -> list[Path]:
    return [
        db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")
    ]


def child_environment(workdir: Path, config: Path | None) -> dict[str, str]:
    """This environment minus triage's own settings, with an empty config directory:
    a developer's ~/.config/triage (say `workers = 1`) must not change the figures.
    `--config` opts into a file on purpose."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TRIAGE_CONFIG", "TRIAGE_DB")
    }
    empty = workdir / "xdg-config"
    empty.mkdir(exist_ok=True)
    env["XDG_CONFIG_HOME"] = str(empty)
    if config is not None:
        env["TRIAGE_CONFIG"] = str(config.resolve())
    return env


def become_subreaper() -> bool:
    """Have orphaned descendants reparented to this process instead of init.

    triage parses in a forkserver pool: the workers are children of the forkserver,
    which nobody waits for, so their rusage would never reach the importer's own. As a
    child subreaper (Linux prctl) we inherit and reap such orphans ourselves.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_orphans(timeout: float) -> list[resource.struct_rusage]:
    """Reap descendants left behind when triage exited; rusage of each subtree."""
    usages = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return usages
        if pid:
            usages.append(usage)
        elif time.monotonic() > deadline:
            _log(f"descendants of triage still running after {timeout:.0f} s; ignored")
            return usages
        else:
            time.sleep(0.01)


def measure(
    argv: Sequence[str], log_stem: Path, interval: float, env: dict[str, str]
) -> tuple[int, float, float, int, TreePeak, str]:
    """Run argv; return exit code, wall s, CPU s, peak RSS KiB, sampled peaks, output.

    os.wait4 rather than Popen.wait: it hands back the rusage of that child alone, its
    reaped descendants included, where getrusage(RUSAGE_CHILDREN) would mix in every
    child this harness ever had. Orphans reparented to us are reaped and added in.
    """
    out_path = log_stem.with_suffix(".out")
    err_path = log_stem.with_suffix(".err")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env
        )
        sampler = TreeSampler(process.pid, interval)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            sampler.stop()
            raise
        wall = time.perf_counter() - started
        peak = sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    usages = [usage, *_reap_orphans(timeout=30)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usages)
    maxrss = max(u.ru_maxrss for u in usages)
    output = out_path.read_text(errors="replace") + err_path.read_text(errors="replace")
    return process.returncode, wall, cpu, maxrss, peak, output


def import_once(
    command: Sequence[str],
    db: Path,
    mailbox: Path,
    fmt: str,
    messages: int,
    label: str,
    interval: float,
    env: dict[str, str],
) -> Run:
    # No --quiet: triage's means "print nothing", and the summary line is what we read.
    # Its progress bar stays off anyway, stderr not being a terminal.
    argv = [*command, "--db", str(db), "import", str(mailbox), "--format", fmt]
    _log(f"{label}: {shlex.join(argv)}")
    log_stem = db.with_name(f"{db.stem}-{label}")
    code, wall, cpu, maxrss, peak, output = measure(argv, log_stem, interval, env)
    counts = parse_summary(output)
    if code != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        _log(f"{label} exited with {code}; last lines of its output:\n{tail}")
    elif counts.new is None:
        _log(
            f"{label}: no summary line with a 'new' count found; output in {log_stem}.*"
        )
    else:
        _log(f"{label}: {counts.line} [{peak.samples} RSS samples]")
    db_bytes = sum(path.stat().st_size for path in database_files(db) if path.exists())
    return Run(label, fmt, messages, wall, cpu, code, counts, maxrss, peak, db_bytes)


def machine_facts(
    command: Sequence[str], workdir: Path, config: Path | None
) -> list[str]:
    """Markdown bullets: what the numbers were measured on."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("model name", "Model", "Hardware")):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0))
    python, sqlite = _interpreter_versions(command)
    disk = shutil.disk_usage(workdir)
    return [
        f"- CPU: {model}; {os.cpu_count()} cores ({usable} usable); memory {memory}",
        f"- OS: {platform.system()} {platform.release()}; free disk in workdir "
        f"{disk.free / 1e9:.0f} GB",
        f"- Python {python}, SQLite {sqlite} (the interpreter that runs triage)",
        f"- Command: `{shlex.join(map(_shown, command))} --db DB import MAILBOX "
        "--format F`; "
        f"config: {config or 'defaults (user config ignored)'}",
    ]


def _interpreter_versions(command: Sequence[str]) -> tuple[str, str]:
    """Python and SQLite versions of the interpreter behind the command, if any."""
    probe = (
        "import platform, sqlite3;"
        "print(platform.python_version(), sqlite3.sqlite_version)"
    )
    interpreter = None
    first = Path(command[0])
    if first.name.startswith("python"):
        interpreter = str(first)
    elif first.is_file():
        with first.open("rb") as handle:
            shebang = handle.readline()
        if shebang.startswith(b"#!") and b"python" in shebang:
            interpreter = shebang[2:].decode().strip().split()[0]
    if interpreter:
        result = subprocess.run(
            [interpreter, "-c", probe], capture_output=True, text=True, check=False
        )
        if result.returncode == 0 and len(result.stdout.split()) == 2:
            python, sqlite = result.stdout.split()
            return python, sqlite
    return f"{platform.python_version()} (harness)", sqlite3.sqlite_version


def git_commit() -> str:
    """Short HEAD, with "+dirty" when tracked files differ from it."""
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    if head.returncode != 0:
        return "no-commit"
    status = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    )
    return head.stdout.strip() + ("+dirty" if status.stdout.strip() else "")


COLUMNS = (
    "date",
    "commit",
    "format",
    "messages",
    "run",
    "wall s",
    "msg/s",
    "CPU s",
    "new",
    "present",
    "failed",
    "peak RSS MiB (wait4)",
    "peak RSS MiB (1 proc, sampled)",
    "peak RSS MiB (tree sum, sampled)",
    "peak PSS MiB (tree sum, sampled)",
    "procs",
    "DB MiB",
)


def table_header() -> str:
    right = {
        "messages",
        "wall s",
        "msg/s",
        "CPU s",
        "new",
        "present",
        "failed",
        "procs",
    }
    aligns = [
        "---:" if name in right or name.startswith(("peak", "DB")) else "---"
        for name in COLUMNS
    ]
    return f"| {' | '.join(COLUMNS)} |\n|{'|'.join(aligns)}|"


def table_row(run: Run, day: str, commit: str) -> str:
    def count(value: int | None) -> str:
        return "?" if value is None else f"{value:,}"

    label = run.label if run.exit_code == 0 else f"{run.label} (exit {run.exit_code})"
    cells = [
        day,
        commit,
        run.fmt,
        f"{run.messages:,}",
        label,
        f"{run.wall:.1f}",
        f"{run.messages / run.wall:,.0f}" if run.wall > 0 else "-",
        f"{run.cpu:.1f}",
        count(run.counts.new),
        count(run.counts.present),
        count(run.counts.failed),
        f"{run.rusage_maxrss_kib / 1024:.0f}",
        f"{run.peak.max_process_kib / 1024:.0f}",
        f"{run.peak.max_tree_kib / 1024:.0f}",
        f"{run.peak.max_tree_pss_kib / 1024:.0f}",
        str(run.peak.max_processes),
        f"{run.db_bytes / MIB:.1f}",
    ]
    return f"| {' | '.join(cells)} |"


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _sizes(text: str) -> list[int]:
    sizes = []
    for item in text.split(","):
        item = item.strip().lower().replace("_", "")
        multiplier = 1000 if item.endswith("k") else 1
        sizes.append(int(item.removesuffix("k")) * multiplier)
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 20000,100k")
    return sizes


def _formats(text: str) -> list[str]:
    formats = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in formats if item not in ("mbox", "maildir")]
    if unknown or not formats:
        raise argparse.ArgumentTypeError("formats are mbox, maildir or mbox,maildir")
    return formats


@dataclass(slots=True)
class Options:
    sizes: list[int]
    workdir: Path
    keep: bool
    formats: list[str]
    command: list[str]
    seed: int
    interval: float
    config: Path | None


def parse_args(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        description="Benchmark `triage import` on generated complaints mailboxes."
    )
    parser.add_argument(
        "--sizes", type=_sizes, default=[20000, 100000], help="default: 20000,100000"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=REPO / "bench" / "out",
        help="cached mailboxes, databases and logs (default: bench/out, git-ignored)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases after the runs"
    )
    parser.add_argument(
        "--format",
        dest="formats",
        type=_formats,
        default=["mbox"],
        help="mbox (default), maildir, or mbox,maildir",
    )
    parser.add_argument(
        "--command",
        type=shlex.split,
        default=None,
        help="program to run instead of the installed triage; the harness appends "
        "'--db DB import MAILBOX --format F' (e.g. 'python -m triage')",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="triage config file to use (default: none, so built-in defaults)",
    )
    parser.add_argument("--seed", type=int, default=1, help="mailbox seed (default 1)")
    parser.add_argument(
        "--interval", type=float, default=0.05, help="RSS sampling period in s"
    )
    args = parser.parse_args(argv)
    return Options(
        sizes=args.sizes,
        workdir=args.workdir,
        keep=args.keep,
        formats=args.formats,
        command=args.command or default_command(),
        seed=args.seed,
        interval=args.interval,
        config=args.config,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    workdir = options.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    plan = [(size, fmt) for size in options.sizes for fmt in options.formats]
    mailboxes = {}
    for size, fmt in plan:
        path = mailbox_path(workdir, size, fmt, options.seed)
        ensure_mailbox(path, size, fmt, options.seed)
        mailboxes[size, fmt] = path

    now = datetime.now(UTC)
    commit = git_commit()
    print(f"## triage import benchmark, {now:%Y-%m-%d %H:%M} UTC, commit {commit}\n")
    for line in machine_facts(options.command, workdir, options.config):
        print(line)
    for (size, fmt), path in mailboxes.items():
        print(
            f"- Mailbox: {fmt} of {size:,} messages, "
            f"{mailbox_bytes(path) / 1e6:,.1f} MB"
            f" (make_mailbox.py v{GENERATOR_VERSION}, seed {options.seed})"
        )
    print()
    print(table_header(), flush=True)

    env = child_environment(workdir, options.config)
    if not become_subreaper():
        _log("cannot become a child subreaper: CPU and wait4 RSS may miss workers")
    problems: list[str] = []
    for size, fmt in plan:
        db = workdir / (
            f"bench-{size}.db" if fmt == "mbox" else f"bench-{size}-{fmt}.db"
        )
        for path in database_files(db):
            path.unlink(missing_ok=True)
        for label in ("import", "re-import"):
            run = import_once(
                options.command,
                db,
                mailboxes[size, fmt],
                fmt,
                size,
                label,
                options.interval,
                env,
            )
            print(table_row(run, f"{now:%Y-%m-%d}", commit), flush=True)
            where = f"{fmt} {size:,} {label}"
            if run.exit_code != 0:
                problems.append(f"{where}: exit code {run.exit_code}")
                break
            if label == "re-import" and run.counts.new != 0:
                problems.append(f"{where}: reported {run.counts.new} new, expected 0")
            if label == "import" and None not in (
                run.counts.new,
                run.counts.present,
                run.counts.failed,
            ):
                total = run.counts.new + run.counts.present + run.counts.failed
                if total != size:
                    _log(
                        f"note: {where}: new + present + failed = {total:,}, "
                        f"not {size:,}"
                    )
        if not options.keep:
            for path in database_files(db):
                path.unlink(missing_ok=True)

    for problem in problems:
        _log(f"FAILED {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
