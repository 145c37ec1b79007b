"""The shipped example queries run on the real endpoint and answer what the data says.

Each answer is checked against the same facts read another way: the N-Quads dump parsed with
rdflib and walked in Python, and, for the seed practice, facts checked by hand.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections import defaultdict
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from practicegraph.core.build_folder import CURRENT
from practicegraph.core.settings import BuildSettings
from practicegraph.web import examples
from tests.conftest import ROOT, iri

BASE = "http://localhost:8000/"
PG = Namespace(BASE + "ns/praktijk#")
SCHEMA = Namespace("http://schema.org/")
GEMEENTE = Namespace(BASE + "id/gemeente/")
EXAMPLES = {example.name: example for example in examples.load(ROOT / "queries")}


@pytest.fixture(scope="module")
def dumps(built: tuple[BuildSettings, object, Path]) -> Path:
    return built[0].dist / CURRENT / "dumps"


@pytest.fixture(scope="module")
def dump(dumps: Path) -> Graph:
    """The build's N-Triples dump, parsed by rdflib: the oracle the answers are compared with."""
    return Graph().parse(data=(dumps / "dataset.nt").read_text(encoding="utf-8"), format="nt")


@pytest.fixture(scope="module")
def quads(dumps: Path) -> set[tuple[str, str, str, str]]:
    """The N-Quads dump as (graph, subject, predicate, object) texts."""
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6's Dataset calls its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=(dumps / "dataset.nq").read_text(encoding="utf-8"), format="nquads")
        return {(str(g), str(s), str(p), str(o)) for s, p, o, g in dataset.quads()}


def run(http: httpx.Client, name: str) -> list[dict[str, str]]:
    """POST the file as it is (relative IRIs, no BASE) and read the CSV answer."""
    response = http.post(
        "/sparql",
        content=EXAMPLES[name].text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert "X-SPARQL-Results-Truncated" not in response.headers
    return list(csv.DictReader(io.StringIO(response.text)))


def nl(dataset: Graph, node: Node) -> str:
    return next(
        str(o)
        for o in dataset.objects(node, RDFS.label)
        if isinstance(o, Literal) and o.language == "nl"
    )


def initiatives(dataset: Graph) -> list[URIRef]:
    return sorted(iri(s) for s in dataset.subjects(RDF.type, PG.LocalInitiative))


def test_the_folder_holds_the_four_queries_the_linking_issue_names() -> None:
    assert set(EXAMPLES) >= {
        "practices-per-province",
        "initiatives-in-merged-municipalities",
        "wikidata-of-municipalities-running-a-practice",
        "everything-about-a-nis-code",
    }
    for example in EXAMPLES.values():
        assert all((example.title, example.title_en, example.description, example.description_en))


def test_practices_per_province(http: httpx.Client, dump: Graph) -> None:
    practices: dict[str, set[URIRef]] = defaultdict(set)
    counted: dict[str, set[URIRef]] = defaultdict(set)
    for initiative in initiatives(dump):
        practice = dump.value(initiative, DCTERMS.source)
        for municipality in dump.objects(initiative, PG.municipality):
            province = nl(dump, iri(dump.value(municipality, SCHEMA.containedInPlace)))
            practices[province].add(iri(practice))
            counted[province].add(initiative)
    rows = run(http, "practices-per-province")
    assert len(rows) == 5, "every province, those without practices too"
    answer = {r["name"]: (int(r["practices"]), int(r["initiatives"])) for r in rows}
    expected = {
        nl(dump, p): (len(practices[nl(dump, p)]), len(counted[nl(dump, p)]))
        for p in dump.subjects(RDF.type, PG.Province)
    }
    assert answer == expected
    # by hand, for the seed page: Limburg has Instapje (13 municipalities), Genk, Heusden-Zolder,
    # Landen is Vlaams-Brabant; Koksijde's partnership is the only West-Vlaanderen initiative
    assert answer["Limburg"] == (1, 3)
    assert answer["West-Vlaanderen"] == (1, 1)
    ordered = [(int(r["practices"]), int(r["initiatives"])) for r in rows]
    assert ordered == sorted(ordered, reverse=True)


def test_initiatives_in_merged_municipalities(http: httpx.Client, dump: Graph) -> None:
    expected = set()
    for initiative in initiatives(dump):
        for municipality in dump.objects(initiative, PG.municipality):
            ended = dump.value(municipality, SCHEMA.endDate)
            successor = dump.value(municipality, DCTERMS.isReplacedBy)
            if ended == Literal("2024-12-31", datatype=XSD.date) and successor is not None:
                expected.add(
                    (str(initiative), nl(dump, municipality), nl(dump, successor),
                     str(dump.value(successor, DCTERMS.identifier)))
                )  # fmt: skip
    rows = run(http, "initiatives-in-merged-municipalities")
    answer = {(r["initiative"], r["name"], r["successorName"], r["successorCode"]) for r in rows}
    assert answer == expected
    assert len(rows) == len(expected)
    by_code = {(r["code"], r["successorCode"], r["successorName"]) for r in rows}
    assert by_code == {
        ("71022", "71072", "Hasselt"),
        ("73006", "73110", "Bilzen-Hoeselt"),
        ("73083", "73111", "Tongeren-Borgloon"),
        ("46014", "46029", "Lokeren"),
    }


def test_wikidata_items_of_the_municipalities_running_a_practice(
    http: httpx.Client, dump: Graph
) -> None:
    practice = URIRef(BASE + "id/praktijk/opvoedingsondersteuning")
    item = re.compile(r"https?://www\.wikidata\.org/(?:entity|wiki)/(Q\d+)")
    expected = {
        (str(m), "http://www.wikidata.org/entity/" + match.group(1))
        for i in dump.subjects(DCTERMS.source, practice)
        for m in dump.objects(i, PG.municipality)
        for w in dump.objects(m, SKOS.exactMatch)
        if (match := item.fullmatch(str(w)))
    }
    rows = run(http, "wikidata-of-municipalities-running-a-practice")
    assert {(r["municipality"], r["wikidata"]) for r in rows} == expected
    assert len({r["code"] for r in rows}) == 34, "the 34 municipalities of the seed page"
    named = {(r["name"], r["wikidata"]) for r in rows}
    assert ("Hasselt", "http://www.wikidata.org/entity/Q58780") in named
    # REFNIS gives Sint-Niklaas as a page address, http://www.wikidata.org/wiki/Q13127
    assert ("Sint-Niklaas", "http://www.wikidata.org/entity/Q13127") in named


def test_everything_about_a_nis_code(
    http: httpx.Client, dump: Graph, quads: set[tuple[str, str, str, str]]
) -> None:
    hasselt = GEMEENTE["71022"]
    subjects = {str(hasselt), "http://vocab.belgif.be/auth/refnis2019/71022"}
    subjects |= {str(s) for s in dump.subjects(None, hasselt) if isinstance(s, URIRef)}
    expected = {quad for quad in quads if quad[1] in subjects}
    rows = run(http, "everything-about-a-nis-code")
    answer = {(r["graph"], r["subject"], r["predicate"], r["object"]) for r in rows}
    assert answer == expected
    graphs = {r["graph"] for r in rows}
    assert {
        BASE + "graph/reference/municipalities",
        BASE + "graph/reference/refnis2019",
        BASE + "graph/data/practices/opvoedingsondersteuning",
    } <= graphs
    assert (str(GEMEENTE["71072"]), str(DCTERMS.replaces), str(hasselt)) in {
        (r["subject"], r["predicate"], r["object"]) for r in rows
    }


IPDC = "https://productencatalogus.data.vlaanderen.be/id/concept/"
REFNIS_2025 = "http://vocab.belgif.be/auth/refnis2025/"


def today(dump: Graph, municipality: Node) -> str:
    """The NIS code a municipality's territory has today: its own, or what it merged into."""
    successor = dump.value(municipality, DCTERMS.isReplacedBy)
    node = successor if successor is not None else municipality
    return str(dump.value(node, DCTERMS.identifier))


def test_public_services_by_ipdc_theme_and_place(http: httpx.Client, dump: Graph) -> None:
    """The answer an LPDC consumer gets, read from our own terms and the scheme files."""
    schemes = Graph()
    for name in ("doelgroepen", "beleidsdomeinen"):
        schemes.parse(ROOT / "ontology" / f"{name}.ttl", format="turtle", publicID=BASE)

    def maps(concepts: list[Node], target: str) -> bool:
        return any(
            str(m) == IPDC + target
            for c in concepts
            for p in (SKOS.broadMatch, SKOS.closeMatch, SKOS.exactMatch)
            for m in schemes.objects(c, p)
        )

    expected = set()
    for initiative in initiatives(dump):
        practice = iri(dump.value(initiative, DCTERMS.source))
        places = {today(dump, m) for m in dump.objects(initiative, PG.municipality)}
        domains = [
            c
            for c in dump.objects(practice, URIRef("http://data.europa.eu/m8g/thematicArea"))
            if str(c).startswith(BASE)
        ]
        groups = [
            c
            for c in dump.objects(
                practice,
                URIRef("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#targetAudience"),
            )
            if str(c).startswith(BASE)
        ]
        if (
            "71072" in places
            and maps(domains, "Thema/WelzijnGezondheid")
            and maps(groups, "Doelgroep/Burger")
        ):
            expected.add(str(initiative))
    rows = run(http, "public-services-by-ipdc-theme-and-place")
    assert {r["service"] for r in rows} == expected
    # by hand: Instapje runs in Hasselt, which the seed page names under its 2024 code 71022
    assert [r["title"] for r in rows] == ["Programma 'Instapje'"]
    assert {r["place"] for r in rows} == {"Hasselt"}
    assert "ns/praktijk#" not in EXAMPLES["public-services-by-ipdc-theme-and-place"].text


def test_initiatives_by_todays_municipality(http: httpx.Client, dump: Graph) -> None:
    expected = {
        (REFNIS_2025 + today(dump, m), str(i), nl(dump, m))
        for i in initiatives(dump)
        for m in dump.objects(i, PG.municipality)
    }
    rows = run(http, "initiatives-by-todays-municipality")
    assert {(r["today"], r["initiative"], r["named"]) for r in rows} == expected
    assert len(rows) == len(expected)
    merged = {
        (r["named"], r["namedCode"], r["todayName"]) for r in rows if r["named"] != r["todayName"]
    }
    assert ("Bilzen", "73006", "Bilzen-Hoeselt") in merged
    assert ("Hasselt", "71022", "Hasselt") in {
        (r["named"], r["namedCode"], r["todayName"]) for r in rows
    }


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_with_a_base_line_the_queries_run_on_any_engine(
    store: pyoxigraph.Store, http: httpx.Client, name: str
) -> None:
    """An engine that resolves relative IRIs against nothing gets the BASE line and agrees."""
    text = EXAMPLES[name].text_for(BASE)
    answer = store.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, pyoxigraph.QuerySolutions)
    assert len(list(answer)) == len(run(http, name)) > 0


def test_a_relative_iri_resolves_against_the_endpoint(http: httpx.Client) -> None:
    response = http.get(
        "/sparql",
        params={"query": "ASK { <id/gemeente/71022> a <ns/praktijk#Municipality> }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.json()["boolean"] is True


M8G = Namespace("http://data.europa.eu/m8g/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


def test_practices_per_policy_domain(http: httpx.Client, dump: Graph) -> None:
    scheme = URIRef(BASE + "id/conceptscheme/beleidsdomein")
    expected = {}
    for domain in dump.subjects(SKOS.inScheme, scheme):
        practices = set(dump.subjects(M8G.thematicArea, domain))
        done = {i for p in practices for i in dump.subjects(DCTERMS.source, p)}
        label = next(
            str(o)
            for o in dump.objects(domain, SKOS.prefLabel)
            if isinstance(o, Literal) and o.language == "nl"
        )
        expected[label] = (len(practices), len(done))
    rows = run(http, "practices-per-policy-domain")
    assert {r["name"]: (int(r["practices"]), int(r["initiatives"])) for r in rows} == expected
    assert expected["Kinderopvang"] == (1, 20), "by hand: the seed page, its 20 initiatives"


def test_contact_addresses_per_province(http: httpx.Client, dump: Graph) -> None:
    expected = set()
    for initiative in initiatives(dump):
        practice = iri(dump.value(initiative, DCTERMS.source))
        title = str(dump.value(practice, DCTERMS.title))
        emails = {
            str(e)
            for point in dump.objects(initiative, DCAT.contactPoint)
            for e in dump.objects(point, VCARD.hasEmail)
        }
        provinces: dict[str, set[str]] = defaultdict(set)
        for municipality in dump.objects(initiative, PG.municipality):
            province = iri(dump.value(municipality, SCHEMA.containedInPlace))
            provinces[nl(dump, province)].add(nl(dump, municipality))
        for email in emails:
            for name, places in provinces.items():
                expected.add((name, str(initiative), title, email, frozenset(places)))
    rows = run(http, "contact-addresses-per-province")
    answer = {
        (
            r["province"],
            r["initiative"],
            r["practice"],
            r["email"],
            frozenset(r["municipalities"].split(", ")),
        )
        for r in rows
    }
    assert answer == expected
    assert len(rows) == len(answer)
    assert ("Limburg", "mailto:kinderopvang@heusden-zolder.be") in {(a[0], a[3]) for a in answer}
