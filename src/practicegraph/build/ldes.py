"""The Linked Data Event Stream of practices and local initiatives: its history and its pages.

Every build compares each practice and local initiative with its latest version in the history
(a JSON-lines file in the state folder, outside dist/, so no rebuild loses it). A changed or new
entity gets one new member, a full copy of it as an immutable version; an entity that is gone
gets a delete member; an unchanged one gets nothing. The pages are rendered from the whole
history into the build, and the history is extended only when the build is complete.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from practicegraph.build.sources import SourceError, SourceGraph
from practicegraph.layout import LDES as LDES_DIR
from practicegraph.layout import LDES_POLLING_SECONDS
from practicegraph.vocab import Minted

LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
AS_DELETE = URIRef("https://www.w3.org/ns/activitystreams#Delete")
HISTORY = "practices.jsonl"
DIGESTS = "digests.json"
TITLE = "Versies van de goede praktijken en hun lokale initiatieven"


@dataclass(frozen=True)
class Member:
    """One immutable member: a version of an entity, or its deletion."""

    iri: str
    entity: str
    time: str
    kind: str
    """"version" or "delete"."""
    digest: str
    ntriples: str

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)


def stream_iri(minted: Minted) -> URIRef:
    return URIRef(f"{minted.base}ldes/practices")


def page_iri(minted: Minted, number: int) -> URIRef:
    return URIRef(f"{minted.base}ldes/practices/page/{number}")


def history_path(state: Path) -> Path:
    return state / "ldes" / HISTORY


def read_history(state: Path, base: str) -> list[Member]:
    """The members so far; a history made for another base is an error, never overwritten."""
    path = history_path(state)
    if not path.exists():
        return []
    members = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            if number == 1:
                if record.get("base") != base:
                    raise SourceError(
                        path, 1, f"the event stream history is for base {record.get('base')}"
                    )
                continue
            members.append(Member(**record))
    return members


def write_history(state: Path, base: str, members: list[Member]) -> None:
    """Replace the history file in one rename, so a crash leaves the old one or the new one."""
    path = history_path(state)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    lines = [json.dumps({"base": base})] + [member.as_json() for member in members]
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(path)


def describe(graphs: list[Graph], entity: URIRef) -> Graph:
    """The entity's own triples, in the graphs that have it as subject, and the blank nodes
    they lead to."""
    found = Graph()
    frontier: list[Node] = [entity]
    seen: set[Node] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for graph in graphs:
            for triple in graph.triples((node, None, None)):
                found.add(triple)
                if isinstance(triple[2], BNode):
                    frontier.append(triple[2])
    return found


def digest(description: Graph) -> str:
    """The same description gives the same digest, whatever its blank node labels."""
    lines = sorted(
        line for line in to_canonical_graph(description).serialize(format="nt").splitlines() if line
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def fingerprint(graphs: list[Graph], entity: URIRef) -> str | None:
    """A text of the description that does not depend on blank node labels, when its blank
    nodes form a tree (each used once, as in our data); None otherwise."""
    seen: set[Node] = set()

    def tree(node: Node) -> list[object] | None:
        branches: list[object] = []
        for graph in graphs:
            for _, predicate, value in graph.triples((node, None, None)):
                if not isinstance(value, BNode):
                    branches.append([predicate.n3(), value.n3()])
                    continue
                if value in seen:
                    return None
                seen.add(value)
                below = tree(value)
                if below is None:
                    return None
                branches.append([predicate.n3(), below])
        return sorted(branches, key=json.dumps)

    try:
        shape = tree(entity)
    except RecursionError:  # a very deep structure: the canonical digest will do
        return None
    return None if shape is None else hashlib.sha256(json.dumps(shape).encode()).hexdigest()


class Digests:
    """Canonical digests by fingerprint, kept between builds in the state folder: canonicalising
    the blank nodes of every entity (rdflib) costs a quarter of a millisecond each, most of a
    minute at a million triples, while a fingerprint is cheap. Losing the file costs only time."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.used: dict[str, str] = {}

    @classmethod
    def read(cls, state: Path) -> Digests:
        path = state / "ldes" / DIGESTS
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return cls({})

    def write(self, state: Path) -> None:
        path = state / "ldes" / DIGESTS
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")
        temporary.replace(path)

    def of(self, graphs: list[Graph], entity: URIRef) -> tuple[str, Graph | None]:
        """The digest of the entity's description, and the description if it was needed."""
        key = fingerprint(graphs, entity)
        if key is not None and key in self.known:
            self.used[key] = self.known[key]
            return self.known[key], None
        description = describe(graphs, entity)
        found = digest(description)
        if key is not None:
            self.used[key] = found
        return found, description


def version(description: Graph, entity: URIRef, member: URIRef, when: Literal, salt: str) -> str:
    """The member's triples: the entity's, on the version IRI, with its own blank nodes."""
    out = Graph()
    rename: dict[Node, BNode] = {}

    def term(node: Node) -> Node:
        if node == entity:
            return member
        if isinstance(node, BNode):
            return rename.setdefault(node, BNode(f"{salt}{len(rename)}"))
        return node

    for s, p, o in description:
        out.add((term(s), p, term(o)))
    out.add((member, DCTERMS.isVersionOf, entity))
    out.add((member, PROV.generatedAtTime, when))
    return "".join(sorted(out.serialize(format="nt").splitlines(keepends=True)))


def changes(
    graphs: list[SourceGraph],
    minted: Minted,
    history: list[Member],
    built_at: datetime,
    digests: Digests,
) -> list[Member]:
    """New members for what changed since the latest versions in the history."""
    data = [source.graph for source in graphs if source.kind == "data"]
    pg = minted.pg
    where: dict[Node, list[Graph]] = {
        s: []
        for g in data
        for kind in (pg.Practice, pg.LocalInitiative)
        for s in g.subjects(RDF.type, kind)
    }
    for graph in data:
        for subject in graph.subjects(unique=True):
            if subject in where:
                where[subject].append(graph)
    entities = sorted(where, key=str)
    latest = {past.entity: past for past in history}
    found: list[Member] = []

    def stamp() -> tuple[str, Literal, str]:
        # members of one build are ordered by a microsecond each, so time orders every member
        moment = built_at + timedelta(microseconds=len(found))
        text = moment.isoformat(timespec="microseconds").replace("+00:00", "Z")
        compact = moment.strftime("%Y%m%dT%H%M%S%fZ")
        return text, Literal(text, datatype=XSD.dateTime, normalize=False), compact

    present = set()
    for entity in entities:
        if not isinstance(entity, URIRef):
            continue
        present.add(str(entity))
        found_digest, description = digests.of(where[entity], entity)
        before = latest.get(str(entity))
        if before is not None and before.kind == "version" and before.digest == found_digest:
            continue
        if description is None:
            description = describe(where[entity], entity)
        text, when, compact = stamp()
        member = URIRef(f"{entity}/version/{compact}")
        triples = version(description, entity, member, when, f"m{compact}b")
        found.append(Member(str(member), str(entity), text, "version", found_digest, triples))
    for entity_text, before in sorted(latest.items()):
        if entity_text in present or before.kind == "delete":
            continue
        text, when, compact = stamp()
        member = URIRef(f"{entity_text}/version/{compact}")
        graph = Graph()
        graph.add((member, RDF.type, AS_DELETE))
        graph.add((member, DCTERMS.isVersionOf, URIRef(entity_text)))
        graph.add((member, PROV.generatedAtTime, when))
        triples = "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
        found.append(Member(str(member), entity_text, text, "delete", "", triples))
    return found


def _relation(source: URIRef, kind: str, node: URIRef, value: str, number: int, prefix: str) -> str:
    relation = f"_:{prefix}{number}"
    return (
        f"<{source}> <{TREE}relation> {relation} .\n"
        f"{relation} <{RDF.type}> <{TREE}{kind}> .\n"
        f"{relation} <{TREE}node> <{node}> .\n"
        f"{relation} <{TREE}path> <{PROV.generatedAtTime}> .\n"
        f'{relation} <{TREE}value> "{value}"^^<{XSD.dateTime}> .\n'
    )


def render(members: Iterable[Member], minted: Minted, folder: Path, size: int) -> None:
    """The stream's root document and its pages of `size` members, as N-Triples files in the
    build; a page is closed, and immutable, once it is full."""
    members = list(members)
    stream = stream_iri(minted)
    pages = [members[i : i + size] for i in range(0, len(members), size)] or [[]]
    starts = [page[0].time if page else "" for page in pages]
    target = folder / LDES_DIR
    target.mkdir()
    root = [
        f"<{stream}> <{RDF.type}> <{LDES}EventStream> .\n",
        f"<{stream}> <{LDES}timestampPath> <{PROV.generatedAtTime}> .\n",
        f"<{stream}> <{LDES}versionOfPath> <{DCTERMS.isVersionOf}> .\n",
        f"<{stream}> <{LDES}versionDeleteObject> <{AS_DELETE}> .\n",
        f"<{stream}> <{TREE}shape> <{minted.shapes.PracticeShape}> .\n",
        f"<{stream}> <{LDES}retentionPolicy> _:retention .\n",
        f"_:retention <{RDF.type}> <{LDES}DurationAgoPolicy> .\n",
        f'_:retention <{TREE}value> "P100Y"^^<{XSD.duration}> .\n',
        f"<{stream}> <{TREE}view> <{stream}> .\n",
        f"<{stream}> <{RDF.type}> <{TREE}Node> .\n",
        f'<{stream}> <{LDES}pollingInterval> "{LDES_POLLING_SECONDS}"^^<{XSD.integer}> .\n',
        f'<{stream}> <{DCTERMS.title}> "{TITLE}"@nl .\n',
    ]
    for number, page in enumerate(pages):
        node = page_iri(minted, number)
        if page:
            root.append(
                _relation(
                    stream, "GreaterThanOrEqualToRelation", node, starts[number], number, "ge"
                )
            )
        if number + 1 < len(pages):
            root.append(
                _relation(stream, "LessThanRelation", node, starts[number + 1], number, "lt")
            )
        lines = [f"<{node}> <{RDF.type}> <{TREE}Node> .\n"]
        if number + 1 < len(pages):
            lines.append(
                _relation(
                    node,
                    "GreaterThanOrEqualToRelation",
                    page_iri(minted, number + 1),
                    starts[number + 1],
                    number,
                    "next",
                )
            )
        else:
            lines.append(
                f'<{node}> <{LDES}pollingInterval> "{LDES_POLLING_SECONDS}"^^<{XSD.integer}> .\n'
            )
        for member in page:
            lines.append(f"<{stream}> <{TREE}member> <{member.iri}> .\n")
            lines.append(member.ntriples)
        path = target / f"page-{number}.nt"
        path.write_text("".join(lines), encoding="utf-8")
    (target / "stream.nt").write_text("".join(root), encoding="utf-8")
    (target / "pages.json").write_text(json.dumps({"pages": len(pages)}) + "\n", encoding="utf-8")
