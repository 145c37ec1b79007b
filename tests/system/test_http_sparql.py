"""The SPARQL 1.1 Protocol over a real uvicorn, and each rule of the public endpoint's safety."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Graph, URIRef

from tests.conftest import PRACTICES as REPOSITORY_PRACTICES
from tests.conftest import SERVER_ENV, Server, stays, wait_for

BASE = "http://localhost:8000/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PRACTICES = f"SELECT ?p WHERE {{ ?p a <{BASE}ns/praktijk#Practice> }} ORDER BY ?p"
PRACTICE_IRIS = [f"{BASE}id/praktijk/{name}" for name in sorted(REPOSITORY_PRACTICES)]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
RESULTS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}


def rows(response: httpx.Response) -> list[pyoxigraph.QuerySolution]:
    media = response.headers["content-type"].split(";")[0]
    parsed = pyoxigraph.parse_query_results(response.content, RESULTS[media])
    assert isinstance(parsed, pyoxigraph.QuerySolutions)
    return list(parsed)


def total(store: pyoxigraph.Store) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, None))


@pytest.mark.parametrize("media", list(RESULTS))
def test_select_via_get_in_every_results_format(
    http: httpx.Client, store: pyoxigraph.Store, media: str
) -> None:
    response = http.get("/sparql", params={"query": COUNT}, headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    (row,) = rows(response)
    assert int(row["n"].value) == total(store)


def test_select_as_csv(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": PRACTICES}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.splitlines() == ["p", *PRACTICE_IRIS]


def test_post_form_and_post_query(http: httpx.Client) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    form = http.post("/sparql", data={"query": PRACTICES}, headers=accept)
    direct = http.post(
        "/sparql",
        content=PRACTICES.encode(),
        headers={**accept, "Content-Type": "application/sparql-query"},
    )
    assert form.status_code == direct.status_code == 200
    assert (
        [r["p"].value for r in rows(form)] == [r["p"].value for r in rows(direct)] == PRACTICE_IRIS
    )


def test_ask(http: httpx.Client) -> None:
    response = http.get(
        "/sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("media", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_in_rdf_formats(http: httpx.Client, media: str, parser: str) -> None:
    query = f"CONSTRUCT {{ ?p ?x ?y }} WHERE {{ ?p a <{BASE}ns/praktijk#Practice> ; ?x ?y }}"
    response = http.get("/sparql", params={"query": query}, headers={"Accept": media})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format=parser)
    assert len(graph) > 10
    describe = http.get(
        "/sparql",
        params={"query": f"DESCRIBE <{BASE}id/gemeente/71022>"},
        headers={"Accept": media},
    )
    assert len(Graph().parse(data=describe.text, format=parser)) >= 5


def test_construct_as_json_ld_names_the_context(http: httpx.Client) -> None:
    query = f"CONSTRUCT WHERE {{ <{BASE}id/gemeente/71022> ?p ?o }}"
    document = http.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/ld+json"}
    ).json()
    assert document["@context"] == f"{BASE}context/v1.jsonld"
    (node,) = document["@graph"]  # always a @graph, whatever the number of nodes
    assert node["label"]["nl"] == "Hasselt"  # a language map: nl, fr and de


def test_default_and_named_graph_uris(http: httpx.Client) -> None:
    graph = f"{BASE}graph/data/practices/opvoedingsondersteuning"
    only = http.get(
        "/sparql",
        params={"query": COUNT, "default-graph-uri": graph},
        headers={"Accept": "application/sparql-results+json"},
    )
    everything = http.get(
        "/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"}
    )
    assert 0 < int(rows(only)[0]["n"].value) < int(rows(everything)[0]["n"].value)
    named = http.post(
        "/sparql",
        params={"named-graph-uri": graph},
        content=b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    assert [r["g"].value for r in rows(named)] == [graph]


GRAPH_A = f"{BASE}graph/data/practices/opvoedingsondersteuning"
GRAPH_B = f"{BASE}graph/data/practices/instroommeting"
ALL = {"opvoedingsondersteuning", "instroommeting", "overlegplatformen-en-netwerken"}
DATASETS = [
    # default-graph-uri, named-graph-uri, FROM, FROM NAMED -> practices in the default graph, named graphs seen
    ((), (), (), (), ALL, "all"),
    ((GRAPH_A,), (), (), (), {"opvoedingsondersteuning"}, set()),
    ((), (GRAPH_B,), (), (), set(), {GRAPH_B}),
    ((GRAPH_A,), (GRAPH_B,), (), (), {"opvoedingsondersteuning"}, {GRAPH_B}),
    ((GRAPH_A, GRAPH_B), (), (), (), {"opvoedingsondersteuning", "instroommeting"}, set()),
    ((), (), (GRAPH_A,), (), {"opvoedingsondersteuning"}, set()),
    ((), (), (), (GRAPH_B,), set(), {GRAPH_B}),
    ((), (), (GRAPH_A,), (GRAPH_B,), {"opvoedingsondersteuning"}, {GRAPH_B}),
    ((GRAPH_B,), (), (GRAPH_A,), (), {"instroommeting"}, set()),  # the protocol's dataset wins
    ((), (GRAPH_B,), (), (GRAPH_A,), set(), {GRAPH_B}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("default", "named", "from_", "from_named", "practices", "graphs"),
    DATASETS,
    ids=[
        "nothing",
        "default-graph-uri",
        "named-graph-uri",
        "both-uris",
        "two-default-graph-uris",
        "FROM",
        "FROM-NAMED",
        "FROM-and-FROM-NAMED",
        "default-graph-uri-over-FROM",
        "named-graph-uri-over-FROM-NAMED",
    ],
)
def test_the_protocols_dataset_rules(
    http: httpx.Client,
    default: tuple[str, ...],
    named: tuple[str, ...],
    from_: tuple[str, ...],
    from_named: tuple[str, ...],
    practices: set[str],
    graphs: set[str] | str,
) -> None:
    """SPARQL 1.1 Protocol 2.1.4 and Query 13.2: the protocol's dataset replaces the query's;
    a dataset that names only default graphs has no named graphs, and the other way round."""
    clauses = "".join(f" FROM <{g}>" for g in from_) + "".join(
        f" FROM NAMED <{g}>" for g in from_named
    )
    params = {"default-graph-uri": list(default), "named-graph-uri": list(named)}
    accept = {"Accept": "application/sparql-results+json"}

    def ask(query: str) -> list[str]:
        response = http.get("/sparql", params={**params, "query": query}, headers=accept)
        assert response.status_code == 200, response.text
        return [next(iter(row)).value for row in rows(response)]

    found = ask(f"SELECT DISTINCT ?p{clauses} WHERE {{ ?p a <{BASE}ns/praktijk#Practice> }}")
    assert {iri.rsplit("/", 1)[1] for iri in found} == practices
    seen = set(ask(f"SELECT DISTINCT ?g{clauses} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"))
    if graphs == "all":
        assert {GRAPH_A, GRAPH_B} < seen
    else:
        assert seen == graphs


def test_malformed_query_gets_400_with_the_parser_message(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "SELEC * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "SPARQL syntax error" in response.text
    assert "1:" in response.text  # the parser's position
    assert "Traceback" not in response.text


@pytest.mark.parametrize("how", ["post-update", "form-update", "get-update", "update-as-query"])
def test_updates_are_refused_by_every_route(
    http: httpx.Client, store: pyoxigraph.Store, how: str
) -> None:
    update = f"INSERT DATA {{ <{BASE}id/x> <{BASE}id/y> <{BASE}id/z> }}"
    before = total(store)
    if how == "post-update":
        response = http.post(
            "/sparql",
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
    elif how == "form-update":
        response = http.post("/sparql", data={"update": update})
    elif how == "get-update":
        response = http.get("/sparql", params={"update": update})
    else:
        response = http.post("/sparql", data={"query": update})
    assert response.status_code in (400, 403)
    assert (
        ("read-only" in response.text)
        if response.status_code == 403
        else ("syntax error" in response.text)
    )
    assert total(store) == before


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A loopback TCP listener that records every connection made to it."""
    arrived: list[bytes] = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = sock.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    arrived.append(connection.recv(1024))
                except TimeoutError:
                    arrived.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], arrived
    stop.set()
    thread.join()
    sock.close()


def test_service_is_refused_before_execution(
    http: httpx.Client, listener: tuple[int, list[bytes]]
) -> None:
    port, arrived = listener
    for query in (
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    ):
        response = http.get("/sparql", params={"query": query})
        assert response.status_code == 403
        assert "SERVICE" in response.text
    assert stays(lambda: arrived == [], 0.5), arrived


def test_from_only_selects_among_own_graphs(
    http: httpx.Client, listener: tuple[int, list[bytes]]
) -> None:
    port, arrived = listener
    outside = f"http://127.0.0.1:{port}/data.ttl"
    for params in (
        {"query": f"SELECT * FROM <{outside}> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{outside}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": outside},
    ):
        response = http.get(
            "/sparql", params=params, headers={"Accept": "application/sparql-results+json"}
        )
        assert response.status_code == 200
        assert rows(response) == []
    own = http.get(
        "/sparql",
        params={"query": f"SELECT * FROM <{BASE}graph/catalog> WHERE {{ ?s ?p ?o }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert len(rows(own)) > 0
    assert stays(lambda: arrived == [], 0.5), arrived


def test_a_query_over_the_length_limit_gets_413(http: httpx.Client) -> None:
    limit = int(SERVER_ENV["PRACTICEGRAPH_SPARQL_MAX_QUERY_LENGTH"])
    query = COUNT + " #" + "x" * limit
    assert http.get("/sparql", params={"query": query}).status_code == 413
    assert (
        http.post(
            "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
        ).status_code
        == 413
    )


def test_a_large_result_is_cut_and_says_so(http: httpx.Client) -> None:
    limit = int(SERVER_ENV["PRACTICEGRAPH_SPARQL_MAX_ROWS"])
    response = http.get(
        "/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert len(rows(response)) == limit
    assert response.headers["x-sparql-results-truncated"] == str(limit)
    small = http.get(
        "/sparql",
        params={"query": PRACTICES},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert "x-sparql-results-truncated" not in small.headers
    construct = http.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert len(construct.text.splitlines()) == limit
    assert construct.headers["x-sparql-results-truncated"] == str(limit)


def children(pid: int) -> dict[int, int]:
    """Child processes of `pid` and the CPU ticks each has used."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found[int(stat.parent.name)] = int(fields[11]) + int(fields[12])
    return found


def busy_since(pid: int, before: dict[int, int]) -> bool:
    """Whether a child process has used CPU since `before` was read."""
    return any(used > before.get(child, 0) for child, used in children(pid).items())


def idle(pid: int, window: float = 0.5) -> bool:
    """Whether every child process used under a fifth of a core during the window."""
    before = children(pid)
    time.sleep(window)  # CPU use is a rate: it is read over a window
    after = children(pid)
    return all(used - before.get(child, 0) < window * 20 for child, used in after.items())


@pytest.mark.slow  # waits out the query timeout
def test_a_runaway_query_is_stopped_and_others_keep_answering(server: Server) -> None:
    timeout = float(SERVER_ENV["PRACTICEGRAPH_SPARQL_TIMEOUT"])
    workers_before = set(children(server.process.pid))
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            outcome["response"] = client.get("/sparql", params={"query": RUNAWAY})
        outcome["seconds"] = time.monotonic() - started

    ticks_before = children(server.process.pid)
    thread = threading.Thread(target=runaway)
    thread.start()
    wait_for(lambda: busy_since(server.process.pid, ticks_before), "a worker to run the query")
    with httpx.Client(base_url=server.url, timeout=30) as client:
        fetched = client.get("/doc/praktijk/opvoedingsondersteuning.ttl")
        running = thread.is_alive()
        other_query = client.get(
            "/sparql", params={"query": PRACTICES}, headers={"Accept": "text/csv"}
        )
    thread.join()
    assert fetched.status_code == 200
    assert running, "the resource was answered only after the runaway query ended"
    assert other_query.status_code == 200
    response = outcome["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 503
    assert "limit" in response.text
    seconds = outcome["seconds"]
    assert isinstance(seconds, float)
    assert seconds >= timeout

    def replaced() -> bool:  # the runaway's worker was killed and a fresh one started
        now = set(children(server.process.pid))
        return now != workers_before and len(now) == len(workers_before)

    wait_for(replaced, "the runaway's worker to be replaced")
    wait_for(lambda: idle(server.process.pid), "the workers to be idle (the runaway's CPU freed)")


def test_workers_killed_from_outside_cost_no_query(server: Server) -> None:
    """Both query workers die while idle (killed from outside); the next queries wait for fresh
    workers and are answered: only a query that kills its worker may fail."""
    workers = set(children(server.process.pid))
    assert len(workers) >= 2
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    wait_for(
        lambda: all(not Path(f"/proc/{pid}").exists() or "Z" in stat(pid) for pid in workers),
        "the workers to be dead",
    )
    with httpx.Client(base_url=server.url, timeout=60) as client:
        answers = [
            client.get("/sparql", params={"query": PRACTICES}, headers={"Accept": "text/csv"})
            for _ in range(2)
        ]
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    assert set(children(server.process.pid)).isdisjoint(workers)


def stat(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_service_description(http: httpx.Client) -> None:
    response = http.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = {str(o) for o in graph.objects(None, URIRef(sd + "endpoint"))}
    assert endpoints == {f"{BASE}sparql"}
    html = http.get("/sparql", headers={"Accept": "text/html"})
    assert "<form" in html.text


def test_cors_is_open_for_reads_without_credentials(http: httpx.Client) -> None:
    response = http.get(
        "/sparql", params={"query": COUNT}, headers={"Origin": "https://example.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = http.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_unsupported_post_body_gets_415(http: httpx.Client) -> None:
    response = http.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415
