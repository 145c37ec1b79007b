"""The name resolver against the real reference lists: pages' place names to NIS codes, by date."""

from __future__ import annotations

import csv
import subprocess
from datetime import date

import pytest

from practicegraph.core.reference.resolver import ResolutionError, Resolver, key
from practicegraph.core.reference.tables import DEELGEMEENTEN_CSV, MUNICIPALITIES_CSV
from tests.conftest import ROOT

REFERENCE = ROOT / "data" / "reference"
SOURCES = ROOT / "data" / "sources"
BEFORE = date(2024, 12, 31)
AFTER = date(2025, 1, 1)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_reference(REFERENCE)


def codes(resolver: Resolver, text: str, on: date = BEFORE) -> list[str]:
    return [m.code for m in resolver.heading(text, on).municipalities]


def problems(resolver: Resolver, text: str, on: date = BEFORE) -> list[tuple[str, str]]:
    with pytest.raises(ResolutionError) as caught:
        resolver.heading(text, on)
    return [(p.kind, p.name) for p in caught.value.problems]


# Every block heading of "Deze praktijk in" in the three source pages, with the municipalities
# it means on the pages' reference date (2024-12-31), checked by hand against the CSV.
SOURCE_HEADINGS: dict[str, dict[str, list[str] | str]] = {
    "practice-opvoedingsondersteuning.txt": {
        "Aalst, Geraardsbergen": ["41002", "41018"],
        "Balen, Dessel, Mol en Retie": ["13003", "13006", "13025", "13036"],
        "Beringen, Bilzen, Dilsen-Stokkem, Genk, Hasselt, Heers, Heusden-Zolder, "
        "Houthalen-Helchteren, Lanaken, Leopoldsburg, Maasmechelen, Sint-Truiden en Tongeren": (
            "71004 73006 72041 71016 71022 73022 71070 72039 73042 71034 73107 71053 73083"
        ),
        "Diest": ["24020"],
        "Dilbeek": ["23016"],
        "Eeklo": ["43005"],
        "Geraardsbergen": ["41018"],
        "Genk": ["71016"],
        "Heusden-Zolder": ["71070"],
        "Koksijde, (De Panne, Nieuwpoort en Veurne)": ["38014", "38008", "38016", "38025"],
        "Lokeren": ["46014"],
        "Landen": ["24059"],
        "Machelen-Diegem": ["23047"],
        "Sint-Niklaas": ["46021"],
        "Turnhout, Mechelen": ["13040", "12025"],
        "Tienen": ["24107"],
        "Turnhout, Mechelen, Mol": ["13040", "12025", "13025"],
        "Vilvoorde": ["23088"],
    },
    "practice-instroommeting.excerpt.txt": {
        "Dilbeek": ["23016"],
        "Leuven": ["24062"],
        "Mechelen": ["12025"],
        "Ninove": ["41048"],
        "Vilvoorde": ["23088"],
    },
}


@pytest.mark.parametrize(
    ("page", "heading", "expected"),
    [
        (page, heading, expected)
        for page, headings in SOURCE_HEADINGS.items()
        for heading, expected in headings.items()
    ],
)
def test_every_place_name_of_the_source_pages_resolves(
    resolver: Resolver, page: str, heading: str, expected: list[str] | str
) -> None:
    lines = (SOURCES / page).read_text(encoding="utf-8").splitlines()
    assert heading in [line.strip() for line in lines], "the heading is the page's own text"
    wanted = expected.split() if isinstance(expected, str) else expected
    assert codes(resolver, heading) == wanted


def test_the_seed_data_names_its_places_as_the_page_does() -> None:
    data = (ROOT / "data" / "practices" / "opvoedingsondersteuning.ttl").read_text()
    named = {
        line.split('"')[1] for line in data.splitlines() if line.startswith("    pg:placeNames")
    }
    assert named == set(SOURCE_HEADINGS["practice-opvoedingsondersteuning.txt"])


def test_a_lead_and_partners(resolver: Resolver) -> None:
    placement = resolver.heading("Koksijde, (De Panne, Nieuwpoort en Veurne)", BEFORE)
    assert placement.lead is not None
    assert placement.lead.code == "38014"
    assert resolver.heading("Koksijde (De Panne)", BEFORE).lead == placement.lead
    assert resolver.heading("Balen, Dessel, Mol en Retie", BEFORE).lead is None


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("Hasselt", BEFORE, "71022"),
        ("Hasselt", AFTER, "71072"),
        ("Lokeren", AFTER, "46029"),
        ("Machelen-Diegem", BEFORE, "23047"),
        ("Antwerpen-Deurne", BEFORE, "11002"),
        ("Deurne-Antwerpen", BEFORE, "11002"),
        ("Diest-Deurne", BEFORE, "24020"),
        ("Asse-Zellik", BEFORE, "23002"),
        ("Zellik", BEFORE, "23002"),
        ("Diegem", BEFORE, "23047"),
        ("Zulte-Machelen", BEFORE, "44081"),
        # a municipality wins over a deelgemeente of the same name elsewhere
        ("Machelen", BEFORE, "23047"),
        ("Aalst", BEFORE, "41002"),
        # deelgemeenten follow their municipality through the 2025 mergers
        ("Borsbeek", BEFORE, "11007"),
        ("Borsbeek", AFTER, "11002"),
        ("Kruibeke", AFTER, "46030"),
        ("Tongeren", AFTER, "73111"),
        ("Nevele", BEFORE, "44083"),
        # case, diacritics, spaces, hyphens, apostrophes and "St." do not matter
        ("SINT-NIKLAAS", BEFORE, "46021"),
        ("sint niklaas", BEFORE, "46021"),
        ("Sint–Niklaas", BEFORE, "46021"),
        ("Sïnt-Nìklaas", BEFORE, "46021"),
        ("St.-Niklaas", BEFORE, "46021"),
        ("  Nazareth - De Pinte ", AFTER, "44086"),
        ("s Gravenwezel", BEFORE, "11039"),
    ],
)
def test_names_resolve_by_date(resolver: Resolver, text: str, on: date, expected: str) -> None:
    assert resolver.municipality(text, on).code == expected


@pytest.mark.parametrize(
    ("text", "on", "kind", "candidates"),
    [
        ("Deurne", BEFORE, "ambiguous", ("Antwerpen (11002)", "Diest (24020)")),
        ("Heusden", BEFORE, "ambiguous", ("Destelbergen (44013)", "Heusden-Zolder (71070)")),
        ("Deurne-Deurne", BEFORE, "ambiguous", ("Antwerpen (11002)", "Diest (24020)")),
        (
            "Pajottegem",
            BEFORE,
            "not-valid",
            ("Galmaarden (23023)", "Gooik (23024)", "Herne (23032)"),
        ),
        ("Borsbeek-Antwerpen", date(2018, 6, 1), "unknown", ()),
        ("Geraardsbegen", BEFORE, "unknown", ("Geraardsbergen (41018)",)),
        ("Parijs", BEFORE, "unknown", ()),
        ("Turnhout-Mechelen", BEFORE, "unknown", ()),
    ],
)
def test_unknown_and_ambiguous_names_are_refused_with_candidates(
    resolver: Resolver, text: str, on: date, kind: str, candidates: tuple[str, ...]
) -> None:
    with pytest.raises(ResolutionError) as caught:
        resolver.municipality(text, on)
    (problem,) = caught.value.problems
    assert problem.kind == kind
    assert problem.name == text
    assert problem.candidates == candidates
    assert repr(text) in problem.message


def test_the_messages_say_what_to_do(resolver: Resolver) -> None:
    def message(text: str, on: date = BEFORE) -> str:
        with pytest.raises(ResolutionError) as caught:
            resolver.municipality(text, on)
        return caught.value.problems[0].message

    assert "write it as a compound such as 'Antwerpen-Deurne'" in message("Deurne")
    assert "23106 valid 2025-01-01 to …" in message("Pajottegem")
    assert "closest: Geraardsbergen (41018)" in message("Geraardsbegen")
    assert "separate a list with commas" in message("Turnhout-Mechelen")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turnhout, Mechelen, Mol", ["13040", "12025", "13025"]),
        ("Balen, Dessel, Mol, en Retie", ["13003", "13006", "13025", "13036"]),
        ("Balen; Dessel / Mol & Retie + Geel", ["13003", "13006", "13025", "13036", "13008"]),
        ("Kortenaken en Zoutleeuw", ["24054", "24130"]),
        ("Wervik en Menen", ["33029", "34027"]),
        ("Sint-Truiden en", ["71053"]),
        ("Aalst,, Geraardsbergen", ["41002", "41018"]),
    ],
)
def test_lists(resolver: Resolver, text: str, expected: list[str]) -> None:
    assert codes(resolver, text) == expected


def test_names_that_mean_the_same_municipality_count_once(resolver: Resolver) -> None:
    assert codes(resolver, "Antwerpen, Borsbeek, Deurne-Antwerpen", AFTER) == ["11002"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("syntax", "")]),
        (" , en ", [("syntax", " , en ")]),
        ("(Mol)", [("syntax", "(Mol)")]),
        ("Koksijde, Veurne (De Panne)", [("syntax", "Koksijde, Veurne (De Panne)")]),
        ("Mol (Retie", [("syntax", "Mol (Retie")]),
        ("Mol) Retie", [("syntax", "Mol) Retie")]),
        ("Mol ((Retie))", [("syntax", "Mol ((Retie))")]),
        ("Deurne, Xyz en Mol", [("ambiguous", "Deurne"), ("unknown", "Xyz")]),
    ],
)
def test_a_heading_that_does_not_resolve_reports_every_problem(
    resolver: Resolver, text: str, expected: list[tuple[str, str]]
) -> None:
    assert problems(resolver, text) == expected


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_official_name_resolves_to_its_code_while_valid(resolver: Resolver) -> None:
    checked = 0
    for row in _rows(MUNICIPALITIES_CSV):
        start = date.fromisoformat(row["valid_from"]) if row["valid_from"] else date(2019, 1, 1)
        end = date.fromisoformat(row["valid_to"]) if row["valid_to"] else AFTER
        for day in {start, end}:
            assert resolver.municipality(row["name_nl"], day).code == row["nis_code"]
            checked += 1
    assert checked >= 312


@pytest.mark.parametrize(("on", "column"), [(BEFORE, "nis_code"), (AFTER, "nis_code_2025")])
def test_every_deelgemeente_resolves_or_is_refused_as_ambiguous(
    resolver: Resolver, on: date, column: str
) -> None:
    rows = _rows(DEELGEMEENTEN_CSV)
    meanings: dict[str, set[str]] = {}
    for row in rows:
        meanings.setdefault(key(row["deelgemeente"]), set()).add(row[column])
    official = {
        key(r["name_nl"]): r["nis_code"]
        for r in _rows(MUNICIPALITIES_CSV)
        if resolver.by_code[r["nis_code"]].valid_on(on)
    }
    ambiguous = 0
    for row in rows:
        name = row["deelgemeente"]
        if key(name) in official:
            assert resolver.municipality(name, on).code == official[key(name)]
        elif len(meanings[key(name)]) == 1:
            assert resolver.municipality(name, on).code == row[column], name
        else:
            with pytest.raises(ResolutionError) as caught:
                resolver.municipality(name, on)
            assert caught.value.problems[0].kind == "ambiguous"
            assert f"({row[column]})" in " ".join(caught.value.problems[0].candidates)
            ambiguous += 1
    assert ambiguous > 0


def test_the_deelgemeente_table_names_its_source() -> None:
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if DEELGEMEENTEN_CSV in line)
    assert "gebiedsniveaus" in row
    assert "Statbel" in row


def test_the_reference_files_are_tracked_by_git() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "data/reference"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert f"data/reference/{DEELGEMEENTEN_CSV}" in tracked
