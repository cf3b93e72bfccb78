"""Worker processes: how they start and how they end with the main process.

Used by the parse pipeline (import, sync) and by the rules pass on large runs.
"""

import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Sequence

_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def worker_init() -> None:
    """Initializer of every worker: leave Ctrl-C to the main process, die with it."""
    # Ctrl-C is the main process's to handle: it stops the pool and keeps what was
    # committed. Workers dying on their own would only print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: end this worker when the main process dies, even by SIGKILL.

    Otherwise a worker whose parent was killed blocks for ever writing its result
    into a pipe nobody reads.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: nothing to do
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def start_context(preload: Sequence[str] = ()) -> multiprocessing.context.BaseContext:
    """fork when this process runs no other thread, else forkserver.

    fork starts workers at once and shares the parent's loaded modules with them
    (less memory in all); forking a process that runs threads can deadlock the child
    on a lock another thread held, so then a clean server process forks them.
    """
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context
