"""Files written whole or not at all: a reader (a build, a server, a person) never sees half of
one, and a crash, a full disk or a kill leaves the old file as it was: the text goes to a
temporary file beside the target, is flushed to disk, and replaces the target in one rename."""

from __future__ import annotations

import csv
import io
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


def append_rows(target: Path, header: str, rows: list[list[str]]) -> None:
    """Add CSV rows at the end of a list people keep (made with `header`, its comment lines and
    column row, if there is none); the rows above are kept byte for byte."""
    if not rows:
        return
    text = target.read_text(encoding="utf-8") if target.is_file() else header
    if not text.endswith("\n"):
        text += "\n"
    write_atomically(target, (text + "".join(csv_line(r) for r in rows)).encode("utf-8"))


def csv_line(cells: list[str]) -> str:
    """One row as the csv module writes it, quoted where needed, ending in a newline."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
