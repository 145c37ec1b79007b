"""A server process's own copy of the store in memory (`store_copy_mb`): made when it fits the
budget, and the documents it answers from it are those it answers from the disk."""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph
import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import BuildSettings, ServeSettings
from practicegraph.store.base import RDF_TYPE
from practicegraph.store.embedded import EmbeddedStore
from practicegraph.store.held import BYTES_PER_QUAD
from practicegraph.web.app import backend_for
from practicegraph.web.served_build import ServedBuild
from tests.http.conftest import in_process

PROBE = pyoxigraph.Quad(
    pyoxigraph.NamedNode("urn:x:s"), pyoxigraph.NamedNode("urn:x:p"), pyoxigraph.Literal("o")
)


def kept(headers: httpx.Headers) -> list[tuple[str, str]]:
    """The headers but the request's own id."""
    return sorted((name, value) for name, value in headers.multi_items() if name != "x-request-id")


def writable(store: pyoxigraph.Store) -> bool:
    """Whether the store is a copy in memory: the store on disk is opened read-only."""
    try:
        store.add(PROBE)
    except RuntimeError:
        return False
    store.remove(PROBE)
    return True


def test_a_server_process_copies_a_store_that_fits_its_budget(
    built: tuple[BuildSettings, Outcome, Path], store: pyoxigraph.Store
) -> None:
    """Within `store_copy_mb` the process reads documents from its own copy, quad for quad the
    store; past it (or at 0), from the disk, so that memory stays bounded at any size."""
    settings, _outcome, _folder = built
    room = -(-len(store) * BYTES_PER_QUAD // (1 << 20))  # the copy's megabytes, rounded up

    def backend(copy_mb: int) -> EmbeddedStore:
        serving = ServeSettings(project_dir=settings.project_dir, store_copy_mb=copy_mb)
        found = backend_for(serving, ServedBuild.open(serving))
        assert isinstance(found, EmbeddedStore)
        return found

    copied = backend(room).store
    assert writable(copied)
    assert set(map(str, copied)) == set(map(str, store))
    assert not writable(backend(room - 1).store)
    assert not writable(backend(0).store)


@pytest.mark.parametrize("media", ["text/html", "text/turtle", "application/ld+json"])
def test_the_copy_answers_every_practice_as_the_disk_does(
    built: tuple[BuildSettings, Outcome, Path], store: pyoxigraph.Store, media: str
) -> None:
    """The same bytes and headers from memory as from disk for every practice and its
    initiatives (the order of N-Triples' lines is the store's own, and the two stores differ
    in it: docs/performance.md)."""
    settings, _outcome, _folder = built
    kinds = [f"{settings.base}ns/praktijk#{kind}" for kind in ("Practice", "LocalInitiative")]
    iris = sorted(
        {
            quad.subject.value
            for kind in kinds
            for quad in store.quads_for_pattern(None, RDF_TYPE, pyoxigraph.NamedNode(kind))
            if isinstance(quad.subject, pyoxigraph.NamedNode)
        }
    )
    assert iris
    paths = ["/doc/" + iri.removeprefix(settings.base + "id/") for iri in iris]
    answers = []
    for copy_mb in (0, 128):
        caches_off = {"response_cache_mb": 0, "render_cache_mb": 0}
        with in_process(built[0], store_copy_mb=copy_mb, **caches_off) as client:
            answered = (client.get(path, headers={"Accept": media}) for path in paths)
            answers.append([(r.status_code, kept(r.headers), r.content) for r in answered])
    assert answers[0] == answers[1]
    assert {status for status, _headers, _body in answers[0]} == {200}
