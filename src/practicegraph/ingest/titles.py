"""Titles for pages whose copy has no title line: data/titles.csv, a list people review.

Such a page is named after its address (`…/kennisitem/vvsg/instroommeting` → "Instroommeting"),
which loses accents, capitals and punctuation that the page's heading has. So the import
publishes the address's words at once, proposes them here, and `practicegraph review` asks a
person to check them against the page; a row marked `reviewed` is the title from the next import
on. A reviewed title is a commit, like every decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from practicegraph.core.reading import SourceError, read_table
from practicegraph.core.writing import append_rows

FILE = Path("data/titles.csv")
COLUMNS = ("address", "title", "status")
HEADER = (
    "# Titles for pages whose copy has no title line, by the page's address. status: proposed\n"
    "# (made from the address by the import: check it against the page's heading) or reviewed\n"
    "# (the title every import of the page uses). See docs/importing.md.\n"
    + ",".join(COLUMNS)
    + "\n"
)
Status = Literal["proposed", "reviewed"]
STATUSES: tuple[Status, ...] = ("proposed", "reviewed")


@dataclass(frozen=True)
class Title:
    address: str
    title: str
    status: Status
    line: int


def read(project_dir: Path) -> dict[str, Title]:
    """By address; a malformed or repeated row is a SourceError with its line."""
    titles: dict[str, Title] = {}
    for number, (address, title, status) in read_table(project_dir, FILE, COLUMNS):
        if status not in STATUSES:
            allowed = ", ".join(STATUSES)
            raise SourceError(FILE, number, f"status must be one of {allowed}, not {status!r}")
        if not title:
            raise SourceError(FILE, number, f"the title of {address} is empty")
        if address in titles:
            raise SourceError(FILE, number, f"{address} is listed on line {titles[address].line}")
        titles[address] = Title(address, title, status, number)
    return titles


def reviewed(project_dir: Path, address: str | None) -> str | None:
    """The title a person settled for the page at this address, if any."""
    found = read(project_dir).get(address) if address else None
    return found.title if found is not None and found.status == "reviewed" else None


def propose(project_dir: Path, address: str, title: str) -> None:
    """List a title made from an address for review, unless the address is listed already."""
    if address not in read(project_dir):
        append_rows(project_dir / FILE, HEADER, [[address, title, "proposed"]])


def proposed(project_dir: Path) -> list[Title]:
    return [title for title in read(project_dir).values() if title.status == "proposed"]
