"""Time `triage sync` against a private Dovecot, beside mbsync and bare fetch loops.

    python bench/bench_sync.py [--messages 20000] [--workdir bench/out] [--keep]
                               [--profile] [--no-mbsync] [--seed 1]

One private Dovecot (tests/dovecot.py) serves a mailbox of N messages made by
make_mailbox.py, loaded by APPEND before any clock starts. Every client runs as a
subprocess over STARTTLS, as a user's would, and each is timed three times: the first
sync into an empty database or Maildir, a sync right after that finds nothing to do,
and a sync after 100 more messages arrived. The clients:

- `triage sync --quiet`, the command under test;
- mbsync (isync), with its default `FSync yes` and with `FSync no`: what a mature C
  client does with the same server, the yardstick of the issue;
- a bare loop that only FETCHes `BODY.PEEK[]` in batches of 500 UIDs with imapclient,
  and the same with stdlib imaplib: the ceiling for a Python client, first sync only.

Each run reports wall time, CPU time of the client's whole process tree and of its
main process alone, the CPU the server spent meanwhile (Dovecot shares the two cores),
and peak memory: the largest process's high-water mark (VmHWM, see `_wait`), and RSS
and PSS summed over the tree, sampled from /proc by bench_import.py's sampler. The
counts are checked, not trusted: locations in triage's database, files in mbsync's
Maildir. Markdown goes to stdout, ready for bench/RESULTS.md; progress to stderr.

Why the order below: every client finds Dovecot in the same state. An untimed fetch
first fills Dovecot's caches, the 100 extra messages arrive only once every client made
its first two runs, and nothing a client does changes the mailbox (mbsync only pulls,
triage and the loops open the folder read-only).
"""

from __future__ import annotations

import argparse
import contextlib
import imaplib
import json
import os
import re
import select
import shlex
import shutil
import signal
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

# Only the standard library above: the bare fetch loops run this file in a process of
# their own, whose start-up must cost what any small Python client's does. The
# harness's modules (its sampler, the generator, the test Dovecot, which brings
# pytest) are imported by the functions that use them.
if TYPE_CHECKING:
    import resource

    from bench_import import TreePeak
    from dovecot import Dovecot
    from make_mailbox import MailboxGenerator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # for tests/dovecot.py

MIB = 1024 * 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BATCH = 500  # UIDs per FETCH in the bare loops: triage's default batch_size
EXTRA = 100  # messages that arrive before the third run
SETTLE = 1.5  # seconds between a first sync and the next (see run_all)
# ext4 skips inodes freed less than 60 s ago (6 min while their inode table block is
# unwritten) when it allocates one (ialloc.c, recently_deleted), scanning past them:
# soon after the last run deleted its ~60,000 files, mbsync's 20,000 file creations
# took 14 s of mostly system time, against 4-6 s on a quiet file system.
RECENTLY_DELETED = 360
ENDED = ".bench-sync-ended"  # in the work directory: when the last run cleaned up
USER = "bench"
MBSYNC_HINT = (
    "mbsync not found: install isync with 'apt-get install -y isync' (as root), "
    "or rerun with --no-mbsync"
)


@dataclass(frozen=True, slots=True)
class Run:
    """One measured client run."""

    tool: str
    label: str
    messages: int  # brought over by this run, as counted afterwards
    wall: float
    cpu: float  # client: the process and every descendant
    main_cpu: float  # client: the first process alone (sampled)
    server_cpu: float  # Dovecot, all its processes, over the same interval
    exit_code: int
    hwm_kib: int  # peak RSS of the largest process
    peak: TreePeak
    expected: int
    inner: float | None = None  # the sync's own time, as triage's sync log says

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.messages == self.expected


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name (which may hold spaces)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _own_cpu(pid: int) -> float:
    """User + system seconds of the process itself, children not included."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS if fields else 0.0


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with (
                contextlib.suppress(OSError),
                open(f"/proc/{pid}/task/{task}/children") as handle,
            ):
                found += [int(child) for child in handle.read().split()]
    return found


def _descendants(pid: int) -> list[int]:
    found = _children(pid)
    index = 0
    while index < len(found):
        found += _children(found[index])
        index += 1
    return found


def server_cpu(master: int) -> float:
    """CPU seconds of a Dovecot instance so far: the master with the children it
    reaped (cutime, cstime), plus the processes running now. A process that exits
    between two readings moves from the second term to the first: no loss."""
    fields = _stat_fields(master)
    if not fields:
        return 0.0
    total = sum(int(value) for value in fields[11:15]) / CLOCK_TICKS
    return total + sum(_own_cpu(pid) for pid in _descendants(master))


@dataclass(frozen=True, slots=True)
class Waited:
    """What waiting for a client process gathered besides its wait status."""

    status: int
    usage: resource.struct_rusage
    own_cpu: float  # the process alone, without the children it reaped
    hwm_kib: int  # the largest VmHWM of any process of the tree


def _wait(pid: int, interval: float) -> Waited:
    """Wait for the child `pid`, reading its tree in /proc every `interval` s.

    wait4 gives the CPU of the process with all the descendants it reaped; the
    process's own share shows which side (fetching and writing, or parsing in
    workers) is the busier. Peak RSS comes from each process's VmHWM, the kernel's
    high-water mark of its memory since its exec, rather than from wait4's
    ru_maxrss: a child forked by this harness starts with the harness's high-water
    mark (Linux keeps it across exec), which would hide any client smaller than the
    harness, mbsync or a sync with nothing to do. A pidfd wakes this up the moment
    the process exits, so polling adds nothing to the wall time.
    """
    own = 0.0
    hwm = 0
    pidfd = os.pidfd_open(pid)
    try:
        while True:
            own = max(own, _own_cpu(pid))
            for member in [pid, *_descendants(pid)]:
                hwm = max(hwm, _hwm_kib(member))
            if select.select([pidfd], [], [], interval)[0]:
                break
        own = max(own, _own_cpu(pid))  # a zombie still shows its final CPU time
    finally:
        os.close(pidfd)
    _, status, usage = os.wait4(pid, 0)
    return Waited(status, usage, own, hwm)


def _kill_tree(pid: int) -> None:
    """SIGKILL a client and its descendants, deepest first.

    Not the client alone: a triage parser worker whose parent is killed lives on,
    blocked for ever writing its result into a pipe nobody reads.
    """
    for member in [pid, *_descendants(pid)][::-1]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(member, signal.SIGKILL)


def _hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _reap_orphans(before: set[int], timeout: float) -> list[resource.struct_rusage]:
    """Reap what the measured client left behind, and only that.

    As a child subreaper this harness inherits a client's orphans (a forkserver and
    its workers). It is also the parent of the Dovecot master, alive throughout, so
    `os.wait4(-1)` cannot tell "all reaped" from "still running": the children that
    existed before the run (`before`) are left alone and the others waited for.
    """
    usages = []
    deadline = time.monotonic() + timeout
    while orphans := [pid for pid in _children(os.getpid()) if pid not in before]:
        for pid in orphans:
            try:
                reaped, _, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            if reaped:
                usages.append(usage)
        if time.monotonic() > deadline:
            _log(f"descendants still running after {timeout:.0f} s; ignored")
            break
        time.sleep(0.01)
    return usages


@dataclass(slots=True)
class Bench:
    """What every run needs to measure itself, and the runs measured so far."""

    master: int  # the Dovecot master process
    workdir: Path
    interval: float
    env: dict[str, str]
    runs: list[Run] = field(default_factory=list)

    def measure(
        self,
        tool: str,
        label: str,
        argv: Sequence[str],
        count: Callable[[], int],
        expected: int,
        inner: Callable[[], float | None] | None = None,
    ) -> Run:
        """Run argv; `count` says how many messages the client holds afterwards,
        `inner` how long the client itself says the sync took."""
        from bench_import import TreeSampler

        stem = self.workdir / f"{tool}-{label}".replace(" ", "-")
        _log(f"{tool}, {label}: {shlex.join(argv)}")
        held = count()
        before = set(_children(os.getpid()))
        served = server_cpu(self.master)
        with (
            stem.with_suffix(".out").open("wb") as out,
            stem.with_suffix(".err").open("wb") as err,
        ):
            started = time.perf_counter()
            process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=self.env
            )
            try:
                sampler = TreeSampler(process.pid, self.interval)
                sampler.start()
                waited = _wait(process.pid, self.interval)
            except BaseException:
                _kill_tree(process.pid)
                process.wait()
                raise
            wall = time.perf_counter() - started
            peak = sampler.stop()
        served = server_cpu(self.master) - served
        process.returncode = os.waitstatus_to_exitcode(waited.status)
        usages = [waited.usage, *_reap_orphans(before, timeout=30)]
        run = Run(
            tool=tool,
            label=label,
            messages=count() - held,
            wall=wall,
            cpu=sum(u.ru_utime + u.ru_stime for u in usages),
            main_cpu=waited.own_cpu,
            server_cpu=served,
            exit_code=process.returncode,
            hwm_kib=max(waited.hwm_kib, peak.max_process_kib),
            peak=peak,
            expected=expected,
            inner=inner() if inner else None,
        )
        verdict = "ok" if run.ok else f"FAILED (exit {run.exit_code})"
        own = "" if run.inner is None else f" ({run.inner:.2f} s by its own log)"
        _log(
            f"  {wall:.2f} s{own}, {run.messages:,} messages (expected "
            f"{expected:,}), {verdict}"
        )
        if not run.ok:
            tail = stem.with_suffix(".err").read_text(errors="replace").strip()
            _log("  last lines of its stderr:\n" + "\n".join(tail.splitlines()[-15:]))
        self.runs.append(run)
        return run

    def measure_client(self, client: Client, label: str, expected: int) -> Run:
        """One run of a sync client that should bring `expected` messages over."""
        return self.measure(
            client.tool, label, client.argv, client.held, expected, client.inner
        )


# --- Clients --------------------------------------------------------------------------


def write_triage_config(path: Path, server: Dovecot, log: Path) -> None:
    """One account, STARTTLS on the plain port, trusting the server's own CA.

    TOML basic strings accept JSON's escapes, hence json.dumps for the values.
    """
    path.write_text(
        "[sync]\n"
        f"log = {json.dumps(str(log))}\n\n"
        f"[accounts.{USER}]\n"
        f"host = {json.dumps(server.host)}\n"
        f"port = {server.imap_port}\n"
        f"user = {json.dumps(USER)}\n"
        'tls = "starttls"\n'
        f"ca_file = {json.dumps(str(server.cafile))}\n"
        'folders = ["INBOX"]\n'
    )


def stored_locations(db: Path) -> int:
    """Messages the database holds a live IMAP location for: one per UID synced."""
    if not db.exists():
        return 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        try:
            row = conn.execute(
                "SELECT count(*) FROM message_locations WHERE expunged_at IS NULL"
            ).fetchone()
        except sqlite3.OperationalError:  # a database the first run left empty
            return 0
    return int(row[0])


def logged_seconds(log: Path) -> float | None:
    """`seconds=` of the last line of triage's sync log: the sync, start-up apart."""
    lines = log.read_text().splitlines() if log.exists() else []
    found = re.search(r"\bseconds=([\d.]+)", lines[-1]) if lines else None
    return float(found.group(1)) if found else None


def database_mib(db: Path) -> float:
    files = [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm")]
    return sum(path.stat().st_size for path in files if path.exists()) / MIB


def write_mbsyncrc(path: Path, server: Dovecot, password: str, fsync: bool) -> Path:
    """isync 1.4 syntax (`SSLType`, `Far`/`Near`); returns the Maildir it fills.

    Host is "localhost": mbsync 1.4 matches the certificate's DNS names only, not
    the IP address that triage and the loops connect to (the certificate has both).
    """
    maildir = path.parent / f"maildir-fsync-{'yes' if fsync else 'no'}"
    path.write_text(
        f"FSync {'yes' if fsync else 'no'}\n\n"
        f"IMAPAccount {USER}\n"
        "Host localhost\n"
        f"Port {server.imap_port}\n"
        f"User {USER}\n"
        f"Pass {json.dumps(password)}\n"
        "SSLType STARTTLS\n"
        f"CertificateFile {server.cafile}\n\n"
        "IMAPStore far\n"
        f"Account {USER}\n\n"
        "MaildirStore near\n"
        f"Path {maildir}/\n"
        f"Inbox {maildir}/INBOX\n"
        "SubFolders Verbatim\n\n"
        f"Channel {USER}\n"
        "Far :far:\n"
        "Near :near:\n"
        "Patterns INBOX\n"
        "Sync Pull\n"
        "Create Near\n"
        "SyncState *\n"
    )
    path.chmod(0o600)  # it holds the password
    maildir.mkdir()  # mbsync creates folders in a store, not the store itself
    return maildir


def maildir_messages(maildir: Path) -> int:
    inbox = maildir / "INBOX"
    return sum(
        1
        for sub in ("cur", "new")
        if (inbox / sub).is_dir()
        for entry in os.scandir(inbox / sub)
        if entry.is_file()
    )


def fetch_loop(lib: str, host: str, port: int, cafile: str, password: str) -> int:
    """FETCH BODY.PEEK[] of every message in INBOX, data discarded; bytes fetched.

    Explicit UID lists of BATCH: imapclient 4.1 rejects range strings, and Dovecot
    caps a command line at 64 KB.
    """
    context = ssl.create_default_context(cafile=cafile)
    received = 0
    if lib == "imapclient":
        from imapclient import IMAPClient

        client = IMAPClient(host, port=port, ssl=False, timeout=120)
        client.starttls(context)
        client.login(USER, password)
        client.select_folder("INBOX", readonly=True)
        uids = sorted(client.search("ALL"))
        for start in range(0, len(uids), BATCH):
            fetched = client.fetch(uids[start : start + BATCH], ["BODY.PEEK[]"])
            received += sum(len(data[b"BODY[]"]) for data in fetched.values())
        client.logout()
        return received
    imap = imaplib.IMAP4(host, port, timeout=120)
    imap.starttls(ssl_context=context)
    imap.login(USER, password)
    imap.select("INBOX", readonly=True)
    _, found = imap.uid("SEARCH", "ALL")
    uids = sorted(int(uid) for uid in found[0].split())
    for start in range(0, len(uids), BATCH):
        batch = ",".join(map(str, uids[start : start + BATCH]))
        _, data = imap.uid("FETCH", batch, "(BODY.PEEK[])")
        received += sum(len(item[1]) for item in data if isinstance(item, tuple))
    imap.logout()
    return received


def fetch_loop_main(lib: str, host: str, port: int, cafile: str) -> int:
    """Entry point of the loop's own process: measured like any other client."""
    password = os.environ["TRIAGE_PASSWORD"]
    received = fetch_loop(lib, host, port, cafile, password)
    print(f"{received} bytes")
    return 0


def fetched_count(stem: Path, messages: int) -> Callable[[], int]:
    """The loops print the bytes they got; a loop that printed nothing fetched none."""

    def count() -> int:
        out = stem.with_suffix(".out")
        text = out.read_text() if out.exists() else ""
        return messages if re.fullmatch(r"\d+ bytes\n", text) else 0

    return count


# --- The report -----------------------------------------------------------------------


def _version(argv: Sequence[str], pattern: str) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    found = re.search(pattern, result.stdout + result.stderr)
    return found.group(1) if found else "unknown"


def machine_facts(triage: Sequence[str], mailbox_mb: float, messages: int) -> list[str]:
    """Markdown bullets: what the numbers were measured on, and with what."""
    import platform
    from importlib import metadata

    from dovecot import find_binary
    from make_mailbox import GENERATOR_VERSION

    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("model name", "Model", "Hardware")):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    dovecot = _version(
        [str(find_binary("dovecot") or "dovecot"), "--version"], r"(\S+)"
    )
    isync = _version(["mbsync", "--version"], r"isync (\S+)")
    command = shlex.join(_shown(arg) for arg in triage)
    return [
        f"- Machine: {model}, {os.cpu_count()} cores "
        f"({len(os.sched_getaffinity(0))} usable), {memory}; "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"imapclient {metadata.version('imapclient')}; Dovecot {dovecot}; "
        f"isync {isync}",
        "- Server: a private Dovecot on 127.0.0.1 (tests/dovecot.py: Maildir, "
        "`mail_fsync = never`) on the same cores; every client logs in with STARTTLS",
        f"- Mailbox: {messages:,} messages ({mailbox_mb:,.1f} MB) from "
        f"`make_mailbox.py` v{GENERATOR_VERSION}, then {EXTRA} more (the next ones "
        "it makes) before the third run",
        f"- triage: `{command} --config CONF --db DB sync --quiet`, default "
        "settings (batch_size 500, parser workers automatic)",
    ]


COLUMNS = (
    ("client", "---"),
    ("run", "---"),
    ("wall s", "---:"),
    ("msg/s", "---:"),
    ("CPU s", "---:"),
    ("CPU s, main process", "---:"),
    ("server CPU s", "---:"),
    ("messages", "---:"),
    ("peak RSS MiB, largest process", "---:"),
    ("peak RSS MiB, tree sum", "---:"),
    ("peak PSS MiB, tree sum", "---:"),
    ("procs", "---:"),
)


def table(runs: Sequence[Run]) -> list[str]:
    lines = [
        f"| {' | '.join(name for name, _ in COLUMNS)} |",
        f"|{'|'.join(align for _, align in COLUMNS)}|",
    ]
    for run in runs:
        label = run.label if run.ok else f"{run.label} (FAILED, exit {run.exit_code})"
        rate = f"{run.messages / run.wall:,.0f}" if run.messages and run.wall else "-"
        cells = [
            run.tool,
            label,
            f"{run.wall:.2f}",
            rate,
            f"{run.cpu:.1f}",
            f"{run.main_cpu:.1f}",
            f"{run.server_cpu:.1f}",
            f"{run.messages:,}",
            f"{run.hwm_kib / 1024:.0f}",
            f"{run.peak.max_tree_kib / 1024:.0f}",
            f"{run.peak.max_tree_pss_kib / 1024:.0f}",
            str(run.peak.max_processes),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    return lines


def verdicts(runs: Sequence[Run]) -> list[str]:
    """The ratios and targets of the issue, each said plainly: met or not."""
    by = {(run.tool, run.label): run for run in runs}
    first = by.get(("triage", "first sync"))
    if first is None:
        return []
    lines = []

    def ratio(tool: str, target: float | None = None) -> None:
        other = by.get((tool, "first sync"))
        if other is None or not other.wall:
            return
        value = first.wall / other.wall
        line = f"- triage first sync / {tool}: {value:.2f}x"
        if target is not None:
            met = "met" if value <= target else "NOT met"
            line += f" (target: within {target}x; {met})"
        lines.append(line)

    ratio("mbsync FSync yes")
    ratio("mbsync FSync no")
    ratio("imapclient fetch loop", target=1.3)
    ratio("imaplib fetch loop")
    still = by.get(("triage", "no change"))
    if still is not None:
        met = "met" if still.wall < 0.3 else "NOT met"
        inner = (
            ""
            if still.inner is None
            else f"; the sync itself {still.inner:.2f} s by triage's sync log, the "
            "rest is start-up, imports and exit"
        )
        lines.append(
            f"- triage no-change sync: {still.wall:.2f} s (target < 0.3 s; {met}"
            f"{inner})"
        )
    triage_runs = [run for run in runs if run.tool == "triage"]
    tree = max(run.peak.max_tree_kib for run in triage_runs) * 1024 / 1e6
    pss = max(run.peak.max_tree_pss_kib for run in triage_runs) * 1024 / 1e6
    largest = max(run.hwm_kib for run in triage_runs) * 1024 / 1e6
    # Summed RSS counts the pages the worker shares with its parent twice, PSS once:
    # say both, since they can fall on either side of the target.
    lines.append(
        f"- triage peak memory: {tree:.0f} MB RSS summed over the process tree, "
        f"{pss:.0f} MB PSS, {largest:.0f} MB the largest process (target < 150 MB: "
        f"{'met' if tree < 150 else 'NOT met'} counting RSS, "
        f"{'met' if pss < 150 else 'NOT met'} counting PSS)"
    )
    return lines


# --- Running it -----------------------------------------------------------------------


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _shown(arg: str) -> str:
    """A path inside the repository as a relative one: results name no machine."""
    try:
        return str(Path(arg).relative_to(REPO))
    except ValueError:
        return arg


def _count(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    value = int(text.removesuffix("k")) * (1000 if text.endswith("k") else 1)
    if value < 1:
        raise argparse.ArgumentTypeError("a positive number of messages, e.g. 20000")
    return value


@dataclass(frozen=True, slots=True)
class Options:
    messages: int
    workdir: Path
    keep: bool
    profile: bool
    mbsync: bool
    seed: int
    interval: float


def parse_args(argv: Sequence[str] | None) -> Options | argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark `triage sync` against a private Dovecot, "
        "beside mbsync and bare FETCH loops."
    )
    parser.add_argument(
        "--messages", type=_count, default=20000, help="mailbox size (default 20000)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=REPO / "bench" / "out",
        help="where the run's files go (default: bench/out, git-ignored)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database, Maildirs, configs and logs afterwards",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run a first sync under cProfile into a fresh database and "
        "keep the profile as bench/out/sync-N.prof",
    )
    parser.add_argument(
        "--no-mbsync", dest="mbsync", action="store_false", help="skip mbsync"
    )
    parser.add_argument("--seed", type=int, default=1, help="mailbox seed (default 1)")
    parser.add_argument(
        "--interval", type=float, default=0.05, help="RSS sampling period in s"
    )
    # The bare loops run as processes of their own, measured like the other clients.
    parser.add_argument(
        "--fetch-loop", choices=("imapclient", "imaplib"), help=argparse.SUPPRESS
    )
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cafile", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fetch_loop:
        return args
    return Options(
        messages=args.messages,
        workdir=args.workdir,
        keep=args.keep,
        profile=args.profile,
        mbsync=args.mbsync,
        seed=args.seed,
        interval=args.interval,
    )


@dataclass(frozen=True, slots=True)
class Client:
    """A sync client timed three times: its command and how to check what it did."""

    tool: str
    argv: list[str]
    held: Callable[[], int]  # messages it holds now
    inner: Callable[[], float | None] | None = None  # its own account of the time


def _raws(generator: MailboxGenerator, first: int, count: int) -> Iterator[bytes]:
    """Messages `first` to `first + count - 1`; a generator is called in order."""
    for index in range(first, first + count):
        yield generator.message(index).raw


def _master_pid(server: Dovecot) -> int:
    """The Dovecot master: the child of this process running the server's config."""
    for pid in _children(os.getpid()):
        with contextlib.suppress(OSError):
            if str(server.conf).encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
    raise RuntimeError("cannot find the Dovecot master among this process's children")


def run_all(server: Dovecot, workdir: Path, options: Options) -> Bench:
    """Load the mailbox, time every client, print the Markdown report."""
    from bench_import import child_environment, default_command, git_commit
    from make_mailbox import MailboxGenerator

    count = options.messages
    user = server.add_user(USER)
    generator = MailboxGenerator(count, options.seed)
    _log(f"generating and appending {count:,} messages (not timed) ...")
    started = time.perf_counter()
    user.append_many("INBOX", _raws(generator, 0, count))
    mailbox_mb = sum(generator.stats.sizes) / 1e6
    _log(f"  {mailbox_mb:,.1f} MB in {time.perf_counter() - started:.1f} s")

    env = child_environment(workdir, None) | {"TRIAGE_PASSWORD": user.password}
    bench = Bench(_master_pid(server), workdir, options.interval, env)
    triage = default_command()
    config, db, log = workdir / "triage.toml", workdir / "triage.db", workdir / "log"
    write_triage_config(config, server, log)
    sync_args = ["--config", str(config), "--db", str(db), "sync", "--quiet"]
    clients = [
        Client(
            "triage",
            [*triage, *sync_args],
            partial(stored_locations, db),
            partial(logged_seconds, log),
        )
    ]
    if options.mbsync:
        for fsync in ("yes", "no"):
            rc = workdir / f"mbsyncrc-fsync-{fsync}"
            maildir = write_mbsyncrc(rc, server, user.password, fsync == "yes")
            clients.append(
                Client(
                    f"mbsync FSync {fsync}",
                    ["mbsync", "-c", str(rc), "-q", "-a"],
                    partial(maildir_messages, maildir),
                )
            )

    def loop(lib: str) -> list[str]:
        return [
            sys.executable,
            str(Path(__file__).resolve()),
            "--fetch-loop",
            lib,
            "--host",
            server.host,
            "--port",
            str(server.imap_port),
            "--cafile",
            str(server.cafile),
        ]

    # Dovecot caches what the first FETCH of each message computes (sizes, headers):
    # one untimed pass, lest the first client timed pay for what the others reuse.
    _log("warming Dovecot's caches with one untimed FETCH of everything ...")
    subprocess.run(loop("imaplib"), env=env, stdout=subprocess.DEVNULL, check=True)

    for client in clients:
        bench.measure_client(client, "first sync", count)
        # mbsync sleeps a second when its Maildir changed within the current second
        # (so as not to miss a message delivered in that second): a sync run from
        # cron never meets that, one started the instant the last one ended does.
        time.sleep(SETTLE)
        bench.measure_client(client, "no change", 0)
    for lib in ("imapclient", "imaplib"):
        tool = f"{lib} fetch loop"
        stem = workdir / f"{tool}-first sync".replace(" ", "-")
        bench.measure(tool, "first sync", loop(lib), fetched_count(stem, count), count)
    if options.profile:
        profile_first_sync(bench, config, count, options.workdir)

    _log(f"appending {EXTRA} more messages (not timed) ...")
    user.append_many("INBOX", _raws(generator, count, EXTRA))
    for client in clients:
        bench.measure_client(client, f"+{EXTRA} new", EXTRA)

    now = datetime.now(UTC)
    print(f"## triage sync benchmark, {now:%Y-%m-%d %H:%M} UTC, commit {git_commit()}")
    print()
    print("\n".join(machine_facts(triage, mailbox_mb, count)))
    print(f"- Database after the runs: {database_mib(db):,.1f} MiB")
    print()
    print("\n".join(table(bench.runs)))
    print()
    print("\n".join(verdicts(bench.runs)), flush=True)
    return bench


def profile_first_sync(bench: Bench, config: Path, count: int, keep_in: Path) -> None:
    """A first sync into a fresh database under cProfile; the top costs to stderr.

    cProfile sees the main process only: the parser workers it forks exit without
    writing a profile. Its clock is the wall clock, so time the main thread spends
    waiting for the GIL (the pool's threads pickle and unpickle) is charged to
    whatever line it was on; shares of a sampling profiler (py-spy) or stage timers
    tell apart better.
    """
    import pstats

    db = bench.workdir / "profile.db"
    profile = keep_in / f"sync-{count}.prof"
    argv = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "triage"]
    argv += ["--config", str(config), "--db", str(db), "sync", "--quiet"]
    bench.measure(
        "triage under cProfile",
        "first sync",
        argv,
        partial(stored_locations, db),
        count,
    )
    if profile.exists():
        _log(f"profile kept in {_shown(str(profile))}; top costs (own time):")
        stats = pstats.Stats(str(profile), stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
    for path in db.parent.glob(db.name + "*"):
        path.unlink()


def _raise_exit(signum: int, _frame: object) -> None:
    """SIGTERM as SystemExit: the `finally` blocks stop Dovecot and clean up."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    if isinstance(options, argparse.Namespace):
        return fetch_loop_main(
            options.fetch_loop, options.host, options.port, options.cafile
        )
    from bench_import import become_subreaper
    from dovecot import Dovecot, DovecotError

    if options.mbsync and shutil.which("mbsync") is None:
        raise SystemExit(f"bench_sync: {MBSYNC_HINT}")
    signal.signal(signal.SIGTERM, _raise_exit)
    if not become_subreaper():
        _log("cannot become a child subreaper: CPU and wait4 RSS may miss workers")
    workdir = options.workdir / f"sync-{options.messages}"
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    _warn_if_recent(options.workdir / ENDED)
    problems: list[str] = []
    server: Dovecot | None = None
    try:
        server = Dovecot()
        server.start()
        bench = run_all(server, workdir, options)
        problems = [f"{run.tool}, {run.label}" for run in bench.runs if not run.ok]
    except DovecotError as exc:
        raise SystemExit(f"bench_sync: {exc}") from None
    finally:
        if server is not None:
            server.close()
        # Whatever is left is a client an interruption caught mid-run, or its orphans.
        for child in _children(os.getpid()):
            _kill_tree(child)
        _reap_rest()
        if server is not None:
            stray = _instance_processes(server.instance_name)
            if stray:
                _log(f"Dovecot processes left running: {stray}")
        if options.keep or problems:
            _log(f"work files kept in {_shown(str(workdir))}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        (options.workdir / ENDED).touch()
    if problems:
        _log("failed runs: " + "; ".join(problems))
        return 1
    return 0


def _warn_if_recent(ended: Path) -> None:
    """Say when the last run deleted its files too recently for fair mbsync figures."""
    with contextlib.suppress(OSError):
        age = time.time() - ended.stat().st_mtime
        if age < RECENTLY_DELETED:
            _log(
                f"the last run cleaned up {age:.0f} s ago: file creation (mbsync's "
                f"Maildir, Dovecot's load) is slow for {RECENTLY_DELETED} s after "
                "mass deletions on ext4; for fair figures, wait and rerun"
            )


def _reap_rest() -> None:
    """Reap every child left, all of them killed by now (or Dovecot's, stopped)."""
    with contextlib.suppress(ChildProcessError):
        while True:
            os.waitpid(-1, 0)


def _instance_processes(instance: str) -> list[int]:
    """Processes Dovecot titled after this instance ("dovecot-NAME/imap", ...)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if instance.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


if __name__ == "__main__":
    sys.exit(main())
