"""The SPARQL 1.1 Service Description of the endpoint: what it is, which formats it answers
in, which graphs its dataset holds (the default graph is their union), and where the VoID is."""

from __future__ import annotations

import pyoxigraph

from practicegraph.core import urls
from practicegraph.store.base import Store
from practicegraph.web.render.profiles import PROFILES
from practicegraph.web.served_build import ServedBuild

SD = "http://www.w3.org/ns/sparql-service-description#"


def service_description(
    published: ServedBuild, store: Store, endpoint: str
) -> list[pyoxigraph.Triple]:
    """SPARQL 1.1 Service Description of this endpoint."""

    def node(iri: str) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(iri)

    rdf_type = node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = node(endpoint)
    dataset = node(str(published.minted.dataset))
    default = pyoxigraph.BlankNode("default")
    triples = [
        pyoxigraph.Triple(service, rdf_type, node(SD + "Service")),
        pyoxigraph.Triple(service, node(SD + "endpoint"), service),
        pyoxigraph.Triple(service, node(SD + "supportedLanguage"), node(SD + "SPARQL11Query")),
        pyoxigraph.Triple(service, node(SD + "feature"), node(SD + "UnionDefaultGraph")),
        pyoxigraph.Triple(service, node(SD + "defaultDataset"), dataset),
        pyoxigraph.Triple(dataset, rdf_type, node(SD + "Dataset")),
        # the default dataset is the published dataset; its VoID has statistics and linksets
        pyoxigraph.Triple(
            dataset,
            node("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
            node(published.base + urls.VOID),
        ),
        pyoxigraph.Triple(
            service,
            node("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
            node(published.base + urls.VOID),
        ),
        *(
            pyoxigraph.Triple(
                dataset, node("http://purl.org/dc/terms/conformsTo"), node(p.iri(published.minted))
            )
            for p in PROFILES
        ),
        pyoxigraph.Triple(dataset, node(SD + "defaultGraph"), default),
        pyoxigraph.Triple(default, rdf_type, node(SD + "Graph")),
        pyoxigraph.Triple(
            default,
            node("http://rdfs.org/ns/void#triples"),
            pyoxigraph.Literal(
                str(published.manifest.triples),
                datatype=node("http://www.w3.org/2001/XMLSchema#integer"),
            ),
        ),
        pyoxigraph.Triple(
            service,
            node("http://purl.org/dc/terms/description"),
            pyoxigraph.Literal(
                "Alleen-lezen SPARQL 1.1-endpoint; standaardgraaf: de unie van de named graphs.",
                language="nl",
            ),
        ),
    ]
    formats = {
        "application/sparql-results+json": "SPARQL_Results_JSON",
        "application/sparql-results+xml": "SPARQL_Results_XML",
        "text/csv": "SPARQL_Results_CSV",
        "text/tab-separated-values": "SPARQL_Results_TSV",
        "text/turtle": "Turtle",
        "application/n-triples": "N-Triples",
        "application/rdf+xml": "RDF_XML",
        "application/ld+json": "JSON-LD",
    }
    for name in formats.values():
        triples.append(
            pyoxigraph.Triple(
                service, node(SD + "resultFormat"), node(f"http://www.w3.org/ns/formats/{name}")
            )
        )
    for index, graph in enumerate(store.graph_names()):
        named = pyoxigraph.BlankNode(f"g{index}")
        triples += [
            pyoxigraph.Triple(dataset, node(SD + "namedGraph"), named),
            pyoxigraph.Triple(named, node(SD + "name"), node(graph)),
        ]
    return triples
