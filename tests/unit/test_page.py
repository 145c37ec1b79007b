"""Reading a practice page's text into sections: the layouts the Samenleven pages use."""

from __future__ import annotations

import pytest

from practicegraph.ingest import lines, page

FOOTER = "Staat jouw praktijk nog niet in de databank? Vul dan deze fiche in."


def read(text: str) -> page.Page:
    return page.parse(lines.from_text(text + "\n" + FOOTER + "\n"))


def test_white_space_is_normalised_and_the_words_kept() -> None:
    read_page = read(
        "foto.jpg\nProvider image\n\n  Een\u00a0inleiding  met\tdubbele   spaties.  \n\n"
        "Beschrijving\n\nEen\u200b zin,\u202fwoord voor woord. \n"
    )
    assert read_page.intro == ["Een inleiding met dubbele spaties."]
    assert read_page.description == ["Een zin, woord voor woord."]


def test_preamble_address_image_caption_credit_and_intro() -> None:
    read_page = read(
        "https://www.vvsg.be/kennisitem/vvsg/x\nbeeld.png\nProvider image\n"
        "Foto: Stad Gent\nDe inleiding.\n\nCategorie\n\nOnthaalbeleid\n"
    )
    assert read_page.address == "https://www.vvsg.be/kennisitem/vvsg/x"
    assert (read_page.image, read_page.caption) == ("beeld.png", "Provider image")
    assert read_page.credits == ["Foto: Stad Gent"]
    assert read_page.intro == ["De inleiding."]
    assert read_page.complete


@pytest.mark.parametrize(
    "credit", ["© Stad Gent", "©Stad Gent", "(c) Stad Gent", "Copyright Stad Gent", "Beeld: Jan"]
)
def test_a_credit_after_the_image_is_no_part_of_the_summary(credit: str) -> None:
    read_page = read(f"buddy.jpg\nProvider image\n{credit}\n\nDe inleiding.\n")
    assert read_page.credits == [credit]
    assert read_page.intro == ["De inleiding."]


def test_a_word_that_only_starts_like_a_credit_stays_in_the_summary() -> None:
    read_page = read("buddy.jpg\n\nBeeldvorming over nieuwkomers bijsturen.\n")
    assert read_page.credits == []
    assert read_page.intro == ["Beeldvorming over nieuwkomers bijsturen."]


@pytest.mark.parametrize(
    ("section", "field", "expected"),
    [
        ("Categorie\n\nVisie, organisatie & samenwerking", "categories", ["Visie, organisatie & samenwerking"]),
        ("Categorie\n\n • Onthaalbeleid\n • Toegankelijke dienstverlening", "categories", ["Onthaalbeleid", "Toegankelijke dienstverlening"]),
        ("Doelgroep\n\nNieuwkomers", "target_groups", ["Nieuwkomers"]),
        ("Doelgroepen\n\n • Alle inwoners\n • Vrijwilligers", "target_groups", ["Alle inwoners", "Vrijwilligers"]),
        ("Beleidsdomeinen\n\nKinderopvang, Taal, Werk", "policy_domains", ["Kinderopvang", "Taal", "Werk"]),
        ("Doelen\n\n • Eén\n  en verder\n • Twee", "goals", ["Eén\nen verder", "Twee"]),
        ("Categorieën:\n\nOnthaalbeleid", "categories", ["Onthaalbeleid"]),
    ],
)  # fmt: skip
def test_sections(section: str, field: str, expected: list[str]) -> None:
    assert getattr(read(section), field) == expected


def test_blocks_in_running_text_with_glued_contact_and_more_info() -> None:
    read_page = read(
        "Deze praktijk in\n\nAalst, Geraardsbergen\n\n"
        "Wereldmama's: Moeders samenbrengen.\n\nMeer infoHuis van het Kind\n\n"
        "Contactsuzan@ligo.be\n\nLanden\n\nPraatgroep: Gesprekken.\nTweede alinea.\n\n"
        "Contact: Esther Brouwer: ebrouwer@landen.be\n"
    )
    first, second = read_page.blocks
    assert first.places == "Aalst, Geraardsbergen"
    (wereldmamas,) = first.initiatives
    assert (wereldmamas.title, wereldmamas.description) == ("Wereldmama's", "Moeders samenbrengen.")
    assert [link.name for link in wereldmamas.more_info] == ["Huis van het Kind"]
    assert [(c.name, c.emails) for c in wereldmamas.contacts] == [(None, ["suzan@ligo.be"])]
    (praatgroep,) = second.initiatives
    assert praatgroep.description == "Gesprekken.\nTweede alinea."
    assert [(c.name, c.emails) for c in praatgroep.contacts] == [
        ("Esther Brouwer", ["ebrouwer@landen.be"])
    ]


def test_blocks_as_bullets_with_properties() -> None:
    read_page = read(
        "Deze praktijk in\n\nSint-Niklaas\n\n • Kansenwerking: De kansenwerker helpt.\n"
        " • Speelhuis Huppel\n • Kameleon: Werkt samen.\n  De kinderen krijgen een taalbad.\n\n"
        "Dilbeek\n\n • In Dilbeek houden toeleiders een gesprek met nieuwkomers.\n"
        " • Contact: evi@dilbeek.be \n • Partners: Pin vzw, Atlas en De Rode Antraciet\n • Website\n"
    )
    niklaas, dilbeek = read_page.blocks
    assert [(i.title, i.description) for i in niklaas.initiatives] == [
        ("Kansenwerking", "De kansenwerker helpt."),
        ("Speelhuis Huppel", None),
        ("Kameleon", "Werkt samen.\nDe kinderen krijgen een taalbad."),
    ]
    (initiative,) = dilbeek.initiatives
    assert initiative.title is None
    assert initiative.partners == ["Pin vzw", "Atlas", "De Rode Antraciet"]
    assert [link.name for link in initiative.more_info] == ["Website"]
    assert [c.emails for c in initiative.contacts] == [["evi@dilbeek.be"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Programma 'Instapje': Tijdens het Instapje", ("Programma 'Instapje'", "Tijdens het Instapje")),
        ("Het PACE project zet in op twee sporen: de toegang", (None, "Het PACE project zet in op twee sporen: de toegang")),
        ("Stad Leuven monitort alle cijfers rond nieuwkomers.", (None, "Stad Leuven monitort alle cijfers rond nieuwkomers.")),
        ("Spel- en ontmoetingsplek Speelhuis Huppel", ("Spel- en ontmoetingsplek Speelhuis Huppel", None)),
        ("Mail info@x.be: voor vragen", (None, "Mail info@x.be: voor vragen")),
    ],
)  # fmt: skip
def test_project_names_before_a_colon(text: str, expected: tuple[str | None, str | None]) -> None:
    assert page.split_title(text) == expected


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Koksijde, (De Panne, Nieuwpoort en Veurne)", True),
        ("Beveren-Kruibeke-Zwijndrecht", True),
        ("Nazareth-De Pinte", True),
        ("'s-Gravenwezel", True),
        ("Wegwijzer: Her", False),
        ("Er worden twee ontmoetingsmomenten georganiseerd.", False),
        ("Vanuit Huis van het Kind Eeklo werden plaatsen gecreëerd", False),
    ],
)
def test_what_reads_as_a_heading_of_places(text: str, places: bool) -> None:
    assert page.looks_like_places(text) is places


def test_what_cannot_be_placed_is_kept_as_text_with_a_warning() -> None:
    read_page = read(
        "Doelen\n\n • Eén\n • \n\nDeze praktijk in\n\nLosse tekst zonder plaats.\n\n"
        "Mol\n\n\nGeel\n\nIets.\n\nDoelen\n\n • Twee\n"
    )
    assert read_page.goals == ["Eén", "Twee"]  # a second section adds to the first
    warnings = " ".join(read_page.warnings)
    assert "an empty list item is left out" in warnings
    assert "text before any place names; kept as text under 'Deze praktijk in'" in warnings
    assert "the places 'Mol' have no text; kept as an initiative" in warnings
    assert "a second 'Doelen' section" in warnings
    assert [(s.heading, s.texts) for s in read_page.sections] == [
        ("Deze praktijk in", ["Losse tekst zonder plaats."])
    ]
    assert [(b.places, len(b.initiatives)) for b in read_page.blocks] == [("Mol", 1), ("Geel", 1)]


def test_a_page_without_footer_keeps_every_line_and_warns() -> None:
    read_page = page.parse(lines.from_text("Beleidsdomeinen\n\nKinderopvang, Taal, Werk"))
    assert not read_page.complete
    assert not read_page.truncated
    assert read_page.policy_domains == ["Kinderopvang", "Taal", "Werk"]
    assert read_page.cut is None
    assert "the page has no footer, so it may be incomplete" in " ".join(read_page.warnings)


@pytest.mark.parametrize(
    ("text", "truncated", "kept", "cut"),
    [
        ("Doelen\n\n • Eén\n • Twee is afgekap", True, ["Eén"], "Twee is afgekap"),
        ("Doelen\n\n • Eén\n • Twee is heel.", True, ["Eén", "Twee is heel."], None),
        ("Doelen\n\n • Eén\n • Twee is afgekap\n[…]", False, ["Eén"], "Twee is afgekap"),
        ("Doelen\n\n • Eén\n • Twee is heel.\n...", False, ["Eén", "Twee is heel."], None),
        ("Doelen\n\n • Eén\n • Twee is afgekap", False, ["Eén", "Twee is afgekap"], None),
    ],
)
def test_a_truncated_copy_loses_only_a_line_cut_mid_sentence(
    text: str, truncated: bool, kept: list[str], cut: str | None
) -> None:
    """Truncated on import (--truncated) or marked on the page ("[…]", "...")."""
    read_page = page.parse(lines.from_text(text), truncated=truncated)
    assert read_page.truncated is (truncated or not text.endswith("afgekap") or "[" in text)
    assert read_page.goals == kept
    assert read_page.cut == cut
    if cut:
        assert f"stops mid-sentence; it is left out: {cut!r}" in " ".join(read_page.warnings)


@pytest.mark.parametrize(
    ("last", "kept", "cut"),
    [
        ("Een zin. Nog een zin! Een derde die afgek", "Een zin. Nog een zin!", "Een derde die afgek"),
        ("De balie helpt, bv. de dienst. Zij werkt o.a. met", "De balie helpt, bv. de dienst.",
         "Zij werkt o.a. met"),
        ('Hij zei: "Welkom." (Zo gaat het.) En dan', 'Hij zei: "Welkom." (Zo gaat het.)', "En dan"),
        ("Er kwamen er veel. 25 mensen schre", "Er kwamen er veel.", "25 mensen schre"),
    ],
)  # fmt: skip
def test_a_truncated_copy_keeps_the_whole_sentences_of_its_last_line(
    last: str, kept: str, cut: str
) -> None:
    """Only the unfinished sentence goes; an abbreviation ("bv. de") ends no sentence."""
    read_page = page.parse(lines.from_text(f"Beschrijving\n\nEerste alinea.\n\n{last}"), True)
    assert read_page.description == ["Eerste alinea.", kept]
    assert read_page.cut == cut
    warning = "line 5: the copy is cut off and its last line stops mid-sentence; its unfinished"
    assert f"{warning} sentence is left out: {cut!r}" in read_page.warnings


def test_a_truncated_list_item_keeps_its_whole_sentences_as_an_item() -> None:
    read_page = page.parse(lines.from_text("Doelen\n\n • Eén.\n • Twee. Drie is afg"), True)
    assert read_page.goals == ["Eén.", "Twee."]
    assert read_page.cut == "Drie is afg"


def test_unknown_sections_and_prose_are_kept_as_text() -> None:
    read_page = read(
        "Doelgroep\n\nOuders van jonge kinderen die de weg naar de kinderopvang nog niet"
        " vinden, en hun netwerk.\n • Nieuwkomers\n\nCategorie\n\nDit is een zin over de"
        " categorie. Ze is lang.\n\nResultaten:\n\n • Meer bereik\n • Betere opvolging\n"
    )
    assert read_page.target_groups == ["Nieuwkomers"]
    assert read_page.target_group_text == [
        "Ouders van jonge kinderen die de weg naar de kinderopvang nog niet vinden, en hun netwerk."
    ]
    assert read_page.categories == []
    assert [(s.heading, s.texts) for s in read_page.sections] == [
        ("Categorie", ["Dit is een zin over de categorie. Ze is lang."]),
        ("Resultaten", ["• Meer bereik", "• Betere opvolging"]),
    ]
    warnings = " ".join(read_page.warnings)
    assert "the section 'Resultaten' is not part of the model; kept as text" in warnings


def test_empty_list_items_in_the_description_are_left_out() -> None:
    """Found by the property tests: empty bullets left trailing '• ' in the description."""
    read_page = read("Beschrijving\n\nEen zin.\n • \n •\n • Een punt.\n")
    assert read_page.description == ["Een zin.", "• Een punt."]
    assert sum("empty list item" in w for w in read_page.warnings) == 2
