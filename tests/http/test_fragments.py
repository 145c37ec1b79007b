"""Triple and Quad Pattern Fragments over the repository's build: the pages hold exactly what
the store matches, their controls lead everywhere, every format parses back, caching holds."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from practicegraph.core.settings import BuildSettings
from practicegraph.store.fragments import COUNT_CAP
from tests.http.conftest import in_process

BASE = "http://localhost:8000/"
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VOID = Namespace("http://rdfs.org/ns/void#")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
HASSELT = BASE + "id/gemeente/71022"
MUNICIPALITIES = BASE + "graph/reference/municipalities"
TRIG = {"Accept": "application/trig"}


def read(response: httpx.Response) -> tuple[set[pyoxigraph.Quad], list[pyoxigraph.Quad]]:
    """The page's data quads, and its metadata graph's quads, parsed back by pyoxigraph."""
    assert response.status_code == 200, response.text
    quads = list(pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.TRIG))
    meta = [
        q
        for q in quads
        if isinstance(q.graph_name, pyoxigraph.NamedNode)
        and q.graph_name.value.endswith("#metadata")
    ]
    return {q for q in quads if q not in meta}, meta


def value(meta: list[pyoxigraph.Quad], subject: str, predicate: URIRef) -> str | None:
    """The one object the metadata gives the page for the predicate, if any."""
    found = [
        str(getattr(q.object, "value", q.object))
        for q in meta
        if q.subject == pyoxigraph.NamedNode(subject) and q.predicate.value == str(predicate)
    ]
    assert len(found) <= 1
    return found[0] if found else None


def triples_of(body: bytes, syntax: pyoxigraph.RdfFormat) -> Graph:
    """A format with graphs, parsed by pyoxigraph, its triples read into rdflib whatever graph."""
    quads = pyoxigraph.parse(body, format=syntax)
    return Graph().parse(data="\n".join(f"{q.triple} ." for q in quads), format="nt")


def skolemised(quad: pyoxigraph.Quad) -> pyoxigraph.Quad:
    """The quad as fragments give it: a blank node as its skolem IRI."""

    def named(term: Any) -> Any:
        if isinstance(term, pyoxigraph.BlankNode):
            return pyoxigraph.NamedNode(f"{BASE}.well-known/genid/{term.value}")
        return term

    return pyoxigraph.Quad(named(quad.subject), quad.predicate, named(quad.object), quad.graph_name)


def first_page(params: dict[str, str]) -> str:
    return f"{BASE}fragments?{httpx.QueryParams(params)}" if params else f"{BASE}fragments"


def walk(http: httpx.Client, params: dict[str, str]) -> tuple[list[pyoxigraph.Quad], int]:
    """Every page of a fragment, by following hydra:next from the first: the quads, the pages."""
    page: str | None = first_page(params)
    quads: list[pyoxigraph.Quad] = []
    pages = 0
    while page is not None:
        data, meta = read(http.get("/" + page.removeprefix(BASE), headers=TRIG))
        assert value(meta, page, HYDRA.totalItems) is not None
        quads += data
        pages += 1
        page = value(meta, page, HYDRA.next)
    return quads, pages


PATTERNS = [
    ({"subject": HASSELT}, (pyoxigraph.NamedNode(HASSELT), None, None, None)),
    ({"predicate": RDFS_LABEL}, (None, pyoxigraph.NamedNode(RDFS_LABEL), None, None)),
    ({"object": '"Hasselt"@nl'}, (None, None, pyoxigraph.Literal("Hasselt", language="nl"), None)),
    (
        {"predicate": RDFS_LABEL, "graph": MUNICIPALITIES},
        (None, pyoxigraph.NamedNode(RDFS_LABEL), None, pyoxigraph.NamedNode(MUNICIPALITIES)),
    ),
]


@pytest.mark.parametrize(
    ("params", "pattern"), PATTERNS, ids=lambda p: "-".join(p) if isinstance(p, dict) else ""
)
def test_walking_the_pages_gives_exactly_what_the_store_matches(
    http: httpx.Client, store: pyoxigraph.Store, params: dict[str, str], pattern: tuple[Any, ...]
) -> None:
    expected = [skolemised(q) for q in store.quads_for_pattern(*pattern)]
    quads, pages = walk(http, params)
    assert sorted(map(str, quads)) == sorted(map(str, expected))
    assert len(quads) == len(set(quads)), "no quad on two pages"
    assert pages == max(1, -(-len(expected) // 100))


def test_the_labels_take_several_pages_and_the_last_has_no_next(
    http: httpx.Client, store: pyoxigraph.Store
) -> None:
    total = sum(
        1 for _ in store.quads_for_pattern(None, pyoxigraph.NamedNode(RDFS_LABEL), None, None)
    )
    assert 200 < total < COUNT_CAP
    first, meta = read(http.get("/fragments", params={"predicate": RDFS_LABEL}, headers=TRIG))
    page = (
        f"{BASE}fragments?predicate={RDFS_LABEL}".replace("#", "%23")
        .replace(":", "%3A")
        .replace("/", "%2F")
    )
    page = f"{BASE}fragments?" + str(httpx.QueryParams({"predicate": RDFS_LABEL}))
    assert len(first) == 100
    assert value(meta, page, HYDRA.totalItems) == str(total)
    assert value(meta, page, VOID.triples) == str(total)
    assert value(meta, page, HYDRA.itemsPerPage) == "100"
    assert value(meta, page, HYDRA.first) == page
    assert value(meta, page, HYDRA.previous) is None
    assert value(meta, page, HYDRA.next) == page + "&page=2"
    last = -(-total // 100)
    data, meta = read(
        http.get("/fragments", params={"predicate": RDFS_LABEL, "page": last}, headers=TRIG)
    )
    here = f"{page}&page={last}"
    assert len(data) == total - 100 * (last - 1)
    assert value(meta, here, HYDRA.next) is None
    assert value(meta, here, HYDRA.previous) == f"{page}&page={last - 1}"
    beyond = http.get(
        "/fragments", params={"predicate": RDFS_LABEL, "page": last + 1}, headers=TRIG
    )
    assert beyond.status_code == 404


def test_the_default_graph_is_the_union_each_triple_once(
    http: httpx.Client, store: pyoxigraph.Store
) -> None:
    pattern = (pyoxigraph.NamedNode(HASSELT), None, None)
    triples = {q.triple for q in store.quads_for_pattern(*pattern, None)}
    quads, _pages = walk(http, {"subject": HASSELT, "graph": "urn:ldf:defaultGraph"})
    assert {q.triple for q in quads} == triples
    assert len(quads) == len(triples)
    assert {q.graph_name for q in quads} == {pyoxigraph.DefaultGraph()}


def test_the_controls_name_the_search_form_and_its_four_mappings(http: httpx.Client) -> None:
    response = http.get("/fragments", headers=TRIG)
    dataset = triples_of(response.content, pyoxigraph.RdfFormat.TRIG)
    form = dataset.value(URIRef(BASE + "fragments#dataset"), HYDRA.search)
    assert (
        str(dataset.value(form, HYDRA.template))
        == BASE + "fragments{?subject,predicate,object,graph}"
    )
    assert dataset.value(form, HYDRA.variableRepresentation) == HYDRA.ExplicitRepresentation
    mappings = {
        str(dataset.value(m, HYDRA.variable)): str(dataset.value(m, HYDRA.property))
        for m in dataset.objects(form, HYDRA.mapping)
    }
    assert mappings == {
        "subject": "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
        "predicate": "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate",
        "object": "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
        "graph": "http://www.w3.org/ns/sparql-service-description#graph",
    }


@pytest.mark.parametrize(
    ("media", "syntax"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/n-quads", "nquads"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_each_format_holds_the_same_data(
    http: httpx.Client, store: pyoxigraph.Store, media: str, syntax: str
) -> None:
    response = http.get("/fragments", params={"subject": HASSELT}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    if syntax == "json-ld":
        document = response.json()
        document["@context"] = http.get("/context/v1.jsonld").json()["@context"]
        quads = pyoxigraph.parse(json.dumps(document), format=pyoxigraph.RdfFormat.JSON_LD)
        graph = Graph().parse(data="\n".join(f"{q.triple} ." for q in quads), format="nt")
    elif syntax == "nquads":
        graph = triples_of(response.content, pyoxigraph.RdfFormat.N_QUADS)
    else:
        graph = Graph().parse(data=response.text, format=syntax)
    subject = URIRef(HASSELT)
    expected = {
        q.triple for q in store.quads_for_pattern(pyoxigraph.NamedNode(HASSELT), None, None, None)
    }
    assert len(set(graph.predicate_objects(subject))) == len(
        {(t.predicate, t.object) for t in expected}
    )
    assert (subject, URIRef(RDFS_LABEL), Literal("Hasselt", lang="nl")) in graph
    assert any(graph.triples((None, HYDRA.totalItems, None)))


def test_a_build_answers_the_same_fragment_the_same_and_304s_a_copy(http: httpx.Client) -> None:
    params = {"subject": HASSELT}
    first = http.get("/fragments", params=params, headers=TRIG)
    again = http.get("/fragments", params=params, headers=TRIG)
    etag = first.headers["etag"]
    assert again.headers["etag"] == etag
    assert again.content == first.content
    assert first.headers["cache-control"] == "public, max-age=300"
    assert (
        http.get("/fragments", params=params, headers={"Accept": "text/turtle"}).headers["etag"]
        != etag
    )
    assert http.get("/fragments", params={"subject": BASE}, headers=TRIG).headers["etag"] != etag
    cached = http.get("/fragments", params=params, headers={**TRIG, "If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.content == b""
    assert cached.headers["etag"] == etag


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"object": '"Hasselt'}, "closing quote"),
        ({"object": '"Hasselt"@'}, "object"),
        ({"object": '"1"^^not an iri'}, "object"),
        ({"subject": "not an iri"}, "subject"),
        ({"subject": '"Hasselt"'}, "literal is never a subject"),
        ({"predicate": "_:b"}, "predicate"),
        ({"graph": '"g"'}, "graph"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
    ],
)
def test_a_malformed_term_is_a_400_in_words(
    http: httpx.Client, params: dict[str, str], says: str
) -> None:
    response = http.get("/fragments", params=params, headers=TRIG)
    assert response.status_code == 400
    assert response.text.startswith("400 Bad Request: ")
    assert says in response.text


def test_a_query_string_a_client_did_not_encode_still_names_the_page(
    http: httpx.Client, store: pyoxigraph.Store
) -> None:
    hasselt = pyoxigraph.Literal("Hasselt", language="nl")
    expected = sum(1 for _ in store.quads_for_pattern(None, None, hasselt, None))
    data, meta = read(http.get('/fragments?object="Hasselt"@nl', headers=TRIG))
    assert len(data) == expected > 0
    assert value(meta, BASE + "fragments?object=%22Hasselt%22@nl", HYDRA.totalItems) == str(
        expected
    )


def test_only_rdf_is_offered(http: httpx.Client) -> None:
    response = http.get("/fragments", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert "application/trig" in response.text


def test_the_openapi_document_lists_the_route(http: httpx.Client) -> None:
    parameters = http.get("/openapi.json").json()["paths"]["/fragments"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == ["subject", "predicate", "object", "graph", "page"]


def test_over_a_remote_store_fragments_are_refused_in_words(
    built: tuple[BuildSettings, object, Path],
) -> None:
    """No request reaches the store: the address is one nothing listens on."""
    with in_process(built[0], store="http://127.0.0.1:9/sparql") as remote:
        response = remote.get("/fragments", headers=TRIG)
    assert response.status_code == 501
    assert "SPARQL endpoint" in response.text


def test_blank_nodes_come_as_skolem_iris_that_a_client_can_ask_for(http: httpx.Client) -> None:
    """A client reads a blank node as local to its page, so a join through one (an initiative's
    contact point, then its address) needs a name it can ask for again: `.well-known/genid/`."""
    contact = "http://www.w3.org/ns/dcat#contactPoint"
    data, _meta = read(http.get("/fragments", params={"predicate": contact}, headers=TRIG))
    points = {q.object for q in data if str(q.object).startswith(f"<{BASE}.well-known/genid/")}
    assert points, "the initiatives' contact points are blank nodes in the store"
    assert not any(isinstance(q.object, pyoxigraph.BlankNode) for q in data)
    point = sorted(points, key=str)[0]
    assert isinstance(point, pyoxigraph.NamedNode)
    about, _meta = read(http.get("/fragments", params={"subject": point.value}, headers=TRIG))
    assert {q.predicate.value for q in about} >= {"http://www.w3.org/2006/vcard/ns#hasEmail"}
    bad = http.get("/fragments", params={"subject": BASE + ".well-known/genid/a b"}, headers=TRIG)
    assert bad.status_code in (200, 400)
    assert "Traceback" not in bad.text


@pytest.mark.parametrize("query", ["zzz=%zz", "%", "%2", "x=%G1", "object=%22a%zz%22"])
def test_a_malformed_percent_escape_is_a_400_in_words(http: httpx.Client, query: str) -> None:
    """The query string as asked is the page's IRI, where a `%` must start an escape."""
    response = http.get("/fragments?" + query, headers=TRIG)
    assert response.status_code == 400, response.text
    assert response.text.startswith("400 Bad Request: ")
    assert "percent" in response.text


def test_an_unknown_parameter_is_a_400_that_names_it(http: httpx.Client) -> None:
    """Every page repeats its IRI, the query string as asked, some 33 times: an 8 KB parameter
    a fragment does not read made an 880 KB answer."""
    response = http.get("/fragments", params={"subject": HASSELT, "x": "y" * 8000}, headers=TRIG)
    assert response.status_code == 400, response.text[:200]
    assert response.text.startswith("400 Bad Request: ")
    assert "'x'" in response.text
    assert "subject, predicate, object, graph and page" in response.text
    long = http.get("/fragments", params={"z" * 8000: "1", "limit": "5"}, headers=TRIG)
    assert long.status_code == 400
    assert "'limit'" in long.text
    assert len(long.content) < 400


def test_a_page_named_percent_encoded_still_leads_to_the_next_page(http: httpx.Client) -> None:
    """`pa%67e` is `page` to the framework: the links must drop it, not add a second page."""
    fragment = f"{BASE}fragments?" + str(httpx.QueryParams({"predicate": RDFS_LABEL}))
    asked = fragment + "&pa%67e=2"
    _data, meta = read(http.get("/" + asked.removeprefix(BASE), headers=TRIG))
    assert value(meta, asked, HYDRA.first) == fragment
    assert value(meta, asked, HYDRA.previous) == fragment
    following = value(meta, asked, HYDRA.next)
    assert following == fragment + "&page=3"
    data, _meta = read(http.get("/" + following.removeprefix(BASE), headers=TRIG))
    assert len(data) == 100


def test_past_a_clients_share_a_fragment_is_a_429_with_retry_after(
    built: tuple[BuildSettings, object, Path],
) -> None:
    """One request per client address: eight at once, the deepest page of the union (some
    200 ms of lookup each), and those past the first while it runs are refused at once."""
    deep = {"graph": "urn:ldf:defaultGraph", "page": "150"}
    with in_process(built[0], fragments_client_limit=1) as client:
        gate = threading.Barrier(8)

        def ask(_n: int) -> httpx.Response:
            gate.wait()
            return client.get("/fragments", params=deep, headers=TRIG)

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, range(8)))
        statuses = sorted(a.status_code for a in answers)
        assert statuses[0] == 200
        assert statuses[-1] == 429, statuses
        assert set(statuses) == {200, 429}
        refused = next(a for a in answers if a.status_code == 429)
        assert refused.headers["retry-after"] == "1"
        assert refused.text.startswith("429 Too Many Requests: a client may have 1 ")


def test_a_page_past_the_offset_limit_is_a_400_that_points_to_sparql(
    built: tuple[BuildSettings, object, Path],
) -> None:
    """A page is read by skipping to it, so its cost grows with its number: the limit caps it."""
    labels = {"predicate": RDFS_LABEL}
    with in_process(built[0], fragments_max_offset=200) as client:
        last = client.get("/fragments", params={**labels, "page": "2"}, headers=TRIG)
        assert last.status_code == 200
        past = client.get("/fragments", params={**labels, "page": "3"}, headers=TRIG)
    assert past.status_code == 400
    assert past.text.startswith("400 Bad Request: page 3 starts past the first 200 matches")
    assert BASE + "sparql" in past.text
