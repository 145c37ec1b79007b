"""Which contact values are a person's: data/personal-data.csv, a list people review.

Practice pages name contacts: a service's mailbox (kinderopvang@…), or a civil servant by name
with her own address. Whether a value is personal is decided here, row by row, not guessed at
publish time: the import proposes rows (a name on the page, an address made of a name), a person
marks each `personal` or `functional`. A value still `proposed` counts as personal, so nothing
is published before it is reviewed. Values not listed are functional.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from practicegraph.reading import SourceError, read_table

FILE = Path("data/personal-data.csv")
COLUMNS = ("value", "kind", "status", "file", "note")
Kind = Literal["email", "name"]
Status = Literal["personal", "functional", "proposed"]
KINDS: tuple[Kind, ...] = ("email", "name")
STATUSES: tuple[Status, ...] = ("personal", "functional", "proposed")


@dataclass(frozen=True)
class Entry:
    value: str
    """An e-mail address (without mailto:) or a person's name, as on the page."""
    kind: Kind
    status: Status
    file: str
    """The practice file it was found in, for the reviewer."""
    note: str
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, normal(self.value)


def normal(value: str) -> str:
    """E-mail addresses and names compare without case and surrounding space."""
    return " ".join(value.split()).casefold()


@dataclass(frozen=True)
class PersonalData:
    entries: tuple[Entry, ...] = ()

    @cached_property
    def statuses(self) -> dict[tuple[str, str], Status]:
        return {entry.key: entry.status for entry in self.entries}

    def status(self, kind: Kind, value: str) -> Status | None:
        return self.statuses.get((kind, normal(value)))

    def personal(self, kind: Kind, value: str) -> bool:
        return self.status(kind, value) in ("personal", "proposed")

    @property
    def proposed(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.status == "proposed"]


def read(project_dir: Path) -> PersonalData:
    """The reviewed list (empty if there is none); a malformed row is a SourceError with its
    line."""
    entries: list[Entry] = []
    seen: dict[tuple[str, str], int] = {}
    for number, (value, kind, status, file, note) in read_table(project_dir, FILE, COLUMNS):
        if kind not in KINDS:
            raise SourceError(FILE, number, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if status not in STATUSES:
            allowed = ", ".join(STATUSES)
            raise SourceError(FILE, number, f"status must be one of {allowed}, not {status!r}")
        entry = Entry(value.removeprefix("mailto:"), kind, status, file, note, number)
        if entry.key in seen:
            raise SourceError(FILE, number, f"{value!r} is listed on line {seen[entry.key]} too")
        seen[entry.key] = number
        entries.append(entry)
    return PersonalData(tuple(entries))
