"""The SPARQL 1.1 Service Description of the endpoint: what it is, which formats it answers
in, which graphs its dataset holds (the default graph is their union), where the VoID is, and
its named queries (`dct:hasPart`, each a `dcat:DataService` at its own URL: Service
Description has no term for a stored query, DCAT has one for an API)."""

from __future__ import annotations

import pyoxigraph

from practicegraph.core import urls
from practicegraph.store.base import Store
from practicegraph.web.examples import Example
from practicegraph.web.render.profiles import PROFILES
from practicegraph.web.served_build import ServedBuild

SD = "http://www.w3.org/ns/sparql-service-description#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


FORMATS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON-LD",
}
"""The media types the endpoint answers in, and their names under http://www.w3.org/ns/formats/."""


def _node(iri: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(iri)


RDF_TYPE = _node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def service_description(
    published: ServedBuild, store: Store, endpoint: str, named: list[Example]
) -> list[pyoxigraph.Triple]:
    """SPARQL 1.1 Service Description of this endpoint."""
    service = _node(endpoint)
    dataset = _node(str(published.minted.dataset))
    return [
        *_service(published, service, dataset),
        *(
            pyoxigraph.Triple(
                service, _node(SD + "resultFormat"), _node(f"http://www.w3.org/ns/formats/{name}")
            )
            for name in FORMATS.values()
        ),
        *_named_graphs(store, dataset),
        *_named_queries(published, service, dataset, named),
    ]


def _named_queries(
    published: ServedBuild,
    service: pyoxigraph.NamedNode,
    dataset: pyoxigraph.NamedNode,
    named: list[Example],
) -> list[pyoxigraph.Triple]:
    """Each named query: an API of its own over the same dataset, titled as on its page."""
    triples = []
    for example in named:
        api = _node(published.base + urls.QUERIES + example.name)
        triples += [
            pyoxigraph.Triple(service, _node(DCT + "hasPart"), api),
            pyoxigraph.Triple(api, RDF_TYPE, _node(DCAT + "DataService")),
            pyoxigraph.Triple(api, _node(DCAT + "endpointURL"), api),
            pyoxigraph.Triple(api, _node(DCAT + "servesDataset"), dataset),
            pyoxigraph.Triple(
                api, _node(DCT + "title"), pyoxigraph.Literal(example.title, language="nl")
            ),
            pyoxigraph.Triple(
                api, _node(DCT + "title"), pyoxigraph.Literal(example.title_en, language="en")
            ),
            pyoxigraph.Triple(
                api,
                _node(DCT + "description"),
                pyoxigraph.Literal(example.description, language="nl"),
            ),
        ]
    return triples


def _service(
    published: ServedBuild, service: pyoxigraph.NamedNode, dataset: pyoxigraph.NamedNode
) -> list[pyoxigraph.Triple]:
    """What the service is and its default dataset: the published one, whose VoID has the
    statistics and linksets, and whose default graph is the union of the named graphs."""
    default = pyoxigraph.BlankNode("default")
    void = _node(published.base + urls.VOID)
    see_also = _node("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    return [
        pyoxigraph.Triple(service, RDF_TYPE, _node(SD + "Service")),
        pyoxigraph.Triple(service, _node(SD + "endpoint"), service),
        pyoxigraph.Triple(service, _node(SD + "supportedLanguage"), _node(SD + "SPARQL11Query")),
        pyoxigraph.Triple(service, _node(SD + "feature"), _node(SD + "UnionDefaultGraph")),
        pyoxigraph.Triple(service, _node(SD + "defaultDataset"), dataset),
        pyoxigraph.Triple(dataset, RDF_TYPE, _node(SD + "Dataset")),
        pyoxigraph.Triple(dataset, see_also, void),
        pyoxigraph.Triple(service, see_also, void),
        *(
            pyoxigraph.Triple(
                dataset,
                _node("http://purl.org/dc/terms/conformsTo"),
                _node(p.iri(published.minted)),
            )
            for p in PROFILES
        ),
        pyoxigraph.Triple(dataset, _node(SD + "defaultGraph"), default),
        pyoxigraph.Triple(default, RDF_TYPE, _node(SD + "Graph")),
        pyoxigraph.Triple(
            default,
            _node("http://rdfs.org/ns/void#triples"),
            pyoxigraph.Literal(
                str(published.manifest.triples),
                datatype=_node("http://www.w3.org/2001/XMLSchema#integer"),
            ),
        ),
        pyoxigraph.Triple(
            service,
            _node("http://purl.org/dc/terms/description"),
            pyoxigraph.Literal(
                "Alleen-lezen SPARQL 1.1-endpoint; standaardgraaf: de unie van de named graphs.",
                language="nl",
            ),
        ),
    ]


def _named_graphs(store: Store, dataset: pyoxigraph.NamedNode) -> list[pyoxigraph.Triple]:
    """Each named graph of the store, by name, in the store's order."""
    triples = []
    for index, graph in enumerate(store.graph_names()):
        named = pyoxigraph.BlankNode(f"g{index}")
        triples += [
            pyoxigraph.Triple(dataset, _node(SD + "namedGraph"), named),
            pyoxigraph.Triple(named, _node(SD + "name"), _node(graph)),
        ]
    return triples
