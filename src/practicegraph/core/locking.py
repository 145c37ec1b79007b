"""One run of a kind at a time (a build, a sync): an exclusive flock on a file, which the kernel
lets go when the process dies, however it dies. A second run waits for it, or is refused."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("practicegraph")


class RunningError(Exception):
    """Another run holds the lock, and the caller would not wait."""


@contextmanager
def held(
    lock: Path, what: str, wait: bool = True, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold `lock` (its file names the holder's pid) while the block runs."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if not wait:
                message = f"another {what} of this project is running ({holder}): try again later"
                raise RunningError(message) from None
            (waiting or log.warning)(f"waiting for another {what} of this project ({holder})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
