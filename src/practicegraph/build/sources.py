"""Find the source files and parse each into its own named graph, failing with file and line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import SH, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from practicegraph.settings import Settings
from practicegraph.vocab import Minted

Kind = Literal["ontology", "shapes", "data", "reference", "external", "generated"]


class SourceError(Exception):
    """A source file that cannot be read or parsed; names the file and, where known, the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class SourceGraph:
    """One named graph of the dataset and the file it came from."""

    name: URIRef
    kind: Kind
    path: Path
    graph: Graph
    lines: dict[URIRef, int] = field(default_factory=dict)
    """Line (1-based) of the file that describes a node, where the loader knows it."""


def discover(settings: Settings) -> Iterator[tuple[Kind, Path]]:
    """Every Turtle source, in a stable order: ontology, shapes, then data."""
    folders: list[tuple[Kind, Path]] = [
        ("ontology", settings.ontology_dir),
        ("shapes", settings.shapes_dir),
        ("data", settings.data_dir),
    ]
    for kind, folder in folders:
        if not folder.is_dir():
            raise SourceError(folder, None, "folder not found")
        pattern = "**/*.ttl" if kind == "data" else "*.ttl"
        for path in sorted(folder.glob(pattern)):
            if settings.reference_dir not in path.parents:
                yield kind, path


def graph_name(minted: Minted, settings: Settings, path: Path) -> URIRef:
    """The named graph of a file: {base}graph/ + its path in the project, without suffix."""
    relative = path.resolve().relative_to(settings.project_dir.resolve()).with_suffix("")
    return minted.graph(relative.as_posix())


def parse_turtle(path: Path, base: str) -> Graph:
    """Parse one Turtle file; relative IRIs resolve against the base."""
    graph = Graph()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, None, f"cannot read: {error}") from error
    try:
        graph.parse(data=text, format="turtle", publicID=base)
    except BadSyntax as error:
        raise SourceError(path, error.lines + 1, f"Turtle syntax error: {error._why}") from error
    except Exception as error:  # rdflib raises assorted errors for bad terms
        raise SourceError(path, None, f"cannot parse: {error}") from error
    return graph


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


def load(settings: Settings) -> list[SourceGraph]:
    """Parse every Turtle source into its own named graph."""
    minted = Minted(settings.base)
    graphs = []
    for kind, path in discover(settings):
        graph = parse_turtle(path, settings.base)
        if kind == "shapes":
            resolve_shape_namespaces(graph, settings.base)
        relative = path.resolve().relative_to(settings.project_dir.resolve())
        graphs.append(SourceGraph(graph_name(minted, settings, path), kind, relative, graph))
    return graphs
