"""The remote store: a build published to real stores (Oxigraph server, Virtuoso, Fuseki),
served from each, with the embedded store's answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Graph

from practicegraph.builder.publish import record_of
from tests.conftest import ROOT, Server, cli, copy_project, free_port, graph_of, serve
from tests.engines import ENGINES, Engine
from tests.group_concat import concatenated, parts
from tests.http.test_operator_token import TOKEN

pytestmark = pytest.mark.slow  # a store's server and our server in front of it

PRACTICE = "praktijk/opvoedingsondersteuning"
BASE = "http://localhost:8000/id/"


def canonical(body: bytes) -> set[pyoxigraph.Quad]:
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """Each real store in turn: every test below runs against each."""
    with ENGINES[request.param](tmp_path_factory.mktemp(request.param)) as started:
        yield started


@pytest.fixture(scope="module")
def published(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository built and published to the store: the project folder."""
    project = copy_project(tmp_path_factory.mktemp("remote") / "project")
    result = cli(project, "build", "--publish-to", engine.graph_store)
    assert result.returncode == 0, result.stderr
    assert "published" in result.stderr
    return project


def test_one_build_publishes_to_every_store_it_is_given(tmp_path: Path) -> None:
    """A deployment with one store per replica: each gets every graph of the same build."""
    with (
        ENGINES["oxigraph"](tmp_path / "a") as first,
        ENGINES["oxigraph"](tmp_path / "b") as second,
    ):
        project = copy_project(tmp_path / "project")
        result = cli(
            project, "build", "--publish-to", first.graph_store, "--publish-to", second.graph_store
        )
        assert result.returncode == 0, result.stderr
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        counted = [
            httpx.post(e.query, data={"query": count}, headers={"Accept": "text/csv"}).text.split()
            for e in (first, second)
        ]
        assert counted[0] == counted[1]
        assert int(counted[0][1]) > 13_000
        assert result.stderr.count("published") == 2


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_a_withdrawn_practice_leaves_the_store_too(name: str, tmp_path: Path) -> None:
    """The protocol cannot list a store's graphs: what was published where is kept in state/,
    and the graphs a later build no longer has are deleted from that store."""
    with ENGINES[name](tmp_path / name) as engine:
        project = copy_project(tmp_path / "project")
        graph = "http://localhost:8000/graph/data/practices/instroommeting"
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"

        def triples() -> int:
            answer = httpx.post(engine.query, data={"query": count}, headers={"Accept": "text/csv"})
            return int(answer.text.split()[1].strip('"'))

        assert cli(project, "build", "--publish-to", engine.graph_store).returncode == 0
        assert triples() > 50
        practice = project / "data" / "practices" / "instroommeting.ttl"
        withdrawn = cli(project, "withdraw", str(practice), "--reason", "Niet meer in de databank.")
        assert withdrawn.returncode == 0, withdrawn.stderr
        record = record_of(project / "state", engine.graph_store)
        listed = record.read_text(encoding="utf-8")
        rebuilt = cli(project, "build", "--publish-to", engine.graph_store)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert triples() == 0
        # a record that lists a graph the store no longer has (deleted by hand, a store wiped):
        # every engine answers its DELETE 404, which is no error
        record.write_text(listed, encoding="utf-8")
        again = cli(project, "publish", "--to", engine.graph_store)
        assert again.returncode == 0, again.stderr


def from_store(engine: Engine) -> dict[str, str]:
    return {"PRACTICEGRAPH_STORE": engine.query, "PRACTICEGRAPH_SPARQL_MAX_ROWS": "500"}


@pytest.fixture(scope="module")
def remote(engine: Engine, published: Path) -> Iterator[str]:
    """The published build served from the store by our server."""
    env = {**from_store(engine), "PRACTICEGRAPH_OPERATOR_TOKEN": TOKEN}
    process, port = serve(published, env, published.parent / "server.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


def test_publishing_puts_every_graph_of_the_build(engine: Engine, remote: str) -> None:
    graphs = httpx.post(
        engine.query,
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


EXAMPLES = sorted((ROOT / "queries").glob("*.rq"))


UNTAGGED = {"fuseki", "virtuoso"}
"""The engines whose GROUP_CONCAT is a literal without a language tag."""


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_example_queries_answer_alike_from_the_remote_store(
    remote: str, server: Server, engine: Engine, example: Path
) -> None:
    """The shipped examples (joins, OPTIONAL, GROUP BY, FILTER, paths): the same rows from the
    store as from the embedded engine. Three differences are the engines' own: where ORDER BY
    leaves ties, and within a GROUP_CONCAT, each orders values its own way (so the parts are
    compared, sorted); and the GROUP_CONCAT of Virtuoso and of Fuseki drops the language tag its
    values share, as SPARQL 1.1 defines it (Oxigraph keeps it, as CONCAT does)."""
    query = example.read_text(encoding="utf-8")
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        httpx.post(f"{url}/sparql", data={"query": query}, headers=accept, timeout=30)
        for url in (remote, server.url)
    ]
    assert [a.status_code for a in answers] == [200, 200], answers[0].text
    concatenations = concatenated(query)
    far, near = (table(a.content, concatenations, engine.name in UNTAGGED) for a in answers)
    assert len(near) > 0
    assert sorted(far) == sorted(near)


def table(body: bytes, concatenations: dict[str, str], untagged: bool) -> list[tuple[str, ...]]:
    """The rows, each cell as N-Triples writes it; a GROUP_CONCAT's as its sorted parts, and
    without its language tag if `untagged`."""
    solutions = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)

    def cell(name: str, term: object) -> str:
        if name not in concatenations or not isinstance(term, pyoxigraph.Literal):
            return str(term)
        sorted_parts = parts(term.value, concatenations[name])
        return sorted_parts if untagged else f"{sorted_parts} @{term.language}"

    names = solutions.variables
    return [tuple(cell(n.value, row[n]) for n in names) for row in solutions]


def test_ask_and_readiness_from_the_remote_store(remote: str) -> None:
    """ASK is a boolean whatever the engine writes (Virtuoso 7 answers it as a table), and
    /readyz, which asks the store `ASK {}`, finds the store ready and holding the build served;
    it checks no query workers, as the server starts none: the store runs the queries."""
    json = {"Accept": "application/sparql-results+json"}
    for query, expected in (("ASK {}", True), ('ASK { ?s ?p "no such value" }', False)):
        answer = httpx.get(f"{remote}/sparql", params={"query": query}, headers=json)
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"head": {}, "boolean": expected}
    assert httpx.get(f"{remote}/readyz").json() == {"status": "ready"}
    details = httpx.get(f"{remote}/readyz", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert details["status"] == "ready"
    assert set(details["checks"]) == {"build", "store", "published"}
    assert details["checks"]["store"]["ok"]
    assert details["checks"]["published"]["ok"]


def test_sparql_from_the_remote_store(remote: str) -> None:
    with httpx.Client(base_url=remote, timeout=30) as client:
        csv = client.post(
            "/sparql",
            content=(ROOT / "queries" / "practices-per-province.rq").read_bytes(),
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
            # initiatives: each typed in one graph only. Virtuoso's default graph is a bag, so
            # a triple that two graphs hold would come twice and be one triple of the answer
            params={
                "query": "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c"
                " FILTER(?c = <ns/praktijk#LocalInitiative>) } LIMIT 10"
            },
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
        far_main, near_main = main.search(a.text), main.search(b.text)
        assert far_main is not None
        assert near_main is not None
        assert far_main.group(0) == near_main.group(0)


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
    remote: str, engine: Engine, published: Path, tmp_path: Path
) -> None:
    """The scale-out design: stateless `serve` replicas, each with the build folder, in front of
    one store. A second replica on the same store and folder gives the same answers."""
    process, port = serve(published, from_store(engine), tmp_path / "replica.log")
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
