"""data/withdrawn.ttl: what once resolved and was withdrawn, so its IRI answers 410 Gone.

A practice whose page left the site, or an initiative no longer on its page, is not simply
deleted: its IRI keeps a tombstone (ActivityStreams' `as:Tombstone`, with `as:formerType`, the
moment in `as:deleted`, its title and why), which the server answers with 410 Gone and the event
stream publishes as a delete. An IRI that is imported again loses its tombstone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from practicegraph.core import turtle
from practicegraph.core.reading import parse_turtle
from practicegraph.core.vocab import AS, Minted
from practicegraph.core.writing import write_atomically

FILE = "withdrawn.ttl"
HEADER = [
    "What once resolved and was withdrawn: each IRI answers 410 Gone with this tombstone, and",
    "the event stream publishes its deletion. Written by `practicegraph import`; an IRI that",
    "is imported again loses its tombstone.",
]


@dataclass(frozen=True)
class Reason:
    """Why something was withdrawn, in Dutch, and in English where someone wrote it."""

    nl: str
    en: str | None = None


def things(graph: Graph, minted: Minted) -> list[tuple[URIRef, URIRef]]:
    """The practices, initiatives and source pages a graph describes, with their class."""
    pg = minted.pg
    return [
        (node, kind)
        for kind in (pg.Practice, pg.LocalInitiative, pg.SourcePage)
        for node in graph.subjects(RDF.type, kind)
        if isinstance(node, URIRef)
    ]


class Tombstones:
    def __init__(self, data_dir: Path, minted: Minted) -> None:
        self.path = data_dir / FILE
        self.minted = minted
        exists = self.path.is_file()
        self.graph = parse_turtle(self.path, minted.base) if exists else Graph()

    def __contains__(self, iri: URIRef) -> bool:
        return (iri, RDF.type, AS.Tombstone) in self.graph

    def bury(
        self, described: Graph, when: datetime, reason: Reason, only: set[URIRef] | None = None
    ) -> list[URIRef]:
        """A tombstone for every practice, initiative and source page the graph describes (or
        for those of them in `only`)."""
        pg = self.minted.pg
        buried = []
        for node, kind in things(described, self.minted):
            if node not in self and (only is None or node in only):
                title = described.value(node, DCTERMS.title) or described.value(node, pg.placeNames)
                self._add(node, kind, title, when, reason)
                buried.append(node)
        return buried

    def withdraw_file(self, path: Path, when: datetime, reason: Reason) -> list[URIRef]:
        """Withdraw what a practice file describes: tombstones for its practice, initiatives and
        source page (saved), then the file removed. A file that cannot be parsed raises
        SourceError and is left alone."""
        described = parse_turtle(path, self.minted.base)
        buried = self.bury(described, when, reason)
        self.save()
        path.unlink()
        return buried

    def _add(
        self, node: URIRef, kind: URIRef, title: object, when: datetime, reason: Reason
    ) -> None:
        add = self.graph.add
        add((node, RDF.type, AS.Tombstone))
        add((node, AS.formerType, kind))
        stamp = when.isoformat(timespec="seconds").replace("+00:00", "Z")
        add((node, AS.deleted, Literal(stamp, datatype=XSD.dateTime, normalize=False)))
        if title is not None:
            add((node, DCTERMS.title, Literal(str(title), lang="nl")))
        add((node, AS.summary, Literal(reason.nl, lang="nl")))
        if reason.en:
            add((node, AS.summary, Literal(reason.en, lang="en")))

    def lift(self, nodes: set[URIRef]) -> list[URIRef]:
        """Remove the tombstones of IRIs that are described again."""
        raised = [node for node in sorted(nodes) if node in self]
        for node in raised:
            self.graph.remove((node, None, None))
        return raised

    def save(self) -> None:
        if not len(self.graph) and not self.path.exists():
            return
        subjects = sorted(
            (s for s in self.graph.subjects(RDF.type, AS.Tombstone) if isinstance(s, URIRef)),
            key=str,
        )
        text = turtle.serialize(
            self.graph, self.minted, [(s, None) for s in subjects], HEADER, (("as", str(AS)),)
        )
        write_atomically(self.path, text.encode("utf-8"))
