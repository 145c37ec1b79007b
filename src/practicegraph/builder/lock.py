"""One build of a project at a time, and none left half-made.

Two builds at once would both start from the same last build and append to the same event
stream history. A build holds an exclusive lock on dist/.build.lock (flock: the kernel lets go
when the process dies, however it dies); a second one waits for it, or with `wait=False` is
refused. Holding the lock, a build knows no other is running, so what a killed build left
behind (a dist/builds/.partial-* folder, a half-made link to the current build) is garbage, and
it is removed.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from practicegraph.core.build_folder import BUILDS, CURRENT, PARTIAL_PREFIX

LOCK = ".build.lock"
log = logging.getLogger("practicegraph.build")


class BuildRunningError(Exception):
    """Another build of the project holds the lock, and the caller would not wait."""


@contextmanager
def exclusive(
    dist: Path, wait: bool = True, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    dist.mkdir(parents=True, exist_ok=True)
    with (dist / LOCK).open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if not wait:
                message = f"another build of this project is running ({holder}): try again later"
                raise BuildRunningError(message) from None
            (waiting or log.warning)(f"waiting for another build of this project ({holder})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            remove_leftovers(dist)
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers(dist: Path) -> list[Path]:
    """What killed builds left: only to be called holding the lock."""
    found = [p for p in (dist / BUILDS).glob(f"{PARTIAL_PREFIX}*") if p.is_dir()]
    found += [p for p in dist.glob(f".{CURRENT}.*") if p.is_symlink() or p.is_file()]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found
