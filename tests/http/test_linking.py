"""Municipalities link to REFNIS, the address register, Wikidata and GeoNames: only as REFNIS says."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph
import pytest

from tests.conftest import ROOT, value_of

BASE = "http://localhost:8000/"
EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"


def objects(store: pyoxigraph.Store, subject: str, predicate: str) -> set[str]:
    return {
        text(q.object)
        for q in store.quads_for_pattern(
            pyoxigraph.NamedNode(subject), pyoxigraph.NamedNode(predicate), None, None
        )
    }


def text(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple,
) -> str:
    """An object's value; a literal's with its language tag."""
    if isinstance(term, pyoxigraph.Literal):
        return f"{term.value}@{term.language}"
    return value_of(term)


@pytest.mark.parametrize(
    ("code", "lists"),
    [
        ("71022", {"refnis2019"}),  # Hasselt until 2024
        ("71072", {"refnis2025"}),  # Hasselt from 2025
        ("11002", {"refnis2019", "refnis2025"}),  # Antwerpen, valid across the mergers
    ],
)
def test_territory_links_follow_the_codes_validity(
    store: pyoxigraph.Store, code: str, lists: set[str]
) -> None:
    matches = objects(store, f"{BASE}id/gemeente/{code}", EXACT)
    refnis = {m for m in matches if m.startswith("http://vocab.belgif.be/")}
    assert refnis == {f"http://vocab.belgif.be/auth/{name}/{code}" for name in lists}
    close = objects(
        store, f"{BASE}id/gemeente/{code}", "http://www.w3.org/2004/02/skos/core#closeMatch"
    )
    assert close == {f"https://data.vlaanderen.be/id/gemeente/{code}"}  # the owner's IRI, reused
    assert not {m for m in matches if m.startswith("https://data.vlaanderen.be/")}


def refnis_external_matches() -> dict[str, set[str]]:
    """Wikidata and GeoNames targets per NIS code, read straight from the REFNIS files."""
    found: dict[str, set[str]] = defaultdict(set)
    pattern = re.compile(
        r"^<http://vocab\.belgif\.be/auth/refnis20(?:19|25)/(\d+)> <"
        + re.escape(EXACT)
        + r"> <((?:https?://www\.wikidata\.org|https://sws\.geonames\.org)[^>]*)>"
    )
    item = re.compile(r"https?://www\.wikidata\.org/(?:entity|wiki)/(Q\d+)")
    for name in ("refnis2019.nt", "refnis2025.nt"):
        for line in (ROOT / "data/reference" / name).read_text(encoding="utf-8").splitlines():
            if match := pattern.match(line):
                target = match.group(2)
                if wikidata := item.fullmatch(target):
                    target = "http://www.wikidata.org/entity/" + wikidata.group(1)
                found[match.group(1)].add(target)
    return found


def test_wikidata_and_geonames_links_are_exactly_refnis_own(store: pyoxigraph.Store) -> None:
    expected = refnis_external_matches()
    checked = 0
    for quad in store.quads_for_pattern(
        None,
        pyoxigraph.NamedNode("http://purl.org/dc/terms/identifier"),
        None,
        pyoxigraph.NamedNode(f"{BASE}graph/reference/municipalities"),
    ):
        municipality, identifier = quad.subject, quad.object
        assert isinstance(municipality, pyoxigraph.NamedNode)
        assert isinstance(identifier, pyoxigraph.Literal)
        code = identifier.value
        links = {
            m
            for m in objects(store, municipality.value, EXACT)
            if not m.startswith("http://vocab.belgif.be/")
        }
        # a code's links come from the lists it is valid in; those are a subset of all REFNIS gives
        assert links <= expected[code], code
        assert any(link.startswith("http://www.wikidata.org/entity/Q") for link in links), code
        geonames = {link for link in expected[code] if link.startswith("https://sws.geonames.org/")}
        assert geonames <= links, code  # REFNIS has none for Puurs-Sint-Amands (12041)
        checked += 1
    assert checked == 312
    assert objects(store, f"{BASE}id/gemeente/71022", EXACT) >= {
        "http://www.wikidata.org/entity/Q58780",
        "https://sws.geonames.org/2796492/",
    }
    # REFNIS writes these four as a page address or with https; the link is the entity IRI
    for code, item in (("46021", "Q13127"), ("24062", "Q118958"), ("44085", "Q46865167"),
                       ("72042", "Q41795471")):  # fmt: skip
        assert f"http://www.wikidata.org/entity/{item}" in objects(
            store, f"{BASE}id/gemeente/{code}", EXACT
        )


def test_french_and_german_names_come_from_refnis(store: pyoxigraph.Store) -> None:
    labels = objects(
        store, f"{BASE}id/gemeente/11002", "http://www.w3.org/2000/01/rdf-schema#label"
    )
    assert labels == {"Antwerpen@nl", "Anvers@fr", "Antwerpen@de"}


def test_refnis_graphs_hold_the_hierarchy_for_sparql(store: pyoxigraph.Store) -> None:
    rows = store.query(
        f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?province WHERE {{
            <{BASE}id/gemeente/71022> skos:exactMatch ?territory .
            ?territory skos:broader+ ?p . ?p skos:prefLabel ?province .
            FILTER (lang(?province) = "nl" && STRSTARTS(?province, "Provincie"))
        }}""",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    assert [row[0].value for row in rows] == ["Provincie Limburg"]
    graphs = {g.value for g in store.named_graphs()}
    assert {f"{BASE}graph/reference/refnis2019", f"{BASE}graph/reference/refnis2025"} <= graphs


def test_no_owl_same_as(store: pyoxigraph.Store) -> None:
    same_as = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    assert list(store.quads_for_pattern(None, same_as, None, None)) == []


def test_initiatives_say_where_they_apply_with_the_codes_of_then_and_of_today(
    store: pyoxigraph.Store,
) -> None:
    """dct:spatial, as LPDC says it: the page's code on the reference date (2024-12-31 for the
    seed page) and the code of the municipality that territory belongs to today."""
    instapje = f"{BASE}id/initiatief/opvoedingsondersteuning-programma-instapje"
    spatial = objects(store, instapje, "http://purl.org/dc/terms/spatial")
    refnis = "http://vocab.belgif.be/auth/"
    assert {f"{refnis}refnis2019/71022", f"{refnis}refnis2025/71072"} <= spatial  # Hasselt
    assert {f"{refnis}refnis2019/73006", f"{refnis}refnis2025/73110"} <= spatial  # Bilzen
    assert {f"{refnis}refnis2019/71016", f"{refnis}refnis2025/71016"} <= spatial  # Genk, unchanged
    assert len(spatial) == 2 * 13  # thirteen municipalities, a code of then and of today each


def test_practices_and_initiatives_carry_the_ipdc_values_their_concepts_map_to(
    store: pyoxigraph.Store,
) -> None:
    ipdc = "https://productencatalogus.data.vlaanderen.be/id/concept/"
    practice = f"{BASE}id/praktijk/opvoedingsondersteuning"
    themes = objects(store, practice, "http://data.europa.eu/m8g/thematicArea")
    assert {t for t in themes if t.startswith(ipdc)} == {
        ipdc + "Thema/WelzijnGezondheid",  # kinderopvang, gezin, armoedebestrijding
        ipdc + "Thema/OnderwijsWetenschap",  # taal, oefenkans Nederlands
        ipdc + "Thema/EconomieWerk",  # werk
        ipdc + "Thema/BurgerOverheid",  # integratie
    }
    audience = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#targetAudience"
    groups = objects(store, practice, audience)
    assert {g for g in groups if g.startswith(ipdc)} == {ipdc + "Doelgroep/Burger"}
    initiative = f"{BASE}id/initiatief/opvoedingsondersteuning-wereldmamas"
    assert objects(store, initiative, audience) == {ipdc + "Doelgroep/Burger"}
    assert {t for t in themes if t.startswith(ipdc)} == objects(
        store, initiative, "http://data.europa.eu/m8g/thematicArea"
    )
    kinds = objects(store, initiative, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert (
        "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#InstancePublicService" in kinds
    )
