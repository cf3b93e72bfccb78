"""One sync at a time per database: an advisory lock file beside the database.

`flock` is released by the kernel when the process ends, however it ends, so a sync
killed by cron or the out-of-memory killer never leaves a stale lock behind.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triage.errors import LockHeldError, StoreError


def lock_path(db_path: Path) -> Path:
    return db_path.parent / f".{db_path.name}.sync.lock"


@contextmanager
def sync_lock(db_path: Path) -> Iterator[None]:
    """Hold the sync lock of `db_path`, or fail at once if another process does."""
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot create the lock file {path}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise LockHeldError(
                f"another triage sync is running on {db_path}{who}; this one stops here"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
