"""Files written whole or not at all: a reader (a build, a server, a person) never sees half of
one, and a crash, a full disk or a kill leaves the old file as it was: the text goes to a
temporary file beside the target, is flushed to disk, and replaces the target in one rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
