"""`triage export`: every case or every message as CSV or JSON lines, streamed.

For a spreadsheet or another tool, so each row is flat and complete: a message's
row is its `list` object plus the customer, IMAP flags, whether it was answered and
what the customer wrote in it; a case's is its `list` object plus its score apart
and its note count. The rows come from report.py's own shapes, and are written by
its `write_rows`, so JSON stays exact yet terminal-safe and CSV cells stay inert
(escapes made visible, formulas defused) as in `list`.

Memory stays flat on any store: messages come from one cursor a chunk at a time,
cases a few hundred IDs at a time, and nothing is collected. A file named with
`--output` is written beside its target and renamed over it once complete, so a
failure leaves the previous file, or none, never half of one.
"""

import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from triage.errors import InputError
from triage.report import (
    CASE_FIELDS,
    LIST_FIELDS,
    OutputFormat,
    case_summary,
    message_summary,
    write_rows,
)
from triage.store import MessageFilter, Store

CASE_CHUNK = 500  # cases read at a time; below case_facts.SCAN_FROM, which reads all
PROGRESS_EVERY = 500  # rows between two progress reports
# Rows written so far, and how many there are in all.
ExportProgress = Callable[[int, int], None]


class ExportKind(StrEnum):
    CASES = "cases"
    MESSAGES = "messages"


class ExportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


MESSAGE_EXPORT_FIELDS = (*LIST_FIELDS, "customer", "flags", "answered", "new_text")
CASE_EXPORT_FIELDS = (*CASE_FIELDS, "notes", "snoozed_until")


def message_rows(
    store: Store, since: str | None = None, until: str | None = None
) -> Iterator[dict[str, object]]:
    """One row per message dated within [since, until) (UTC ISO), in ID order."""
    flt = MessageFilter(since=since, until=until)
    for m in store.messages_by_id_order(flt):
        yield message_summary(m) | {
            "customer": m.customer,
            "flags": list(m.flags),
            "answered": "\\Answered" in m.flags,
            "new_text": m.new_text,
        }


def case_rows(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    now: datetime | None = None,
) -> Iterator[dict[str, object]]:
    """One row per case whose latest message is dated within [since, until), in ID
    order, with its state and score as at `now` (as `list` shows them)."""
    # Here, not at the top: cli.py imports this module for its enums, and the
    # queue brings case scoring with it, which `triage export messages` never needs.
    from triage.cases.queue import cases_by_id

    for chunk in store.cases.id_chunks(since=since, until=until, size=CASE_CHUNK):
        for c in cases_by_id(store, chunk, now):
            yield case_summary(c) | {"score": c.priority.score}


def export(
    store: Store,
    kind: ExportKind,
    fmt: ExportFormat,
    out: TextIO,
    *,
    since: str | None = None,
    until: str | None = None,
    now: datetime | None = None,
    progress: ExportProgress | None = None,
) -> None:
    """Write every case or message (within the dates) to `out`, telling
    `progress` how far it has got."""
    rows: Iterable[dict[str, object]]
    if kind is ExportKind.MESSAGES:
        rows, fields = message_rows(store, since, until), MESSAGE_EXPORT_FIELDS
        if progress is not None:
            total = store.count(MessageFilter(since=since, until=until))
    else:
        rows, fields = case_rows(store, since, until, now), CASE_EXPORT_FIELDS
        if progress is not None:
            total = store.cases.count_ids(since=since, until=until)
    if progress is not None:
        rows = _reported(rows, total, progress)
    write_rows(rows, fields, OutputFormat(fmt.value), out)


def _reported(
    rows: Iterable[dict[str, object]], total: int, progress: ExportProgress
) -> Iterator[dict[str, object]]:
    done = 0
    progress(done, total)
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, max(total, done))
    progress(done, max(total, done))


@contextmanager
def open_output(path: Path | None, default: TextIO) -> Iterator[TextIO]:
    """`default` when no path is given; else a file that appears whole or not at all.

    The text goes to a temporary file in the target's directory, renamed over the
    target once written. A target that exists and is not a regular file (/dev/null,
    a FIFO) is written directly: renaming over it would replace the device.
    """
    if path is None:
        yield default
        return
    path = path.expanduser()
    if path.exists() and not path.is_file():
        with _opened(path) as out:
            yield out
        return
    try:
        fd, temp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except OSError as exc:  # a full disk, a directory made read-only meanwhile
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def _opened(path: Path) -> Iterator[TextIO]:
    try:
        out = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    with out:
        yield out


def _mode_for(path: Path) -> int:
    """The mode the file being replaced had; for a new one, what `>` would give
    (mkstemp makes it 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
