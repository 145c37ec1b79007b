"""A mailto: IRI is known by the address it names, however it is spelled (RFC 6068): a listed
person's address must not slip past the rule as `MAILTO:` or with its @ escaped."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, URIRef

from practicegraph.builder.erase import kind_of
from practicegraph.builder.freeze.contacts import in_iri, mine
from practicegraph.core.personal_data import Entry, PersonalData, mailbox
from practicegraph.core.vocab import VCARD

LISTED = PersonalData((Entry("jan.peeters@voorbeeld.be", "email", "personal", "", ""),))
SPELLINGS = [
    "mailto:jan.peeters@voorbeeld.be",
    "MAILTO:jan.peeters@voorbeeld.be",
    "Mailto:jan.peeters%40voorbeeld.be",
    "mailto:Jan.Peeters@Voorbeeld.be?subject=Praktijk",
]


@pytest.mark.parametrize("iri", SPELLINGS)
def test_every_spelling_of_a_listed_address_is_the_persons(iri: str) -> None:
    graph = Graph()
    card = BNode()
    graph.add((card, VCARD.hasEmail, URIRef(iri)))
    _, emails = mine(graph, card, LISTED)
    assert emails == [URIRef(iri)]
    assert [found.value.casefold() for found in in_iri(iri)] == ["jan.peeters@voorbeeld.be"]
    assert kind_of(iri) == "email"


def test_what_is_no_mailto_iri_is_left_as_it_is() -> None:
    assert mailbox("jan%40voorbeeld.be") == "jan%40voorbeeld.be"
    assert mailbox("https://voorbeeld.be/?mailto:x") == "https://voorbeeld.be/?mailto:x"
    other = PersonalData((Entry("jan.peeters@voorbeeld.be", "email", "functional", "", ""),))
    graph = Graph()
    card = BNode()
    graph.add((card, VCARD.hasEmail, URIRef("MAILTO:jan.peeters@voorbeeld.be")))
    assert mine(graph, card, other) == ([], [])
