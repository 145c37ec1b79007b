"""Content negotiation by profile (W3C): the same resource in our model, in IPDC-LPDC terms and in
schema.org, chosen by Accept-Profile or ?_profile=, named in the answer, checked by a shape per
profile, and never mixed up by the response cache. Through the real server."""

from __future__ import annotations

import json

import httpx
import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic

from tests.conftest import ROOT

BASE = "http://localhost:8000/"
PRACTICE = "/doc/praktijk/opvoedingsondersteuning"
PROFILE = {token: f"{BASE}id/profiel/{token}" for token in ("praktijk", "ipdc", "schema")}


def conforms(data: Graph, shapes: str) -> list[str]:
    shape_graph = Graph().parse(ROOT / "tests" / "profiles" / shapes, format="turtle")
    _ok, report, _text = validate(data, shacl_graph=shape_graph, advanced=True)
    return sorted(
        str(m) for m in report.objects(None, URIRef("http://www.w3.org/ns/shacl#resultMessage"))
    )


def turtle(response: httpx.Response) -> Graph:
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="turtle")


def test_the_default_profile_is_named_and_whole(http: httpx.Client) -> None:
    response = http.get(PRACTICE, headers={"Accept": "text/turtle"})
    assert response.headers["content-profile"] == f"<{PROFILE['praktijk']}>"
    graph = turtle(response)
    assert conforms(graph, "praktijk.ttl") == []
    without = Graph()  # the shape fails a document that lost its initiatives' places' names
    for triple in graph:
        if triple[1] != URIRef("http://www.w3.org/2000/01/rdf-schema#label"):
            without.add(triple)
    assert "Every municipality is named in the document." in conforms(without, "praktijk.ttl")
    assert f'<{PROFILE["praktijk"]}>; rel="profile"' in response.headers["link"]
    assert "Accept-Profile" in response.headers["vary"]


def test_the_ipdc_profile_reads_as_ipdc_lpdc(http: httpx.Client) -> None:
    response = http.get(
        PRACTICE, headers={"Accept": "text/turtle", "Accept-Profile": f"<{PROFILE['ipdc']}>"}
    )
    assert response.headers["content-profile"] == f"<{PROFILE['ipdc']}>"
    graph = turtle(response)
    assert conforms(graph, "ipdc.ttl") == []
    ipdc = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#"
    instances = set(graph.subjects(None, URIRef(ipdc + "InstancePublicService")))
    assert len(instances) == 20
    emails = set(graph.objects(None, URIRef("http://schema.org/email")))
    assert {str(e) for e in emails} == {
        "huisvanhetkind@geraardsbergen.be",
        "kinderopvang@heusden-zolder.be",
        "kindenwelzijn@machelen.be",
        "info@kindentaal.be",
    }, "the functional addresses: a person's are withheld by default"


def test_the_ipdc_profile_speaks_ipdc_lpdc_keys_in_json_ld(http: httpx.Client) -> None:
    """An IPDC-LPDC consumer reads its own keys (naam, doelgroepen, contactgegevens …), and the
    document is the same graph as the profile's Turtle."""
    asked = {"Accept-Profile": f"<{PROFILE['ipdc']}>"}
    framed = http.get(PRACTICE, headers={"Accept": "application/ld+json", **asked})
    document = framed.json()
    assert document["@context"] == "http://localhost:8000/context/ipdc/v1.jsonld"
    assert document["type"] == "Concept"
    assert document["naam"] == {"nl": "Opvoedingsondersteuning"}
    assert {"beschrijving", "doelgroepen", "themas", "instanties"} <= set(document)
    instances = document["instanties"]
    assert len(instances) == 20
    assert {i["type"] for i in instances} == {"Instantie"}
    contacts = [i["contactgegevens"] for i in instances if "contactgegevens" in i]
    assert {c["type"] for c in contacts} == {"Contactgegevens"}
    assert "mailto:" not in json.dumps(contacts), "IPDC's email is the address itself"
    served = http.get("/context/ipdc/v1.jsonld")
    assert served.headers["content-type"] == "application/ld+json"
    expanded = dict(document, **served.json())
    graph = pyoxigraph.parse(json.dumps(expanded), format=pyoxigraph.RdfFormat.JSON_LD)
    as_json_ld = Graph().parse(data="\n".join(f"{q.triple} ." for q in graph), format="nt")
    as_turtle = turtle(http.get(PRACTICE, headers={"Accept": "text/turtle", **asked}))
    assert to_isomorphic(as_json_ld) == to_isomorphic(as_turtle)


def test_the_schema_profile_reads_as_schema_org(http: httpx.Client) -> None:
    response = http.get(
        PRACTICE, params={"_profile": "schema", "_mediatype": "application/ld+json"}
    )
    assert response.status_code == 200
    assert response.headers["content-profile"] == f"<{PROFILE['schema']}>"
    document = response.json()
    assert document["@context"] == "https://schema.org"
    document["@context"] = {"@vocab": "http://schema.org/"}  # what schema.org's context says
    quads = pyoxigraph.parse(json.dumps(document), format=pyoxigraph.RdfFormat.JSON_LD)
    graph = Graph().parse(data="\n".join(f"{q.triple} ." for q in quads), format="nt")
    assert conforms(graph, "schema.ttl") == []
    as_turtle = turtle(
        http.get(
            PRACTICE, params={"_profile": PROFILE["schema"]}, headers={"Accept": "text/turtle"}
        )
    )
    assert conforms(as_turtle, "schema.ttl") == []
    assert len(as_turtle) == len(graph)


def test_a_municipality_in_schema_org(http: httpx.Client) -> None:
    graph = turtle(http.get("/doc/gemeente/71022.ttl", params={"_profile": "schema"}))
    assert conforms(graph, "schema.ttl") == []
    kinds = set(graph.objects(URIRef(BASE + "id/gemeente/71022"), None))
    assert URIRef("http://schema.org/AdministrativeArea") in kinds


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        ({"Accept-Profile": "<http://example.org/no-such-profile>"}, {}),
        ({}, {"_profile": "nothing"}),
        ({}, {"_profile": "ipdc"}),  # a municipality has no IPDC view
    ],
)
def test_a_profile_not_offered_is_a_406_that_lists_what_is(
    http: httpx.Client, headers: dict[str, str], params: dict[str, str]
) -> None:
    response = http.get("/doc/gemeente/71022", headers=headers, params=params)
    assert response.status_code == 406
    assert PROFILE["praktijk"] in response.text
    assert PROFILE["schema"] in response.text


def test_accept_profile_takes_the_best_offered_by_q(http: httpx.Client) -> None:
    asked = f"<http://example.org/x>;q=1, <{PROFILE['schema']}>;q=0.5, <{PROFILE['ipdc']}>;q=0.8"
    response = http.get(PRACTICE, headers={"Accept": "text/turtle", "Accept-Profile": asked})
    assert response.headers["content-profile"] == f"<{PROFILE['ipdc']}>"


def test_alt_lists_every_profile_and_format(http: httpx.Client) -> None:
    graph = turtle(http.get(PRACTICE, params={"_profile": "alt", "_mediatype": "text/turtle"}))
    altr = "http://www.w3.org/ns/dx/connegp/altr#"
    representations = set(
        graph.objects(
            URIRef(BASE + "id/praktijk/opvoedingsondersteuning"), URIRef(altr + "hasRepresentation")
        )
    )
    assert len(representations) == 3 * 5
    profiles = set(graph.objects(None, URIRef("http://purl.org/dc/terms/conformsTo")))
    assert {str(p) for p in profiles} == set(PROFILE.values())
    for representation in list(representations)[:4]:
        link = str(representation).removeprefix(BASE.rstrip("/"))
        assert http.get(link).status_code == 200, link


def test_the_cache_keeps_profiles_apart(http: httpx.Client) -> None:
    """The server caches responses: asking for two profiles in turn, twice, never mixes them."""
    for _round in range(2):
        for token in ("ipdc", "praktijk"):
            response = http.get(
                PRACTICE, headers={"Accept": "text/turtle", "Accept-Profile": f"<{PROFILE[token]}>"}
            )
            assert response.headers["content-profile"] == f"<{PROFILE[token]}>"
            own = "ns/praktijk#" in response.text
            assert own is (token == "praktijk")


def test_the_profiles_are_resources_listed_in_the_catalog_and_service(http: httpx.Client) -> None:
    for iri in PROFILE.values():
        graph = turtle(
            http.get(iri.removeprefix(BASE.rstrip("/")).replace("/id/", "/doc/") + ".ttl")
        )
        assert (URIRef(iri), None, URIRef("http://www.w3.org/ns/dx/prof/Profile")) in graph
    catalog = turtle(http.get("/catalog.ttl"))
    conforms_to = {
        str(o)
        for o in catalog.objects(
            URIRef(BASE + "id/dataset/practicegraph"), URIRef("http://purl.org/dc/terms/conformsTo")
        )
    }
    assert conforms_to >= set(PROFILE.values())
    service = turtle(http.get("/sparql", headers={"Accept": "text/turtle"}))
    listed = {str(o) for o in service.objects(None, URIRef("http://purl.org/dc/terms/conformsTo"))}
    assert listed >= set(PROFILE.values())


def test_an_accept_profile_q_that_is_no_number_is_a_406_not_a_500(http: httpx.Client) -> None:
    """`q=1..2` matched the header's pattern but is no number: it counts as not sent."""
    wrong = f"<{PROFILE['ipdc']}>;q=1..2"
    response = http.get(PRACTICE, headers={"Accept": "text/turtle", "Accept-Profile": wrong})
    assert response.status_code == 406
    assert "offered in the profiles" in response.text
    either = f"{wrong}, <{PROFILE['schema']}>;q=0.5"
    response = http.get(PRACTICE, headers={"Accept": "text/turtle", "Accept-Profile": either})
    assert response.headers["content-profile"] == f"<{PROFILE['schema']}>"
