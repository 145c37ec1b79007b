"""The dataset's description of itself: the URI space that every minted IRI shares."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from practicegraph.build.sources import SourceGraph
from practicegraph.vocab import Minted

GENERATOR = Path("src/practicegraph/build/description.py")
TITLE_NL = "Goede praktijken van Vlaamse lokale besturen (Samenleven)"
TITLE_EN = "Good practices of Flemish local governments (Samenleven)"


def describe(minted: Minted) -> SourceGraph:
    """A void:Dataset whose void:uriSpace lets shapes tell our IRIs from external ones."""
    graph = Graph()
    node = minted.dataset
    graph.add((node, RDF.type, VOID.Dataset))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.title, Literal(TITLE_NL, lang="nl")))
    graph.add((node, DCTERMS.title, Literal(TITLE_EN, lang="en")))
    graph.add((node, VOID.uriSpace, Literal(minted.base)))
    graph.add((node, DCTERMS.publisher, minted.id("organisatie", "practicegraph")))
    return SourceGraph(minted.graph("dataset"), "generated", GENERATOR, graph)
