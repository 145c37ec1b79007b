"""The finder's list as data: every finder URL answers CSV and JSON with the practices its page
lists, and its facet filters as a SPARQL query that finds the same practices."""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

BASE = "http://localhost:8000/"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FILTERS = [
    {},
    {"provincie": ["70000"]},
    {"provincie": ["70000", "10000"]},
    {"doelgroep": ["kwetsbare-gezinnen"]},
    {"provincie": ["70000"], "doelgroep": ["kwetsbare-gezinnen"]},
    {"gemeente": ["71022"]},
    {"beleidsdomein": ["kinderopvang"], "provincie": ["30000"]},
    {"provincie": ["bestaat-niet"]},
]


def listed(page: str) -> list[str]:
    """The practices the HTML page lists, as IRIs, in its order."""
    hits = page.split('<ol class="hits">', 1)[1].split("</ol>", 1)[0]
    return [
        BASE + href.lstrip("/").replace("doc/", "id/", 1)
        for href in re.findall(r'<h3><a href="([^"]+)"', hits)
    ]


def link(page: str, text: str) -> str:
    found = re.search(rf'<a href="([^"]+)">{re.escape(text)}</a>', page)
    assert found, text
    return html.unescape(found.group(1))


def as_csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize("filters", FILTERS)
def test_csv_json_and_the_page_list_the_same_practices(
    http: httpx.Client, filters: dict[str, list[str]]
) -> None:
    page = http.get("/praktijken", params=filters, headers={"Accept": FIREFOX})
    assert page.headers["content-type"].startswith("text/html")
    shown = listed(page.text)
    by_suffix = as_csv(http.get(link(page.text, "CSV")))
    assert [row["iri"] for row in by_suffix] == shown
    by_accept = as_csv(http.get("/praktijken", params=filters, headers={"Accept": "text/csv"}))
    assert by_accept == by_suffix
    clicked = http.get(
        "/praktijken", params={**filters, "format": "csv"}, headers={"Accept": FIREFOX}
    )
    assert as_csv(clicked) == by_suffix, "format= wins over a browser's Accept"
    document = http.get(link(page.text, "JSON")).json()
    assert [p["iri"] for p in document["practices"]] == shown
    assert document["total"] == len(shown)
    negotiated = http.get("/praktijken", params=filters, headers={"Accept": "application/json"})
    assert negotiated.json() == document
    asked = http.get(
        "/praktijken", params={**filters, "format": "json"}, headers={"Accept": FIREFOX}
    )
    assert asked.json() == document
    for row, record in zip(by_suffix, document["practices"], strict=True):
        assert row["title"] == record["title"]
        assert row["provincie"].split() == record["provincie"]


@pytest.mark.parametrize("filters", FILTERS)
def test_the_sparql_query_finds_the_same_practices(
    http: httpx.Client, filters: dict[str, list[str]]
) -> None:
    page = http.get("/praktijken", params=filters, headers={"Accept": FIREFOX}).text
    editor = urlsplit(link(page, "dezelfde lijst als SPARQL"))
    assert editor.path == "/sparql"
    (query,) = parse_qs(editor.query)["query"]
    opened = http.get("/sparql", params={"query": query}, headers={"Accept": FIREFOX})
    held = re.search(r"<textarea[^>]*>(.*?)</textarea>", opened.text, re.DOTALL)
    assert held, "the editor's form"
    assert html.unescape(held.group(1)) == query, "the editor holds the query"
    answer = as_csv(
        http.post(
            "/sparql",
            content=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        )
    )
    assert {row["practice"] for row in answer} == set(listed(page))


def test_with_words_the_query_holds_the_filters_only_and_says_so(http: httpx.Client) -> None:
    page = http.get(
        "/praktijken", params={"q": "kinderen", "provincie": "70000"}, headers={"Accept": FIREFOX}
    ).text
    assert "alleen de filters" in page
    (query,) = parse_qs(urlsplit(link(page, "dezelfde lijst als SPARQL")).query)["query"]
    assert "kinderen" not in query
    assert "provincie/70000" in query
    data = http.get("/praktijken.json", params={"q": "kinderen", "provincie": "70000"}).json()
    assert data["q"] == "kinderen"
    assert [p["iri"] for p in data["practices"]] == listed(page)


def test_the_data_is_the_whole_list_and_unknown_formats_are_refused(http: httpx.Client) -> None:
    everything = http.get("/praktijken.json").json()
    assert http.get("/praktijken.json", params={"pagina": "2"}).json() == everything
    assert http.get("/praktijken.xml").status_code == 404
    assert http.get("/praktijken", headers={"Accept": "image/png"}).status_code == 406
    assert http.get("/praktijken.csv", params={"pagina": "0"}).status_code == 400


def test_the_combinations_tell_practices_apart(http: httpx.Client) -> None:
    """The comparisons above mean something: some filters keep some practices, not all."""
    counts = [http.get("/praktijken.json", params=f).json()["total"] for f in FILTERS]
    everything = counts[0]
    assert any(0 < count < everything for count in counts), counts
    assert counts[-1] == everything, "an unknown value is ignored, by both"


def test_repeated_and_unknown_values_are_not_echoed_and_choices_are_bounded(
    http: httpx.Client,
) -> None:
    """Each link on the page carries every chosen value: 700 of them made an answer of 728 KB
    from a request of 8 KB."""
    page = http.get(
        "/praktijken?" + "&".join(["gemeente=71022"] * 700), headers={"Accept": FIREFOX}
    )
    assert page.status_code == 200
    once = http.get("/praktijken", params={"gemeente": "71022"}, headers={"Accept": FIREFOX})
    assert listed(page.text) == listed(once.text)
    assert len(page.content) == len(once.content), "the repeats are not echoed"
    unknown = http.get("/praktijken.json", params={"gemeente": ["71022", "bestaat-niet"]})
    assert unknown.json()["filters"] == {"gemeente": ["71022"]}
    many = "&".join(
        [f"gemeente={c}" for c in ("71022", "24062", "23016")]
        + [f"provincie={p}" for p in ("10000", "20001", "30000", "40000", "70000")]
    )
    assert http.get(f"/praktijken?{many}", headers={"Accept": FIREFOX}).status_code == 200
    everyone = http.get("/praktijken.json").json()["practices"]
    codes = sorted({iri.rsplit("/", 1)[1] for p in everyone for iri in p["gemeente"]})
    assert len(codes) > 20
    too_many = http.get("/praktijken?" + "&".join(f"gemeente={c}" for c in codes[:21]))
    assert too_many.status_code == 400
    assert "at most 20 facet values" in too_many.text
    twenty = http.get("/praktijken?" + "&".join(f"gemeente={c}" for c in codes[:20]))
    assert twenty.status_code == 200
