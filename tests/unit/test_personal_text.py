"""Personal values in free text: what is found, what never is (no false alarms), and what the
published text says in their place."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from practicegraph.builder.erase import kind_of
from practicegraph.core.personal_data import Entry, PersonalData, normal
from practicegraph.core.personal_text import PLACEHOLDERS, find, names_pattern, redact, withheld
from practicegraph.core.reading import parse_turtle
from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT

NUMBERS = [
    "0470 12 34 56",
    "011/12.34.56",
    "+32 470 12 34 56",
    "+32 (0)11 12 34 56",
    "0032 11 12 34 56",
    "02 123 45 67",
    "09/123.45.67",
    "0470/12.34.56",
    "0470123456",
    "011-12-34-56",
    "+32470123456",
    "053 72 95 11",
    "(011) 12 34 56",
    "+32 (470) 12 34 56",
    "(+32) 470 12 34 56",
    "00 32 470 12 34 56",
    "0470\u202f12\u202f34\u202f56",
    "0470\u201312\u201334\u201356",
    "+33 1 23 45 67 89",
    "+31 6 12345678",
]
NOT_NUMBERS = [
    "NIS-code 71022",
    "in 2019 en 2025",
    "postcode 3500 Hasselt",
    "1.250.000 euro",
    "€ 12 500",
    "0,5 miljoen",
    "op 12.03.2024",
    "op 01/03/2024 om 10:00",
    "van 01.02.2023-03.04.2023",
    "2024-03-12",
    "kinderen van 0 tot 3 jaar",
    "06/2021",
    "op 04 12 2023 10u",
    "3 000 inwoners in 44 gemeenten",
    "artikel 15, § 2, 3°",
    "BE 0207.437.468",
    "rekening BE68 5390 0754 7034",
    "ISBN 978-90-5350-123-4",
    "Ondernemingsnummer 0403.227.515",
    "KBO-nummer: 0456 789 012",
    "0456.789.012",
]


@pytest.mark.parametrize("number", NUMBERS)
def test_belgian_telephone_numbers_are_found_however_written(number: str) -> None:
    (found,) = find(f"Bel {number} voor meer info.")
    assert (found.kind, found.value) == ("telephone", number)
    foreign = number.startswith("+") and not number.startswith("+32")
    assert foreign or normal("telephone", number).startswith("0")


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_codes_years_amounts_postcodes_and_dates_are_never_taken_for_numbers(text: str) -> None:
    assert find(text) == []


def test_an_address_a_number_and_a_listed_name_are_replaced_by_placeholders() -> None:
    text = "Vragen? Mail Esther Brouwer op ebrouwer@landen.be of bel 0470 12 34 56."
    found = find(text, names_pattern(["Esther  Brouwer"]))
    assert [(f.kind, f.value) for f in found] == [
        ("name", "Esther Brouwer"),
        ("email", "ebrouwer@landen.be"),
        ("telephone", "0470 12 34 56"),
    ]
    assert redact(text, found) == (
        f"Vragen? Mail {PLACEHOLDERS['name']} op {PLACEHOLDERS['email']} of bel"
        f" {PLACEHOLDERS['telephone']}."
    )


@pytest.mark.parametrize(
    "address", ["jürgen.peeters@gemeente.be", "zoë@ixelles.be", "info@brüssel.be", "ана@пример.бг"]
)
def test_an_address_with_letters_of_any_script_is_an_address(address: str) -> None:
    assert [(f.kind, f.value) for f in find(f"Mail {address}, graag.")] == [("email", address)]
    assert kind_of(address) == "email"
    assert kind_of(f"mailto:{address}") == "email"


@pytest.mark.parametrize("text", ["Jürgen Peeters", "jürgen@", "a@b.c", "_x@b.be"])
def test_names_and_near_addresses_are_no_addresses(text: str) -> None:
    assert kind_of(text) == "name"
    assert [f for f in find(text) if f.kind == "email"] == []


def test_in_free_text_only_what_is_listed_functional_is_published() -> None:
    listed = PersonalData(
        (
            Entry("info@kindentaal.be", "email", "functional", "", ""),
            Entry("011 12 34 56", "telephone", "functional", "", ""),
            Entry("ebrouwer@landen.be", "email", "personal", "", ""),
        )
    )
    text = "info@kindentaal.be, +32 11 12 34 56, ebrouwer@landen.be, nieuw@stad.be"
    assert [withheld(f, listed) for f in find(text)] == [False, False, True, True]


def test_no_content_line_of_the_seed_or_the_corpus_holds_a_false_alarm() -> None:
    """Every literal of the repository's practices and of the import corpus's pages: what is
    found there is an address (which the contact points hold), never a code, date or amount
    taken for a number."""
    base = BuildSettings().base
    texts = []
    for path in sorted((ROOT / "data" / "practices").glob("*.ttl")):
        graph: Graph = parse_turtle(path, base)
        texts += [str(o) for o in graph.objects() if isinstance(o, Literal)]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/corpus/site").glob("*.txt"))
    ]
    found = [f for text in texts for f in find(text)]
    assert {f.kind for f in found} <= {"email"}, [f.value for f in found if f.kind != "email"]
    assert all("@" in f.value for f in found)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Tel.0470 11 22 33", ["0470 11 22 33"]),
        ("gsm/0470 12 34 56", ["0470 12 34 56"]),
        ("Tel 011 22 33 44 0470 65 43 21", ["011 22 33 44", "0470 65 43 21"]),
        ("0470 12 34 56 / 011 12 34 56", ["0470 12 34 56", "011 12 34 56"]),
        ("0470 12 34 56/57", ["0470 12 34 56"]),
    ],
)
def test_numbers_written_against_words_or_each_other_are_each_found(
    text: str, numbers: list[str]
) -> None:
    assert [f.value for f in find(text) if f.kind == "telephone"] == numbers


@pytest.mark.parametrize(
    "text",
    [
        "jan [at] gemeente.be",
        "jan(at)gemeente.be",
        "jan @ gemeente.be",
        "jan＠gemeente.be",
        "jan [AT] gemeente.be",  # no @ and no digit: found by its spelling, in any case
        "jan(At)gemeente.be",
        "jan [at] gemeente [dot] be",
        "jan(at)gemeente(DOT)be",
        "jan @gemeente.be",
        "jan@\ngemeente.be",
        "jan%40gemeente.be",
        "jan＠gemeente．be",
    ],
)
def test_an_address_written_to_fool_harvesters_is_still_found(text: str) -> None:
    (found,) = find(text)
    assert (found.kind, found.value) == ("email", "jan@gemeente.be")


@pytest.mark.parametrize(
    "text", ["BROUWER Esther", "Brouwer, Esther", "E. Brouwer", "Brouwer E.", "Brouwer, E."]
)
def test_a_listed_name_is_found_in_its_other_spellings(text: str) -> None:
    (found,) = find(f"Contact: {text}.", names_pattern(["Esther Brouwer"]))
    assert found.kind == "name"
