"""Documentation of the ontology, generated from its graph and served at its IRI for people.

pyLODE was the first choice; its current wheel cannot be imported (it reads a pyproject.toml
that the wheel does not ship), so this renders the same parts: metadata, classes, properties,
each term at its own fragment so that a term's IRI opens the documentation at that term."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph

from practicegraph.web.render.view import RDF_TYPE, PageBuilder, Value
from practicegraph.web.served_build import ServedBuild

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
DEFINITIONS = ("http://www.w3.org/2004/02/skos/core#definition", RDFS + "comment")
KINDS = {
    OWL + "Class": "Klasse",
    OWL + "ObjectProperty": "Objecteigenschap",
    OWL + "DatatypeProperty": "Data-eigenschap",
    OWL + "AnnotationProperty": "Annotatie-eigenschap",
}
METADATA = (
    ("Versie", OWL + "versionInfo"),
    ("Gewijzigd", DCT + "modified"),
    ("Maker", DCT + "creator"),
    ("Licentie", DCT + "license"),
    ("Voorkeursprefix", "http://purl.org/vocab/vann/preferredNamespacePrefix"),
)


@dataclass
class Term:
    iri: str
    anchor: str
    kind: str
    labels: dict[str, str]
    definitions: dict[str, str]
    relations: list[tuple[str, list[Value]]]
    used_by: list[Value] = field(default_factory=list)
    """For a class: the properties whose domain it is."""


def texts(triples: list[pyoxigraph.Triple], predicates: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for triple in triples:
        if triple.predicate.value in predicates and isinstance(triple.object, pyoxigraph.Literal):
            found.setdefault(triple.object.language or "", triple.object.value)
    return found


def ontology_page_context(
    iri: str, triples: list[pyoxigraph.Triple], published: ServedBuild
) -> dict[str, object]:
    """The template's context: the ontology's metadata and its terms, classes first."""
    page = PageBuilder(triples, published)
    about: dict[str, list[pyoxigraph.Triple]] = {}
    for triple in triples:
        if isinstance(triple.subject, pyoxigraph.NamedNode):
            about.setdefault(triple.subject.value, []).append(triple)
    own = about.get(iri, [])
    rows = {row.iri: row for row in page.rows(pyoxigraph.NamedNode(iri), 0)}
    metadata = [(label, rows[p].values) for label, p in METADATA if p in rows]
    terms: list[Term] = []
    for subject, described in sorted(about.items()):
        kinds = [
            KINDS[t.object.value]
            for t in described
            if t.predicate.value == RDF_TYPE
            and isinstance(t.object, pyoxigraph.NamedNode)
            and t.object.value in KINDS
        ]
        if not kinds or not subject.startswith(iri + "#"):
            continue
        term_rows = {row.iri: row for row in page.rows(pyoxigraph.NamedNode(subject), 0)}
        relations = [
            (label, term_rows[p].values)
            for label, p in (
                ("Subklasse van", RDFS + "subClassOf"),
                ("Subeigenschap van", RDFS + "subPropertyOf"),
                ("Domein", RDFS + "domain"),
                ("Bereik", RDFS + "range"),
            )
            if p in term_rows
        ]
        terms.append(
            Term(
                subject,
                subject.rpartition("#")[2],
                kinds[0],
                texts(described, (RDFS + "label",)),
                texts(described, DEFINITIONS),
                relations,
            )
        )
    by_iri = {term.iri: term for term in terms}
    for term in terms:
        for triple in about[term.iri]:
            target = by_iri.get(str(triple.object.value))  # type: ignore[union-attr]
            if triple.predicate.value == RDFS + "domain" and target is not None:
                target.used_by.append(page.iri_value(term.iri))
    return {
        "title": texts(own, (DCT + "title",)).get("nl", iri),
        "iri": iri,
        "description": texts(own, (DCT + "description",)),
        "metadata": metadata,
        "namespace": iri + "#",
        "classes": [t for t in terms if t.kind == KINDS[OWL + "Class"]],
        "properties": [t for t in terms if t.kind != KINDS[OWL + "Class"]],
    }
