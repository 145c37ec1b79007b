"""The catalog judged by the official DCAT-AP Vlaanderen 3 shapes, as portals judge it.

The file is the one Digitaal Vlaanderen publishes (practicegraph/standards/, with its README).
It does not load in a conforming SHACL processor as published, and two of its shapes say more
than the standard's tables, so it is read in memory as the standard means it, and the README
says exactly how; the file itself stays as published.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDFS, SH

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding, Locator, Namer, results
from practicegraph.builder.validate.shacl_engine import Engine
from practicegraph.core.vocab import Minted

OFFICIAL = "DCAT-AP-VL-SHACL.ttl"
NAMESPACE = (
    "https://data.vlaanderen.be/doc/applicatieprofiel/DCAT-AP-VL/erkendestandaard/2026-02-12#"
)
SAMPLE_SHAPE = URIRef(NAMESPACE + "VoorbeeldweergaveShape")
ADMS_SAMPLE = URIRef("http://www.w3.org/ns/adms#sample")


def read_as_meant(shapes: Graph) -> Graph:
    """The three readings of the README: integer counts, URIs as IRIs, samples as samples."""
    for predicate in (SH.minCount, SH.maxCount):
        for shape, count in list(shapes.subject_objects(predicate)):
            shapes.remove((shape, predicate, count))
            if str(count).isdigit():
                shapes.add((shape, predicate, Literal(int(str(count)))))
    for shape in list(shapes.subjects(SH["class"], RDFS.Resource)):
        shapes.remove((shape, SH["class"], RDFS.Resource))
        shapes.add((shape, SH.nodeKind, SH.BlankNodeOrIRI))
    shapes.remove((SAMPLE_SHAPE, SH.targetClass, DCAT.Distribution))
    shapes.add((SAMPLE_SHAPE, SH.targetObjectsOf, ADMS_SAMPLE))
    return shapes


@cache
def engine() -> Engine:
    text = resources.files("practicegraph.standards").joinpath(OFFICIAL).read_text("utf-8")
    text = text.replace(
        '"n"^^xsd:integer', '"n"'
    )  # reading 1, before a parser sees "n" as a number
    return Engine(read_as_meant(Graph().parse(data=text, format="turtle")))


def validate(catalog: list[SourceGraph], minted: Minted, project_dir: Path) -> list[Finding]:
    """Findings of the official shapes on the catalog graphs, located in their files."""
    official = engine()
    namer = Namer(minted, official.shapes)
    namer.graph.bind("dcatapvl", NAMESPACE)
    report = official.report([source.graph for source in catalog])
    return results(report, namer, Locator(catalog, minted.base, project_dir))
