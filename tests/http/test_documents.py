"""Every document is whole and the same in every format: a practice with its initiatives, JSON-LD
framed from the thing asked for, readable by people and by any JSON-LD processor.

Through the real server; the JSON-LD is expanded by two processors (rdflib and oxigraph) with the
published context, and compared with the Turtle of the same document.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS

from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT
from tests.http.conftest import in_process

BASE = "http://localhost:8000/"
PRACTICE = "praktijk/opvoedingsondersteuning"
DOCUMENTS = [
    PRACTICE,
    "praktijk/instroommeting",
    "initiatief/opvoedingsondersteuning-mama-leert",
    "gemeente/71022",
    "provincie/70000",
    "concept/doelgroep/nieuwkomers",
    "conceptscheme/beleidsdomein",
    "bron/instroommeting",
    "organisatie/vvsg",
    "dataset/practicegraph",
]


def with_context(document: dict[str, Any], http: httpx.Client) -> str:
    document = dict(document)
    document["@context"] = http.get("/context/v1.jsonld").json()["@context"]
    return json.dumps(document)


def by_rdflib(document: dict[str, Any], http: httpx.Client) -> Graph:
    with warnings.catch_warnings():  # rdflib 7.6's JSON-LD parser calls its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=with_context(document, http), format="json-ld")


def by_oxigraph(document: dict[str, Any], http: httpx.Client) -> Graph:
    quads = pyoxigraph.parse(with_context(document, http), format=pyoxigraph.RdfFormat.JSON_LD)
    return Graph().parse(data="\n".join(f"{q.triple} ." for q in quads), format="nt")


def keys_and_types(node: Any) -> tuple[set[str], set[str]]:
    """Every key and every type name anywhere in a JSON-LD tree."""
    keys: set[str] = set()
    types: set[str] = set()
    if isinstance(node, list):
        for item in node:
            more = keys_and_types(item)
            keys, types = keys | more[0], types | more[1]
    elif isinstance(node, dict):
        for key, value in node.items():
            keys.add(key)
            if key == "type":
                types |= set(value if isinstance(value, list) else [value])
            elif key not in ("title", "label", "prefLabel", "description", "comment", "name"):
                more = keys_and_types(value)
                keys, types = keys | more[0], types | more[1]
    return keys, types


@pytest.mark.parametrize("path", DOCUMENTS)
def test_json_ld_and_turtle_are_the_same_graph(http: httpx.Client, path: str) -> None:
    turtle = http.get(f"/doc/{path}.ttl")
    framed = http.get(f"/doc/{path}.jsonld")
    assert turtle.status_code == framed.status_code == 200
    expected = to_isomorphic(Graph().parse(data=turtle.text, format="turtle"))
    document = framed.json()
    assert to_isomorphic(by_rdflib(document, http)) == expected
    assert to_isomorphic(by_oxigraph(document, http)) == expected


@pytest.mark.parametrize("path", DOCUMENTS)
def test_json_ld_is_framed_with_words_only(http: httpx.Client, path: str) -> None:
    document = http.get(f"/doc/{path}.jsonld").json()
    context = http.get("/context/v1.jsonld").json()["@context"]
    prefix, _colon, local = document["id"].partition(":")
    assert context.get(prefix, prefix + ":") + local == f"{BASE}id/{path}", (
        "the thing asked for on top"
    )
    keys, types = keys_and_types({k: v for k, v in document.items() if k != "@context"})
    assert {k for k in keys if ":" in k} == set(), "every key in the context"
    assert {t for t in types if ":" in t} == set(), "every type in the context"


def test_a_practice_document_holds_what_its_page_shows(http: httpx.Client) -> None:
    graph = Graph().parse(data=http.get(f"/doc/{PRACTICE}.ttl").text, format="turtle")
    practice = URIRef(BASE + "id/" + PRACTICE)
    initiatives = set(graph.subjects(DCTERMS.source, practice))
    assert len(initiatives) == 20
    dcat = "http://www.w3.org/ns/dcat#"
    contacts = {c for i in initiatives for c in graph.objects(i, URIRef(dcat + "contactPoint"))}
    page = (ROOT / "data/sources/practice-opvoedingsondersteuning.txt").read_text(encoding="utf-8")
    given = sum(line.lstrip(" •").startswith("Contact") for line in page.splitlines())
    assert given == 9
    assert len(contacts) == 4, "the functional ones: a person's are withheld by default"
    assert all((c, None, None) in graph for c in contacts), "contact points described"
    places = {
        m for i in initiatives for m in graph.objects(i, URIRef(BASE + "ns/praktijk#municipality"))
    }
    assert len(places) == 34
    labelled = {
        m
        for m in places
        if (m, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in graph
    }
    assert labelled == places, "every municipality named"
    for concept in graph.objects(practice, URIRef("http://data.europa.eu/m8g/thematicArea")):
        assert (concept, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None) in graph


def test_json_ld_nests_the_initiatives_in_page_order_with_json_values(http: httpx.Client) -> None:
    document = http.get(f"/doc/{PRACTICE}.jsonld").json()
    assert document["id"] == "praktijk:opvoedingsondersteuning"
    assert document["title"] == {"nl": "Opvoedingsondersteuning"}
    initiatives = document["initiatives"]
    assert [i["position"] for i in initiatives] == list(range(1, 21))  # numbers, in page order
    assert "practice" not in initiatives[0], "the nesting says whose initiative it is"
    assert initiatives[0]["title"] == {"nl": "Wereldmama's"}
    assert "contactPoint" not in initiatives[0], "a person's address is withheld by default"
    contact = next(i["contactPoint"] for i in initiatives if "contactPoint" in i)
    assert contact == {
        "type": "ContactOrganization",
        "email": "mailto:huisvanhetkind@geraardsbergen.be",
    }
    assert isinstance(document["goals"], list)
    assert document["referenceDate"] == "2024-12-31"
    municipality = initiatives[0]["municipality"][0]
    assert municipality["label"]["nl"] == "Aalst"
    truncated = http.get("/doc/bron/instroommeting.jsonld").json()
    assert truncated["truncated"] is True


def test_turtle_reads_subject_first_with_lists_and_nested_nodes(http: httpx.Client) -> None:
    text = http.get(f"/doc/{PRACTICE}.ttl").text
    body = [line for line in text.splitlines() if line and not line.startswith("@prefix")]
    assert body[0].startswith("praktijk:opvoedingsondersteuning ")
    assert "rdf:first" not in text
    assert "rdf:rest" not in text
    assert "pg:goals (" in text
    assert "dcat:contactPoint [" in text
    assert "_:" not in text


def test_a_municipality_document_holds_its_initiatives_and_their_practices(
    http: httpx.Client,
) -> None:
    document = http.get("/doc/gemeente/71022.jsonld").json()
    nested = {i["id"] for i in document["localInitiatives"]}
    assert "initiatief:opvoedingsondersteuning-programma-instapje" in nested
    instapje = next(i for i in document["localInitiatives"] if "instapje" in i["id"])
    assert instapje["practice"]["title"] == {"nl": "Opvoedingsondersteuning"}
    assert instapje["title"] == {"nl": "Programma 'Instapje'"}


def test_a_concept_document_holds_the_practices_that_use_it(http: httpx.Client) -> None:
    document = http.get("/doc/concept/doelgroep/nieuwkomers.jsonld").json()
    assert document["practicesForTargetGroup"] == [
        {"id": "praktijk:instroommeting", "title": {"nl": "Instroommeting"}}
    ]


def test_documents_that_grow_without_bound_come_in_linked_pages(
    built: tuple[BuildSettings, object, Path], http: httpx.Client, tmp_path: Path
) -> None:
    """Mechelen runs several initiatives: with pages of one, following "next" gives them all."""
    settings, _outcome, _folder = built
    query = f"SELECT ?i WHERE {{ ?i <{BASE}ns/praktijk#municipality> <{BASE}id/gemeente/12025> }}"
    answer = http.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    expected = set(answer.text.split()[1:])
    assert len(expected) >= 2
    with in_process(settings, page_size=1) as client:
        found: list[str] = []
        url: str | None = "/doc/gemeente/12025.ttl"
        while url is not None:
            response = client.get(url)
            assert response.status_code == 200
            graph = Graph().parse(data=response.text, format="turtle")
            here = set(graph.subjects(URIRef(BASE + "ns/praktijk#municipality"), None))
            assert len(here) == 1, url
            found += [str(i) for i in here]
            links = response.headers["link"].split(", ")
            url = next((k.split(">")[0][1:] for k in links if 'rel="next"' in k), None)
        assert sorted(found) == sorted(expected)
        assert len(found) == len(set(found)), "no initiative on two pages"
        assert client.get("/doc/gemeente/12025?page=0").status_code == 400


def test_a_page_for_people_is_not_paged_as_its_data_is(
    built: tuple[BuildSettings, object, Path],
) -> None:
    """A municipality's page counts its initiatives and lists its practices whole; only its RDF
    formats come in pages of parts, so only they link a next page."""
    settings, _outcome, _folder = built
    with in_process(settings, page_size=1) as client:
        data = client.get("/doc/gemeente/12025.ttl")
        assert 'rel="next"' in data.headers["link"]
        page = client.get("/doc/gemeente/12025.html")
        assert page.status_code == 200
        assert 'rel="next"' not in page.headers["link"]
        assert page.text == client.get("/doc/gemeente/12025.html?page=2").text
        assert '<a href="/id/praktijk/' in page.text
