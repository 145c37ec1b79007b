"""SHACL validation in parts: practice files judged with the facts they point at, side by side.

A practice file only needs itself and a few facts about what it links to (types, schemes,
validity dates, that a linked IRI is described) to be judged exactly as in the whole dataset. So
a full build cuts its practice files into one part per core, each with the facts around it, and
validates the parts in threads (the engine releases the GIL); an incremental build judges only
the files that changed, with facts from the last build's store.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SKOS, VOID

from practicegraph.builder.parse.previous import is_unit
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding, Locator, Namer, ordered, results, union
from practicegraph.builder.validate.shacl_engine import Engine
from practicegraph.core.rdflib_oxigraph import oxigraph_term, rdflib_term
from practicegraph.core.vocab import SCHEMA, Minted

FACTS = (RDF.type, SKOS.inScheme, SCHEMA.startDate, SCHEMA.endDate)
"""What shapes ask of a node a practice links to: its class, its scheme, its validity."""

Triple = tuple[Node, Node, Node]


class Facts:
    """For every described node: the facts shapes ask of it when something links to it."""

    def __init__(self, graphs: list[SourceGraph], minted: Minted) -> None:
        self.facts: dict[Node, list[Triple]] = {}
        first: dict[Node, Triple] = {}
        for source in graphs:
            for triple in source.graph:
                subject, predicate, _value = triple
                if predicate in FACTS:
                    self.facts.setdefault(subject, []).append(triple)
                elif subject not in first:
                    first[subject] = triple
        for subject, triple in first.items():
            self.facts.setdefault(subject, [triple])  # that it is described at all
        self.space: Triple = (minted.dataset, VOID.uriSpace, Literal(minted.base))

    def of(self, node: Node) -> list[Triple]:
        return self.facts.get(node, [])

    def around(self, unit: SourceGraph) -> list[Triple]:
        inside = set(unit.graph.subjects())
        linked = {o for o in unit.graph.objects() if isinstance(o, URIRef) and o not in inside}
        found: list[Triple] = [self.space]
        for node in sorted(linked, key=str):
            found.extend(self.of(node))
        return found


class StoreFacts(Facts):
    """The same facts, from the graphs parsed now and from the last build's store for the
    graphs this build keeps: nothing else needs parsing to validate a changed file."""

    def __init__(self, graphs: list[SourceGraph], minted: Minted, store: Path, replaced: set[str]):
        super().__init__(graphs, minted)
        self.store = pyoxigraph.Store.read_only(str(store))
        self.replaced = replaced

    def of(self, node: Node) -> list[Triple]:
        found = [t for t in super().of(node) if t[1] in FACTS]
        first: Triple | None = None
        for quad in self.store.quads_for_pattern(oxigraph_term(node), None, None):  # type: ignore[arg-type]
            graph = quad.graph_name
            if isinstance(graph, pyoxigraph.NamedNode) and graph.value in self.replaced:
                continue
            triple = (
                rdflib_term(quad.subject),
                rdflib_term(quad.predicate),
                rdflib_term(quad.object),
            )
            if triple[1] in FACTS:
                found.append(triple)
            elif first is None:
                first = triple
        if found:
            return found
        return super().of(node) or ([first] if first is not None else [])


@dataclass(frozen=True)
class Parts:
    """What a full build validates: the shapes, the graphs judged in one call, and the practice
    files cut into parts, each judged with the facts around it."""

    shapes: Graph
    rest: list[SourceGraph]
    units: list[list[SourceGraph]]
    facts: Facts


def cut(sources: list[SourceGraph], minted: Minted, workers: int) -> Parts:
    """The sources cut as a build of `workers` parts judges them (apart, so a test can hold
    each engine to the same inputs as the build)."""
    shapes = [s for s in sources if s.kind == "shapes"]
    checked = [s for s in sources if s.kind not in ("shapes", "external")]
    units = [s for s in checked if is_unit(s, minted)]
    in_units = {id(unit) for unit in units}  # by identity: comparing graphs is O(n) each
    rest = [s for s in checked if id(s) not in in_units]
    parts = [units[i :: max(1, workers)] for i in range(max(1, workers))]
    return Parts(union(shapes), rest, parts, Facts(checked, minted))


def data_of(units: list[SourceGraph], facts: Facts) -> tuple[list[Graph], list[Triple]]:
    """The graphs and extra triples a part of practice files is judged on."""
    around = dict.fromkeys(triple for unit in units for triple in facts.around(unit))
    return [unit.graph for unit in units], list(around)


def validate_in_parts(
    sources: list[SourceGraph], minted: Minted, project_dir: Path, workers: int
) -> list[Finding]:
    """The same findings as one call over everything: practice files in `workers` parts, each
    with the facts around it, and the other graphs in one more, validated side by side."""
    parts = cut(sources, minted, workers)
    engine = Engine(parts.shapes)
    with ThreadPoolExecutor(len(parts.units) + 1) as pool:
        judged = [
            pool.submit(judge, part, engine, parts.facts, minted, project_dir)
            for part in parts.units
        ]
        namer = Namer(minted, engine.shapes)
        locator = Locator(parts.rest, minted.base, project_dir)
        findings = results(engine.report([s.graph for s in parts.rest]), namer, locator)
        for job in judged:
            findings += job.result()
    return ordered(findings)


def judge(
    units: list[SourceGraph], engine: Engine, facts: Facts, minted: Minted, project_dir: Path
) -> list[Finding]:
    """Findings about practice files, judged together with the facts around them."""
    if not units:
        return []
    report = engine.report(*data_of(units, facts))
    locator = Locator(units, minted.base, project_dir)
    findings = results(report, Namer(minted, engine.shapes), locator)
    paths = {unit.path.as_posix() for unit in units}
    return [f for f in findings if f.file in paths]  # not the facts' nodes, judged in their files
