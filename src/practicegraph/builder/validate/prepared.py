"""rdflib's SPARQL processor, with the queries it has parsed kept for the next call.

pyshacl runs a SPARQL-based constraint once per focus node, with the node as an initial binding
and the same text each time; rdflib parses and translates that text on every call (about 40 ms
here), which made parsing most of the cost of validating a practice. A parsed and translated
query is what rdflib's own `prepareQuery` hands out for reuse with other bindings, so reusing
it changes no result. Registered as the "sparql" processor for the build's processes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Identifier


@lru_cache(maxsize=512)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


class PreparedProcessor(SPARQLProcessor):
    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,  # noqa: N803 - rdflib's names
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        query = strOrQuery
        if isinstance(query, str):
            query = _prepared(query, base, tuple(sorted((initNs or {}).items())))
        return super().query(query, initBindings, initNs, base, DEBUG)


def register() -> None:
    plugin.register("sparql", Processor, __name__, PreparedProcessor.__name__)
