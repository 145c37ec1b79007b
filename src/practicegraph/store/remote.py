"""A store that is any SPARQL 1.1 server over HTTP (the Protocol), for data that outgrows one
machine: Oxigraph server, Fuseki, GraphDB, Virtuoso.

A document is asked for with one SELECT written from its shape (description_query), never
DESCRIBE, whose answer each engine chooses; public queries are forwarded as they came, after the
web layer's checks, with our deadline on the request and our row limit on the answer. The
server must treat its default graph as the union of the named graphs, as the embedded store
does (docs/operations.md). Several endpoints are replicas of one dataset: each request goes
to one of them, and once more to another when that one fails (replicas.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

import httpx
import pyoxigraph

from practicegraph.core.build_folder import DOCUMENTS
from practicegraph.core.document_kinds import Growing
from practicegraph.store import description_query, results
from practicegraph.store.base import (
    Fragment,
    QuadPattern,
    QueryAnswer,
    QueryError,
    QueryJob,
    named,
)
from practicegraph.store.execute import Limits, serialise
from practicegraph.store.guard import answers_with_triples
from practicegraph.store.replicas import Replica, Replicas, RetryError, broken

log = logging.getLogger("practicegraph.store")
UNREACHABLE = "the store could not be reached"
"""What a client is told; the store's address and its error text go to the log only."""


def failed(status: int, body: str) -> QueryError:
    log.warning("the store answered %s: %s", status, body[:2000])
    return QueryError(503, f"the store answered {status}")


def unreachable(error: httpx.HTTPError) -> QueryError:
    log.warning("%s: %r", UNREACHABLE, error)
    return QueryError(503, UNREACHABLE)


def not_sent(error: httpx.HTTPError) -> QueryError | RetryError:
    """A request that failed in transport; one whose connection broke is tried elsewhere."""
    answer = unreachable(error)
    return RetryError(answer, f"{type(error).__name__}: {error}"[:300]) if broken(error) else answer


def refused(status: int, body: str) -> QueryError | RetryError:
    """A status that is no answer (not 200); a 5xx is the store's trouble, tried elsewhere."""
    answer = failed(status, body)
    return RetryError(answer, f"it answered {status}") if status >= 500 else answer


def syntax_error(body: str) -> QueryError:
    """The store's parser message, as the protocol wants it, on one line and bounded."""
    return QueryError(400, f"SPARQL syntax error: {' '.join(body.split())[:500]}")


FRAGMENTS_REFUSED = (
    "Not Implemented: pattern fragments are answered over the build's own store only;"
    " this server queries a remote SPARQL store: ask its SPARQL endpoint"
)
RDF_TYPES = "application/n-triples"
RESULTS_JSON = "application/sparql-results+json"


def _iri(node: pyoxigraph.NamedNode) -> str:
    return f"<{node.value}>"


def _read_rows(body: bytes) -> description_query.Rows | str:
    """The rows, or what is wrong with them. Read here, whole, so that the parser's objects die
    in the thread that made them (pyoxigraph's are bound to it), not with an exception."""
    try:
        answer = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
        if not isinstance(answer, pyoxigraph.QuerySolutions):
            return "not a table of solutions"
        return description_query.rows(answer)
    except SyntaxError as error:
        return str(error)


class RemoteStore:
    """The Store interface over a SPARQL endpoint; the build folder still gives the documents."""

    def __init__(
        self,
        endpoints: list[str],
        build: Path,
        limits: Limits,
        timeout: float,
        answer_mb: int,
        check_every: float,
    ) -> None:
        self.replicas = Replicas(endpoints, check_every)
        self.limits = limits
        self.timeout = timeout
        self.answer_mb = answer_mb
        documents: dict[str, list[str]] = json.loads(
            (build / DOCUMENTS).read_text(encoding="utf-8")
        )
        self.client = httpx.Client(timeout=timeout)
        self.async_client: httpx.AsyncClient | None = None
        self.health_client: httpx.AsyncClient | None = None
        self.watcher: asyncio.Task[None] | None = None
        self.describer = description_query.Describer(self._rows, documents)

    async def start(self) -> None:
        self.async_client = httpx.AsyncClient(timeout=self.timeout)
        self.health_client = httpx.AsyncClient(timeout=self.timeout)
        self.watcher = asyncio.create_task(self.replicas.watch(self.ask))

    async def close(self) -> None:
        if self.watcher is not None:
            self.watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.watcher
        for client in (self.async_client, self.health_client):
            if client is not None:
                await client.aclose()
        self.client.close()

    def _post(self, query: str, accept: str) -> httpx.Response:
        """A document's query, to one replica or, when it fails, another."""
        return self.replicas.call(lambda replica: self._post_to(replica, query, accept))

    def _post_to(self, replica: Replica, query: str, accept: str) -> httpx.Response:
        try:
            response = self.client.post(
                replica.url,
                data={"query": query},
                headers={"Accept": accept},
            )
        except httpx.HTTPError as error:
            raise not_sent(error) from error
        if response.status_code != 200:
            raise refused(response.status_code, response.text)
        return response

    def _triples(self, query: str) -> list[pyoxigraph.Triple]:
        body = self._post(query, RDF_TYPES).content
        try:
            return [q.triple for q in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)]
        except SyntaxError as error:
            problem = str(error)
        raise failed(200, f"an answer that is no N-Triples: {problem}")

    def _column(self, query: str) -> list[str]:
        body = self._post(query, RESULTS_JSON).json()
        return [row["x"]["value"] for row in body["results"]["bindings"] if "x" in row]

    def _rows(self, query: str) -> description_query.Rows:
        """A description query's answer, read as JSON: every store writes it to the letter or
        near (results.py); TSV would be half the bytes, but Virtuoso 7 writes IRIs in it as
        strings."""
        body = results.standard(self._post(query, RESULTS_JSON).content)
        found = _read_rows(body)
        if isinstance(found, str):
            raise failed(200, f"an answer that is no SPARQL JSON table: {found}")
        return found

    def describe(self, *iris: str) -> list[pyoxigraph.Triple]:
        return self.describer.describe(*iris)

    def description_page(
        self, iri: str, shapes: Mapping[str, Growing], page: int, size: int
    ) -> tuple[list[pyoxigraph.Triple], bool]:
        return self.describer.description_page(iri, shapes, page, size)

    def _labels(self, nodes: Iterable[object]) -> list[pyoxigraph.Triple]:
        iris = [node.value for node in nodes if isinstance(node, pyoxigraph.NamedNode)]
        return self._rows(description_query.labels(iris)).triples if iris else []

    def incoming(self, iri: str, limit: int, labelled: bool = True) -> list[pyoxigraph.Triple]:
        node = named(iri)
        if node is None:
            return []
        links = self._triples(
            f"CONSTRUCT {{ ?s ?p {_iri(node)} }} WHERE {{ ?s ?p {_iri(node)} }} LIMIT {limit}"
        )
        if not labelled:
            return links
        linking = {t.subject for t in links if isinstance(t.subject, pyoxigraph.NamedNode)}
        return links + self._labels(linking | {t.predicate for t in links})

    def labels(self, *iris: str) -> list[pyoxigraph.Triple]:
        return self._labels(node for iri in iris if (node := named(iri)) is not None)

    def graph(self, name: str) -> list[pyoxigraph.Triple]:
        node = named(name)
        if node is None:
            return []
        return self._triples(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(node)} {{ ?s ?p ?o }} }}"
        )

    def graph_names(self) -> list[str]:
        return sorted(self._column("SELECT DISTINCT ?x WHERE { GRAPH ?x { } }"))

    def instances(self, class_iri: str, limit: int) -> list[str]:
        node = named(class_iri)
        if node is None:
            return []
        return self._column(
            f"SELECT DISTINCT ?x WHERE {{ ?x a {_iri(node)} FILTER isIRI(?x) }} LIMIT {limit}"
        )

    def fragment(self, pattern: QuadPattern, page: int, size: int) -> Fragment:
        """Not over a remote store: paging by OFFSET is stable only with an ORDER BY, which
        costs the store a sort of every match per page, and counting costs it another pass."""
        raise QueryError(501, FRAGMENTS_REFUSED)

    def workers_alive(self) -> tuple[int, int] | None:
        return None  # the remote store runs its own

    async def held_build(self, replica: Replica, query: str) -> str | None:
        """Over the health check's own client; several builds named (a publish by hand that
        mixed two) count as none."""
        rows = (await self._checked(replica, query)).json()["results"]["bindings"]
        return str(rows[0]["build"]["value"]) if len(rows) == 1 and "build" in rows[0] else None

    async def ready(self) -> None:
        """Ready while one replica at least answers."""
        answers = await asyncio.gather(*map(self.ask, self.replicas.all), return_exceptions=True)
        failures = [a for a in answers if isinstance(a, BaseException)]
        if len(failures) == len(answers):
            raise failures[0]

    async def ask(self, replica: Replica) -> None:
        """`ASK {}` over a client of its own: its connections never wait in the pool that
        public queries fill (the store may still be slow under them; that is the store's
        readiness to judge)."""
        await self._checked(replica, "ASK {}")

    async def _checked(self, replica: Replica, query: str) -> httpx.Response:
        """A health check's query, over the client public queries never use."""
        assert self.health_client is not None, "start() first"
        try:
            response = await self.health_client.post(
                replica.url, data={"query": query}, headers={"Accept": RESULTS_JSON}
            )
        except httpx.HTTPError as error:
            raise not_sent(error) from error
        if response.status_code != 200:
            raise refused(response.status_code, response.text)
        return response

    async def _forward(
        self, replica: Replica, params: httpx.QueryParams, query: str, accept: str
    ) -> tuple[int, str, bytes]:
        """The store's status, media type and body, read within our time limit and up to
        `answer_mb`: httpx's timeout bounds each read, not the answer, and a store streams an
        unbounded answer (a cross product) for as long as it is read, into this process."""
        assert self.async_client is not None, "start() first"
        chunks: list[bytes] = []
        size = 0
        async with (
            asyncio.timeout(self.timeout),
            self.async_client.stream(
                "POST",
                replica.url,
                params=params,
                data={"query": query},
                headers={"Accept": accept},
            ) as response,
        ):
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > self.answer_mb * 2**20:
                    message = f"query stopped: the store's answer passed {self.answer_mb} MB"
                    raise QueryError(503, message)
            media = response.headers.get("content-type", "").split(";")[0].strip()
            return response.status_code, media, b"".join(chunks)

    async def _answer_from(
        self, replica: Replica, params: httpx.QueryParams, query: str, accept: str
    ) -> tuple[str, bytes]:
        """One replica's answer (its media type and body); a failure of the replica's raises
        RetryError, one of the query's (a syntax error, our deadline passed) QueryError."""
        try:
            status, kind, body = await self._forward(replica, params, query, accept)
        except httpx.ConnectTimeout as error:
            raise not_sent(error) from error
        except (TimeoutError, httpx.TimeoutException) as error:
            raise QueryError(503, f"the query ran longer than {self.timeout} s") from error
        except httpx.HTTPError as error:
            raise not_sent(error) from error
        if status == 400:
            raise syntax_error(body.decode("utf-8", "replace"))
        if status != 200:
            raise refused(status, body.decode("utf-8", "replace"))
        return kind, body

    async def query(self, job: QueryJob) -> QueryAnswer:
        """Forward a public query; the answer is cut at our row limit and converted here."""
        params = httpx.QueryParams(
            {
                "default-graph-uri": list(job.default_graphs),
                "named-graph-uri": list(job.named_graphs),
            }
        )
        query = job.query if job.base_iri is None else f"BASE <{job.base_iri}>\n{job.query}"
        accept = RDF_TYPES if answers_with_triples(query) else RESULTS_JSON
        kind, body = await self.replicas.call_async(
            lambda replica: self._answer_from(replica, params, query, accept)
        )
        try:
            if kind == RDF_TYPES:
                triples = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
                return serialise((q.triple for q in triples), job, self.limits)
            answer = pyoxigraph.parse_query_results(
                results.standard(body), format=pyoxigraph.QueryResultsFormat.JSON
            )
            return serialise(answer, job, self.limits)
        except SyntaxError as error:
            raise failed(200, f"an answer that does not parse as {kind}: {error}") from error
