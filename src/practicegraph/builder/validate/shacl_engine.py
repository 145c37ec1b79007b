"""The SHACL engine: pyshacl-turbo judges, pyshacl stands by.

pyshacl-turbo is SHACL (Core, SPARQL constraints and SHACL-AF targets) in Rust behind pySHACL's
API, and writes the same report vocabulary, so findings read the same. It is ten times faster
than pyshacl on our shapes and releases the GIL while it validates, so parts of a build validate
in threads side by side. pyshacl, the reference implementation, judges any data turbo cannot
report on: turbo stops on a malformed rdf:List it has to print, which is just the kind of broken
file a build must explain, not crash on, and on shapes nested deeper than it follows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from itertools import chain

import pyoxigraph
import pyshacl
import pyshacl_turbo
from rdflib import Graph, Node

from practicegraph.builder.validate import prepared
from practicegraph.core.twin_memory import converted, oxigraph_triples

prepared.register()  # pyshacl's SPARQL constraints: parse each text once per process

VERSIONS = f"pyshacl-turbo {pyshacl_turbo.__version__}, pyshacl {pyshacl.__version__}"
"""What judges a build: part of what makes a last build's findings reusable."""

Triple = tuple[Node, Node, Node]
log = logging.getLogger(__name__)


class Engine:
    """Shapes compiled once, to validate any number of data graphs with."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.compiled = pyshacl_turbo.compile_shapes(shapes, advanced=True)  # type: ignore[no-untyped-call]

    def report(self, graphs: Sequence[Graph], extra: Iterable[Triple] = ()) -> Graph:
        """The SHACL validation report for the union of `graphs` and `extra` triples."""
        triples = [*extra]
        try:
            return self.turbo(graphs, triples)
        except (ValueError, RuntimeError) as error:  # RuntimeError: "Validation path too deep"
            log.info("pyshacl-turbo cannot report on this data (%s); pyshacl judges it", error)
            return self.reference(graphs, triples)

    def turbo(self, graphs: Sequence[Graph], extra: Iterable[Triple] = ()) -> Graph:
        """pyshacl-turbo's report: the build's judge, apart so a test can hold it to pyshacl's."""
        store = pyoxigraph.Store()  # blank nodes keep their labels: the report names the same
        triples = chain(*(oxigraph_triples(graph) for graph in graphs), converted(extra))
        store.bulk_extend(pyoxigraph.Quad(s, p, o) for s, p, o in triples)  # type: ignore[arg-type]
        report: Graph
        _conforms, report, _text = self.compiled.validate(store, allow_warnings=True)
        return report

    def reference(self, graphs: Sequence[Graph], extra: Iterable[Triple] = ()) -> Graph:
        """pyshacl's report on the same data, with the options the build judges by."""
        data = Graph()
        for graph in graphs:
            data += graph
        for triple in extra:
            data.add(triple)
        report: Graph
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=self.shapes,
            inference="none",
            allow_warnings=True,
            advanced=True,  # SHACL-AF SPARQL targets: cross-file checks run once
        )
        return report
