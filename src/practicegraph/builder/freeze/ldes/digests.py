"""Whether an entity changed: a digest of its description that does not depend on blank node
labels, and the digests earlier builds kept."""

from __future__ import annotations

import hashlib
import json
import os
from json.encoder import encode_basestring_ascii
from pathlib import Path

from rdflib import BNode, Graph, Node, URIRef
from rdflib.compare import to_canonical_graph

from practicegraph.core.describe import Triple, describe
from practicegraph.core.memo import Memo

DIGESTS = "digests.json"


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
                    texts.append(f"[{quoted(predicate)}, {quoted(value)}]")
                elif value in seen:
                    tree = False
                else:
                    seen.add(value)
                    texts.append(f"[{quoted(predicate)}, {branches(value)}]")
        return f"[{', '.join(sorted(texts))}]"

    try:
        text = branches(entity)
    except RecursionError:  # a very deep structure: described without recursion, digested
        return describe(graphs, entity), None  # canonically
    fingerprint = hashlib.sha256(text.encode()).hexdigest() if tree else None
    return list(found), fingerprint


QUOTED: Memo[URIRef, str] = Memo(1 << 16)


def quoted(term: Node) -> str:
    """`json.dumps(term.n3())`, as fingerprints were first written; an IRI's once (predicates,
    types and places recur in every entity)."""
    if type(term) is not URIRef:
        return encode_basestring_ascii(term.n3())
    known = QUOTED.get(term)
    if known is None:
        known = QUOTED.keep(term, len(term), encode_basestring_ascii(term.n3()))
    return known


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
