"""Freeze a validated dataset into an immutable build folder, then swap it in atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib import BNode, Node, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF

from practicegraph.build import dumps, ldes, practice_index, void
from practicegraph.build.sources import SourceGraph
from practicegraph.layout import CURRENT, DESCRIPTIONS, DOCUMENTS, MANIFEST, STORE
from practicegraph.settings import Settings
from practicegraph.vocab import Minted

if TYPE_CHECKING:
    from practicegraph.build.pipeline import Outcome


KEEP_BUILDS = 3
"""Older builds are pruned; the current one and a few before it stay for rollback."""


def oxigraph_term(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    """rdflib → pyoxigraph: the one conversion between the build's and the web's graph types."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def quads(graphs: Iterable[SourceGraph]) -> Iterator[pyoxigraph.Quad]:
    """Source graphs as one RDF dataset, one named graph each."""
    for source in graphs:
        graph = pyoxigraph.NamedNode(str(source.name))
        for subject, predicate, value in source.graph:
            yield pyoxigraph.Quad(
                oxigraph_term(subject),  # type: ignore[arg-type]
                oxigraph_term(predicate),  # type: ignore[arg-type]
                oxigraph_term(value),
                graph,
            )


def hash_documents(outcome: Outcome, base: str) -> dict[str, list[str]]:
    """Our hash IRIs by the document that describes them: {base}ns/praktijk → its terms."""
    documents: dict[str, set[str]] = {}
    for source in outcome.graphs:
        for subject in source.graph.subjects(unique=True):
            iri = str(subject)
            if isinstance(subject, URIRef) and iri.startswith(base) and "#" in iri:
                documents.setdefault(iri.split("#", 1)[0], set()).add(iri)
    return {document: sorted(iris) for document, iris in sorted(documents.items())}


def class_counts(outcome: Outcome) -> dict[str, int]:
    """Distinct typed IRIs per class, counted once here so that pages never count per request."""
    members: dict[str, set[str]] = {}
    for source in outcome.graphs:
        for subject, kind in source.graph.subject_objects(RDF.type):
            if isinstance(subject, URIRef):
                members.setdefault(str(kind), set()).add(str(subject))
    return {kind: len(iris) for kind, iris in sorted(members.items())}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest(
    outcome: Outcome, settings: Settings, build_id: str, folder: Path, digests: dict[str, str]
) -> dict[str, Any]:
    return {
        "build": build_id,
        "created": outcome.built_at.isoformat(timespec="seconds"),
        "base": settings.base,
        "triples": sum(len(source.graph) for source in outcome.graphs),
        "classes": class_counts(outcome),
        "graphs": [
            {
                "name": str(source.name),
                "kind": source.kind,
                "source": source.path.as_posix(),
                "triples": len(source.graph),
            }
            for source in outcome.graphs
        ],
        "files": {
            name: {"bytes": (folder / name).stat().st_size, "sha256": digest}
            for name, digest in digests.items()
        },
        "warnings": [finding.as_json() for finding in outcome.warnings],
    }


def write_descriptions(
    outcome: Outcome, minted: Minted, described: list[pyoxigraph.Quad], folder: Path
) -> None:
    """The catalog document (catalog graphs and file facts) and the VoID document (statistics
    and the dataset's own description), as N-Triples."""
    catalog_graphs = {minted.graph("catalog"), minted.graph("data/catalog")}
    catalog = [q.triple for q in quads(g for g in outcome.graphs if g.name in catalog_graphs)]
    void_name = minted.graph("void")
    statistics = [q.triple for q in described if q.graph_name.value == str(void_name)]  # type: ignore[union-attr]
    files = [q.triple for q in described if q.graph_name.value != str(void_name)]  # type: ignore[union-attr]
    dataset = str(minted.dataset)
    about = [
        t
        for t in catalog
        if isinstance(t.subject, pyoxigraph.NamedNode) and t.subject.value == dataset
    ]
    for name, triples in (("catalog", catalog + files), ("void", statistics + about)):
        ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        pyoxigraph.serialize(ordered, folder / DESCRIPTIONS[name], pyoxigraph.RdfFormat.N_TRIPLES)


def swap_current(dist: Path, target: Path) -> None:
    """Point dist/current at the new build with one rename, so readers never see a half state."""
    link = dist / CURRENT
    temporary = dist / f".{CURRENT}.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target.relative_to(dist))
    temporary.replace(link)


def prune(builds: Path, keep: Path) -> None:
    finished = sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in finished[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def freeze(outcome: Outcome, settings: Settings) -> Path:
    """Write dumps, the query store and a manifest; only a complete build becomes current."""
    minted = Minted(settings.base)
    builds = settings.dist / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = outcome.built_at.strftime("%Y%m%dT%H%M%S%fZ")
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=builds))
    partial.chmod(0o755)  # mkdtemp makes it private; the server may run as another user
    try:
        store = pyoxigraph.Store(str(partial / STORE))
        store.bulk_extend(quads(outcome.graphs))
        store.flush()  # everything on disk before readers open the store read-only
        store.optimize()
        files = dumps.write(store, partial, minted)
        digests = {path.relative_to(partial).as_posix(): sha256(path) for path in files}
        names = [path.name for path in files]
        described = [
            *void.statistics(store, minted, names),
            *void.files(minted, partial, files, digests),
        ]
        store.bulk_extend(described)  # about the dumps, so not in them
        store.flush()
        store.optimize()
        history = ldes.read_history(settings.state, settings.base)
        entity_digests = ldes.Digests.read(settings.state)
        new_members = ldes.changes(
            outcome.graphs, minted, history, outcome.built_at, entity_digests
        )
        practice_index.write(store, minted, history + new_members, partial)
        del store
        write_descriptions(outcome, minted, described, partial)
        ldes.render(history + new_members, minted, partial, settings.ldes_page_size)
        index = hash_documents(outcome, settings.base)
        (partial / DOCUMENTS).write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
        document = manifest(outcome, settings, build_id, partial, digests)
        document["ldes"] = {"members": len(history) + len(new_members), "new": len(new_members)}
        (partial / MANIFEST).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        final = builds / build_id
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if new_members:  # before the swap: a served member is always in the history
        ldes.write_history(settings.state, settings.base, history + new_members)
    entity_digests.write(settings.state)
    swap_current(settings.dist, final)
    prune(builds, final)
    return final
