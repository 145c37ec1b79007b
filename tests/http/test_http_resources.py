"""Resources, dumps and context over a real uvicorn: 303s, negotiation, headers, parse-backs."""

from __future__ import annotations

import json
import re
from email.utils import formatdate
from html import unescape
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from bs4 import BeautifulSoup
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT, graph_of

PRACTICE = "praktijk/opvoedingsondersteuning"
BASE = "http://localhost:8000/"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_id_answers_303_to_its_description(http: httpx.Client) -> None:
    response = http.get(f"/id/{PRACTICE}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/{PRACTICE}"
    followed = http.get(f"/id/{PRACTICE}", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert followed.status_code == 200
    assert followed.headers["content-type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize(
    ("accept", "status", "content_type"),
    [
        (FIREFOX, 404, "text/html; charset=utf-8"),
        ("text/turtle", 404, "text/turtle; charset=utf-8"),
        ("application/ld+json", 404, "application/ld+json"),
        ("image/png", 406, "text/plain; charset=utf-8"),
    ],
)
def test_unknown_resource_in_the_negotiated_format(
    http: httpx.Client, accept: str, status: int, content_type: str
) -> None:
    for path in ("/id/praktijk/bestaat-niet", "/doc/praktijk/bestaat-niet"):
        response = http.get(path, headers={"Accept": accept})
        assert response.status_code == status
        assert response.headers["content-type"] == content_type
    assert (
        "text/turtle"
        in http.get("/doc/praktijk/bestaat-niet", headers={"Accept": "image/png"}).text
    )


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "text/html; charset=utf-8"),
        (FIREFOX, "text/html; charset=utf-8"),
        ("text/turtle", "text/turtle; charset=utf-8"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/n-triples", "application/n-triples; charset=utf-8"),
        ("application/rdf+xml", "application/rdf+xml; charset=utf-8"),
        ("text/turtle;q=0, */*;q=0.5", "text/html; charset=utf-8"),
        ("text/html;q=0, */*;q=0.5", "text/turtle; charset=utf-8"),
    ],
)
def test_negotiated_document_headers(
    http: httpx.Client, accept: str | None, content_type: str
) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    request = http.build_request("GET", f"/doc/{PRACTICE}", headers=headers)
    if accept is None:
        del request.headers["accept"]
    response = http.send(request)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert "Accept" in response.headers["vary"]
    links = response.headers["link"]
    for suffix, media in (
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ):
        assert f'</doc/{PRACTICE}.{suffix}>; rel="alternate"; type="{media}"' in links


@pytest.mark.parametrize("suffix", ["ttl", "jsonld", "nt", "rdf"])
def test_every_format_parses_back_to_the_resources_triples(
    http: httpx.Client, store: pyoxigraph.Store, suffix: str
) -> None:
    response = http.get(f"/doc/{PRACTICE}.{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    parsed = graph_of(response, suffix, http)
    reference = Graph().parse(data=http.get(f"/doc/{PRACTICE}.nt").text, format="nt")
    assert isomorphic(parsed, reference)
    own = store.query(
        f"CONSTRUCT {{ <{BASE}id/{PRACTICE}> ?p ?o }} WHERE {{ <{BASE}id/{PRACTICE}> ?p ?o }}",
        use_default_graph_as_union=True,
    )
    assert isinstance(own, pyoxigraph.QueryTriples)
    expected = {
        (t.predicate.value, t.object.value)
        for t in own
        if not isinstance(t.object, pyoxigraph.BlankNode)
    }
    got = {(str(p), str(o)) for s, p, o in parsed if str(s) == f"{BASE}id/{PRACTICE}"}
    assert expected <= got
    goals = [str(o) for o in parsed.objects(None, None) if str(o).startswith("Taalontwikkeling")]
    assert goals == [
        "Taalontwikkeling van zowel ouders als kinderen"
    ]  # blank-node lists are followed


def test_json_ld_reads_as_words_with_the_published_context(http: httpx.Client) -> None:
    practice = http.get(f"/doc/{PRACTICE}.jsonld").json()
    assert practice["@context"] == f"{BASE}context/v1.jsonld"
    assert practice["id"] == "praktijk:opvoedingsondersteuning"  # the practice on top
    assert practice["title"] == {"nl": "Opvoedingsondersteuning"}
    assert practice["goals"][1] == "Opvoedingsondersteuning"
    assert sorted(practice["type"]) == ["ConceptualPublicService", "Practice"]  # IPDC class too
    context = http.get("/context/v1.jsonld")
    assert context.headers["content-type"] == "application/ld+json"
    assert context.json()["@context"]["title"] == {"@id": "dct:title", "@container": "@language"}


def test_html_page_reads_like_the_practice_and_every_own_link_resolves(http: httpx.Client) -> None:
    page = http.get(f"/doc/{PRACTICE}", headers={"Accept": FIREFOX})
    html = page.text
    assert "<h1>Opvoedingsondersteuning</h1>" in html
    assert "Maatschappelijke integratie inburgeraars" in html
    assert "Deze praktijk in" in html
    assert "Mama Leert" in html
    hrefs = sorted(set(re.findall(r'href="([^"]+)"', html)))
    own = [h for h in hrefs if h.startswith("/")]
    assert any(h.startswith("/id/concept/doelgroep/") for h in own)
    for href in own:
        response = http.get(href.split("#")[0], headers={"Accept": FIREFOX}, follow_redirects=True)
        assert response.status_code == 200, href
    external = [h for h in hrefs if not h.startswith("/")]
    assert "mailto:kindenwelzijn@machelen.be" in external
    assert "mailto:suzan.decleer@ligo-zovl.be" not in external, "withheld by default"
    assert "http://www.w3.org/ns/prov#wasDerivedFrom" in external, "facts beyond the layout stay"


def test_an_initiative_reads_in_words_with_each_place_once(http: httpx.Client) -> None:
    """Its IPDC terms as a public service are named for people, not as `m8g:thematicArea:`, and
    a place whose codes of 2019 and 2025 share a name is named once."""
    html = http.get(f"/doc/{PRACTICE}", headers={"Accept": FIREFOX}).text
    initiatives = html.split('id="initiatives"', 1)[1].split("</section>", 1)[0]
    details = re.findall(r'<p class="detail">(.*?)</p>', initiatives, re.DOTALL)
    assert details
    for line in details:
        label = line.split(":", 1)[0]
        assert not re.fullmatch(r"[a-z0-9]+", label), f"a prefix shown to people: {line[:60]}"
        names = re.findall(r">([^<>]+)</a>", line)
        assert len(names) == len(set(names)), f"a name twice: {names}"
    assert any(line.startswith("Gebied: ") and ">Aalst</a>" in line for line in details)
    assert any(line.startswith("Thema (IPDC): ") for line in details)


def test_municipality_page_links_its_successor(http: httpx.Client) -> None:
    html = http.get("/doc/gemeente/71022.html").text
    assert 'href="/id/gemeente/71072"' in html
    assert 'href="/id/provincie/70000"' in html
    assert "Limburg" in html
    after = http.get("/doc/gemeente/71072.html").text
    assert re.search(r'<dt>Volgt op</dt><dd>[^\n]*<a href="/id/gemeente/71022">Hasselt</a>', after)
    assert re.search(
        r'<dt>Volgt op</dt><dd>[^\n]*<a href="/id/gemeente/73040">Kortessem</a>', after
    )
    assert '<a href="/id/praktijk/opvoedingsondersteuning">' in html, "what runs there"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/ns/praktijk", "ns/praktijk#LocalInitiative"),
        ("/ns/shapes", "ns/shapes#PracticeShape"),
        ("/id/conceptscheme/doelgroep", "id/conceptscheme/doelgroep"),
        ("/doc/concept/beleidsdomein/kinderopvang", "id/concept/beleidsdomein/kinderopvang"),
        (
            "/graph/data/practices/opvoedingsondersteuning",
            "id/initiatief/opvoedingsondersteuning-mama-leert",
        ),
    ],
)
def test_vocabulary_concepts_and_graphs_dereference(
    http: httpx.Client, path: str, expected: str
) -> None:
    response = http.get(path, headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (BASE + expected) in {str(s) for s in graph.subjects()}
    assert http.get(path, headers={"Accept": FIREFOX}, follow_redirects=True).status_code == 200


def test_home_page_counts_and_links(http: httpx.Client) -> None:
    html = http.get("/").text
    assert "25 lokale initiatieven" in html  # 20 of the seed page, 5 of the Instroommeting excerpt
    assert "3 praktijken" in html
    for href in ("/sparql", "/dumps/", "/ns/praktijk", "/context/v1.jsonld", f"/id/{PRACTICE}"):
        assert f'href="{href}"' in html


@pytest.mark.parametrize(
    "name", ["dataset.ttl", "dataset.nt", "dataset.nq", "dataset.jsonld", "dataset.nq.gz"]
)
def test_dumps_support_head_etag_and_conditional_requests(
    http: httpx.Client, built: tuple[BuildSettings, object, Path], name: str
) -> None:
    path = f"/dumps/{name}"
    response = http.get(path)
    assert response.status_code == 200
    assert response.content == (built[2] / "dumps" / name).read_bytes()
    assert int(response.headers["content-length"]) == len(response.content)
    head = http.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == response.headers["etag"]
    assert head.headers["content-length"] == response.headers["content-length"]
    assert http.get(path, headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    assert (
        http.get(path, headers={"If-Modified-Since": response.headers["last-modified"]}).status_code
        == 304
    )
    assert http.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    old = formatdate(0, usegmt=True)
    assert http.get(path, headers={"If-Modified-Since": old}).status_code == 200
    expected_type = "application/gzip" if name.endswith(".gz") else None
    if expected_type:
        assert response.headers["content-type"] == expected_type


def test_dump_listing(http: httpx.Client) -> None:
    listing = http.get("/dumps/", headers={"Accept": "application/json"}).json()
    names = {f["name"] for f in listing["files"]}
    assert {
        "dataset.ttl",
        "dataset.ttl.gz",
        "dataset.nt",
        "dataset.nq",
        "dataset.jsonld",
        "dataset.jsonld.gz",
    } <= names
    assert "dataset.nq" in http.get("/dumps/").text


def test_openapi_lists_every_route_with_an_example(http: httpx.Client) -> None:
    document = http.get("/openapi.json").json()
    paths = document["paths"]
    for path in (
        "/",
        "/id/{path}",
        "/doc/{path}",
        "/ns/{path}",
        "/graph/{path}",
        "/sparql",
        "/dumps/",
        "/context/v1.jsonld",
    ):
        assert path in paths, path
    text = json.dumps(paths)
    assert "opvoedingsondersteuning" in text
    assert "SELECT" in text
    ids = [
        op["operationId"] for item in paths.values() for op in item.values() if "operationId" in op
    ]
    assert len(ids) == len(set(ids)), "an operation id is unique (OpenAPI 3.1, 4.8.10)"


@pytest.mark.parametrize("path", ["/doc/a%20b", "/id/a%3Cb", "/graph/a%20b.ttl", "/ns/%7Bx%7D"])
def test_paths_that_are_no_valid_iri_are_404_not_500(http: httpx.Client, path: str) -> None:
    response = http.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404


def test_the_ontology_iri_gives_people_its_documentation(http: httpx.Client) -> None:
    """Every class and property of ontology/praktijk.ttl has a section at its fragment, with
    its labels and definition; machines still get the RDF at the same IRI."""
    ontology = Graph().parse(ROOT / "ontology" / "praktijk.ttl", publicID="http://localhost:8000/")
    html = http.get("/ns/praktijk", headers={"Accept": FIREFOX}).text
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    assert len(terms) >= 10
    for term in terms:
        anchor = str(term).rpartition("#")[2]
        section = re.search(rf'<section id="{anchor}".*?</section>', html, re.S)
        assert section is not None, anchor
        for label in ontology.objects(term, RDFS.label):
            assert str(label) in unescape(section.group(0))
        definition = ontology.value(term, SKOS.definition)
        assert str(definition) in unescape(section.group(0))
    assert re.search(r'<dt>Domein van</dt><dd>.*href="/ns/praktijk#goals"', html)
    turtle = http.get("/ns/praktijk", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert set(Graph().parse(data=turtle.text, format="turtle").subjects()) >= terms


def test_a_document_asked_again_is_the_same_answer_in_each_format(http: httpx.Client) -> None:
    """Rendered documents are kept per format: a second ask gets the same bytes and headers,
    and asking another format in between never gets the first one's document."""
    url = f"/doc/{PRACTICE}"
    asks = ["text/turtle", "application/ld+json", "text/html", "text/turtle", "text/html"]
    answers = [http.get(url, headers={"Accept": accept}) for accept in asks]
    for accept, answer in zip(asks, answers, strict=True):
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(accept)
    for first, again in ((0, 3), (2, 4)):
        assert answers[first].content == answers[again].content
        for header in ("content-type", "content-length", "content-location", "link", "vary"):
            assert answers[first].headers[header] == answers[again].headers[header]
    head = http.head(url, headers={"Accept": "text/turtle"})
    assert head.status_code == 200
    assert head.headers["content-length"] == answers[0].headers["content-length"]
    assert head.content == b""


def test_the_practice_page_keeps_its_own_concepts_apart_from_the_ipdc_values(
    http: httpx.Client,
) -> None:
    """The sections read like the source page; the values the build derives have their own."""
    page = http.get("/doc/praktijk/opvoedingsondersteuning", headers={"Accept": "text/html"})
    soup = BeautifulSoup(page.text, "html.parser")

    def section(heading: str) -> str:
        found = soup.find("h2", string=heading)
        assert found is not None, heading
        around = found.find_parent("section")
        assert around is not None, heading
        return " ".join(around.get_text(" ").split())

    assert "Burger" not in section("Doelgroep")
    assert "Welzijn en Gezondheid" not in section("Beleidsdomeinen")
    ipdc = section("In de codelijsten van IPDC-LPDC")
    assert "Doelgroep: Burger" in ipdc
    assert "Welzijn en Gezondheid" in ipdc
