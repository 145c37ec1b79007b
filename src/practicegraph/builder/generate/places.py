"""Municipalities and provinces as resources, generated from the reference CSV files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from practicegraph.builder.generate import refnis
from practicegraph.builder.generate.refnis import CodeList
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.core import urls
from practicegraph.core.reading import SourceError
from practicegraph.core.reference.tables import (
    MERGER_DAY,
    MUNICIPALITIES_CSV,
    MUNICIPALITY_COLUMNS,
    PROVINCE_COLUMNS,
    PROVINCES_CSV,
    Row,
    read_rows,
)
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import SCHEMA, Minted

ADDRESS_REGISTER = "https://data.vlaanderen.be/id/gemeente/"
"""The Flemish address register's municipality objects, identified by NIS code."""


def _date(path: Path, row: Row, column: str) -> Literal | None:
    text = row.values[column]
    if not text:
        return None
    try:
        return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
    except ValueError as error:
        raise SourceError(path, row.line, f"{column}: not a date (YYYY-MM-DD): {text!r}") from error


def provinces(settings: BuildSettings, minted: Minted) -> tuple[SourceGraph, dict[str, URIRef]]:
    """The province resources, and a map from Dutch province name to IRI."""
    path = settings.reference_dir / PROVINCES_CSV
    graph = Graph()
    by_name: dict[str, URIRef] = {}
    lines: dict[URIRef, int] = {}
    for row in read_rows(path, PROVINCE_COLUMNS):
        code, name = row.values["nis_code"], row.values["name_nl"]
        node = minted.id("provincie", code)
        graph.add((node, RDF.type, minted.pg.Province))
        graph.add((node, RDFS.label, Literal(name, lang="nl")))
        graph.add((node, DCTERMS.identifier, Literal(code)))
        by_name[name] = node
        lines[node] = row.line
    relative = path.relative_to(settings.project_dir)
    return SourceGraph(
        minted.graph("reference/provinces"), "reference", relative, graph, lines
    ), by_name


def municipalities(
    settings: BuildSettings,
    minted: Minted,
    province_by_name: dict[str, URIRef],
    lists: list[CodeList],
) -> SourceGraph:
    """One resource per NIS code: name (nl, and fr/de from REFNIS), province, validity, successor
    and predecessors, and its links to the territory (REFNIS), the address register, Wikidata and
    GeoNames."""
    path = settings.reference_dir / MUNICIPALITIES_CSV
    graph = Graph()
    lines: dict[URIRef, int] = {}
    for row in read_rows(path, MUNICIPALITY_COLUMNS):
        values = row.values
        code = values["nis_code"]
        node = minted.id("gemeente", code)
        if node in lines:
            raise SourceError(
                path, row.line, f"NIS code {code} is listed twice (first on line {lines[node]})"
            )
        province = province_by_name.get(values["province_nl"])
        if province is None:
            raise SourceError(path, row.line, f"unknown province {values['province_nl']!r}")
        graph.add((node, RDF.type, minted.pg.Municipality))
        graph.add((node, RDFS.label, Literal(values["name_nl"], lang="nl")))
        graph.add((node, DCTERMS.identifier, Literal(code)))
        graph.add((node, SCHEMA.containedInPlace, province))
        for column, predicate in (("valid_from", SCHEMA.startDate), ("valid_to", SCHEMA.endDate)):
            value = _date(path, row, column)
            if value is not None:
                graph.add((node, predicate, value))
        link(graph, node, path, row, lists)
        if values["successor_nis_code"]:
            successor = minted.id("gemeente", values["successor_nis_code"])
            graph.add((node, DCTERMS.isReplacedBy, successor))
            graph.add((successor, DCTERMS.replaces, node))
        lines[node] = row.line
    relative = path.relative_to(settings.project_dir)
    return SourceGraph(minted.graph(urls.MUNICIPALITIES_GRAPH), "reference", relative, graph, lines)


def link(graph: Graph, node: URIRef, path: Path, row: Row, lists: list[CodeList]) -> None:
    """REFNIS concept(s) as the code's validity says, and only the links REFNIS itself gives."""
    code, valid_from, valid_to = (
        row.values["nis_code"],
        row.values["valid_from"],
        row.values["valid_to"],
    )
    wanted = {"refnis2019": not valid_from or valid_from < MERGER_DAY, "refnis2025": not valid_to}
    for code_list in lists:
        if not wanted[code_list.name]:
            continue
        concept = code_list.concept(code)
        if concept is None:
            raise SourceError(path, row.line, f"NIS code {code} is not in {code_list.name}")
        graph.add((node, SKOS.exactMatch, concept))
        for target in code_list.external_matches(code):
            graph.add((node, SKOS.exactMatch, target))
        for label in code_list.graph.objects(concept, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language in ("fr", "de"):
                graph.add((node, RDFS.label, label))
    graph.add((node, SKOS.closeMatch, URIRef(ADDRESS_REGISTER + code)))


def generate(settings: BuildSettings, minted: Minted) -> list[SourceGraph]:
    """Province and municipality graphs, then the REFNIS concepts they use."""
    province_graph, by_name = provinces(settings, minted)
    lists = refnis.load(settings)
    municipality_graph = municipalities(settings, minted, by_name, lists)
    codes = {str(code) for code in municipality_graph.graph.objects(None, DCTERMS.identifier)}
    used = [refnis.used(code_list, codes, settings, minted) for code_list in lists]
    return [province_graph, municipality_graph, *used]
