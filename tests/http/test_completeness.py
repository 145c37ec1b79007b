"""The seed practice in the build says everything its source page says, checked through SPARQL."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest

from practicegraph.core.personal_data import read as read_personal
from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT

PAGE = ROOT / "data/sources/practice-opvoedingsondersteuning.txt"
HEADINGS = (
    "Categorie",
    "Doelen",
    "Doelgroep",
    "Beschrijving",
    "Succesfactoren",
    "Uitdagingen",
    "Deze praktijk in",
    "Beleidsdomeinen",
)


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def sections() -> dict[str, list[str]]:
    """The page's non-empty lines per section heading."""
    result: dict[str, list[str]] = {"intro": []}
    current = "intro"
    for raw in PAGE.read_text(encoding="utf-8").splitlines():
        line = normalise(raw)
        if line in HEADINGS:
            current = line
            result[current] = []
        elif line:
            result[current].append(line)
    return result


def bullets(section: str) -> list[str]:
    return [line.removeprefix("• ") for line in sections()[section] if line.startswith("• ")]


def select(store: pyoxigraph.Store, base: str, query: str) -> list[tuple[str, ...]]:
    """The rows of a query whose variables are all bound."""
    rows = select_optional(store, base, query)
    bound = [tuple(value for value in row if value is not None) for row in rows]
    assert bound == rows, "a variable left unbound"
    return bound


def select_optional(store: pyoxigraph.Store, base: str, query: str) -> list[tuple[str | None, ...]]:
    """The rows of a query, None where an OPTIONAL left a variable unbound."""
    prologue = f"PREFIX pg: <{base}ns/praktijk#>\nPREFIX praktijk: <{base}id/praktijk/>\n"
    prologue += "PREFIX dct: <http://purl.org/dc/terms/>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    solutions = store.query(prologue + query, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return [tuple(None if term is None else term.value for term in row) for row in solutions]


@pytest.mark.parametrize(
    ("section", "predicate"),
    [
        ("Doelen", "pg:goals"),
        ("Succesfactoren", "pg:successFactors"),
        ("Uitdagingen", "pg:challenges"),
    ],
)
def test_ordered_lists_hold_every_bullet_in_page_order(
    store: pyoxigraph.Store, built: tuple[BuildSettings, object, Path], section: str, predicate: str
) -> None:
    settings = built[0]
    rows = select(
        store,
        settings.base,
        f"""
        SELECT ?text (COUNT(?mid) AS ?position) WHERE {{
            praktijk:opvoedingsondersteuning {predicate} ?list .
            ?list rdf:rest* ?mid . ?mid rdf:rest* ?node . ?node rdf:first ?text .
        }} GROUP BY ?node ?text ORDER BY ?position""",
    )
    expected = bullets(section)
    assert len(expected) == {"Doelen": 5, "Succesfactoren": 5, "Uitdagingen": 3}[section]
    assert [text for text, _position in rows] == expected
    assert [int(position) for _text, position in rows] == list(range(1, len(expected) + 1))


def test_twenty_initiatives_in_page_order(
    store: pyoxigraph.Store, built: tuple[BuildSettings, object, Path]
) -> None:
    rows = select(
        store,
        built[0].base,
        """
        SELECT ?initiative ?position WHERE {
            ?initiative a pg:LocalInitiative ; dct:source praktijk:opvoedingsondersteuning ;
                <http://schema.org/position> ?position .
        } ORDER BY ?position""",
    )
    assert len(rows) == 20
    assert [int(position) for _i, position in rows] == list(range(1, 21))


def test_thirty_four_distinct_municipalities(
    store: pyoxigraph.Store, built: tuple[BuildSettings, object, Path]
) -> None:
    rows = select(
        store,
        built[0].base,
        """
        SELECT DISTINCT ?name WHERE {
            ?initiative dct:source praktijk:opvoedingsondersteuning ; pg:municipality ?m .
            ?m <http://www.w3.org/2000/01/rdf-schema#label> ?name . FILTER (lang(?name) = "nl")
        }""",
    )
    names = {name for (name,) in rows}
    assert len(names) == 34
    heading_names = set()
    for heading in (
        "Aalst, Geraardsbergen",
        "Balen, Dessel, Mol en Retie",
        "Koksijde, (De Panne, Nieuwpoort en Veurne)",
    ):
        heading_names |= {n.strip(" ()") for n in re.split(r",| en ", heading)}
    assert heading_names <= names
    assert "Machelen" in names  # the page says "Machelen-Diegem"


@pytest.mark.parametrize(
    ("title_or_text", "municipalities", "lead"),
    [
        (
            "Laagdrempelige kinderopvang 't Wiske",
            {"Koksijde", "De Panne", "Nieuwpoort", "Veurne"},
            "Koksijde",
        ),
        ("Gezinscoachen", {"Balen", "Dessel", "Mol", "Retie"}, None),
        ("Peuterspeelpunt", {"Machelen"}, None),
    ],
)
def test_roles_of_municipalities(
    store: pyoxigraph.Store,
    built: tuple[BuildSettings, object, Path],
    title_or_text: str,
    municipalities: set[str],
    lead: str | None,
) -> None:
    literal = pyoxigraph.Literal(title_or_text, language="nl")
    rows = select_optional(
        store,
        built[0].base,
        f"""
        SELECT ?name ?lead WHERE {{
            ?initiative dct:title {literal} ; pg:municipality ?m .
            ?m <http://www.w3.org/2000/01/rdf-schema#label> ?name . FILTER (lang(?name) = "nl")
            OPTIONAL {{ ?initiative pg:leadMunicipality/<http://www.w3.org/2000/01/rdf-schema#label> ?lead
                        FILTER (lang(?lead) = "nl") }}
        }}""",
    )
    assert {name for name, _lead in rows} == municipalities
    assert {row_lead for _name, row_lead in rows} == {lead}


def test_sint_niklaas_has_three_initiatives(
    store: pyoxigraph.Store, built: tuple[BuildSettings, object, Path]
) -> None:
    rows = select(
        store,
        built[0].base,
        """
        SELECT ?title WHERE {
            ?initiative pg:municipality ?m ; dct:title ?title .
            ?m <http://www.w3.org/2000/01/rdf-schema#label> "Sint-Niklaas"@nl .
        } ORDER BY ?title""",
    )
    assert [title for (title,) in rows] == [
        "Kansenwerking voor ouders",
        "Kinderopvang Kameleon",
        "Spel- en ontmoetingsplek Speelhuis Huppel",
    ]


def test_seven_policy_domains_and_two_target_groups(
    store: pyoxigraph.Store, built: tuple[BuildSettings, object, Path]
) -> None:
    base = built[0].base
    domains = select(
        store,
        base,
        """
        SELECT ?label WHERE { praktijk:opvoedingsondersteuning <http://data.europa.eu/m8g/thematicArea> ?d .
            ?d <http://www.w3.org/2004/02/skos/core#prefLabel> ?label
            FILTER (lang(?label) = "nl" && !STRSTARTS(STR(?d), "https://productencatalogus")) }""",
    )
    page_domains = sections()["Beleidsdomeinen"][0].split(", ")
    assert sorted(label for (label,) in domains) == sorted(page_domains)
    assert len(page_domains) == 7
    groups = select(
        store,
        base,
        """
        SELECT ?label WHERE { praktijk:opvoedingsondersteuning
            <https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#targetAudience> ?g .
            ?g <http://www.w3.org/2004/02/skos/core#prefLabel> ?label
            FILTER (lang(?label) = "nl" && !STRSTARTS(STR(?g), "https://productencatalogus")) }""",
    )
    assert sorted(label for (label,) in groups) == sorted(bullets("Doelgroep"))
    category = select(
        store,
        base,
        """
        SELECT ?label WHERE { praktijk:opvoedingsondersteuning dct:type ?c .
            ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?label FILTER (lang(?label) = "nl") }""",
    )
    assert category == [tuple(sections()["Categorie"])]


def test_texts_are_the_page_words(
    store: pyoxigraph.Store, built: tuple[BuildSettings, object, Path]
) -> None:
    rows = select(
        store,
        built[0].base,
        """
        SELECT ?abstract ?description WHERE {
            praktijk:opvoedingsondersteuning dct:abstract ?abstract ; dct:description ?description }""",
    )
    page = sections()
    assert rows == [(page["intro"][2], page["Beschrijving"][0])]
    assert page["intro"][:2] == ["huisvanhetkindgeraardsbergen.jpg", "Provider image"]
    image = select(
        store,
        built[0].base,
        """
        SELECT ?name WHERE { praktijk:opvoedingsondersteuning <http://schema.org/image>/<http://schema.org/name> ?name }""",
    )
    assert image == [("huisvanhetkindgeraardsbergen.jpg",)]
    # every initiative text is a passage of the page, word for word after white-space folding
    whole_page = normalise(PAGE.read_text(encoding="utf-8"))
    texts = select(
        store,
        built[0].base,
        """
        SELECT ?text WHERE { ?i a pg:LocalInitiative ; dct:source praktijk:opvoedingsondersteuning .
            { ?i dct:description ?text } UNION { ?i dct:title ?text } }""",
    )
    assert len(texts) == 19 + 13  # Speelhuis Huppel has only a name, nine blocks only a text
    for (text,) in texts:
        assert normalise(text) in whole_page, text


def test_contact_emails_and_person(
    store: pyoxigraph.Store, built: tuple[BuildSettings, object, Path]
) -> None:
    """Every address of the page is in the data; published are the functional ones, while a
    person's name and address (data/personal-data.csv) are withheld by default."""
    in_page = set(
        re.findall(r"[\w.-]+@[\w-]+(?:\.[\w-]+)+", " ".join(sections()["Deze praktijk in"]))
    )
    in_page = {e.removeprefix("Contact") for e in in_page}
    data = (built[0].project_dir / "data" / "practices" / "opvoedingsondersteuning.ttl").read_text(
        encoding="utf-8"
    )
    assert all(f"<mailto:{e}>" in data for e in in_page)
    assert 'vcard:fn "Esther Brouwer"' in data
    personal = read_personal(built[0].project_dir)
    functional = {e for e in in_page if not personal.personal("email", e)}
    assert len(in_page) == 9
    assert len(functional) == 4
    rows = select(
        store,
        built[0].base,
        """
        SELECT ?email WHERE { ?i a pg:LocalInitiative ; dct:source praktijk:opvoedingsondersteuning ;
            <http://www.w3.org/ns/dcat#contactPoint> ?c .
            ?c a <http://www.w3.org/2006/vcard/ns#Organization> ;
               <http://www.w3.org/2006/vcard/ns#hasEmail> ?email }""",
    )
    assert {email for (email,) in rows} == {f"mailto:{e}" for e in functional}
    people = select(
        store,
        built[0].base,
        """
        SELECT ?c WHERE { ?i a pg:LocalInitiative ; <http://www.w3.org/ns/dcat#contactPoint> ?c .
            { ?c <http://www.w3.org/2006/vcard/ns#fn> ?name }
            UNION { ?c a <http://www.w3.org/2006/vcard/ns#Individual> } }""",
    )
    assert people == []
    more_info = select(
        store,
        built[0].base,
        """
        SELECT ?name WHERE { ?i dct:source praktijk:opvoedingsondersteuning ;
            <http://schema.org/subjectOf>/<http://schema.org/name> ?name } ORDER BY ?name""",
    )
    assert more_info == [
        ("Huis van het Kind Diest",),
        ("facebookpagina Huis van het Kind Lokeren",),
    ]
