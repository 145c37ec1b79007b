"""Cool URIs don't change, checked: every IRI of ours that answered in the last good build
answers in this one, described (200), withdrawn (410, data/withdrawn.ttl) or moved (301,
data/redirects.csv), or the build is refused and the last one keeps serving.

Also checks the redirect list: an old IRI is not described or withdrawn as well, and its new IRI
resolves. Publishes the list as {base}graph/redirects (`dct:isReplacedBy`), which the server
answers from.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Node, URIRef
from rdflib.namespace import DCTERMS

from practicegraph.builder.parse.previous import Plan, last_build
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding
from practicegraph.core.build_folder import STORE
from practicegraph.core.redirects import FILE, Redirect, final
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted

SHAPE = "persistent IRIs"
VANISHED = (
    "{iri} answered in build {build} ({file}) and would answer 404 now: an IRI once published"
    " is linked to. Withdraw it (a tombstone in data/withdrawn.ttl: 410 Gone) or, if something"
    " replaced it, redirect it (a row in data/redirects.csv: 301)"
)


def generate(redirects: list[Redirect], minted: Minted) -> SourceGraph:
    graph = Graph()
    for old, new in final({r.old: r.new for r in redirects}).items():
        graph.add((URIRef(old), DCTERMS.isReplacedBy, URIRef(new)))
    return SourceGraph(minted.graph("redirects"), "generated", FILE, graph)


def finding(message: str, iri: str, file: str | None, line: int | None) -> Finding:
    return Finding("Violation", message, f"<{iri}>", None, None, SHAPE, "IRI", file, line)


class Described:
    """Whether this build describes an IRI of ours: in a graph parsed now, or, in a build that
    starts from the last one, in a graph it takes over unchanged."""

    def __init__(self, graphs: Iterable[SourceGraph], plan: Plan, minted: Minted) -> None:
        skip = minted.graph("redirects")
        self.now = {
            str(s)
            for g in graphs
            if g.name != skip
            for s in g.graph.subjects(unique=True)
            if isinstance(s, URIRef)
        }
        self.kept: pyoxigraph.Store | None = None
        self.replaced = {*plan.replaced, str(skip)}
        if plan.folder is not None:
            self.kept = pyoxigraph.Store.read_only(str(plan.folder / STORE))

    def __contains__(self, iri: object) -> bool:
        if iri in self.now:
            return True
        if self.kept is None or not isinstance(iri, str):
            return False
        quads = self.kept.quads_for_pattern(pyoxigraph.NamedNode(iri), None, None)
        return any(
            isinstance(q.graph_name, pyoxigraph.NamedNode)
            and q.graph_name.value not in self.replaced
            for q in quads
        )


def answered_before(folder: Path, minted: Minted, names: set[str] | None) -> dict[str, str]:
    """IRIs under {base}id/ the last build described, each with a graph that did; only those of
    the `names` graphs (what a build replaces) when given."""
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    prefix = minted.things
    found: dict[str, str] = {}
    if names is None:
        rows = store.query(
            "SELECT ?s (SAMPLE(?g) AS ?graph) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{prefix}")) }} GROUP BY ?s'
        )
        assert isinstance(rows, pyoxigraph.QuerySolutions)
        return {row[0].value: row[1].value for row in rows}
    for name in names:
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(name)):
            if isinstance(quad.subject, pyoxigraph.NamedNode):
                found.setdefault(quad.subject.value, name)
    return {iri: name for iri, name in found.items() if iri.startswith(prefix)}


def check(
    settings: BuildSettings,
    plan: Plan,
    graphs: list[SourceGraph],
    tombstones: dict[Node, str],
    redirects: list[Redirect],
) -> list[Finding]:
    minted = Minted(settings.base)
    described = Described(graphs, plan, minted)
    withdrawn = {str(node) for node in tombstones}
    moved = {r.old: r for r in redirects}
    found = [*check_redirects(redirects, described, withdrawn)]
    last = last_build(settings)
    if last is None:
        return found
    folder, manifest = last
    sources = {g.name: g.source for g in manifest.graphs}
    names = plan.replaced if plan.incremental else None
    for iri, graph in sorted(answered_before(folder, minted, names).items()):
        if iri in moved or iri in withdrawn or iri in described:
            continue
        file = sources.get(graph)
        message = VANISHED.format(iri=iri, build=manifest.build, file=file or graph)
        found.append(finding(message, iri, file, None))
    return found


def check_redirects(
    redirects: list[Redirect], described: Described, withdrawn: set[str]
) -> Iterable[Finding]:
    moved = {r.old: r.new for r in redirects}
    ends = final(moved)
    where = FILE.as_posix()
    for redirect in redirects:
        old, line = redirect.old, redirect.line
        for kind, holds in (("described", old in described), ("withdrawn", old in withdrawn)):
            if holds:
                message = f"{old} is redirected and {kind} as well: which is it?"
                yield finding(message, old, where, line)
        target = ends[old]
        if target in moved:
            yield finding(f"{old} is redirected in a circle", old, where, line)
        elif target in withdrawn:
            yield finding(
                f"{old} is redirected to {target}, which is withdrawn: withdraw {old} instead",
                old,
                where,
                line,
            )
        elif target not in described:
            yield finding(
                f"{old} is redirected to {target}, which this build does not describe (404)",
                old,
                where,
                line,
            )
