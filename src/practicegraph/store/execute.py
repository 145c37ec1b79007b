"""Run one SPARQL query on an open store and serialise the answer, cut at a limit.

Runs inside a worker process (see pool.py): this is the code a hostile query can hang; and in
the serving process for the queries that cannot run away (light.py), with a smaller row limit.
"""

from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph

from practicegraph.core.formats import BY_MEDIA_TYPE, RESULTS_MEDIA, serialize_triples
from practicegraph.store.base import QueryAnswer, QueryError, QueryJob
from practicegraph.store.guard import names_its_dataset


@dataclass(frozen=True)
class Limits:
    max_rows: int
    prefixes: dict[str, str]
    context: dict[str, Any]
    context_url: str


class _EnoughError(Exception):
    """Raised from a sink to stop pyoxigraph's serialiser once the limit is reached."""


class LineSink(io.BytesIO):
    """Collects a line-based serialisation (TSV, N-Triples), at most `limit` whole lines."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.lines = 0
        self.cut = False

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        written = super().write(chunk)
        self.lines += bytes(chunk).count(b"\n")
        if self.lines > self.limit:
            self.cut = True
            raise _EnoughError
        return written

    def body(self) -> bytes:
        data = self.getvalue()
        if not self.cut:
            return data
        end = -1
        for _ in range(self.limit):
            end = data.index(b"\n", end + 1)
        return data[: end + 1]


def first_lines(serialize: Callable[[LineSink], object], limit: int) -> tuple[bytes, bool]:
    """Run a native serialiser into a LineSink; returns the kept bytes and whether it was cut."""
    sink = LineSink(limit)
    with contextlib.suppress(_EnoughError):
        serialize(sink)
    return sink.body(), sink.cut


def select(solutions: pyoxigraph.QuerySolutions, media: str, limits: Limits) -> QueryAnswer:
    """Serialise natively as TSV (one row a line, so rows can be counted), then convert."""
    tsv, cut = first_lines(
        lambda sink: solutions.serialize(sink, pyoxigraph.QueryResultsFormat.TSV),
        limits.max_rows + 1,
    )
    body = tsv
    if media != "text/tab-separated-values":
        parsed = pyoxigraph.parse_query_results(tsv, pyoxigraph.QueryResultsFormat.TSV)
        body = parsed.serialize(format=RESULTS_MEDIA[media]) or b""
    return QueryAnswer(body, media, limits.max_rows if cut else None)


def construct(triples: Iterable[pyoxigraph.Triple], media: str, limits: Limits) -> QueryAnswer:
    """The first triples up to the limit, then serialised into the asked format: read one past
    the limit to know whether it cut (the engine stops there)."""
    kept = list(itertools.islice(triples, limits.max_rows + 1))
    cut = len(kept) > limits.max_rows
    body = serialize_triples(
        kept[: limits.max_rows] if cut else kept,
        BY_MEDIA_TYPE[media],
        limits.prefixes,
        limits.context,
        limits.context_url,
    )
    return QueryAnswer(body, media, limits.max_rows if cut else None)


def serialise(
    answer: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | Iterable[pyoxigraph.Triple],
    job: QueryJob,
    limits: Limits,
) -> QueryAnswer:
    """Any query's answer in the format the client chose, cut at the limit; whichever store."""
    if isinstance(answer, pyoxigraph.QuerySolutions):
        if job.results_media is None:
            raise QueryError(406, "no acceptable format for SELECT results", list(RESULTS_MEDIA))
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


def graphs(iris: tuple[str, ...]) -> list[pyoxigraph.NamedNode]:
    try:
        return [pyoxigraph.NamedNode(iri) for iri in iris]
    except ValueError as error:
        raise QueryError(400, f"not a graph IRI: {error}") from error


def execute(store: pyoxigraph.Store, job: QueryJob, limits: Limits) -> QueryAnswer:
    """Parse, run and serialise; errors become QueryError with the parser's message."""
    given = bool(job.default_graphs or job.named_graphs)
    options: dict[str, Any] = {
        "use_default_graph_as_union": not (given or names_its_dataset(job.query))
    }
    if job.base_iri is not None:
        options["base_iri"] = job.base_iri
    if (
        given
    ):  # the protocol's dataset replaces the query's, both halves: what is not named is empty
        options["default_graph"] = graphs(job.default_graphs)
        options["named_graphs"] = graphs(job.named_graphs)
    try:
        return serialise(store.query(job.query, **options), job, limits)
    except SyntaxError as error:
        raise QueryError(400, f"SPARQL syntax error: {error}") from error
    except OSError as error:
        raise QueryError(503, f"the store could not answer: {error}") from error
