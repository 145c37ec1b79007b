"""Freeze a validated dataset into an immutable build folder, then swap it in atomically."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from practicegraph.builder.clock import Clock
from practicegraph.builder.freeze import contacts, dumps, void
from practicegraph.builder.freeze.beside import beside
from practicegraph.builder.freeze.ldes import pages, views
from practicegraph.builder.freeze.ldes.changes import changes as practice_changes
from practicegraph.builder.freeze.ldes.digests import Digests
from practicegraph.builder.freeze.ldes.history import History, Member
from practicegraph.builder.freeze.ldes.members import changes, first_seen
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.parse.previous import Plan, full, is_unit
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.core import build_mark
from practicegraph.core.build_folder import (
    BUILDS,
    CURRENT,
    DESCRIPTIONS,
    DOCUMENTS,
    PARTIAL_PREFIX,
    STORE,
    FileRecord,
    GraphRecord,
    Manifest,
    StreamRecord,
)
from practicegraph.core.changes import write as write_change_list
from practicegraph.core.redirects import read as read_redirects
from practicegraph.core.settings import BuildSettings
from practicegraph.core.twin_memory import oxigraph_triples
from practicegraph.core.vocab import Minted
from practicegraph.finder.writer import write as write_index

KEEP_BUILDS = 3
"""Older builds are pruned; the current one and a few before it stay for rollback."""


def quads(graphs: Iterable[SourceGraph]) -> Iterator[pyoxigraph.Quad]:
    """Source graphs as one RDF dataset, one named graph each."""
    for source in graphs:
        graph = pyoxigraph.NamedNode(str(source.name))
        for subject, predicate, value in oxigraph_triples(source.graph):
            yield pyoxigraph.Quad(subject, predicate, value, graph)  # type: ignore[arg-type]


def documents_of(source: SourceGraph, base: str) -> dict[str, list[str]]:
    """What a document describes besides the thing it is about, by document: our hash IRIs
    ({base}ns/praktijk → its terms), and the parts of a practice (docs/urls-and-formats.md,
    "Documents"): its local initiatives and its source page, all in its own file."""
    found: dict[str, set[str]] = {}
    graph = source.graph
    for subject in graph.subjects(unique=True):
        iri = str(subject)
        if isinstance(subject, URIRef) and iri.startswith(base) and "#" in iri:
            found.setdefault(iri.split("#", 1)[0], set()).add(iri)
    pg = Minted(base).pg
    for practice in graph.subjects(RDF.type, pg.Practice):
        parts = {
            *graph.subjects(DCTERMS.source, practice),
            *graph.objects(practice, PROV.wasDerivedFrom),
        }
        iris = {str(part) for part in parts if isinstance(part, URIRef)}
        if iris:
            found.setdefault(str(practice), set()).update(iris)
    return {document: sorted(iris) for document, iris in sorted(found.items())}


def hash_documents(entries: list[GraphRecord]) -> dict[str, list[str]]:
    merged: dict[str, set[str]] = {}
    for entry in entries:
        for document, iris in entry.documents.items():
            merged.setdefault(document, set()).update(iris)
    return {document: sorted(iris) for document, iris in sorted(merged.items())}


CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER isIRI(?s) } GROUP BY ?c"


def class_counts(store: pyoxigraph.Store) -> dict[str, int]:
    """Distinct typed IRIs per class, counted once here so that pages never count per request."""
    rows = store.query(CLASSES, use_default_graph_as_union=True)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    return {row[0].value: int(row[1].value) for row in sorted(rows, key=lambda r: r[0].value)}


def entry(source: SourceGraph, base: str, unit: bool) -> GraphRecord:
    """What the manifest records of one graph; the next build reuses it when nothing changed."""
    return GraphRecord(
        str(source.name),
        source.kind,
        source.path.as_posix(),
        len(source.graph),
        source.sha256,
        unit,
        documents_of(source, base),
    )


def write_descriptions(
    store: pyoxigraph.Store, minted: Minted, described: list[pyoxigraph.Quad], folder: Path
) -> None:
    """The catalog document (catalog graphs and file facts) and the VoID document (statistics
    and the dataset's own description), as N-Triples."""
    catalog = [
        quad.triple
        for name in (minted.graph("catalog"), minted.graph("data/catalog"))
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(name)))
    ]
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


def write_store(path: Path, outcome: Outcome, minted: Minted) -> None:
    """The query store: the last build's (hard links to its immutable files) with the changed
    graphs replaced, or, without a last build to start from, one loaded from every graph. It is
    closed when written: the steps after it open it themselves, some in another process."""
    plan = outcome.plan
    if plan is not None and plan.folder is not None:
        pyoxigraph.Store.read_only(str(plan.folder / STORE)).backup(str(path))
        store = pyoxigraph.Store(str(path))
        about_dumps = {str(minted.graph("void")), str(minted.graph("catalog/files"))}
        for name in sorted(plan.replaced | about_dumps):
            store.remove_graph(pyoxigraph.NamedNode(name))
    else:
        store = pyoxigraph.Store(str(path))
    store.bulk_extend(quads(outcome.graphs))
    store.flush()  # everything on disk before readers open the store read-only


def described_before(store_path: Path, names: set[str], kinds: list[URIRef]) -> set[str]:
    """IRIs the last build's `names` graphs typed with one of `kinds`: what a change may delete."""
    store = pyoxigraph.Store.read_only(str(store_path))
    found = set()
    for name in names:
        graph = pyoxigraph.NamedNode(name)
        for kind in kinds:
            for quad in store.quads_for_pattern(
                None, pyoxigraph.NamedNode(str(RDF.type)), pyoxigraph.NamedNode(str(kind)), graph
            ):
                if isinstance(quad.subject, pyoxigraph.NamedNode):
                    found.add(quad.subject.value)
    return found


def stream_and_index(
    store: pyoxigraph.Store, outcome: Outcome, settings: BuildSettings, plan: Plan, folder: Path
) -> tuple[History, Digests, list[Member]]:
    """The event stream's new members and the finder's index; with a last build, for what
    changed only (its entities, deleted or not, and its practices)."""
    minted = Minted(settings.base)
    pg = minted.pg
    history = History.read(settings.state, settings.base)
    digests = Digests.read(settings.state)
    before = plan.folder
    old = None
    if before is not None:
        old = described_before(before / STORE, plan.replaced, [pg.Practice, pg.LocalInitiative])
    changed = [g for g in [*outcome.graphs, *plan.revalidated] if g.kind == "data"]
    if settings.publish_personal_contacts:  # members never carry personal values
        changed = [contacts.functional(g, outcome.personal) for g in changed]
    new_members = changes(changed, minted, history, outcome.built_at, digests, old)
    added = first_seen(history, new_members)
    scope = None
    if old is not None:
        scope = old | {str(s) for g in changed for s in g.graph.subjects(RDF.type, pg.Practice)}
    write_index(store, minted, added, folder, before, scope)
    return history, digests, new_members


@dataclass
class Dumped:
    """What the dumps step hands back: the files, the facts about them and the statistics (not
    in the dumps), the class counts, and the seconds it took: wall, and CPU of the process it ran
    in (in the build's own process, the stream's beside it are in that figure too)."""

    written: dumps.Written
    described: list[pyoxigraph.Quad]
    counted: dict[str, int]
    seconds: float
    cpu: float


def dumps_and_statistics(
    store_path: Path,
    minted: Minted,
    folder: Path,
    keys: dict[str, str | None],
    before: Path | None,
) -> Dumped:
    """The dumps, and beside them (queries release the GIL) the VoID statistics and the class
    counts; then the facts about the dump files. Run beside the event stream (in a process of
    its own when the dumps are written whole), from the store written and closed: it shares
    nothing with the stream."""
    started, used = time.perf_counter(), time.process_time()
    store = pyoxigraph.Store.read_only(str(store_path))
    with ThreadPoolExecutor(max_workers=1) as pool:
        statistics = pool.submit(list, void.statistics(store, minted, dumps.ALL))
        counting = pool.submit(class_counts, store)
        written = dumps.write(store, folder, minted, keys, before)
        described = [
            *statistics.result(),
            *void.files(minted, folder, written.paths, written.digests),
        ]
        counted = counting.result()
    took = time.perf_counter() - started
    return Dumped(written, described, counted, took, time.process_time() - used)


def write_changes(members: list[Member], settings: BuildSettings, folder: Path) -> None:
    """The changes to practices since the stream began, for people (/wijzigingen)."""
    minted = Minted(settings.base)
    redirects = read_redirects(settings.project_dir, minted)
    write_change_list(folder, practice_changes(members, redirects, str(minted.id("praktijk", ""))))


def stream_record(history: History, new: list[Member]) -> StreamRecord:
    """How many members the build serves, and the last one."""
    total = len(history) + len(new)
    if total == 0:
        return StreamRecord()
    last = new[-1] if new else history.members(total - 1)[0]
    return StreamRecord(total, len(new), last.iri)


def freeze(outcome: Outcome, settings: BuildSettings, process: Executor | None = None) -> Path:
    """Write dumps, the query store and a manifest; only a complete build becomes current. A
    build from nothing writes its dumps in `process` if given (see `beside.spare`)."""
    plan = outcome.plan or full(settings, [], {})
    builds = settings.dist / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    build_id = outcome.built_at.strftime("%Y%m%dT%H%M%S%fZ")
    partial = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=builds))
    partial.chmod(0o755)  # mkdtemp makes it private; the server may run as another user
    try:
        history, entity_digests, new_members = write_build(
            partial, build_id, outcome, settings, plan, process
        )
        final = builds / build_id
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if new_members:  # before the swap: a served member is always in the history
        history.append(new_members)
    entity_digests.write(settings.state, keep_unused=plan.folder is not None)
    swap_current(settings.dist, final)
    prune(builds, final)
    return final


def write_stream(
    outcome: Outcome, settings: BuildSettings, plan: Plan, folder: Path
) -> tuple[History, Digests, list[Member]]:
    """The event stream's pages and views, the changes for people and the finder's index, from
    the store written and closed (read here, as the dumps may be read meanwhile)."""
    minted = Minted(settings.base)
    before = plan.folder
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    history, entity_digests, new_members = stream_and_index(store, outcome, settings, plan, folder)
    last_stream = plan.manifest.ldes if plan.manifest is not None else StreamRecord()
    served = pages.served_before(last_stream, before, history)
    pages.render(history, new_members, minted, folder, settings.ldes_page_size, served)
    everything = [*history.members(0), *new_members]  # read once, for both
    same = served is not None and not new_members and served[1] == len(history)
    if served is None or not same or not views.reuse(served[0], folder):
        views.render(everything, minted, folder, settings.ldes_page_size)
    write_changes(everything, settings, folder)
    return history, entity_digests, new_members


def graph_entries(outcome: Outcome, plan: Plan, minted: Minted) -> list[GraphRecord]:
    """The records of the graphs kept from the last build and of those built now, by name."""
    built = (entry(g, minted.base, is_unit(g, minted)) for g in outcome.graphs)
    return sorted([*plan.kept, *built], key=lambda e: e.name)


def dumping_beside(
    before: Path | None, process: Executor | None
) -> AbstractContextManager[Executor]:
    """Where the dumps are written beside the stream. A process takes a second to start: worth it
    when the dumps are written whole (the one given, already started, else a new one); from the
    last build they are mostly copied, which a thread does as well (it waits on the disk)."""
    if before is not None:
        return ThreadPoolExecutor(max_workers=1)
    return nullcontext(process) if process is not None else beside()


def write_build(
    folder: Path,
    build_id: str,
    outcome: Outcome,
    settings: BuildSettings,
    plan: Plan,
    process: Executor | None = None,
) -> tuple[History, Digests, list[Member]]:
    """Fill a build folder not yet current: the store, dumps, VoID, event stream, changes, index
    and manifest. The stream's new members are returned, not appended: the caller appends them
    once the folder is complete."""
    minted = Minted(settings.base)
    before = plan.folder
    catalog_graph = str(minted.graph("catalog"))
    clock = Clock(outcome.timings, outcome.cpu)
    with clock("freeze: store"):
        write_store(folder / STORE, outcome, minted)
    # what each graph's dump pieces depend on: known without reading the graphs, so the dumps
    # start at once (the graphs' records are made while they are written)
    sources = [(e.name, e.sha256) for e in plan.kept]
    sources += [(str(g.name), g.sha256) for g in outcome.graphs]
    keys = {name: None if name == catalog_graph else f"{plan.world}:{sha}" for name, sha in sources}
    with dumping_beside(before, process) as beside_stream:
        dumping = beside_stream.submit(
            dumps_and_statistics, folder / STORE, minted, folder, keys, before
        )
        with clock("freeze: event stream, index"):
            history, entity_digests, new_members = write_stream(outcome, settings, plan, folder)
            entries = graph_entries(outcome, plan, minted)
        with clock("freeze: waiting for the dumps"):
            dumped = dumping.result()
    outcome.timings["freeze: dumps, VoID (beside the stream)"] = dumped.seconds
    outcome.cpu["freeze: dumps, VoID (beside the stream)"] = dumped.cpu
    described = [*dumped.described, build_mark.quad(minted, build_id)]
    store = pyoxigraph.Store(str(folder / STORE))
    store.bulk_extend(described)  # about the dumps, so not in them
    store.flush()
    if before is None:
        store.optimize()
    write_descriptions(store, minted, described, folder)
    del store  # closed before the folder is renamed into place
    index = hash_documents(entries)
    (folder / DOCUMENTS).write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    files = {
        name: FileRecord((folder / name).stat().st_size, digest)
        for name, digest in dumped.written.digests.items()
    }
    Manifest(
        build_id,
        outcome.built_at.isoformat(timespec="seconds"),
        settings.base,
        plan.world,
        sum(e.triples for e in entries),
        dumped.counted,
        entries,
        files,
        [finding.as_json() for finding in outcome.warnings],
        stream_record(history, new_members),
    ).write(folder)
    return history, entity_digests, new_members
