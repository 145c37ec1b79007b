"""What the last sync left for the operator and the steward (state/sync.json): when it last
published, how many decisions wait, and the pages it held. Written by `practicegraph sync`,
read by `practicegraph review` and by the server's /metrics."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from practicegraph.core.writing import write_atomically

FILE = "sync.json"


@dataclass(frozen=True)
class SyncRecord:
    last_success: float | None = None
    """Unix time of the last sync that published."""
    waiting: int = 0
    """Decisions that waited for review after it."""
    held: list[str] = field(default_factory=list)
    """Pages it could not import (their last version stays published), each with why."""


def read(state: Path) -> SyncRecord:
    try:
        return SyncRecord(**json.loads((state / FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return SyncRecord()


def write(state: Path, record: SyncRecord) -> None:
    text = json.dumps(asdict(record), indent=1, ensure_ascii=False) + "\n"
    write_atomically(state / FILE, text.encode("utf-8"))
