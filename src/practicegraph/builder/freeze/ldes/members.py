"""The new members of a build: a version of each new or changed entity, a delete of each gone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyoxigraph
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from practicegraph.builder.freeze.ldes.digests import Digests
from practicegraph.builder.freeze.ldes.history import History, Member
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.core.describe import Triple
from practicegraph.core.rdflib_oxigraph import OxigraphTerm, oxigraph_term
from practicegraph.core.vocab import Minted

AS_DELETE = URIRef("https://www.w3.org/ns/activitystreams#Delete")


def version(
    description: list[Triple], entity: URIRef, member: URIRef, when: Literal, salt: str
) -> str:
    """The member's triples: the entity's, on the version IRI, with its own blank nodes."""
    rename: dict[Node, pyoxigraph.BlankNode] = {}
    kind, version_of = type(entity), oxigraph_term(member)

    def term(node: Node) -> OxigraphTerm:
        # str's comparison, not rdflib's (a Python method, a third of this function's time)
        if type(node) is kind and str.__eq__(node, entity):
            return version_of
        if isinstance(node, BNode):
            renamed = rename.get(node)
            if renamed is None:
                renamed = rename[node] = pyoxigraph.BlankNode(f"{salt}{len(rename)}")
            return renamed
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
