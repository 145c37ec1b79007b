"""The temporary files of imports that died mid-write (`practicegraph.core.writing` writes
beside the target and renames): cleared once they are old enough not to be another import's."""

from __future__ import annotations

import time
from pathlib import Path

STALE_SECONDS = 3600
"""A temporary file this old was left by an import that died; younger, it may be in use."""


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files of imports that died before their rename."""
    removed = []
    for path in folder.glob(".*.tmp"):
        if time.time() - path.stat().st_mtime > STALE_SECONDS:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
