"""A build after an edit starts from the last good build: it must publish exactly what a build
from nothing publishes, parse only what changed, and start from nothing when the world changed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from practicegraph.builder.pipeline import build
from practicegraph.core.build_folder import DUMPS, STORE
from practicegraph.core.rdflib_oxigraph import rdflib_term
from practicegraph.core.settings import BuildSettings

EDITED = "data/practices/opvoedingsondersteuning.ttl"
REMOVED = "data/practices/instroommeting.ttl"
ABOUT_THE_BUILD = ("graph/catalog", "graph/void", "graph/catalog/files")
"""Graphs that say when and how a build was made: dates, file sizes, checksums."""


def graphs(quads: list[pyoxigraph.Quad], base: str) -> dict[str, Graph]:
    found: dict[str, Graph] = {}
    for quad in quads:
        assert not isinstance(quad.graph_name, pyoxigraph.DefaultGraph)  # a dump of named graphs
        name = quad.graph_name.value
        if name.removeprefix(base) in ABOUT_THE_BUILD:
            continue
        graph = found.setdefault(name, Graph())
        graph.add(
            (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object))
        )
    return found


def store_graphs(folder: Path, base: str) -> dict[str, Graph]:
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    return graphs(list(store), base)


def assert_same_graphs(left: dict[str, Graph], right: dict[str, Graph]) -> None:
    assert sorted(left) == sorted(right)
    for name in left:
        assert isomorphic(left[name], right[name]), name


def union(graphs: dict[str, Graph]) -> Graph:
    merged = Graph()
    for graph in graphs.values():
        merged += graph
    return merged


def built(settings: BuildSettings, reuse: bool = True) -> Path:
    outcome, folder = build(settings, reuse=reuse)
    assert folder is not None, [f.message for f in outcome.violations] or outcome.load_error
    return folder


def merge_removed(project: Path, base: str) -> None:
    """Remove a practice file as a merge into the edited practice: what it described answers
    301 to that practice from now on (a build refuses IRIs that would answer 404)."""
    gone = Graph().parse(project / REMOVED, format="turtle", publicID=base)
    iris = sorted({str(s) for s in gone.subjects() if str(s).startswith(base + "id/")})
    assert iris
    rows = "".join(
        f"{iri.removeprefix(base)},id/praktijk/opvoedingsondersteuning,2026-12-01,merged\n"
        for iri in iris
    )
    (project / "data" / "redirects.csv").write_text("from,to,since,reason\n" + rows)
    (project / REMOVED).unlink()


def edit(project: Path) -> None:
    path = project / EDITED
    text = path.read_text(encoding="utf-8")
    old = 'dct:title "Opvoedingsondersteuning'
    assert old in text
    path.write_text(text.replace(old, 'dct:title "Herziene opvoedingsondersteuning', 1))


@pytest.mark.slow  # builds five times, both ways
def test_an_edit_is_built_from_the_last_build_and_equals_a_build_from_nothing(
    project: Path,
) -> None:
    settings = BuildSettings(project_dir=project)
    built(settings)
    edit(project)
    merge_removed(project, settings.base)

    outcome, incremental = build(settings)
    assert incremental is not None
    assert outcome.plan is not None
    assert outcome.plan.incremental
    parsed = sorted(g.path.as_posix() for g in outcome.plan.parsed)
    assert parsed == [EDITED], "only the edited file is parsed"
    fresh = built(settings, reuse=False)
    assert "Herziene" in (incremental / DUMPS / "dataset.nt").read_text(encoding="utf-8")

    base = settings.base
    assert_same_graphs(store_graphs(incremental, base), store_graphs(fresh, base))
    for folder in (incremental, fresh):
        stored = store_graphs(folder, base)
        dumps = folder / DUMPS
        for name in ("dataset.nq", "dataset.nt", "dataset.ttl", "dataset.jsonld"):
            plain = (dumps / name).read_bytes()
            assert gzip.decompress((dumps / f"{name}.gz").read_bytes()) == plain, name
        assert_same_graphs(graphs(list(pyoxigraph.parse(path=dumps / "dataset.nq")), base), stored)
        for name, rdf_format in (("dataset.nt", "nt"), ("dataset.ttl", "turtle")):
            read = Graph().parse(dumps / name, format=rdf_format)
            assert isomorphic(read, union(stored) + catalog_of(folder, base)), name
        document = json.loads((dumps / "dataset.jsonld").read_text(encoding="utf-8"))
        assert len(document["@graph"]) == len(stored) + 1  # and the catalog graph

    before, after = (json.loads((f / "manifest.json").read_text()) for f in (incremental, fresh))
    for key in ("triples", "classes", "graphs", "warnings", "world"):
        assert before[key] == after[key], key
    for name in ("documents.json", "practices.json"):
        assert (incremental / name).read_bytes() == (fresh / name).read_bytes(), name
    void = [(f / "void.nt").read_text().splitlines() for f in (incremental, fresh)]
    # the date and the build's own id (core.build_mark) differ between two builds by design
    undated = [
        [
            line
            for line in lines
            if "/dc/terms/modified>" not in line and "#versionInfo>" not in line
        ]
        for lines in void
    ]
    assert undated[0] == undated[1]
    pages = sorted(p.relative_to(incremental).as_posix() for p in (incremental / "ldes").rglob("*"))
    assert pages == sorted(p.relative_to(fresh).as_posix() for p in (fresh / "ldes").rglob("*"))
    for page in pages:  # every view's pages too
        if (incremental / page).is_file():
            assert (incremental / page).read_bytes() == (fresh / page).read_bytes(), page


def catalog_of(folder: Path, base: str) -> Graph:
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    graph = Graph()
    name = pyoxigraph.NamedNode(base + "graph/catalog")
    for quad in store.quads_for_pattern(None, None, None, name):
        graph.add(
            (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object))
        )
    return graph


def test_a_change_of_the_shapes_builds_from_nothing(project: Path) -> None:
    settings = BuildSettings(project_dir=project)
    built(settings)
    shapes = project / "shapes" / "practices.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    outcome, folder = build(settings)
    assert folder is not None
    assert outcome.plan is not None
    assert not outcome.plan.incremental
    assert len(outcome.plan.parsed) > 10


def test_an_unchanged_project_parses_nothing(project: Path) -> None:
    settings = BuildSettings(project_dir=project)
    first = built(settings)
    outcome, second = build(settings)
    assert second is not None
    assert outcome.plan is not None
    assert outcome.plan.incremental
    assert outcome.plan.parsed == []
    assert (first / "practices.json").read_bytes() == (second / "practices.json").read_bytes()
