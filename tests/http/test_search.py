"""The practice finder: Dutch matching, facets and paging, on the real build and on made-up
indexes that isolate one rule each; its pages over HTTP from the real server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import BuildSettings
from practicegraph.finder.fields import TEXT
from practicegraph.finder.folding import fold, words
from practicegraph.finder.search import PAGE_SIZE, PracticeIndex

BASE = "http://localhost:8000/"
PG = Namespace(BASE + "ns/praktijk#")
SEED = BASE + "id/praktijk/opvoedingsondersteuning"
LIMBURG = BASE + "id/provincie/70000"
ANTWERPEN = BASE + "id/provincie/10000"


@pytest.fixture(scope="module")
def index(built: tuple[BuildSettings, Outcome, Path]) -> PracticeIndex:
    return PracticeIndex.open(built[2])


def found(index: PracticeIndex, query: str, **filters: list[str]) -> list[str]:
    return [p.iri.rsplit("/", 1)[1] for p in index.search(query, filters).practices]


def made_up(*practices: dict[str, Any]) -> PracticeIndex:
    """An index as the build writes it, for practices that isolate one matching rule."""
    facets = ("categorie", "doelgroep", "beleidsdomein", "gemeente", "provincie")
    records = [
        {
            "iri": f"{BASE}id/praktijk/p{n}",
            "added": "",
            "abstract": p.get("abstract", ""),
            "words": {part: " ".join(set(words(p.get(part, "")))) for part in TEXT},
            **{facet: [] for facet in facets},
            **{name: value for name, value in p.items() if name != "body"},
        }
        for n, p in enumerate(practices)
    ]
    labels: dict[str, dict[str, str]] = {facet: {} for facet in facets}
    labels["provincie"] = {LIMBURG: "Limburg", ANTWERPEN: "Antwerpen"}
    return PracticeIndex({"facets": labels, "practices": records})


def test_fold_drops_case_and_diacritics() -> None:
    assert fold("Crèche CREËERT Ĳver") == "creche creeert ijver"


@pytest.mark.parametrize(
    "query",
    ["kinderopvang", "KINDEROPVANG", "creeert", "creëert", "gezinnen", "kinderopvangplaatsen"],
)
def test_the_seed_practice_is_found_by_its_words(index: PracticeIndex, query: str) -> None:
    assert found(index, query) == ["opvoedingsondersteuning"]


def test_every_word_must_match(index: PracticeIndex) -> None:
    assert found(index, "rijksregister") == ["instroommeting"]
    assert found(index, "kinderopvang rijksregister") == []


def test_dutch_word_forms_as_documented() -> None:
    index = made_up(
        {"title": "Kinderopvangplaatsen in de stad"},
        {"title": "Een gezin"},
        {"title": "Naschoolse kinderopvang"},
        {"title": "Buitenschoolse opvang"},
        {"title": "Scholen en gemeenten"},
        {"title": "Gezinscoach"},
    )
    assert found(index, "kinderopvang") == ["p0", "p2"], "a compound that starts with the word"
    assert found(index, "opvang") == ["p3"], "a compound's later part is not split off"
    assert found(index, "kinderen") == ["p0", "p2"], "the stem 'kinder' starts 'kinderopvang'"
    assert found(index, "school") == ["p4"], "the same stem: scholen"
    assert found(index, "gemeente") == ["p4"], "the same stem: gemeenten"
    assert found(index, "gezinnen") == ["p1"], "the same stem 'zin'; not gezinscoach"
    assert found(index, "gezin") == ["p1", "p5"]


def test_title_hits_rank_first() -> None:
    index = made_up(
        {"title": "Zwemlessen", "body": "taal en sport"},
        {"title": "Taalcafé", "abstract": "praten"},
        {"title": "Praatgroep", "abstract": "taal oefenen"},
    )
    assert found(index, "taal") == ["p1", "p2", "p0"]


def test_facets_count_with_the_other_filters_and_combine_values_with_or() -> None:
    index = made_up(
        {"title": "A", "provincie": [LIMBURG]},
        {"title": "B", "provincie": [ANTWERPEN]},
        {"title": "C", "provincie": [LIMBURG, ANTWERPEN]},
    )
    results = index.search("", {"provincie": ["70000"]})
    assert [p.title for p in results.practices] == ["A", "C"]
    counts = {v.label: (v.count, v.chosen) for v in results.facets["provincie"]}
    assert counts == {"Limburg": (2, True), "Antwerpen": (2, False)}, "Antwerpen stays choosable"
    both = index.search("", {"provincie": ["70000", "10000"]})
    assert [p.title for p in both.practices] == ["A", "B", "C"]
    assert [p.title for p in index.search("", {"provincie": ["99999"]}).practices] == [
        "A",
        "B",
        "C",
    ], "a stale value in a shared link filters nothing"


def test_results_are_paged() -> None:
    index = made_up(*({"title": f"Praktijk {n:03}"} for n in range(2 * PAGE_SIZE + 5)))
    last = index.search("praktijk", {}, page=3)
    assert (last.total, last.pages, len(last.practices)) == (2 * PAGE_SIZE + 5, 3, 5)
    assert last.practices[-1].title == f"Praktijk {2 * PAGE_SIZE + 4:03}"
    assert index.search("praktijk", {}, page=99).page == 3


def test_the_index_holds_what_the_data_says(
    index: PracticeIndex, built: tuple[BuildSettings, Outcome, Path]
) -> None:
    """Facet values per practice equal those read from the N-Triples dump with rdflib."""
    dump = Graph().parse(built[2] / "dumps" / "dataset.nt", format="nt")
    for practice in index.practices:
        subject = URIRef(practice.iri)
        initiatives = list(dump.subjects(DCTERMS.source, subject))
        places = {str(m) for i in initiatives for m in dump.objects(i, PG.municipality)}
        assert set(practice.facets["gemeente"]) == places
        assert set(practice.facets["categorie"]) == {
            str(c) for c in dump.objects(subject, DCTERMS.type)
        }
    assert {p.iri for p in index.practices} == {
        str(s) for s in dump.subjects(RDF.type, PG.Practice)
    }
    seed = next(p for p in index.practices if p.iri == SEED)
    assert len(seed.facets["gemeente"]) == 34
    assert index.label("provincie", LIMBURG) == "Limburg"


def test_finder_pages_over_http(http: httpx.Client) -> None:
    page = http.get("/praktijken", params=[("q", "kinderopvang"), ("provincie", "70000")])
    assert page.status_code == 200
    assert "1 praktijk voor ‘kinderopvang’" in page.text
    assert 'href="/id/praktijk/opvoedingsondersteuning"' in page.text
    assert 'href="/praktijken?q=kinderopvang"' in page.text, "the chip that removes Limburg"
    again = http.get(str(page.url))
    assert again.text == page.text, "a filter state is a URL: the same URL, the same page"
    everything = http.get("/praktijken")
    assert "3 praktijken" in everything.text
    assert re.search(r"Limburg</a> <span class=\"count\">\(1\)", everything.text)


@pytest.mark.parametrize("query", ["pagina=0", "pagina=twee", f"q={'x' * 201}"])
def test_bad_finder_parameters_are_a_400(http: httpx.Client, query: str) -> None:
    response = http.get(f"/praktijken?{query}")
    assert response.status_code == 400
    assert response.text.startswith("400 Bad Request")


def test_home_lists_the_newest_practices_and_the_ways_in(http: httpx.Client) -> None:
    html = http.get("/").text
    newest = re.findall(r'<ul class="newest">(.*?)</ul>', html, re.S)[0]
    assert newest.count("<li>") == 3
    for path in (
        "/praktijken",
        "/sparql",
        "/dumps/",
        "/catalog",
        "/ldes/practices",
        "/ns/praktijk",
    ):
        assert f'href="{path}"' in html
        assert http.get(path, follow_redirects=True).status_code == 200, path


def test_words_fold_composed_and_decomposed_accents_alike() -> None:
    assert words("Cre\u0301che créche") == ["creche", "creche"]
