"""Find the source files and parse each into its own named graph, failing with file and line."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import SH, XSD

from practicegraph.core.bounds import check_literals, check_size
from practicegraph.core.reading import SourceError, parse_turtle_data, read_source
from practicegraph.core.settings import PROJECT_HINT, BuildSettings
from practicegraph.core.vocab import Minted

POSITION = re.compile(r"^Parser error ")
Kind = Literal["ontology", "shapes", "data", "reference", "external", "generated"]


@dataclass
class SourceGraph:
    """One named graph of the dataset and the file it came from."""

    name: URIRef
    kind: Kind
    path: Path
    graph: Graph
    lines: dict[URIRef, int] = field(default_factory=dict)
    """Line (1-based) of the file that describes a node, where the loader knows it."""
    sha256: str | None = None
    """Of the file's bytes; None for generated graphs."""


@dataclass(frozen=True)
class SourceFile:
    """A source file found, not yet parsed: enough to tell whether it changed."""

    kind: Kind
    path: Path
    """Relative to the project folder."""
    name: URIRef
    sha256: str


def discover(settings: BuildSettings) -> Iterator[tuple[Kind, Path]]:
    """Every Turtle source, in a stable order: ontology, shapes, then data."""
    folders: list[tuple[Kind, Path]] = [
        ("ontology", settings.ontology_dir),
        ("shapes", settings.shapes_dir),
        ("data", settings.data_dir),
    ]
    for kind, folder in folders:
        if not folder.is_dir():
            raise SourceError(folder, None, f"folder not found: {PROJECT_HINT}")
        pattern = "**/*.ttl" if kind == "data" else "*.ttl"
        for path in sorted(folder.glob(pattern)):
            if settings.reference_dir not in path.parents:
                yield kind, path


def resolve_shape_namespaces(graph: Graph, base: str) -> None:
    """Let sh:namespace values be relative like every other IRI in our Turtle files.

    SPARQL-based shapes declare prefixes as xsd:anyURI literals, which Turtle does not resolve;
    without this the ontology namespace would have to be written out with a fixed base.
    """
    for subject, value in list(graph.subject_objects(SH.namespace)):
        text = str(value)
        if urlsplit(text).scheme:
            continue  # already absolute
        absolute = urljoin(base, text) + ("#" if text.endswith("#") else "")  # urljoin drops "#"
        if absolute != text:
            graph.remove((subject, SH.namespace, value))
            graph.add((subject, SH.namespace, RdfLiteral(absolute, datatype=XSD.anyURI)))


def scan(settings: BuildSettings) -> list[SourceFile]:
    """Every Turtle source with the digest of its bytes, unparsed. Its named graph is
    {base}graph/ + its path in the project, without suffix."""
    minted = Minted(settings.base)
    project = settings.project_dir.absolute()
    found = []
    for kind, path in discover(settings):
        check_size(path, settings.max_source_mb)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:
            raise SourceError(path, None, f"cannot read: {error}") from error
        relative = path.absolute().relative_to(project)
        name = minted.graph(relative.with_suffix("").as_posix())
        found.append(SourceFile(kind, relative, name, digest))
    return found


def parse(settings: BuildSettings, source: SourceFile) -> SourceGraph:
    """One source file as its named graph; a literal past the bound is refused unparsed."""
    path = settings.project_dir / source.path
    data = read_source(path)
    check_literals(path, data, settings.max_literal_kb)
    graph = parse_turtle_data(path, data, settings.base)
    if source.kind == "shapes":
        resolve_shape_namespaces(graph, settings.base)
    return SourceGraph(source.name, source.kind, source.path, graph, sha256=source.sha256)
