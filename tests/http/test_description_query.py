"""The remote store's one-query documents answer exactly what the embedded store's walk does, for
every resource of the build, asked of a real engine (pyoxigraph, here in process)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from practicegraph.core.build_folder import CURRENT, DOCUMENTS
from practicegraph.core.document_kinds import growing_shapes
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted
from practicegraph.store.description_query import Describer, Rows, describe, rows
from practicegraph.store.embedded import EmbeddedStore
from practicegraph.store.execute import Limits

BASE = "http://localhost:8000/"
SHAPES = growing_shapes(Minted(BASE))


def canonical(triples: list[pyoxigraph.Triple]) -> set[pyoxigraph.Quad]:
    """The triples with blank nodes named by their place in the graph, not by their label."""
    dataset = pyoxigraph.Dataset(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


class Counted:
    """The store's SELECT, counting the queries asked."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        self.asked = 0

    def __call__(self, query: str) -> Rows:
        self.asked += 1
        answer = self.store.query(query, use_default_graph_as_union=True)
        assert isinstance(answer, pyoxigraph.QuerySolutions)
        return rows(answer)


@pytest.fixture(scope="module")
def stores(built: tuple[BuildSettings, object, Path]) -> tuple[EmbeddedStore, Describer, Counted]:
    settings, _outcome, _folder = built
    folder = settings.dist / CURRENT
    embedded = EmbeddedStore(folder, Limits(10, {}, {}, ""), 1, 10.0, 512)
    documents = json.loads((folder / DOCUMENTS).read_text(encoding="utf-8"))
    ask = Counted(embedded.store)
    return embedded, Describer(ask, documents), ask


def subjects(store: pyoxigraph.Store) -> list[str]:
    return sorted(
        {
            quad.subject.value
            for quad in store.quads_for_pattern(None, None, None, None)
            if isinstance(quad.subject, pyoxigraph.NamedNode)
        }
    )


def test_every_description_equals_the_embedded_walk(
    stores: tuple[EmbeddedStore, Describer, Counted],
) -> None:
    """Practices with their lists and contact points, shapes three blank nodes deep, the
    catalog, code lists: ~1,200 resources, each the same triples by both paths."""
    embedded, describer, ask = stores
    every = subjects(embedded.store)
    assert len(every) > 1000
    different = [
        iri
        for iri in every
        if canonical(describer.describe(iri)) != canonical(embedded.describe(iri))
    ]
    assert different == []
    assert ask.asked < len(every) * 1.1, "a description is one query, seldom two"


@pytest.mark.parametrize("size", [20, 1])
def test_every_document_and_its_pages_equal_the_embedded_ones(
    stores: tuple[EmbeddedStore, Describer, Counted], size: int
) -> None:
    """Every resource under id/, and every page of the municipalities and concepts that grow."""
    embedded, describer, _ask = stores
    checked = pages = 0
    for iri in (i for i in subjects(embedded.store) if i.startswith(BASE + "id/")):
        page, more = 1, True
        while more:
            near, more = embedded.description_page(iri, SHAPES, page, size)
            far, far_more = describer.description_page(iri, SHAPES, page, size)
            assert (canonical(far), far_more) == (canonical(near), more), (iri, page)
            pages += page > 1
            page += 1
        checked += 1
    assert checked > 300
    assert pages > (10 if size == 1 else -1)


def test_the_query_is_asked_again_deeper_only_when_a_blank_node_is_left(
    stores: tuple[EmbeddedStore, Describer, Counted],
) -> None:
    """Nested past the first steps, and a blank node with nothing to say (which no depth
    describes: asked until MAX_DEPTH, then answered as it stands). Each its own kind of
    resource (kind_of), so that none starts from what another needed; the labels of a
    predicate are asked the first time it is seen, then kept."""
    store = pyoxigraph.Store()
    store.load(
        b"""<http://deep/x> <http://x/p> [ <http://x/p> [ <http://x/p> [ <http://x/p>
              [ <http://x/p> [ <http://x/p> "five" ] ] ] ] ] .
            <http://empty/x> <http://x/p> [] .
            <http://flat/x> <http://x/p> "no blank node" .
            <http://list/x> <http://x/p> ( "a" "b" "c" "d" "e" "f" ) .""",
        format=pyoxigraph.RdfFormat.TURTLE,
        to_graph=pyoxigraph.NamedNode("http://x/g"),
    )
    ask = Counted(store)
    describer = Describer(ask, {})
    assert len(describer.describe("http://deep/x")) == 6
    assert ask.asked == 3 + 1, "DEPTH steps, four times as many, again; x/p's labels once"
    ask.asked = 0
    assert len(describer.describe("http://list/x")) == 1 + 6 * 2
    assert ask.asked == 1 + 1, "a list of any length is one step; rdf:first and rest's labels"
    ask.asked = 0
    assert len(describer.describe("http://empty/x")) == 1
    assert ask.asked == 4  # 1, 4, 16, MAX_DEPTH
    ask.asked = 0
    describer.describe("http://flat/x")
    describer.describe("http://flat/x")
    assert describer.depths["http://flat"] == 0, "what a kind needed is what it is asked next"
    assert ask.asked == 2
    assert "VALUES ?r { <http://flat/x> }" in describe(["http://flat/x"], 0)
