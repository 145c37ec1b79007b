"""A process beside the build, for a step that shares nothing mutable with the rest of it (the
dumps read the finished store on their own): a second core's work, not a second thread's turns
at the interpreter.

Spawned, not forked: the build holds threads and an open store, which a fork would copy half
made. It dies with the build (on Linux), so a killed build leaves no process writing into the
folder the next build removes. A build from nothing starts it with the build (`spare`), so that
its second of imports runs on the other core while this one parses.
"""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1
"""prctl(2): the signal this process gets when the thread that started it ends."""


def _dies_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the request took hold
        os._exit(1)


def beside() -> ProcessPoolExecutor:
    """One spawned process that runs what is submitted to it, and dies with this one."""
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_dies_with,
        initargs=(os.getpid(),),
    )


def _ready(module: str) -> None:
    importlib.import_module(module)


@contextmanager
def spare(start: bool, module: str) -> Iterator[ProcessPoolExecutor | None]:
    """With `start`, `beside()` started now, `module` imported in it; ended with the block (its
    time is the build's: a refused build waits for what is left of the imports)."""
    if not start:
        yield None
        return
    process = beside()
    process.submit(_ready, module)
    try:
        yield process
    finally:
        process.shutdown(cancel_futures=True)
