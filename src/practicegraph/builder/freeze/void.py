"""What the frozen dataset holds, counted once at build time: VoID statistics and linksets, and
the size and checksum of every dump file for the catalog.

These describe the dumps, so they are made after them and are not in them; they go into the
store as their own graphs, served at {base}.well-known/void and {base}catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph

from practicegraph.builder.generate.catalog import distribution_iri
from practicegraph.core import urls
from practicegraph.core.build_folder import DUMPS
from practicegraph.core.vocab import Minted

VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_INTEGER = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
SPDX = "http://spdx.org/rdf/terms#"
EXACT_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"
CLOSE_MATCH = "http://www.w3.org/2004/02/skos/core#closeMatch"
LINKSETS = (
    ("wikidata", "Wikidata", "http://www.wikidata.org/entity/", EXACT_MATCH),
    ("geonames", "GeoNames", "https://sws.geonames.org/", EXACT_MATCH),
    (
        "refnis",
        "REFNIS (Statbel, vocab.belgif.be)",
        "http://vocab.belgif.be/auth/refnis",
        EXACT_MATCH,
    ),
    ("adresregister", "Adressenregister", "https://data.vlaanderen.be/id/gemeente/", CLOSE_MATCH),
)
"""Each kind of outgoing link: its key, the target's name, the target's IRI space, the predicate."""
VOCABULARIES = (
    f"{urls.NS}praktijk#",
    "http://purl.org/dc/terms/",
    "http://schema.org/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/dcat#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2006/vcard/ns#",
    "http://xmlns.com/foaf/0.1/",
    "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#",
    "http://data.europa.eu/m8g/",
)


def void_iri(minted: Minted, fragment: str = "") -> str:
    return str(minted.iri(urls.VOID)) + (f"#{fragment}" if fragment else "")


SUBJECTS = """SELECT (COUNT(*) AS ?all) (SUM(IF(isIRI(?s), 1, 0)) AS ?iris)
WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } }"""
"""Distinct subjects and how many are IRIs, in one pass (isIRI per subject, not per triple)."""


def _number(value: int) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(str(value), datatype=XSD_INTEGER)


def _count(store: pyoxigraph.Store, query: str) -> int:
    rows = store.query(query, use_default_graph_as_union=True)
    for row in rows:  # type: ignore[union-attr]
        return int(row[0].value)
    return 0


def _pairs(store: pyoxigraph.Store, query: str) -> list[tuple[pyoxigraph.NamedNode, int]]:
    rows = store.query(query, use_default_graph_as_union=True)
    return [(row[0], int(row[1].value)) for row in rows]  # type: ignore[union-attr]


class Statements:
    """Quads of one graph, built with IRIs as text."""

    def __init__(self, graph: str) -> None:
        self.graph = pyoxigraph.NamedNode(graph)
        self.quads: list[pyoxigraph.Quad] = []

    def add(
        self,
        subject: str | pyoxigraph.BlankNode,
        predicate: str,
        value: str | pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal,
    ) -> None:
        node = pyoxigraph.NamedNode(subject) if isinstance(subject, str) else subject
        target = pyoxigraph.NamedNode(value) if isinstance(value, str) else value
        self.quads.append(
            pyoxigraph.Quad(node, pyoxigraph.NamedNode(predicate), target, self.graph)
        )


def statistics(
    store: pyoxigraph.Store, minted: Minted, dumps: list[str]
) -> Iterator[pyoxigraph.Quad]:
    """The dataset's VoID description: sizes, partitions, vocabularies, dumps and linksets."""
    out = Statements(minted.graph("void"))
    dataset = str(minted.dataset)
    document = void_iri(minted)
    out.add(document, str(RDF_TYPE.value), VOID + "DatasetDescription")
    out.add(document, "http://xmlns.com/foaf/0.1/primaryTopic", dataset)
    out.add(dataset, str(RDF_TYPE.value), VOID + "Dataset")
    _sizes_and_partitions(out, store, dataset)
    out.add(dataset, VOID + "sparqlEndpoint", str(minted.iri(urls.SPARQL)))
    for name in dumps:
        out.add(dataset, VOID + "dataDump", str(minted.iri(urls.DUMPS + name)))
    for vocabulary in VOCABULARIES:
        out.add(
            dataset,
            VOID + "vocabulary",
            vocabulary if "://" in vocabulary else minted.base + vocabulary,
        )
    _linksets(out, store, minted, dataset)
    yield from out.quads


def _sizes_and_partitions(out: Statements, store: pyoxigraph.Store, dataset: str) -> None:
    """Four passes over the data: properties and classes with their partitions, then distinct
    subjects (and which are IRIs) and distinct objects; triples are the property partitions'."""
    properties = _pairs(store, "SELECT ?x (COUNT(*) AS ?n) WHERE { ?s ?x ?o } GROUP BY ?x")
    classes = _pairs(store, "SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?x } GROUP BY ?x")
    rows = store.query(SUBJECTS, use_default_graph_as_union=True)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    subjects, entities = (int(term.value) if term else 0 for term in next(iter(rows)))
    counts = {
        "triples": sum(number for _term, number in properties),
        "entities": entities,
        "distinctSubjects": subjects,
        "distinctObjects": _count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "properties": len(properties),
        "classes": len(classes),
    }
    for name, number in counts.items():
        out.add(dataset, VOID + name, _number(number))
    for key, measure, found in (
        ("class", "entities", classes),
        ("property", "triples", properties),
    ):
        for index, (term, number) in enumerate(sorted(found, key=lambda pair: pair[0].value)):
            part = pyoxigraph.BlankNode(f"{key}{index}")
            out.add(dataset, VOID + f"{key}Partition", part)
            out.add(part, VOID + key, term)
            out.add(part, VOID + measure, _number(number))


def _linksets(out: Statements, store: pyoxigraph.Store, minted: Minted, dataset: str) -> None:
    """The links into each outside dataset, counted, so a reader sees what the data joins."""
    for key, name, space, predicate in LINKSETS:
        linkset, target = void_iri(minted, key), void_iri(minted, f"{key}-target")
        number = _count(
            store,
            f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o .
                FILTER (STRSTARTS(STR(?s), "{minted.base}") && STRSTARTS(STR(?o), "{space}")) }}""",
        )
        out.add(dataset, VOID + "subset", linkset)
        out.add(linkset, str(RDF_TYPE.value), VOID + "Linkset")
        out.add(linkset, VOID + "subjectsTarget", dataset)
        out.add(linkset, VOID + "objectsTarget", target)
        out.add(linkset, VOID + "linkPredicate", predicate)
        out.add(linkset, VOID + "triples", _number(number))
        out.add(target, str(RDF_TYPE.value), VOID + "Dataset")
        out.add(target, "http://purl.org/dc/terms/title", pyoxigraph.Literal(name))
        out.add(target, VOID + "uriSpace", pyoxigraph.Literal(space))


def files(
    minted: Minted, folder: Path, written: list[Path], digests: dict[str, str]
) -> Iterator[pyoxigraph.Quad]:
    """Size and SHA-256 of each dump, on its distribution in the catalog."""
    out = Statements(minted.graph("catalog/files"))
    for path in written:
        name = path.relative_to(folder / DUMPS).as_posix()
        node = str(distribution_iri(minted, name))
        out.add(
            node,
            "http://www.w3.org/ns/dcat#byteSize",
            pyoxigraph.Literal(
                str(path.stat().st_size),
                datatype=pyoxigraph.NamedNode(
                    "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
                ),
            ),
        )
        checksum = pyoxigraph.BlankNode(f"checksum-{name.replace('.', '-')}")
        out.add(node, SPDX + "checksum", checksum)
        out.add(checksum, str(RDF_TYPE.value), SPDX + "Checksum")
        out.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        out.add(
            checksum,
            SPDX + "checksumValue",
            pyoxigraph.Literal(
                digests[f"{DUMPS}/{name}"],
                datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#hexBinary"),
            ),
        )
    yield from out.quads
