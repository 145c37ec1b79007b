"""The last good build as the start of the next one.

Editing a practice file changes that file's graph and nothing else: the next build parses,
links and validates that file, writes its graph into a copy of the last build's store, and
copies every other graph's dump pieces, event-stream pages and index records. Anything else
changing (ontology, shapes, vocabularies, reference lists, settings, this program) is a change
of the world every graph is judged in: the build then starts from nothing.

A practice file that other files link to, or that describes a node another file describes,
can change how those files validate: they are validated again too (their graphs stay).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import URIRef
from rdflib.namespace import RDF

from practicegraph import __version__
from practicegraph.builder.parse import sources
from practicegraph.builder.parse.sources import SourceFile, SourceGraph
from practicegraph.builder.validate import shacl_engine
from practicegraph.core import personal_data
from practicegraph.core.build_folder import CURRENT, STORE, GraphRecord, Manifest
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted

FORMAT = "2"
"""Of what a build records for the next; a build of another format is not reused. 2: a
practice's document lists its parts (initiatives, source page)."""


def is_unit(graph: SourceGraph, minted: Minted) -> bool:
    """A practice file: a data file that describes a practice."""
    return graph.kind == "data" and (None, RDF.type, minted.pg.Practice) in graph.graph


def world_digest(settings: BuildSettings, files: list[SourceFile], units: set[str]) -> str:
    """The digest of what every graph is judged in: every source but the practice files, the
    reference lists, the list of personal data, the settings that shape a build, and the versions
    of the tools."""
    digest = hashlib.sha256()
    for part in (FORMAT, __version__, shacl_engine.VERSIONS, pyoxigraph.__version__):
        digest.update(f"{part}\0".encode())
    digest.update(json.dumps(settings.fingerprint(), sort_keys=True).encode())
    for source in files:
        if source.path.as_posix() not in units:
            digest.update(f"\0{source.path.as_posix()}\0{source.sha256}".encode())
    for path in sorted(settings.reference_dir.glob("*")):
        if path.is_file():
            digest.update(f"\0{path.name}\0".encode() + path.read_bytes())
    personal = settings.project_dir / personal_data.FILE  # what every contact point is judged by
    if personal.is_file():
        digest.update(b"\0personal\0" + personal.read_bytes())
    return digest.hexdigest()


@dataclass
class Plan:
    """What this build takes from the last good one; with `folder` None, nothing."""

    world: str
    files: list[SourceFile]
    """Every source file found."""
    parsed: list[SourceGraph]
    """The files parsed: all of them, or those that changed."""
    folder: Path | None = None
    manifest: Manifest | None = None
    replaced: set[str] = field(default_factory=set)
    """Graphs of the last build whose content changed or went away."""
    revalidated: list[SourceGraph] = field(default_factory=list)
    """Unchanged practice files, parsed, to validate again: what they link to changed."""

    @property
    def incremental(self) -> bool:
        return self.folder is not None

    @property
    def kept(self) -> list[GraphRecord]:
        """The last build's records of the graphs this build takes over unchanged."""
        graphs = self.manifest.graphs if self.manifest is not None else []
        return [g for g in graphs if g.name not in self.replaced]


def last_build(settings: BuildSettings) -> tuple[Path, Manifest] | None:
    current = settings.dist / CURRENT
    try:
        folder = current.resolve(strict=True)
        manifest = Manifest.read(folder)
    except (OSError, ValueError):
        return None
    if manifest.base != settings.base:
        return None
    return folder, manifest


def plan(settings: BuildSettings, files: list[SourceFile], reuse: bool = True) -> Plan:
    """Parse what must be parsed and decide what can be taken from the last good build."""
    minted = Minted(settings.base)
    last = last_build(settings) if reuse else None
    if last is None:
        return full(settings, files, {})
    folder, manifest = last
    entries = {g.source: g for g in manifest.graphs if g.sha256}
    changed = [f for f in files if known_digest(entries, f) != f.sha256]
    present = {f.path.as_posix() for f in files}
    removed = [g for source, g in entries.items() if source not in present]
    parsed = {f.path.as_posix(): sources.parse(settings, f) for f in changed}
    if not all(is_unit(g, minted) for g in parsed.values()):
        return full(settings, files, parsed)
    if not all(g.unit for g in removed):
        return full(settings, files, parsed)
    units = {source for source, g in entries.items() if g.unit} | set(parsed)
    key = world_digest(settings, files, units)
    if key != manifest.world:
        return full(settings, files, parsed)
    replaced = {str(f.name) for f in changed} | {g.name for g in removed}
    affected = linked(folder / STORE, replaced, list(parsed.values()))
    by_name = {str(f.name): f for f in files}
    if not all(n in by_name and entries[by_name[n].path.as_posix()].unit for n in affected):
        return full(settings, files, parsed)
    revalidated = [sources.parse(settings, by_name[name]) for name in sorted(affected)]
    replaced.add(str(minted.graph("catalog")))  # made again by every build: its dates
    replaced.add(str(minted.graph("redirects")))  # and from data/redirects.csv
    return Plan(key, files, list(parsed.values()), folder, manifest, replaced, revalidated)


def known_digest(entries: dict[str, GraphRecord], source: SourceFile) -> str | None:
    entry = entries.get(source.path.as_posix())
    return entry.sha256 if entry is not None else None


def full(settings: BuildSettings, files: list[SourceFile], parsed: dict[str, SourceGraph]) -> Plan:
    graphs = [parsed.get(f.path.as_posix()) or sources.parse(settings, f) for f in files]
    minted = Minted(settings.base)
    units = {g.path.as_posix() for g in graphs if is_unit(g, minted)}
    return Plan(world_digest(settings, files, units), files, graphs)


def linked(store_path: Path, replaced: set[str], new: list[SourceGraph]) -> set[str]:
    """Graphs outside `replaced` that link to, or also describe, a node the replaced graphs
    describe, before or after the change."""
    store = pyoxigraph.Store.read_only(str(store_path))
    nodes = {
        quad.subject.value
        for name in replaced
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(name))
        if isinstance(quad.subject, pyoxigraph.NamedNode)
    }
    nodes |= {str(s) for g in new for s in g.graph.subjects(unique=True) if isinstance(s, URIRef)}
    found: set[str] = set()
    for iri in nodes:
        node = pyoxigraph.NamedNode(iri)
        for quad in (
            *store.quads_for_pattern(None, None, node),
            *store.quads_for_pattern(node, None, None),
        ):
            graph = quad.graph_name
            if isinstance(graph, pyoxigraph.NamedNode) and graph.value not in replaced:
                found.add(graph.value)
    return found
