"""Files the import writes, written whole or not at all.

A crash, a full disk or a kill mid-write must never leave half a practice file that the next
build would read: the text goes to a temporary file beside the target, is flushed to disk, and
replaces the target in one rename.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 3600
"""A temporary file this old was left by an import that died; younger, it may be in use."""


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step; on failure the old file is untouched."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(name).replace(target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files of imports that died before their rename."""
    removed = []
    for path in folder.glob(".*.tmp"):
        if time.time() - path.stat().st_mtime > STALE_SECONDS:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
