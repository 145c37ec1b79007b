"""Named queries as APIs: each file of queries/ at /queries/{name}, answering what the endpoint
answers for its text, with typed parameters bound as RDF terms and never as query text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from practicegraph.core.settings import BuildSettings
from tests.http.conftest import in_process
from tests.http.test_example_queries import EXAMPLES

BASE = "http://localhost:8000/"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def table(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def endpoint_rows(http: httpx.Client, text: str) -> list[dict[str, str]]:
    """What the SPARQL endpoint answers for the text: the oracle."""
    headers = {"Content-Type": "application/sparql-query", "Accept": "text/csv"}
    return table(http.post("/sparql", content=text.encode(), headers=headers))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_query_answers_what_the_endpoint_answers_for_its_file(
    http: httpx.Client, name: str
) -> None:
    expected = endpoint_rows(http, EXAMPLES[name].text)
    assert table(http.get(f"/queries/{name}.csv")) == expected
    assert table(http.get(f"/queries/{name}", headers={"Accept": "text/csv"})) == expected
    answer = http.get(f"/queries/{name}.json").json()
    assert len(answer["results"]["bindings"]) == len(expected)
    assert answer["head"]["vars"] == list(expected[0]) if expected else True


def test_a_page_says_what_the_query_answers_with_a_form_and_links(http: httpx.Client) -> None:
    page = http.get("/queries/everything-about-a-nis-code", headers={"Accept": FIREFOX})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Alles over één NIS-code" in html
    assert 'name="code" value="71022"' in html
    assert 'href="/queries/everything-about-a-nis-code.csv"' in html
    assert 'href="/queries/everything-about-a-nis-code.json"' in html
    assert "/sparql?query=" in html
    chosen = http.get("/queries/everything-about-a-nis-code", params={"code": "70000"}).text
    assert 'href="/queries/everything-about-a-nis-code.csv?code=70000"' in chosen
    assert "VALUES ?code { &#34;70000&#34; }" in chosen


@pytest.mark.parametrize(
    ("name", "parameter", "value", "default", "written"),
    [
        ("everything-about-a-nis-code", "code", "70000", '"71022"', '"70000"'),
        (
            "public-services-by-ipdc-theme-and-place",
            "where",
            "71066",
            "<http://vocab.belgif.be/auth/refnis2025/71072>",
            "<http://vocab.belgif.be/auth/refnis2025/71066>",
        ),
        (
            "initiatives-in-merged-municipalities",
            "end",
            "2030-01-01",
            '"2024-12-31"^^xsd:date',
            '"2030-01-01"^^xsd:date',
        ),
    ],
)
def test_a_value_is_bound_as_its_term(
    http: httpx.Client, name: str, parameter: str, value: str, default: str, written: str
) -> None:
    """The answer is the endpoint's for the file with that term written in by hand."""
    text = EXAMPLES[name].text
    assert default in text
    expected = endpoint_rows(http, text.replace(default, written))
    assert table(http.get(f"/queries/{name}.csv", params={parameter: value})) == expected


HOSTILE = [
    '71022" } ?s ?p ?o . } #',
    "71022} ; DROP ALL",
    "> <http://example.org/x",
    "71022\nSELECT",
    "7102",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("everything-about-a-nis-code", "code"),
        ("public-services-by-ipdc-theme-and-place", "where"),
        ("initiatives-in-merged-municipalities", "end"),
    ],
)
def test_a_value_outside_its_type_is_a_400(
    http: httpx.Client, name: str, parameter: str, value: str
) -> None:
    response = http.get(f"/queries/{name}.csv", params={parameter: value})
    assert response.status_code == 400
    assert parameter in response.text


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "31/12/2024", "2024-12-31T00:00"])
def test_a_date_must_be_a_day(http: httpx.Client, value: str) -> None:
    response = http.get("/queries/initiatives-in-merged-municipalities.csv", params={"end": value})
    assert response.status_code == 400


TYPED = """# title: Getypeerd
# title@en: Typed
# description: Een tekst, een begrip en een getal, teruggegeven.
# description@en: A text, a concept and a number, given back.
# parameter: words text "woorden" een tekst
# parameter: group concept "doelgroep/kwetsbare-gezinnen" een doelgroep
# parameter: n integer "3" een getal
PREFIX ipdc: <https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#>
SELECT ?practice ?given ?number WHERE {
  VALUES ?words { "woorden" }
  VALUES ?group { <id/concept/doelgroep/kwetsbare-gezinnen> }
  VALUES ?n { 3 }
  ?practice ipdc:targetAudience ?group .
  BIND (?words AS ?given) BIND (?n + 1 AS ?number)
}
"""


@pytest.fixture(scope="module")
def typed(
    built: tuple[BuildSettings, object, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[httpx.Client]:
    """The same build served from a project whose queries/ holds one query of the other types."""
    project = tmp_path_factory.mktemp("typed")
    (project / "queries").mkdir()
    (project / "queries" / "typed.rq").write_text(TYPED, encoding="utf-8")
    settings = built[0]
    with in_process(settings, project_dir=project, dist_dir=settings.dist) as client:
        yield client


@pytest.mark.parametrize("value", [*HOSTILE, '"} ; DROP ALL ; SELECT * { ?s ?p ?o } #', "a\\"])
def test_a_text_is_one_literal_whatever_it_holds(typed: httpx.Client, value: str) -> None:
    """The value comes back exactly, as the one literal it was bound as; the query kept its
    shape: the same practices as with the default."""
    rows = table(typed.get("/queries/typed.csv", params={"words": value}))
    default = table(typed.get("/queries/typed.csv"))
    assert rows
    assert [r["practice"] for r in rows] == [r["practice"] for r in default]
    answer = typed.get("/queries/typed.json", params={"words": value}).json()
    assert {b["given"]["value"] for b in answer["results"]["bindings"]} == {value}


def test_a_concept_and_an_integer_are_bound_as_terms(typed: httpx.Client) -> None:
    default = table(typed.get("/queries/typed.csv"))
    assert default
    assert {r["number"] for r in default} == {"4"}
    assert all(r["practice"].startswith(BASE + "id/praktijk/") for r in default)
    other = table(
        typed.get("/queries/typed.csv", params={"group": "doelgroep/bestaat-niet", "n": "-7"})
    )
    assert other == []
    for bad in ({"group": "doelgroep"}, {"group": "x/<y>"}, {"n": "1.5"}, {"n": "3 }"}):
        assert typed.get("/queries/typed.csv", params=bad).status_code == 400


def test_answers_are_cached_per_build_and_request(http: httpx.Client) -> None:
    path = "/queries/everything-about-a-nis-code.csv"
    first = http.get(path)
    tag = first.headers["etag"]
    again = http.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.headers["etag"] == tag
    assert http.get(path, params={"code": "71022"}).headers["etag"] == tag, "the default"
    assert http.get(path, params={"code": "70000"}).headers["etag"] != tag
    assert http.get(path.removesuffix(".csv") + ".json").headers["etag"] != tag


def test_unknown_queries_and_formats_are_404(http: httpx.Client) -> None:
    assert http.get("/queries/nothing").status_code == 404
    assert http.get("/queries/everything-about-a-nis-code.ttl").status_code == 404


def test_the_service_description_lists_the_named_queries(http: httpx.Client) -> None:
    response = http.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    service = URIRef(BASE + "sparql")
    parts = set(graph.objects(service, DCTERMS.hasPart))
    assert parts == {URIRef(f"{BASE}queries/{name}") for name in EXAMPLES}
    for part in parts:
        assert (part, RDF.type, DCAT.DataService) in graph
        assert (part, DCAT.endpointURL, part) in graph


def test_openapi_has_an_operation_per_query_with_typed_parameters(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    for name in EXAMPLES:
        assert f"/queries/{name}" in paths
    operation = paths["/queries/everything-about-a-nis-code"]["get"]
    (parameter,) = operation["parameters"]
    assert parameter["name"] == "code"
    assert parameter["schema"] == {"type": "string", "pattern": "^[0-9]{5}$", "default": "71022"}
    dated = paths["/queries/initiatives-in-merged-municipalities"]["get"]["parameters"]
    assert dated[0]["schema"]["format"] == "date"
    ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_a_link_to_the_endpoint_opens_the_editor_for_a_browser(http: httpx.Client) -> None:
    query = 'SELECT * WHERE { ?s ?p "<b>" } LIMIT 1'
    page = http.get("/sparql", params={"query": query}, headers={"Accept": FIREFOX})
    assert page.headers["content-type"].startswith("text/html")
    assert "SELECT * WHERE { ?s ?p &#34;&lt;b&gt;&#34; } LIMIT 1</textarea>" in page.text
    answer = http.get("/sparql", params={"query": query})
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    json.loads(answer.text)
