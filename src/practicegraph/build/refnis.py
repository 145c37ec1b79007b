"""The REFNIS code lists (vocab.belgif.be): the concepts our municipalities use, as named graphs.

Loaded so that SPARQL can reach provinces, arrondissements and French and German names without
federation; and the source of every external link a municipality gets (Wikidata, GeoNames).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from practicegraph.build.sources import SourceError, SourceGraph
from practicegraph.settings import Settings
from practicegraph.vocab import Minted

LISTS = ("refnis2019", "refnis2025")
BASE = "http://vocab.belgif.be/auth/"
EXTERNAL_HOSTS = ("http://www.wikidata.org/entity/", "https://sws.geonames.org/")


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
        return sorted(
            target
            for target in self.graph.objects(concept, SKOS.exactMatch)
            if isinstance(target, URIRef) and str(target).startswith(EXTERNAL_HOSTS)
        )


def load(settings: Settings) -> list[CodeList]:
    lists = []
    for name in LISTS:
        path = settings.reference_dir / f"{name}.nt"
        try:
            graph = Graph().parse(path, format="nt")
        except Exception as error:  # rdflib raises assorted errors for a bad line
            raise SourceError(path, None, f"cannot parse N-Triples: {error}") from error
        lists.append(CodeList(name, path, graph))
    return lists


def used(code_list: CodeList, codes: set[str], settings: Settings, minted: Minted) -> SourceGraph:
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
