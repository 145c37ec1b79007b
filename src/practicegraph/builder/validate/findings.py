"""SHACL validation of the data, and of the shapes themselves, as findings a person can act on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.locate import line_of
from practicegraph.builder.validate.shacl_engine import Engine
from practicegraph.core.vocab import Minted

SHACL_SHACL = "assets/shacl-shacl.ttl"
CLOSED = "Property {path} is not allowed here (closed shape): a typo, or not in the model."


@dataclass(frozen=True)
class Finding:
    """One SHACL result, located in the source it came from."""

    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str
    constraint: str
    file: str | None
    line: int | None
    details: tuple[str, ...] = ()
    """What failed inside a shape used through sh:node: message and value of each nested result."""
    candidates: tuple[str, ...] = ()
    """What an unresolved name may have meant (name resolver findings)."""

    @property
    def is_violation(self) -> bool:
        return self.severity == "Violation"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def finding_from_json(data: dict[str, Any]) -> Finding:
    """A finding as `Finding.as_json` wrote it (kept in caches and manifests)."""
    values = dict(data)
    for key in ("details", "candidates"):
        values[key] = tuple(values[key])
    return Finding(**values)


class Namer:
    """Writes terms and SHACL paths the way a person reads them: prefixed where possible."""

    def __init__(self, minted: Minted, shapes: Graph) -> None:
        self.graph = Graph(bind_namespaces="none")
        for prefix, namespace in minted.prefixes().items():
            self.graph.bind(prefix, namespace)
        self.shapes = shapes

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            try:
                prefix, _namespace, local = self.graph.compute_qname(node, generate=False)
            except (KeyError, ValueError):
                return f"<{node}>"
            return f"{prefix}:{local}" if local else f"<{node}>"
        if isinstance(node, Literal):
            if node.datatype == XSD.string:  # RDF 1.1: the same literal as the plain one
                node = Literal(str(node))
            return node.n3(self.graph.namespace_manager)
        return "[]"

    def path(self, graph: Graph, node: Node) -> str:
        """A SHACL property path as SPARQL property-path text."""
        return path_text(graph, node, self.term)

    def shape(self, node: Node, constraint: Node | None = None) -> str:
        """A named shape by name; an anonymous property shape by its parent and path.

        A named SPARQL constraint is added, as it says more than the node shape that holds it.
        """
        if isinstance(constraint, URIRef):
            return f"{self.shape(node)} / {self.term(constraint)}"
        if isinstance(node, URIRef):
            return self.term(node)
        parent = self.shapes.value(predicate=SH.property, object=node)
        path = self.shapes.value(node, SH.path)
        inside = self.term(parent) if parent is not None else "[]"
        if path is not None:
            return f"{inside} → {self.path(self.shapes, path)}"
        return inside


class Locator:
    """Finds which file, and which line of it, describes a focus node."""

    def __init__(self, sources: list[SourceGraph], base: str, project_dir: Path) -> None:
        self.sources = sources
        self.base = base
        self.project_dir = project_dir

    @cached_property
    def _index(self) -> tuple[dict[Node, SourceGraph], dict[Node, Node]]:
        """The first source describing each subject, and the first subject leading to each
        blank node: one pass, where asking every source per finding grew with both."""
        described: dict[Node, SourceGraph] = {}
        parents: dict[Node, Node] = {}
        for source in self.sources:
            for subject, _predicate, value in source.graph:
                described.setdefault(subject, source)
                if isinstance(value, BNode):
                    parents.setdefault(value, subject)
        return described, parents

    def anchor(self, node: Node) -> Node:
        """A blank node is reported at the nearest IRI that leads to it."""
        _described, parents = self._index
        seen: set[Node] = set()
        while isinstance(node, BNode) and node not in seen and node in parents:
            seen.add(node)
            node = parents[node]
        return node

    def locate(self, node: Node) -> tuple[SourceGraph | None, int | None]:
        described, _parents = self._index
        source = described.get(node)
        if source is None:
            return None, None
        if not isinstance(node, URIRef):
            return source, None
        if node in source.lines:
            return source, source.lines[node]
        if source.kind == "generated":
            return source, None
        return source, line_of(self.project_dir / source.path, node, source.graph, self.base)


def details(report: Graph, result: Node, namer: Namer) -> tuple[str, ...]:
    """The nested results pyshacl attaches with sh:detail, innermost last."""
    found: list[str] = []
    for detail in report.objects(result, SH.detail):
        message = min((str(m) for m in report.objects(detail, SH.resultMessage)), default="")
        value = report.value(detail, SH.value)
        found.append(f"{message} (value {namer.term(value)})" if value is not None else message)
        found.extend(details(report, detail, namer))
    return tuple(dict.fromkeys(found))


def results(report: Graph, namer: Namer, locator: Locator) -> list[Finding]:
    """Every sh:ValidationResult of a pyshacl report as a Finding."""
    findings = []
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        assert focus is not None
        anchor = locator.anchor(focus)
        source, line = locator.locate(anchor)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        if report.value(result, SH.sourceConstraintComponent) == SH.ClosedConstraintComponent:
            messages = [CLOSED.format(path=namer.path(report, path) if path is not None else "?")]
        focus_text = namer.term(anchor) if anchor == focus else f"{namer.term(anchor)} → []"
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1],
                message=messages[0] if messages else "",
                focus=focus_text,
                path=namer.path(report, path) if path is not None else None,
                value=namer.term(value) if value is not None else None,
                shape=namer.shape(
                    report.value(result, SH.sourceShape) or BNode(),
                    report.value(result, SH.sourceConstraint),
                ),
                constraint=namer.term(
                    report.value(result, SH.sourceConstraintComponent) or BNode()
                ),
                file=source.path.as_posix() if source is not None else None,
                line=line,
                details=details(report, result, namer),
            )
        )
    return ordered(findings)


def ordered(findings: list[Finding]) -> list[Finding]:
    """By file, line and focus node: the order a person fixes them in."""
    return sorted(
        findings, key=lambda f: (f.file or "", f.line or 0, f.focus, f.path or "", f.message)
    )


def union(graphs: list[SourceGraph]) -> Graph:
    merged = Graph()
    for source in graphs:
        merged += source.graph
    return merged


def shacl_shacl() -> Graph:
    """SHACL's own shapes for shapes graphs (W3C SHACL §C), as pyshacl ships them."""
    text = resources.files("pyshacl").joinpath(SHACL_SHACL).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def validate_shapes(sources: list[SourceGraph], minted: Minted, project_dir: Path) -> list[Finding]:
    """Validate the shapes files against SHACL's own shapes."""
    shape_sources = [s for s in sources if s.kind == "shapes"]
    meta = shacl_shacl()
    try:
        report = Engine(meta).report([s.graph for s in shape_sources])
    except RuntimeError as error:  # both engines give up on shapes nested past their depth
        message = str(error).split("\n", 1)[0].rstrip("!")
        return [
            Finding(
                severity="Violation",
                message=f"SHACL's own shapes cannot check these shapes: {message}; nest less",
                focus="-",
                path=None,
                value=None,
                shape="SHACL for SHACL",
                constraint="checked",
                file=", ".join(s.path.as_posix() for s in shape_sources),
                line=None,
            )
        ]
    return results(report, Namer(minted, meta), Locator(shape_sources, minted.base, project_dir))


def path_text(
    graph: Graph,
    node: Node,
    named: Callable[[URIRef], str],
    other: Callable[[Node], str] = lambda _node: "[]",
) -> str:
    """A SHACL property path as SPARQL property-path text: IRIs as `named` writes them, a node
    that is no path (a malformed one) as `other` does."""
    if isinstance(node, URIRef):
        return named(node)
    if (node, RDF.first, None) in graph:
        return "/".join(path_text(graph, item, named, other) for item in Collection(graph, node))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return template.format(path_text(graph, inner, named, other))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        paths = (path_text(graph, item, named, other) for item in Collection(graph, alternatives))
        return "(" + "|".join(paths) + ")"
    return other(node)
