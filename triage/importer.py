"""mbox and Maildir import: streaming, idempotent, parallel where it pays.

Messages are read one at a time (memory stays flat whatever the mailbox size) and fed
to the parse-and-store `Pipeline`: an interrupted import keeps every batch it committed,
and running it again adds only what is missing.
"""

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from triage import hooks
from triage.config import Config
from triage.errors import InputError
from triage.records import ImportResult
from triage.store import Store

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
_SMALL_MAILDIR = 500  # messages; the same for a Maildir


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
    config: Config | None = None,
) -> ImportResult:
    """Import several mailboxes, checking them all before importing any."""
    formats = [fmt or detect_format(path) for path in paths]
    total = ImportResult()
    for path, path_format in zip(paths, formats, strict=True):
        total += import_mailbox(
            store, path, path_format, folder, on_progress, workers, config
        )
    return total


def import_mailbox(
    store: Store,
    path: Path,
    fmt: MailboxFormat | None = None,
    folder: str | None = None,
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
    config: Config | None = None,
) -> ImportResult:
    """Import every message of an mbox file or Maildir into `store`.

    `workers` is the number of parser processes; 0 parses in this process, and None
    picks: 0 for a small mailbox, else one fewer than the CPU cores. The new messages
    then go through the after-store hooks with `config`'s settings.
    """
    fmt = fmt or detect_format(path)
    reader = _MaildirReader if fmt is MailboxFormat.MAILDIR else _MboxReader
    source = reader(path)
    if workers is None:
        # A small mailbox is parsed in-process: starting workers would cost more.
        # Otherwise one core writes (this process) and the others parse.
        workers = 0 if source.small else max(1, (os.cpu_count() or 1) - 1)
    folder = folder or path.stem or path.name

    def report() -> None:
        if on_progress is not None:
            on_progress(source.progress())

    from triage.pipeline import Pipeline  # the parser: loaded when there is work

    pipeline = Pipeline(store, folder, workers, report)
    try:
        for raw in source:
            pipeline.add(raw)
        pipeline.finish()
    finally:
        pipeline.close()
    hooks.after_store(store, pipeline.result.new_ids, config)
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
        import mailbox  # with the email package: only an import of a Maildir needs it

        self.path = path
        try:
            box = mailbox.Maildir(path, factory=None, create=False)
            self._keys = sorted(box.iterkeys())
        except OSError as exc:
            raise InputError(f"cannot read Maildir {path}: {exc.strerror}") from exc
        self._box = box
        self.done = 0
        self.done_bytes = 0
        self.small = len(self._keys) < _SMALL_MAILDIR

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
