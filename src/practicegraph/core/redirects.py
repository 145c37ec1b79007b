"""IRIs that moved: data/redirects.csv, answered `301 Moved Permanently` by the server.

A key rarely changes (an initiative retitled on its page, a key fixed by hand), but an IRI once
published is linked to and must lead to what replaced it. The import adds a row when it changes
a key; a person may add one. Each row: the old IRI and the new (relative to the base, as
`id/…`), since when and why. The build checks the list (`builder.persistence`) and publishes it; the
import adds to it (`ingest.moves`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from practicegraph.core.reading import SourceError, read_table
from practicegraph.core.vocab import Minted

FILE = Path("data/redirects.csv")
COLUMNS = ("from", "to", "since", "reason")


@dataclass(frozen=True)
class Redirect:
    old: str
    """Absolute IRI."""
    new: str
    since: str
    reason: str
    line: int


def absolute(value: str, minted: Minted) -> str:
    return value if value.startswith(minted.base) else minted.base + value.lstrip("/")


def read(project_dir: Path, minted: Minted) -> list[Redirect]:
    """The rows of data/redirects.csv (none if it is missing); a malformed row is a SourceError
    with its line."""
    found: list[Redirect] = []
    for number, (old, new, since, reason) in read_table(project_dir, FILE, COLUMNS):
        old, new = absolute(old, minted), absolute(new, minted)
        for iri in (old, new):
            if not iri.startswith(minted.things) or any(c in iri for c in ' <>"{}|\\^`'):
                raise SourceError(FILE, number, f"{iri!r} is not an IRI of ours under id/")
        found.append(Redirect(old, new, since, reason, number))
    return found


def final(moved: dict[str, str]) -> dict[str, str]:
    """Each old IRI with the end of its chain (A → B → C: A → C); a circle is left as it is
    (the build refuses it)."""
    ends = {}
    for old, new in moved.items():
        seen = {old}
        while new in moved and new not in seen:
            seen.add(new)
            new = moved[new]
        ends[old] = moved[old] if new in seen else new
    return ends
