"""A document's triples indexed once: what a page, its labels and its schema.org block ask of
them, answered as a pass over the triples would."""

from __future__ import annotations

import pyoxigraph

from practicegraph.web.render.facts import Facts

TURTLE = """
@prefix ex: <http://example.org/> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:p dct:title "Titel"@nl , "Title"@en ; ex:link ex:c .
ex:i1 dct:source ex:p ; dct:title "Een" . ex:i2 dct:source ex:p .
_:b dct:source ex:p ; rdfs:label "leeg"@nl .
ex:c rdfs:label "Label"@en ; skos:prefLabel "Voorkeur"@nl ; rdfs:label "Etiket"@nl ; ex:n 3 .
"""


def facts() -> Facts:
    parsed = pyoxigraph.parse(TURTLE, format=pyoxigraph.RdfFormat.TURTLE)
    return Facts([quad.triple for quad in parsed])


def test_values_by_subject_and_predicate_in_the_order_given() -> None:
    found = facts()
    assert [v.value for v in found.values("http://example.org/p", DCT_TITLE)] == ["Titel", "Title"]
    assert found.values("http://example.org/p", "http://example.org/none") == []
    assert found.iris("http://example.org/p", "http://example.org/link") == ["http://example.org/c"]
    assert found.text("http://example.org/p", DCT_TITLE) == "Titel"
    assert found.name("http://example.org/c") == "Voorkeur"
    assert found.name("http://example.org/none") == "http://example.org/none"


def test_what_links_to_a_resource_and_which_subjects_are_blank() -> None:
    found = facts()
    linking = found.subjects(DCT_SOURCE, "http://example.org/p")
    assert [s for s in linking if s not in found.blank] == [
        "http://example.org/i1",
        "http://example.org/i2",
    ]
    assert len(found.blank) == 1
    assert found.blank <= set(linking)


def test_labels_keep_the_order_of_the_triples_across_label_predicates() -> None:
    """The first label in a language is the page's name, whichever predicate gives it: the
    labels are listed as the triples came, not grouped by predicate."""
    labels = [(s, v.value) for s, v in facts().labels if s == "http://example.org/c"]
    assert labels == [
        ("http://example.org/c", "Label"),
        ("http://example.org/c", "Voorkeur"),
        ("http://example.org/c", "Etiket"),
    ]


DCT_TITLE = "http://purl.org/dc/terms/title"
DCT_SOURCE = "http://purl.org/dc/terms/source"
