"""Find the source files and parse each into its own named graph, failing with file and line."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import pyoxigraph
from rdflib import BNode, Graph, Node, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import SH, XSD

from practicegraph.settings import Settings
from practicegraph.vocab import Minted

POSITION = re.compile(r"^Parser error ")
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


XSD_STRING = str(XSD.string)


OxigraphTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


@lru_cache(maxsize=1 << 16)
def _iri(value: str) -> URIRef:
    return URIRef(value)


def rdflib_term(node: OxigraphTerm | pyoxigraph.Triple | pyoxigraph.DefaultGraph) -> Node:
    """pyoxigraph → rdflib; IRIs are shared objects (most recur thousands of times)."""
    if isinstance(node, pyoxigraph.NamedNode):
        return _iri(node.value)
    if isinstance(node, pyoxigraph.BlankNode):
        return BNode(node.value)
    if isinstance(node, pyoxigraph.Literal):
        if node.language:
            return RdfLiteral(node.value, lang=node.language)
        datatype = node.datatype.value
        return RdfLiteral(node.value, datatype=None if datatype == XSD_STRING else datatype)
    raise TypeError(f"not an RDF term: {node!r}")


@lru_cache(maxsize=1 << 16)
def _named(value: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(value)


def oxigraph_term(term: Node) -> OxigraphTerm:
    """rdflib → pyoxigraph: between the build's and the store's graph types."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = _named(str(term.datatype)) if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def parse_turtle(path: Path, base: str) -> Graph:
    """Parse one Turtle file into an rdflib graph (what validation works on); relative IRIs
    resolve against the base. oxigraph's parser reads, rdflib only stores: half the time of
    rdflib's own parser, which is most of a build's parsing at a million triples."""
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, None, f"cannot read: {error}") from error
    graph = Graph(bind_namespaces="none")  # the file's own prefixes, not rdflib's thirty
    parser = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=base)
    add = graph.add
    try:
        for quad in parser:
            add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    except SyntaxError as error:
        message = POSITION.sub("", error.msg or str(error))
        raise SourceError(path, error.lineno, f"Turtle syntax error {message}") from error
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
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


def scan(settings: Settings) -> list[SourceFile]:
    """Every Turtle source with the digest of its bytes, unparsed. Its named graph is
    {base}graph/ + its path in the project, without suffix."""
    minted = Minted(settings.base)
    project = settings.project_dir.absolute()
    found = []
    for kind, path in discover(settings):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:
            raise SourceError(path, None, f"cannot read: {error}") from error
        relative = path.absolute().relative_to(project)
        name = minted.graph(relative.with_suffix("").as_posix())
        found.append(SourceFile(kind, relative, name, digest))
    return found


def parse(settings: Settings, source: SourceFile) -> SourceGraph:
    """One source file as its named graph."""
    graph = parse_turtle(settings.project_dir / source.path, settings.base)
    if source.kind == "shapes":
        resolve_shape_namespaces(graph, settings.base)
    return SourceGraph(source.name, source.kind, source.path, graph, sha256=source.sha256)
