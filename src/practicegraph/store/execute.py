"""Run one SPARQL query on an open store and serialise the answer, cut at a limit.

Runs inside a worker process (see pool.py): this is the code a hostile query can hang.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph

from practicegraph.formats import BY_MEDIA_TYPE, RESULTS_MEDIA, serialize_triples
from practicegraph.store.base import QueryAnswer, QueryError, QueryJob
from practicegraph.store.guard import names_its_dataset


@dataclass(frozen=True)
class Limits:
    max_rows: int
    prefixes: dict[str, str]
    context: dict[str, Any]
    context_url: str


def term_json(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal,
) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 Query Results JSON Format."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        value: dict[str, str] = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            value["datatype"] = term.datatype.value
        return value
    raise QueryError(400, f"results with quoted triples are not supported: {term}")


def select(solutions: pyoxigraph.QuerySolutions, media: str, limits: Limits) -> QueryAnswer:
    names = [variable.value for variable in solutions.variables]
    rows = list(itertools.islice(solutions, limits.max_rows + 1))
    truncated = len(rows) > limits.max_rows
    bindings = [
        {name: term_json(row[name]) for name in names if row[name] is not None}
        for row in rows[: limits.max_rows]
    ]
    document = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()
    if media != "application/sparql-results+json":
        parsed = pyoxigraph.parse_query_results(document, pyoxigraph.QueryResultsFormat.JSON)
        document = parsed.serialize(format=RESULTS_MEDIA[media]) or b""
    return QueryAnswer(document, media, limits.max_rows if truncated else None)


def construct(triples: pyoxigraph.QueryTriples, media: str, limits: Limits) -> QueryAnswer:
    kept = list(itertools.islice(triples, limits.max_rows + 1))
    truncated = len(kept) > limits.max_rows
    body = serialize_triples(
        kept[: limits.max_rows],
        BY_MEDIA_TYPE[media],
        limits.prefixes,
        limits.context,
        limits.context_url,
    )
    return QueryAnswer(body, media, limits.max_rows if truncated else None)


def graphs(iris: tuple[str, ...]) -> list[pyoxigraph.NamedNode]:
    try:
        return [pyoxigraph.NamedNode(iri) for iri in iris]
    except ValueError as error:
        raise QueryError(400, f"not a graph IRI: {error}") from error


def execute(store: pyoxigraph.Store, job: QueryJob, limits: Limits) -> QueryAnswer:
    """Parse, run and serialise; errors become QueryError with the parser's message."""
    own_dataset = bool(job.default_graphs) or names_its_dataset(job.query)
    options: dict[str, Any] = {"use_default_graph_as_union": not own_dataset}
    if job.default_graphs:
        options["default_graph"] = graphs(job.default_graphs)
    if job.named_graphs:
        options["named_graphs"] = graphs(job.named_graphs)
    try:
        answer = store.query(job.query, **options)
        if isinstance(answer, pyoxigraph.QuerySolutions):
            if job.results_media is None:
                raise QueryError(
                    406, "no acceptable format for SELECT results", list(RESULTS_MEDIA)
                )
            return select(answer, job.results_media, limits)
        if isinstance(answer, pyoxigraph.QueryBoolean):
            if job.results_media is None or job.results_media == "text/csv":
                offered = ["application/sparql-results+json", "application/sparql-results+xml"]
                raise QueryError(406, "no acceptable format for an ASK result", offered)
            body = answer.serialize(format=RESULTS_MEDIA[job.results_media]) or b""
            return QueryAnswer(body, job.results_media)
        if job.rdf_media is None:
            raise QueryError(
                406, "no acceptable RDF format for CONSTRUCT or DESCRIBE", list(BY_MEDIA_TYPE)
            )
        return construct(answer, job.rdf_media, limits)
    except SyntaxError as error:
        raise QueryError(400, f"SPARQL syntax error: {error}") from error
    except OSError as error:
        raise QueryError(503, f"the store could not answer: {error}") from error
