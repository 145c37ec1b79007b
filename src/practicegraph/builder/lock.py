"""One build of a project at a time, and none left half-made.

Two builds at once would both start from the same last build and append to the same event
stream history. A build holds an exclusive lock on dist/.build.lock (core.locking: flock, let go
when the process dies, however it dies); a second one waits for it, or with `wait=False` is
refused. Holding the lock, a build knows no other is running, so what a killed build left behind
(a dist/builds/.partial-* folder, a half-made link to the current build) is garbage, and it is
removed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from practicegraph.core.build_folder import BUILDS, CURRENT, PARTIAL_PREFIX
from practicegraph.core.locking import held

LOCK = ".build.lock"


@contextmanager
def exclusive(
    dist: Path, wait: bool = True, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    with held(dist / LOCK, "build", wait, waiting):
        remove_leftovers(dist)
        yield


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
