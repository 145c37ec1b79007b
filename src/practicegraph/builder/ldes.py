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
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from practicegraph.builder.sources import SourceGraph
from practicegraph.layout import LDES as LDES_DIR
from practicegraph.layout import LDES_POLLING_SECONDS
from practicegraph.reading import SourceError
from practicegraph.terms import OxigraphTerm, oxigraph_term
from practicegraph.vocab import Minted

LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
AS_DELETE = URIRef("https://www.w3.org/ns/activitystreams#Delete")
HISTORY = "practices.jsonl"
DIGESTS = "digests.json"
INDEX = "index.json"
Triple = tuple[Node, Node, Node]
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


@dataclass
class History:
    """The history file, and what a build needs of it without reading it whole: each member's
    line offset and each entity's latest member (kind, digest, first time seen). These are kept
    in an index beside the history; a missing or stale index is made again from the history."""

    path: Path
    base: str
    offsets: list[int]
    latest: dict[str, tuple[str, str, str]]
    """Entity → (kind, digest, time it first entered the stream as a version)."""
    size: int
    """Bytes of the history the index covers."""

    def __len__(self) -> int:
        return len(self.offsets)

    @classmethod
    def read(cls, state: Path, base: str) -> History:
        """The history so far; one made for another base is an error, never overwritten."""
        path = history_path(state)
        if not path.exists():
            return cls(path, base, [], {}, 0)
        with path.open("rb") as handle:
            header = json.loads(handle.readline() or b"{}")
        if header.get("base") != base:
            raise SourceError(path, 1, f"the event stream history is for base {header.get('base')}")
        index = path.with_name(INDEX)
        try:
            known = json.loads(index.read_text(encoding="utf-8"))
            if known["base"] == base and known["size"] == path.stat().st_size:
                latest = {e: (k, d, f) for e, (k, d, f) in known["latest"].items()}
                return cls(path, base, known["offsets"], latest, known["size"])
        except (OSError, ValueError, KeyError):
            pass
        return cls.scan(path, base)

    @classmethod
    def scan(cls, path: Path, base: str) -> History:
        """Read the whole history; a last line cut off by a crash is dropped (its build was
        never made current)."""
        history = cls(path, base, [], {}, 0)
        with path.open("rb") as handle:
            position = len(handle.readline())
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                history.note(Member(**json.loads(line)), position)
                position += len(line)
        if position != path.stat().st_size:
            with path.open("r+b") as handle:
                handle.truncate(position)
        history.size = position
        return history

    def note(self, member: Member, offset: int) -> None:
        self.offsets.append(offset)
        before = self.latest.get(member.entity)
        first = before[2] if before and before[2] else ""
        if member.kind == "version" and not first:
            first = member.time
        self.latest[member.entity] = (member.kind, member.digest, first)

    def members(self, start: int, stop: int | None = None) -> list[Member]:
        """Members start..stop (by position), read from their lines."""
        stop = len(self.offsets) if stop is None else stop
        if start >= stop:
            return []
        end = self.offsets[stop] if stop < len(self.offsets) else self.size
        with self.path.open("rb") as handle:
            handle.seek(self.offsets[start])
            data = handle.read(end - self.offsets[start])
        return [Member(**json.loads(line)) for line in data.splitlines()]

    def append(self, members: list[Member]) -> None:
        """Add members at the end, on disk before the build that serves them is swapped in."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.size == 0:
            self.path.write_text(json.dumps({"base": self.base}) + "\n", encoding="utf-8")
            self.size = self.path.stat().st_size
        with self.path.open("ab") as handle:
            for member in members:
                line = (member.as_json() + "\n").encode("utf-8")
                handle.write(line)
                self.note(member, self.size)
                self.size += len(line)
            handle.flush()
            os.fsync(handle.fileno())
        self.write_index()

    def write_index(self) -> None:
        index = self.path.with_name(INDEX)
        temporary = index.with_name(f".{index.name}.{os.getpid()}")
        document = {
            "base": self.base,
            "size": self.size,
            "offsets": self.offsets,
            "latest": self.latest,
        }
        temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        temporary.replace(index)


def describe(graphs: list[Graph], entity: URIRef) -> list[Triple]:
    """The entity's own triples, in the graphs that have it as subject, and the blank nodes
    they lead to; each once."""
    found: dict[Triple, None] = {}
    frontier: list[Node] = [entity]
    seen: set[Node] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for graph in graphs:
            for triple in graph.triples((node, None, None)):
                found[triple] = None
                if isinstance(triple[2], BNode):
                    frontier.append(triple[2])
    return list(found)


def digest(description: list[Triple]) -> str:
    """The same description gives the same digest, whatever its blank node labels."""
    graph = Graph()
    for triple in description:
        graph.add(triple)
    lines = sorted(
        line for line in to_canonical_graph(graph).serialize(format="nt").splitlines() if line
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def walk(graphs: list[Graph], entity: URIRef) -> tuple[list[Triple], str | None]:
    """The entity's description (see `describe`) and its fingerprint, in one pass: a digest of
    the description that does not depend on blank node labels, when its blank nodes form a tree
    (each used once, as in our data); None otherwise.

    The fingerprint is the SHA-256 of the JSON of the sorted branches (`[predicate, value]`, a
    value a blank node's own sorted branches), written as `json.dumps` writes it: earlier
    builds kept digests by it."""
    found: dict[Triple, None] = {}
    seen: set[Node] = set()
    tree = True

    def branches(node: Node) -> str:
        nonlocal tree
        texts = []
        for graph in graphs:
            for triple in graph.triples((node, None, None)):
                found[triple] = None
                _, predicate, value = triple
                if not isinstance(value, BNode):
                    texts.append(f"[{json.dumps(predicate.n3())}, {json.dumps(value.n3())}]")
                elif value in seen:
                    tree = False
                else:
                    seen.add(value)
                    texts.append(f"[{json.dumps(predicate.n3())}, {branches(value)}]")
        return f"[{', '.join(sorted(texts))}]"

    try:
        text = branches(entity)
    except RecursionError:  # a very deep structure: described without recursion, digested
        return describe(graphs, entity), None  # canonically
    fingerprint = hashlib.sha256(text.encode()).hexdigest() if tree else None
    return list(found), fingerprint


class Digests:
    """Digests by fingerprint that builds before this one kept in the state folder.

    An entity's digest is its fingerprint when its blank nodes form a tree (ours do), and the
    canonical digest otherwise (rdflib's canonicalisation: a quarter of a millisecond an
    entity, most of a minute at a million triples). Earlier builds digested every entity
    canonically; while such an entity is unchanged it keeps the digest its history holds, so no
    harvester sees a version that changes nothing.
    """

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

    def write(self, state: Path, keep_unused: bool = False) -> None:
        """Keep the digests used by this build; with `keep_unused` (a build that looked at a
        few entities only) also the others."""
        path = state / "ldes" / DIGESTS
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        kept = self.known | self.used if keep_unused else self.used
        temporary.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
        temporary.replace(path)

    def of(self, graphs: list[Graph], entity: URIRef) -> tuple[str, list[Triple]]:
        """The digest of the entity's description, and the description."""
        description, key = walk(graphs, entity)
        if key is None:
            return digest(description), description
        if key in self.known:
            self.used[key] = self.known[key]
            return self.known[key], description
        return key, description


def version(
    description: list[Triple], entity: URIRef, member: URIRef, when: Literal, salt: str
) -> str:
    """The member's triples: the entity's, on the version IRI, with its own blank nodes."""
    rename: dict[Node, BNode] = {}

    def term(node: Node) -> OxigraphTerm:
        if node == entity:
            node = member
        elif isinstance(node, BNode):
            node = rename.setdefault(node, BNode(f"{salt}{len(rename)}"))
        return oxigraph_term(node)

    triples = [pyoxigraph.Triple(term(s), term(p), term(o)) for s, p, o in description]  # type: ignore[arg-type]
    for predicate, value in ((DCTERMS.isVersionOf, entity), (PROV.generatedAtTime, when)):
        triples.append(pyoxigraph.Triple(term(member), term(predicate), oxigraph_term(value)))  # type: ignore[arg-type]
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert text is not None
    return "".join(sorted(text.decode("utf-8").splitlines(keepends=True)))


def changes(
    graphs: list[SourceGraph],
    minted: Minted,
    history: History,
    built_at: datetime,
    digests: Digests,
    scope: set[str] | None = None,
) -> list[Member]:
    """New members for what changed since the latest versions in the history. An entity of
    `scope` (with None: of the whole history) that the graphs no longer describe is deleted."""
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
    latest = history.latest
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
        if before is not None and before[0] == "version" and before[1] == found_digest:
            continue
        text, when, compact = stamp()
        member = URIRef(f"{entity}/version/{compact}")
        triples = version(description, entity, member, when, f"m{compact}b")
        found.append(Member(str(member), str(entity), text, "version", found_digest, triples))
    candidates = sorted(latest if scope is None else scope & latest.keys())
    for entity_text in candidates:
        if entity_text in present or latest[entity_text][0] == "delete":
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


def first_seen(history: History, new: list[Member]) -> dict[str, str]:
    """When each entity first entered the event stream: the site's 'newest practices'."""
    seen = {entity: latest[2] for entity, latest in history.latest.items() if latest[2]}
    for member in new:
        if member.kind == "version":
            seen.setdefault(member.entity, member.time)
    return seen


def served_before(
    manifest: dict[str, Any], folder: Path | None, history: History
) -> tuple[Path, int] | None:
    """The last build and how many members it served, if those are the history's first ones
    (the history may have been removed and begun again since)."""
    served = manifest.get("ldes", {})
    count, last = served.get("members", 0), served.get("last")
    if folder is None or not last or not 0 < count <= len(history):
        return None
    if history.members(count - 1, count)[0].iri != last:
        return None
    return folder, count


def _relation(source: URIRef, kind: str, node: URIRef, value: str, number: int, prefix: str) -> str:
    relation = f"_:{prefix}{number}"
    return (
        f"<{source}> <{TREE}relation> {relation} .\n"
        f"{relation} <{RDF.type}> <{TREE}{kind}> .\n"
        f"{relation} <{TREE}node> <{node}> .\n"
        f"{relation} <{TREE}path> <{PROV.generatedAtTime}> .\n"
        f'{relation} <{TREE}value> "{value}"^^<{XSD.dateTime}> .\n'
    )


def render(
    history: History,
    new: list[Member],
    minted: Minted,
    folder: Path,
    size: int,
    before: tuple[Path, int] | None = None,
) -> None:
    """The stream's root document and its pages of `size` members, as N-Triples files in the
    build; a page is closed, and immutable, once it is full. With `before` (the last build's
    folder and how many members it served), its closed pages are linked, not written again."""
    total = len(history) + len(new)
    count = max(1, -(-total // size))

    def members(start: int, stop: int) -> list[Member]:
        stop = min(stop, total)
        old = history.members(start, min(stop, len(history))) if start < len(history) else []
        return old + new[max(start, len(history)) - len(history) : stop - len(history)]

    starts = [
        members(i * size, i * size + 1)[0].time if i * size < total else "" for i in range(count)
    ]
    stream = stream_iri(minted)
    target = folder / LDES_DIR
    target.mkdir()
    closed_before = 0
    if before is not None and before[1] <= len(history) and (before[0] / LDES_DIR).is_dir():
        closed_before = max(0, -(-before[1] // size) - 1)
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
    for number in range(count):
        node = page_iri(minted, number)
        if starts[number]:
            root.append(
                _relation(
                    stream, "GreaterThanOrEqualToRelation", node, starts[number], number, "ge"
                )
            )
        if number + 1 < count:
            root.append(
                _relation(stream, "LessThanRelation", node, starts[number + 1], number, "lt")
            )
        path = target / f"page-{number}.nt"
        if number < closed_before and before is not None:
            os.link(before[0] / LDES_DIR / path.name, path)  # closed: the same bytes
            continue
        lines = [f"<{node}> <{RDF.type}> <{TREE}Node> .\n"]
        if number + 1 < count:
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
        for member in members(number * size, (number + 1) * size):
            lines.append(f"<{stream}> <{TREE}member> <{member.iri}> .\n")
            lines.append(member.ntriples)
        path.write_text("".join(lines), encoding="utf-8")
    (target / "stream.nt").write_text("".join(root), encoding="utf-8")
    (target / "pages.json").write_text(json.dumps({"pages": count}) + "\n", encoding="utf-8")
