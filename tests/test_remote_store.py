"""The remote store: a build published to a real Oxigraph server, served from it, same answers."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Graph

from tests.conftest import Server, cli, copy_project, free_port, graph_of, serve, wait_for

pytestmark = pytest.mark.slow  # an Oxigraph server and our server in front of it

OXIGRAPH = str(
    Path(sys.executable).parent / "oxigraph"
)  # the PyPI package's server, a dev dependency
PRACTICE = "praktijk/opvoedingsondersteuning"
BASE = "http://localhost:8000/id/"


def canonical(body: bytes) -> set[pyoxigraph.Quad]:
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` (PyPI package oxigraph) on a loopback port, union default graph; a port
    lost to another process before oxigraph bound it is given up for another."""
    folder = tmp_path_factory.mktemp("oxigraph")
    for _attempt in range(5):
        port = free_port()
        process = subprocess.Popen(
            [
                OXIGRAPH,
                "serve",
                "--location",
                str(folder / "db"),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"

        def answers(process: subprocess.Popen[bytes] = process, url: str = url) -> bool:
            if process.poll() is not None:
                return True  # exited: the port was taken, or it failed
            try:
                query = {"query": "ASK {}"}
                return httpx.get(url + "/query", params=query, timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_for(answers, "oxigraph to answer")
        if process.poll() is None:
            break
    else:
        pytest.fail("oxigraph did not start on any of five ports")
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def published(oxigraph: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository built and published to Oxigraph: the project folder."""
    project = copy_project(tmp_path_factory.mktemp("remote") / "project")
    result = cli(project, "build", "--publish-to", f"{oxigraph}/store")
    assert result.returncode == 0, result.stderr
    assert "published" in result.stderr
    return project


def from_store(oxigraph: str) -> dict[str, str]:
    return {"PRACTICEGRAPH_STORE": f"{oxigraph}/query", "PRACTICEGRAPH_SPARQL_MAX_ROWS": "500"}


@pytest.fixture(scope="module")
def remote(oxigraph: str, published: Path) -> Iterator[str]:
    """The published build served from Oxigraph by our server."""
    process, port = serve(published, from_store(oxigraph), published.parent / "server.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


def test_publishing_puts_every_graph_of_the_build(oxigraph: str, remote: str) -> None:
    graphs = httpx.post(
        f"{oxigraph}/query",
        data={
            "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) (COUNT(*) AS ?t) WHERE { GRAPH ?g { ?s ?p ?o } }"
        },
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"][0]
    assert int(graphs["n"]["value"]) >= 19
    assert int(graphs["t"]["value"]) > 13_000


@pytest.mark.parametrize(
    "path",
    [
        f"/doc/{PRACTICE}.ttl",
        "/doc/gemeente/71022.ttl",
        "/ns/praktijk.ttl",
        "/graph/data/practices/instroommeting.ttl",
    ],
)
def test_resources_from_the_remote_store_equal_the_embedded_ones(
    remote: str, server: Server, path: str
) -> None:
    with httpx.Client(base_url=remote) as far, httpx.Client(base_url=server.url) as near:
        a, b = far.get(path), near.get(path)
        assert a.status_code == b.status_code == 200
        assert graph_of(a, "ttl", far).isomorphic(graph_of(b, "ttl", near)), path


def test_every_document_from_the_remote_store_equals_the_embedded_one(
    remote: str, server: Server, store: pyoxigraph.Store
) -> None:
    """Every resource under id/ (practices, initiatives, municipalities, concepts, sources),
    as N-Triples, with its next-page link: the one-query documents over HTTP. Not the dataset's
    own description: the two servers serve two builds, each with its own dct:modified."""
    ids = sorted(
        {
            q.subject.value
            for q in store.quads_for_pattern(None, None, None, None)
            if isinstance(q.subject, pyoxigraph.NamedNode) and q.subject.value.startswith(BASE)
        }
        - {BASE + "dataset/practicegraph"}
    )
    assert len(ids) > 300
    accept = {"Accept": "application/n-triples"}
    with httpx.Client(base_url=remote) as far, httpx.Client(base_url=server.url) as near:
        for iri in ids:
            path = "/doc/" + iri.removeprefix(BASE)
            a, b = far.get(path, headers=accept), near.get(path, headers=accept)
            assert a.status_code == b.status_code == 200, path
            assert canonical(a.content) == canonical(b.content), path
            assert a.headers.get("link") == b.headers.get("link"), path


def test_sparql_from_the_remote_store(remote: str) -> None:
    with httpx.Client(base_url=remote, timeout=30) as client:
        csv = client.post(
            "/sparql",
            content=(
                Path(__file__).parent.parent / "queries" / "practices-per-province.rq"
            ).read_bytes(),
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        )
        assert csv.status_code == 200, csv.text
        assert len(csv.text.strip().splitlines()) == 1 + 5
        bad = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
        assert bad.status_code == 400
        service = client.get(
            "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}
        )
        assert service.status_code == 403
        many = client.get(
            "/sparql",
            params={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
            headers={"Accept": "text/tab-separated-values"},
        )
        assert many.headers["X-SPARQL-Results-Truncated"] == "500"
        assert len(many.text.strip().splitlines()) == 1 + 500
        construct = client.get(
            "/sparql",
            params={"query": "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 10"},
            headers={"Accept": "text/turtle"},
        )
        assert len(Graph().parse(data=construct.text, format="turtle")) == 10


def test_a_store_that_is_down_is_a_503_not_a_500(tmp_path: Path, server: Server) -> None:
    project = server.settings.project_dir
    store = f"http://127.0.0.1:{free_port()}/query"
    process, port = serve(project, {"PRACTICEGRAPH_STORE": store}, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            answer = client.get("/sparql", params={"query": "ASK {}"})
            assert answer.status_code == 503
            assert "Traceback" not in answer.text
            assert answer.text == "503 Service Unavailable: the store could not be reached\n"
            assert store.split("/")[2] not in answer.text, "the store's address stays inside"
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize(
    "path", ["/doc/praktijk/opvoedingsondersteuning", "/doc/gemeente/71072", "/doc/gemeente/71022"]
)
def test_pages_for_people_from_the_remote_store_equal_the_embedded_ones(
    remote: str, server: Server, path: str
) -> None:
    """The practice page (its initiatives described in one round trip) and municipality pages."""
    with httpx.Client(base_url=remote) as far, httpx.Client(base_url=server.url) as near:
        a, b = (
            far.get(path, headers={"Accept": "text/html"}),
            near.get(path, headers={"Accept": "text/html"}),
        )
        assert a.status_code == b.status_code == 200
        main = re.compile(r"<main.*</main>", re.S)
        assert main.search(a.text).group(0) == main.search(b.text).group(0)  # type: ignore[union-attr]


REPLICATED = [
    ("/doc/praktijk/opvoedingsondersteuning", "text/turtle"),
    ("/doc/praktijk/opvoedingsondersteuning", "application/ld+json"),
    ("/doc/praktijk/opvoedingsondersteuning", "text/html"),
    ("/doc/gemeente/71022", "application/n-triples"),
    ("/doc/concept/doelgroep/nieuwkomers?page=1", "text/turtle"),
    (
        "/sparql?query=SELECT%20%3Fp%20WHERE%20%7B%20%3Fp%20a%20%3Cns%2Fpraktijk%23Practice%3E%20%7D",
        "text/csv",
    ),
    ("/ldes/practices", "text/turtle"),
    ("/catalog", "application/ld+json"),
    ("/dumps/dataset.nt", "*/*"),
]


def test_two_replicas_over_one_store_and_build_answer_byte_for_byte_alike(
    remote: str, oxigraph: str, published: Path, tmp_path: Path
) -> None:
    """The scale-out design: stateless `serve` replicas, each with the build folder, in front of
    one store. A second replica on the same store and folder gives the same answers."""
    process, port = serve(published, from_store(oxigraph), tmp_path / "replica.log")
    try:
        for path, accept in REPLICATED:
            first = httpx.get(f"{remote}{path}", headers={"Accept": accept})
            second = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"Accept": accept})
            assert first.status_code == second.status_code == 200, path
            assert first.content == second.content, path
            for header in ("content-type", "link", "etag", "content-location"):
                assert first.headers.get(header) == second.headers.get(header), (path, header)
    finally:
        process.terminate()
        process.wait(10)
