"""What the build adds to practices and initiatives so consumers of the Flemish standards find
them without knowing our vocabulary.

- The IPDC-LPDC values: every practice and its initiatives carry, on `ipdc:targetAudience` and
  `m8g:thematicArea`, the IPDC "Doelgroep" and "Thema" concepts our concepts map to (the
  skos:broadMatch/closeMatch/exactMatch links of the scheme files), next to our own.
- The IPDC classes our classes specialise: a practice is also an `ipdc:ConceptualPublicService`,
  an initiative an `ipdc:InstancePublicService`, so a query that asks by type finds them without
  reasoning over rdfs:subClassOf.
- Where an initiative applies, as LPDC says it (`dct:spatial`): the REFNIS concept of each of its
  municipalities on the practice's reference date, and the concept of the municipality that code
  belongs to today (itself, or what it merged into), so a query with today's codes finds it.

Derived, never written by hand: the data files stay as the pages say, and a new mapping or a
merger reaches every practice at the next build.
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from practicegraph.builder.generate.codelists import IPDC_CONCEPTS
from practicegraph.builder.generate.refnis import BASE as REFNIS
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.core.reading import parse_turtle
from practicegraph.core.reference.resolver import Resolver
from practicegraph.core.reference.tables import MERGER_DAY
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import IPDC, M8G, Minted

MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
CLASSIFIED_BY = (IPDC.targetAudience, M8G.thematicArea)


def ipdc_matches(settings: BuildSettings) -> dict[Node, set[URIRef]]:
    """Our concepts' IPDC counterparts, read from the scheme files (cheap: a few kB)."""
    found: dict[Node, set[URIRef]] = {}
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        graph = parse_turtle(path, settings.base)
        for predicate in MATCHES:
            for concept, target in graph.subject_objects(predicate):
                if isinstance(target, URIRef) and str(target).startswith(IPDC_CONCEPTS):
                    found.setdefault(concept, set()).add(target)
    return found


def refnis_concepts(code: str, day: date, resolver: Resolver) -> set[URIRef]:
    """The code's REFNIS concept on the day, and that of the municipality it is part of today."""
    merger = date.fromisoformat(MERGER_DAY)
    found = {URIRef(f"{REFNIS}{'refnis2019' if day < merger else 'refnis2025'}/{code}")}
    today, seen = resolver.by_code.get(code), {code}
    while today is not None and today.valid_to is not None and today.successor not in seen:
        seen.add(today.successor or "")
        today = resolver.by_code.get(today.successor or "")
    if today is not None and today.valid_to is None:
        found.add(URIRef(f"{REFNIS}refnis2025/{today.code}"))
    return found


def derive(
    graphs: list[SourceGraph], settings: BuildSettings, minted: Minted, resolver: Resolver
) -> None:
    """Add the derived statements to the data graphs, where the things they describe are."""
    pg = minted.pg
    matches = ipdc_matches(settings)
    data = [source.graph for source in graphs if source.kind == "data"]
    ipdc_of: dict[Node, list[tuple[URIRef, URIRef]]] = {}
    for graph in data:
        for practice in list(graph.subjects(RDF.type, pg.Practice)):
            graph.add((practice, RDF.type, IPDC.ConceptualPublicService))
            values = [
                (predicate, target)
                for predicate in CLASSIFIED_BY
                for concept in graph.objects(practice, predicate)
                for target in sorted(matches.get(concept, ()))
            ]
            ipdc_of[practice] = values
            for predicate, target in values:
                graph.add((practice, predicate, target))
    days = {
        practice: day.toPython()
        for graph in data
        for practice, day in graph.subject_objects(pg.referenceDate)
        if isinstance(day, Literal)
    }
    for graph in data:
        for initiative in list(graph.subjects(RDF.type, pg.LocalInitiative)):
            graph.add((initiative, RDF.type, IPDC.InstancePublicService))
            of = graph.value(initiative, DCTERMS.source)
            for predicate, target in ipdc_of.get(of, []) if of is not None else []:
                graph.add((initiative, predicate, target))
            day = days.get(of) if of is not None else None
            if not isinstance(day, date):
                continue
            _spatial(graph, initiative, day, resolver, pg.municipality)


def _spatial(
    graph: Graph, initiative: Node, day: date, resolver: Resolver, municipality: URIRef
) -> None:
    for place in list(graph.objects(initiative, municipality)):
        code = str(place).rsplit("/", 1)[-1]
        for concept in refnis_concepts(code, day, resolver):
            graph.add((initiative, DCTERMS.spatial, concept))
