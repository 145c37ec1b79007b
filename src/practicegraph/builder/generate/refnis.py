"""The REFNIS code lists (vocab.belgif.be): the concepts our municipalities use, as named graphs.

Loaded so that SPARQL can reach provinces, arrondissements and French and German names without
federation; and the source of every external link a municipality gets (Wikidata, GeoNames).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.core.reading import parse_ntriples
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted

LISTS = ("refnis2019", "refnis2025")
BASE = "http://vocab.belgif.be/auth/"
WIKIDATA = re.compile(r"https?://www\.wikidata\.org/(?:entity|wiki)/(Q[0-9]+)")
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"


def external(target: URIRef) -> URIRef | None:
    """A Wikidata or GeoNames target, Wikidata written as its entity IRI.

    A few REFNIS links name the item's page (http://www.wikidata.org/wiki/Q13127) or use https;
    the item is the same, and only the entity IRI joins with Wikidata's own data.
    """
    item = WIKIDATA.fullmatch(str(target))
    if item is not None:
        return URIRef(WIKIDATA_ENTITY + item.group(1))
    return target if str(target).startswith(GEONAMES) else None


@dataclass(frozen=True)
class CodeList:
    name: str
    path: Path
    graph: Graph

    def concept(self, code: str) -> URIRef | None:
        node = URIRef(f"{BASE}{self.name}/{code}")
        return node if (node, None, None) in self.graph else None

    def external_matches(self, code: str) -> list[URIRef]:
        """Exactly the Wikidata and GeoNames exactMatch targets this list gives for the code."""
        concept = self.concept(code)
        if concept is None:
            return []
        found = {
            external(target)
            for target in self.graph.objects(concept, SKOS.exactMatch)
            if isinstance(target, URIRef)
        }
        return sorted(target for target in found if target is not None)


def load(settings: BuildSettings) -> list[CodeList]:
    lists = []
    for name in LISTS:
        path = settings.reference_dir / f"{name}.nt"
        lists.append(CodeList(name, path, parse_ntriples(path)))
    return lists


def used(
    code_list: CodeList, codes: set[str], settings: BuildSettings, minted: Minted
) -> SourceGraph:
    """The concepts of these codes, every concept above them, and the list's own description."""
    graph, source = Graph(), code_list.graph
    wanted = {concept for code in codes if (concept := code_list.concept(code)) is not None}
    frontier = list(wanted)
    while frontier:
        for broader in source.objects(frontier.pop(), SKOS.broader):
            if isinstance(broader, URIRef) and broader not in wanted:
                wanted.add(broader)
                frontier.append(broader)
    scheme = URIRef(f"{BASE}{code_list.name}")
    for subject in [*wanted, scheme, *source.objects(scheme, None)]:
        for triple in source.triples((subject, None, None)):
            if triple[1] == SKOS.narrower and triple[2] not in wanted:
                continue
            graph.add(triple)
    relative = code_list.path.relative_to(settings.project_dir)
    return SourceGraph(minted.graph(f"reference/{code_list.name}"), "external", relative, graph)
