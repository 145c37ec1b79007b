"""What data/practices/ already holds: each practice's key, source page and import state.

The import asks it two questions: is this page already a practice here (same address, or the
same copy in data/sources/), so that it keeps its key and IRIs whatever its new title; and is a
file still as the import wrote it, or did somebody edit it since (its digest).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from practicegraph.core.reading import SourceError, parse_turtle
from practicegraph.core.vocab import SCHEMA, Minted

DIGEST = re.compile(r"^# import digest: sha256:([0-9a-f]{64})\n", re.MULTILINE)


def with_digest(header: list[str], body: str) -> str:
    """The file: header lines, the digest of the rest, the rest."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return "".join(f"# {line}\n" for line in header) + f"# import digest: sha256:{digest}\n" + body


def edited(text: str) -> bool:
    """Changed since it was imported: its digest is missing or no longer matches."""
    match = DIGEST.search(text)
    if match is None:
        return True
    body = text[match.end() :]
    return hashlib.sha256(body.encode("utf-8")).hexdigest() != match.group(1)


@dataclass(frozen=True)
class Record:
    key: str
    file: Path
    title: str
    source: URIRef | None
    """The source page's IRI (id/bron/…)."""
    address: str | None
    """The page's address on the site, where known."""
    copy: str | None
    """The path of the page's copy in the project (data/sources/…)."""
    imported: bool
    """Written by the import: it carries a digest (hand-written files carry none)."""
    edited: bool


class Records:
    """Every practice file, read once; files that do not parse are the build's to report."""

    def __init__(self, folder: Path, minted: Minted) -> None:
        self.records: list[Record] = []
        for path in sorted(folder.glob("*.ttl")):
            record = _record(path, minted)
            if record is not None:
                self.records.append(record)

    def find(self, address: str | None, copy: str | None) -> Record | None:
        """The practice made from this page: by its address first, then by its copy."""
        for wanted, field in ((address, "address"), (copy, "copy")):
            if wanted is None:
                continue
            for record in self.records:
                if getattr(record, field) == wanted:
                    return record
        return None

    def by_key(self, key: str) -> Record | None:
        return next((r for r in self.records if r.key == key), None)

    def remove(self, record: Record) -> None:
        self.records = [r for r in self.records if r.file != record.file]

    def replace(self, record: Record) -> None:
        self.records = [r for r in self.records if r.file != record.file] + [record]


def _record(path: Path, minted: Minted) -> Record | None:
    try:
        text = path.read_text(encoding="utf-8")
        graph = parse_turtle(path, minted.base)
    except (OSError, UnicodeDecodeError, SourceError):
        return None
    practice = next(graph.subjects(RDF.type, minted.pg.Practice), None)
    if not isinstance(practice, URIRef):
        return None
    source = graph.value(practice, PROV.wasDerivedFrom)
    source = source if isinstance(source, URIRef) else None
    address = graph.value(source, SCHEMA.url) if source is not None else None
    copy = graph.value(source, DCTERMS.identifier) if source is not None else None
    return Record(
        key=path.stem,
        file=path,
        title=str(graph.value(practice, DCTERMS.title) or path.stem),
        source=source,
        address=str(address) if isinstance(address, URIRef) else None,
        copy=str(copy) if isinstance(copy, Literal) else None,
        imported=DIGEST.search(text) is not None,
        edited=edited(text),
    )
