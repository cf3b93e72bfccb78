"""mbox and Maildir import: streaming, idempotent, parallel where it pays.

Messages are read one at a time (memory stays flat whatever the mailbox size); those the
store does not hold yet are parsed in chunks by worker processes while this process
reads, compresses and writes, one transaction per batch: an interrupted import keeps
every batch it committed, and running it again adds only what is missing.
"""

import mailbox
import multiprocessing
import os
import re
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from triage.errors import InputError
from triage.mail import Identity, identify, parse_mail
from triage.records import ImportResult, ParsedMail
from triage.store import Store, dedupe_key, pack_raw

BATCH_SIZE = 250  # messages written per transaction
_CHUNK = 50  # messages checked against the store and sent to a worker at a time
# A "From " line as mbox writers make it: a sender, then a date with a time and a year.
_FROM_LINE = re.compile(rb"From \S+\s+.*\d\d?:\d\d(?::\d\d)?.*\d{4}")
# The asctime form nearly every writer uses ("From a@b Mon Nov  2 10:00:00 2026"):
# body text does not look like this.
_ASCTIME_FROM = re.compile(
    rb"From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d(?::\d\d)? "
    rb"(?:[+-]\d{4} )?\d{4}"
)
# What follows a real "From " line: the first header field of the next message.
_HEADER_START = re.compile(rb"[!-9;-~]+:")
# A blank line, then a "From " line: where one message of an mbox ends.
_SEPARATOR = re.compile(rb"\n\r?\n(From [^\n]*\n)")
_READ_SIZE = 1 << 20
_MAX_FROM_LINE = 4096
_SMALL_BYTES = 8 << 20  # below this an mbox is parsed without worker processes


class MailboxFormat(StrEnum):
    MBOX = "mbox"
    MAILDIR = "maildir"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an import stands; `total_bytes` is known for mbox, `total` for Maildir."""

    mailbox: str
    done: int
    done_bytes: int
    total: int | None
    total_bytes: int | None


ProgressCallback = Callable[[Progress], None]


def detect_format(path: Path) -> MailboxFormat:
    """A directory with cur/ and new/ is a Maildir; a file is an mbox."""
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return MailboxFormat.MAILDIR
        raise InputError(f"{path} is a directory but not a Maildir (no cur/ and new/)")
    if path.is_file():
        return MailboxFormat.MBOX
    raise InputError(f"no such mailbox: {path}")


def import_mailboxes(
    store: Store,
    paths: Sequence[Path],
    fmt: MailboxFormat | None = None,
    folder: str | None = None,
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> ImportResult:
    """Import several mailboxes, checking them all before importing any."""
    formats = [fmt or detect_format(path) for path in paths]
    total = ImportResult()
    for path, path_format in zip(paths, formats, strict=True):
        total += import_mailbox(store, path, path_format, folder, on_progress, workers)
    return total


def import_mailbox(
    store: Store,
    path: Path,
    fmt: MailboxFormat | None = None,
    folder: str | None = None,
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> ImportResult:
    """Import every message of an mbox file or Maildir into `store`.

    `workers` is the number of parser processes; 0 parses in this process, and None
    picks: 0 for a small mailbox, else one fewer than the CPU cores.
    """
    fmt = fmt or detect_format(path)
    reader = _MaildirReader if fmt is MailboxFormat.MAILDIR else _MboxReader
    source = reader(path)
    if workers is None:
        # A small mailbox is parsed in-process: starting workers would cost more.
        # Otherwise one core writes (this process) and the others parse.
        workers = 0 if source.small else max(1, (os.cpu_count() or 1) - 1)
    folder = folder or path.stem or path.name
    pipeline = _Pipeline(store, folder, workers, on_progress, source.progress)
    try:
        for raw in source:
            pipeline.add(raw)
        pipeline.finish()
    finally:
        pipeline.close()
    return pipeline.result


class _MboxReader:
    """Streams an mbox file message by message, with the bytes kept verbatim.

    A message starts at a "From " line that follows a blank line (or opens the file) and
    carries a time, so an unescaped "From " inside a body rarely splits a message. The
    bytes are not un-escaped (">From " stays): they are the file's bytes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.total_bytes = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from exc
        first = head.lstrip(b"\r\n").split(b"\n", 1)[0]
        if head.strip() and not first.startswith(b"From "):
            raise InputError(
                f"{path} is not an mbox file (it does not start with a 'From ' line);"
                " use --format maildir for a Maildir"
            )
        self.done_bytes = 0
        self.done = 0
        self.small = self.total_bytes < _SMALL_BYTES

    def progress(self) -> Progress:
        return Progress(
            self.path.name, self.done, self.done_bytes, None, self.total_bytes
        )

    def __iter__(self) -> Iterator[bytes]:
        # Large reads and a regex over the buffer: ten times faster than iterating
        # lines in Python, and memory bounded by the largest message.
        start = 0  # where the current message begins in buf
        consumed = 0  # file offset of buf[0]
        try:
            with self.path.open("rb") as fh:
                buf = fh.read(_READ_SIZE)
                # Skip the first "From " line (the reader checked it is there).
                first = len(buf) - len(buf.lstrip(b"\r\n"))
                start = search = buf.find(b"\n", first) + 1 if buf.strip() else len(buf)
                # Most writers put a date on every "From " line, and requiring one
                # keeps a body line such as "From here on..." inside its message;
                # a file whose first "From " line has no date gets no such check.
                strict = bool(_FROM_LINE.match(buf, first))
                block = buf
                while True:
                    while match := _SEPARATOR.search(buf, search):
                        if not _separates(match, buf, strict):
                            # Body text: look again from that line, whose own end
                            # may begin the next separator.
                            search = match.start(1)
                            continue
                        self.done += 1
                        self.done_bytes = consumed + match.end()
                        yield buf[start : match.start() + 1]
                        start = search = match.end()
                    if not block:
                        break
                    # A separator may straddle the end of the buffer: look again there.
                    search = max(start, len(buf) - _MAX_FROM_LINE) - start
                    block = fh.read(_READ_SIZE)
                    buf = buf[start:] + block
                    consumed += start
                    start = 0
        except OSError as exc:
            raise InputError(f"cannot read {self.path}: {exc.strerror}") from exc
        last = buf[start:]
        if last.strip():
            self.done += 1
            self.done_bytes = consumed + len(buf)
            yield _strip_separator(last)


def _separates(match: re.Match[bytes], buf: bytes, strict: bool) -> bool:
    """Whether a "From " line after a blank line starts a message, or is body text.

    The usual dated form is trusted as it is, so that a message which is garbage
    from its first line still stands alone; a looser line must carry a date (in a
    file whose "From " lines have dates) and be followed by a header field.
    """
    line = match.group(1)
    if _ASCTIME_FROM.match(line):
        return True
    if strict and not _FROM_LINE.match(line):
        return False
    return _HEADER_START.match(buf, match.end()) is not None


def _strip_separator(raw: bytes) -> bytes:
    # The blank line that ends an mbox belongs to the file, not the message.
    for blank in (b"\r\n\r\n", b"\n\n"):
        if raw.endswith(blank):
            return raw[: -len(blank) // 2]
    return raw


class _MaildirReader:
    """Every message of a Maildir's new/ and cur/, in file-name order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            box = mailbox.Maildir(path, factory=None, create=False)
            self._keys = sorted(box.iterkeys())
        except OSError as exc:
            raise InputError(f"cannot read Maildir {path}: {exc.strerror}") from exc
        self._box = box
        self.done = 0
        self.done_bytes = 0
        self.small = len(self._keys) < BATCH_SIZE * 2

    def progress(self) -> Progress:
        return Progress(
            self.path.name, self.done, self.done_bytes, len(self._keys), None
        )

    def __iter__(self) -> Iterator[bytes]:
        for key in self._keys:
            try:
                raw = self._box.get_bytes(key)
            except KeyError:
                continue  # moved or deleted by a mail client while we read
            except OSError as exc:
                raise InputError(f"cannot read {self.path}/{key}: {exc}") from exc
            self.done += 1
            self.done_bytes += len(raw)
            yield raw


def _worker_init() -> None:
    # Ctrl-C is the main process's to handle: it stops the pool and keeps what was
    # committed. Workers dying on their own would only print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parse_batch(batch: list[tuple[bytes, Identity]]) -> list[ParsedMail]:
    """Worker entry point: parse a chunk of raw messages."""
    return [parse_mail(raw, identity) for raw, identity in batch]


class _Pipeline:
    """Parse in workers, write in the main process, a bounded amount ahead.

    Messages go to the workers a chunk at a time, after the store has said which of
    them it holds already; parsed chunks are written a batch per transaction. What
    is held in memory is bounded by a few chunks per worker plus one batch.
    """

    def __init__(
        self,
        store: Store,
        folder: str,
        workers: int,
        on_progress: ProgressCallback | None,
        progress: Callable[[], Progress],
    ) -> None:
        self.store = store
        self.folder = folder
        self.workers = workers
        self.on_progress = on_progress
        self.progress = progress
        self.result = ImportResult()
        self._pending: list[bytes] = []
        self._in_flight: deque[tuple[list[bytes], Future[list[ParsedMail]]]] = deque()
        self._ready: list[tuple[bytes, ParsedMail]] = []
        self._pool: ProcessPoolExecutor | None = None

    def add(self, raw: bytes) -> None:
        self._pending.append(raw)
        if len(self._pending) >= _CHUNK:
            self._dispatch()

    def finish(self) -> None:
        if self._pending:
            self._dispatch()
        while self._in_flight:
            self._collect()
        self._write()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _dispatch(self) -> None:
        chunk, self._pending = self._unseen(self._pending), []
        if not chunk:
            self._report()
        elif self.workers == 0:
            self._keep([raw for raw, _ in chunk], parse_batch(chunk))
        else:
            raws = [raw for raw, _ in chunk]
            try:
                future = (self._pool or self._start_pool()).submit(parse_batch, chunk)
            except BrokenProcessPool:
                self._give_up_pool()
                self._keep(raws, parse_batch(chunk))
            else:
                self._in_flight.append((raws, future))
            # Four chunks queued per worker keep it busy while this process
            # writes a batch; more only costs memory (measured).
            while len(self._in_flight) > self.workers * 4 or (
                self._in_flight and self._in_flight[0][1].done()
            ):
                self._collect()
        if len(self._ready) >= BATCH_SIZE:
            self._write()

    def _unseen(self, batch: list[bytes]) -> list[tuple[bytes, Identity]]:
        """The messages of a batch not in the store yet (nor earlier in the batch)."""
        identities = [identify(raw) for raw in batch]
        keys = [dedupe_key(i.message_id, i.content_hash) for i in identities]
        seen = self.store.present_keys(keys)
        unseen = []
        for raw, identity, key in zip(batch, identities, keys, strict=True):
            if key not in seen:
                seen.add(key)
                unseen.append((raw, identity))
        self.result += ImportResult(present=len(batch) - len(unseen))
        return unseen

    def _start_pool(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=_start_context(), initializer=_worker_init
        )
        return self._pool

    def _collect(self) -> None:
        raws, future = self._in_flight.popleft()
        try:
            self._keep(raws, future.result())
        except BrokenProcessPool:
            self._in_flight.appendleft((raws, future))
            self._give_up_pool()
        if len(self._ready) >= BATCH_SIZE:
            self._write()

    def _give_up_pool(self) -> None:
        """A parser process died (killed, out of memory): finish in this one.

        What the workers had not returned is parsed here, in mailbox order.
        """
        self.workers = 0
        while self._in_flight:
            raws, future = self._in_flight.popleft()
            try:
                parsed = future.result()
            except BrokenProcessPool:
                parsed = [parse_mail(raw) for raw in raws]
            self._keep(raws, parsed)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _keep(self, raws: list[bytes], parsed: list[ParsedMail]) -> None:
        # Compressing here, not in the workers, balances the two cores: parsing
        # costs about twice what storing does, compression included.
        self._ready += zip(map(pack_raw, raws), parsed, strict=True)

    def _write(self) -> None:
        if self._ready:
            self.result += self.store.add_mails(self._ready, self.folder)
            self._ready = []
        self._report()

    def _report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.progress())


def _start_context() -> multiprocessing.context.BaseContext:
    """fork when this process runs no other thread, else forkserver.

    fork starts workers at once and shares the parent's loaded modules with them
    (less memory in all); forking a process that runs threads can deadlock the child
    on a lock another thread held, so then a clean server process forks them.
    """
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["triage.mail"])
    return context
