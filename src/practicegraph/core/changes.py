"""The changes a build lists for people (changes.json): what the build makes from the event
stream, and what the server shows at /wijzigingen and in its Atom feed, so that the server reads
one small file instead of the whole stream."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from practicegraph.core.build_folder import CHANGES


@dataclass(frozen=True)
class Change:
    time: str
    kind: str
    """added, updated, moved or withdrawn."""
    entity: str
    title: str
    id: str
    """What identifies the change for good (a member's IRI): an Atom entry's id."""
    moved_to: str | None = None


def write(folder: Path, found: list[Change]) -> None:
    text = json.dumps([asdict(change) for change in found], ensure_ascii=False, indent=1)
    (folder / CHANGES).write_text(text + "\n", encoding="utf-8")


def read(folder: Path) -> list[Change]:
    """The changes a build holds (none for a build made before they were written)."""
    path = folder / CHANGES
    if not path.is_file():
        return []
    return [Change(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
