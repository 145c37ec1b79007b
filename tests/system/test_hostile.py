"""Hostile requests get a 2xx, 3xx or 4xx answer, never a 5xx or a dropped connection, and the
server lives on: generated paths, query strings and headers sent as raw bytes to the real
server (an HTTP client library would clean them up first). Every test runs against the embedded
store and against `serve --store` in front of each real store (tests/engines.py), which must
live on too: one store serves every replica."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practicegraph.core.settings import ServeSettings
from tests.conftest import SERVER_ENV, Server, cli, copy_project, serve
from tests.engines import ENGINES, Engine
from tests.system.test_http_sparql import children

MODES = [
    "embedded",
    *(pytest.param(name, marks=pytest.mark.slow) for name in sorted(ENGINES)),
]


@dataclasses.dataclass(frozen=True)
class Front(Server):
    """Our server, and the store behind it when it is a remote one."""

    store: Engine | None = None


@pytest.fixture(scope="module", params=MODES)
def server(
    request: pytest.FixtureRequest, server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Front]:
    """The session's server (embedded store), then ours over each real store in turn, with
    the default query length (room for the deepest queries below)."""
    if request.param == "embedded":
        yield Front(**{f.name: getattr(server, f.name) for f in dataclasses.fields(server)})
        return
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    with ENGINES[request.param](folder / "store") as engine:
        project = copy_project(folder / "project")
        published = cli(project, "build", "--publish-to", engine.graph_store)
        assert published.returncode == 0, published.stderr
        env = {
            **SERVER_ENV,
            "PRACTICEGRAPH_STORE": engine.query,
            "PRACTICEGRAPH_SPARQL_MAX_QUERY_LENGTH": "20000",
        }
        process, port = serve(project, env, folder / "server.log")
        try:
            yield Front(f"http://127.0.0.1:{port}", process, server.settings, server.folder, engine)
        finally:
            process.terminate()
            process.wait(10)


ROUTES = ["doc/", "id/", "ns/", "graph/", "ldes/practices/", "sparql", "praktijken", "dumps/", ""]
PIECES = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_./", min_size=1, max_size=12),
    st.sampled_from(["%00", "%ff", "%fe", "%c3%a9", "%", "%zz", "%2f", "..", "%0d%0a", "?", "#"]),
    st.text(min_size=1, max_size=4).map(
        lambda t: t.encode("utf-8", "surrogatepass").decode("latin-1")
    ),
    st.integers(min_value=1, max_value=12_000).map(lambda n: "a" * n),
)
HEADER_VALUE = st.binary(max_size=60).map(
    lambda b: bytes(c for c in b if c == 0x09 or 0x20 <= c <= 0x7E or c >= 0x80)
)
HEADER_NAMES = ["Accept", "Accept-Profile", "Origin", "If-None-Match", "Range", "X-Request-ID"]


def status_of(server: Server, target: bytes, headers: list[tuple[str, bytes]]) -> int:
    """Send one request as raw bytes; the status of the answer (0 if the connection dropped)."""
    address = urlsplit(server.url)
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: " + address.netloc.encode()]
    lines += [name.encode() + b": " + value for name, value in headers]
    lines += [b"Connection: close", b"", b""]
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(b"\r\n".join(lines))
        answer = b""
        while b"\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                return 0
            answer += chunk
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (b"/doc/x%00y", 400),
        (b"/doc/%ff%fe", 400),
        ("/doc/éè".encode(), 400),
        (b"/id/%ff", 400),
        (b"/praktijken?q=%ff", 400),
        (b"/doc/" + b"a" * 10_000, 414),
    ],
    ids=["nul", "invalid-utf8-escape", "raw-utf8", "id-invalid", "query-invalid", "10kB"],
)
def test_the_requests_that_broke_it_are_refused_in_words(
    server: Server, target: bytes, status: int
) -> None:
    assert status_of(server, target, []) == status


def test_a_path_of_unicode_is_a_404_with_valid_headers(http: httpx.Client) -> None:
    """An IRI's non-ASCII characters are percent-encoded (RFC 3987) in the headers we send."""
    response = http.get("/doc/%C3%A9%C3%A8", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["content-location"] == "/doc/%C3%A9%C3%A8.ttl"
    assert "</doc/%C3%A9%C3%A8.html>" in response.headers["link"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from(ROUTES),
    pieces=st.lists(PIECES, max_size=4),
    query=st.lists(PIECES, max_size=3),
    headers=st.lists(st.tuples(st.sampled_from(HEADER_NAMES), HEADER_VALUE), max_size=3),
)
def test_generated_requests_never_get_a_5xx(
    server: Server,
    route: str,
    pieces: list[str],
    query: list[str],
    headers: list[tuple[str, bytes]],
) -> None:
    path = ("/" + route + "".join(pieces)).encode("latin-1")
    target = path + (b"?" + "&".join(query).encode("latin-1") if query else b"")
    status = status_of(server, target.replace(b" ", b"%20"), headers)
    assert 200 <= status < 500, (target, headers, status)
    assert httpx.get(server.url + "/", timeout=30).status_code == 200, "the server lives on"


def test_a_wrong_parameter_is_named_in_words(http: httpx.Client) -> None:
    response = http.get("/doc/praktijk/opvoedingsondersteuning", params={"page": "abc"})
    assert response.status_code == 400
    assert response.text.startswith("400 Bad Request: page: input should be a valid integer")
    assert "{" not in response.text, "not the validator's error list"


@pytest.fixture(scope="module")
def roomy(server: Front, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    """The server of the mode with the default query length (20,000 characters): the session's
    embedded one allows 5,000, so for that mode a server of its own."""
    if server.store is not None:
        yield server
        return
    log = tmp_path_factory.mktemp("roomy") / "server.log"
    env = {k: v for k, v in SERVER_ENV.items() if k != "PRACTICEGRAPH_SPARQL_MAX_QUERY_LENGTH"}
    process, port = serve(server.settings.project_dir, env, log)
    try:
        yield dataclasses.replace(server, url=f"http://127.0.0.1:{port}", process=process)
    finally:
        process.terminate()
        process.wait(10)


NESTED: dict[str, Callable[[int], str]] = {
    "braces": lambda n: "SELECT * WHERE " + "{" * n + "}" * n,
    "parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "negations": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
}


@pytest.mark.slow  # a server of its own, or a store behind ours
@pytest.mark.parametrize("levels", [1_000, 3_000, 9_900])
@pytest.mark.parametrize("shape", sorted(NESTED))
def test_a_deeply_nested_query_is_refused_before_any_parser(
    roomy: Front, shape: str, levels: int
) -> None:
    """3,000 levels of `{` (6 KB) overflowed the stack of a query worker, and of the Oxigraph
    server behind `serve --store`, which then died for every replica. The server counts the
    levels first and answers 400 in words; the workers and the store live on."""
    workers = set(children(roomy.process.pid))
    with httpx.Client(base_url=roomy.url, timeout=60) as client:
        refused = client.post(
            "/sparql",
            content=NESTED[shape](levels).encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        )
        after = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
        ready = client.get("/readyz")
    assert refused.status_code == 400, refused.text
    assert refused.text.startswith("400 Bad Request: the query nests ")
    assert refused.text.rstrip().endswith("levels deep; at most 64 are allowed")
    assert after.status_code == 200, after.text
    assert ready.status_code == 200, ready.text
    assert set(children(roomy.process.pid)) == workers, "no worker died"
    if roomy.store is not None:
        asked = httpx.get(roomy.store.query, params={"query": "ASK {}"}, timeout=30)
        assert asked.status_code == 200, "the store lives on"


CHAINED: dict[str, str] = {
    "plus-9920": "SELECT (1" + "+1" * 9_920 + " AS ?x) {}",
    "plus-7500": "SELECT (1" + "+1" * 7_500 + " AS ?x) {}",
    "times-7500": "SELECT (2" + "*2" * 7_500 + " AS ?x) {}",
    "minus-2840": "SELECT * {" + "MINUS{}" * 2_840 + "}",
    "objects-9000": "SELECT * { ?s ?p " + ",".join(["1"] * 9_000) + " }",
}


@pytest.mark.slow  # a server of its own, or a store behind ours
@pytest.mark.parametrize("shape", sorted(CHAINED))
def test_a_long_shallow_chain_is_refused_before_any_parser(roomy: Front, shape: str) -> None:
    """7,500 to 9,920 `+1` (or `*2`) in one expression, one level deep, 2,840 `MINUS{}` in a
    row, or 9,000 objects in one list passed the depth bound and overflowed Oxigraph's stack:
    the Oxigraph server behind `serve --store` died ("stack overflow, aborting"), and
    embedded, each such query killed a worker. The server counts them first: 400 in words."""
    workers = set(children(roomy.process.pid))
    with httpx.Client(base_url=roomy.url, timeout=60) as client:
        refused = client.post(
            "/sparql",
            content=CHAINED[shape].encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        )
        after = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
    assert refused.status_code == 400, refused.text
    assert refused.text.startswith("400 Bad Request: the query holds ")
    allowed = ServeSettings().sparql_max_operators
    assert refused.text.rstrip().endswith(f"keywords; at most {allowed} are allowed")
    assert after.status_code == 200, after.text
    assert set(children(roomy.process.pid)) == workers, "no worker died"
    if roomy.store is not None:
        asked = httpx.get(roomy.store.query, params={"query": "ASK {}"}, timeout=30)
        assert asked.status_code == 200, "the store lives on"
