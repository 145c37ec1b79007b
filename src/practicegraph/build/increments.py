"""SHACL validation in parts: each practice file on its own, with the facts it points at, cached
by content and run in parallel; everything else once.

One pyshacl call over the whole dataset grows with it; a practice file only needs itself and a
few facts about what it links to (types, schemes, validity dates, that a linked IRI is described)
to be judged exactly as in the whole. An unchanged file with unchanged facts is not validated
again: its findings come from a cache in the state folder, keyed by everything that shapes them.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph
import pyshacl
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SKOS, VOID

from practicegraph import __version__
from practicegraph.build.sources import SourceGraph, oxigraph_term, rdflib_term
from practicegraph.build.validate import (
    Finding,
    Locator,
    Namer,
    finding_from_json,
    results,
    union,
    validate_data,
)
from practicegraph.vocab import SCHEMA, Minted

CACHE_VERSION = "1"
FACTS = (RDF.type, SKOS.inScheme, SCHEMA.startDate, SCHEMA.endDate)
"""What shapes ask of a node a practice links to: its class, its scheme, its validity."""
IN_PROCESS = 4
"""Fewer files than this to validate are validated here, not in a process pool."""
BATCHES_PER_WORKER = 2
"""Files to validate are cut into this many batches per worker process."""
ONE_CALL_BELOW = 100_000
"""Below this many triples in practice files, one call over everything is the quickest."""

Triple = tuple[Node, Node, Node]


def _nt(triples: Iterable[Triple]) -> str:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


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


Unit = tuple[str, str, str, list[tuple[str, str]]]
"""A practice file for a worker: graph name, path, N-Triples, the file's prefixes."""


def _unit(source: SourceGraph) -> Unit:
    prefixes = [(prefix, str(namespace)) for prefix, namespace in source.graph.namespaces()]
    return str(source.name), source.path.as_posix(), _nt(source.graph), prefixes


def _source(unit: Unit) -> SourceGraph:
    name, path, text, prefixes = unit
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes:
        graph.bind(prefix, namespace)  # a finding's line is found by the file's own prefixes
    graph.parse(data=text, format="nt")
    return SourceGraph(URIRef(name), "data", Path(path), graph)


def _judge(payload: tuple[str, str, list[Unit], str, str]) -> list[dict[str, object]]:
    """In a worker: validate some practice files with their facts; findings as plain data."""
    shapes_nt, base, units, facts_nt, project_dir = payload
    shapes = Graph().parse(data=shapes_nt, format="nt")
    sources = [_source(unit) for unit in units]
    data = union(sources)
    data.parse(data=facts_nt, format="nt")
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
    )
    minted = Minted(base)
    paths = {unit[1] for unit in units}
    findings = results(report, Namer(minted, shapes), Locator(sources, base, Path(project_dir)))
    return [f.as_json() for f in findings if f.file in paths]


def validate_in_parts(
    sources: list[SourceGraph],
    minted: Minted,
    project_dir: Path,
    cache: Path,
    workers: int,
    one_call_below: int = ONE_CALL_BELOW,
) -> list[Finding]:
    """The same findings as one pyshacl call over everything, in parts, cached."""
    shapes = [s for s in sources if s.kind == "shapes"]
    checked = [s for s in sources if s.kind not in ("shapes", "external")]
    units = [
        s for s in checked if s.kind == "data" and (None, RDF.type, minted.pg.Practice) in s.graph
    ]
    if sum(len(unit.graph) for unit in units) < one_call_below:
        return validate_data(sources, minted, project_dir)
    in_units = {id(unit) for unit in units}  # by identity: comparing graphs is O(n) each
    rest = [s for s in checked if id(s) not in in_units]
    findings = validate_data(shapes + rest, minted, project_dir)
    findings += judge(units, shapes, Facts(checked, minted), minted, project_dir, cache, workers)
    return ordered(findings)


def ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings, key=lambda f: (f.file or "", f.line or 0, f.focus, f.path or "", f.message)
    )


def judge(
    units: list[SourceGraph],
    shapes: list[SourceGraph],
    facts: Facts,
    minted: Minted,
    project_dir: Path,
    cache: Path,
    workers: int,
) -> list[Finding]:
    """Findings about practice files, each judged with the facts around it; cached."""
    findings: list[Finding] = []
    shapes_nt = _nt(union(shapes))
    reference = b"".join(
        path.read_bytes() for path in sorted((project_dir / "data" / "reference").glob("*"))
    )
    shapes_text = b"".join((project_dir / s.path).read_bytes() for s in shapes)
    common = _digest(
        CACHE_VERSION, __version__, pyshacl.__version__, minted.base, shapes_text, reference
    )
    todo: list[tuple[SourceGraph, str, str]] = []
    for unit in units:
        around = "".join(
            sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in facts.around(unit)})
        )
        # the file and the reference lists determine the unit's graph (with the resolved places)
        key = _digest(common, unit.path.as_posix(), (project_dir / unit.path).read_bytes(), around)
        entry = cache / f"{key}.json"
        if entry.is_file():
            known = json.loads(entry.read_text(encoding="utf-8"))
            findings.extend(finding_from_json(d) for d in known)
        else:
            todo.append((unit, around, key))
    # a pyshacl call costs a lot before it looks at any data: batch the files, a few per worker
    count = max(1, min(len(todo), workers * BATCHES_PER_WORKER))
    batches = [todo[i::count] for i in range(count)] if todo else []
    payloads = [
        (
            shapes_nt,
            minted.base,
            [_unit(unit) for unit, _around, _key in batch],
            "".join(sorted({line for _u, around, _k in batch for line in around.splitlines(True)})),
            str(project_dir),
        )
        for batch in batches
    ]
    if len(todo) < IN_PROCESS or workers < 2:
        judged = [_judge(payload) for payload in payloads]
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            judged = list(pool.map(_judge, payloads))
    cache.mkdir(parents=True, exist_ok=True)
    for batch, found in zip(batches, judged, strict=True):
        for unit, _around, key in batch:
            mine = [f for f in found if f["file"] == unit.path.as_posix()]
            entry = cache / f"{key}.json"
            entry.write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
            findings.extend(finding_from_json(d) for d in mine)
    return findings
