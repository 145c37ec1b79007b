"""The query pool itself, over the real frozen store: what readiness reads of it, and the
workers' copy of the store in memory."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pyoxigraph
import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.build_folder import CURRENT, STORE
from practicegraph.core.settings import BuildSettings
from practicegraph.store.base import RDF_TYPE, QueryJob
from practicegraph.store.execute import Limits, execute
from practicegraph.store.held import BYTES_PER_QUAD, held
from practicegraph.store.pool import QueryPool
from tests.group_concat import concatenated, parts

ROOT = Path(__file__).resolve().parents[2]
JSON = "application/sparql-results+json"


def test_a_worker_being_replaced_is_no_failure_of_the_pool(
    built: tuple[BuildSettings, Outcome, Path],
) -> None:
    """Killed for its query (time or memory), a worker is replaced: /readyz counts the workers
    alive, and a client whose queries are stopped again and again must not make the replica
    look broken in the moment between the kill and its successor's start."""
    settings, _outcome, _folder = built
    pool = QueryPool(settings.dist / CURRENT / STORE, Limits(10, {}, {}, ""), 2, 10.0, 512)

    async def replace_watching() -> set[int]:
        await pool.start()
        seen = {pool.alive()}
        replaced = asyncio.ensure_future(pool._replace(next(iter(pool.workers))))
        while not replaced.done():
            seen.add(pool.alive())
            await asyncio.sleep(0)
        await replaced
        seen.add(pool.alive())
        await pool.close()
        return seen

    assert asyncio.run(replace_watching()) == {2}


def test_a_store_that_fits_is_copied_into_the_workers_memory(
    built: tuple[BuildSettings, Outcome, Path],
) -> None:
    """Within the copy's budget the worker answers from its own copy in memory (writable: not
    the read-only store on disk), quad for quad the store; past it, from the disk."""
    settings, _outcome, _folder = built
    path = str(settings.dist / CURRENT / STORE)
    disk = pyoxigraph.Store.read_only(path)
    room = -(-len(disk) * BYTES_PER_QUAD // (1 << 20))  # the copy's megabytes, rounded up
    copy = held(path, room)
    copy.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:x:s"), RDF_TYPE, RDF_TYPE))
    copy.remove(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:x:s"), RDF_TYPE, RDF_TYPE))
    assert set(map(str, copy)) == set(map(str, disk))
    for too_small in (0, room - 1):
        with pytest.raises(RuntimeError, match="read-write"):
            held(path, too_small).add(
                pyoxigraph.Quad(pyoxigraph.NamedNode("urn:x:s"), RDF_TYPE, RDF_TYPE)
            )


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "queries").glob("*.rq")))
def test_the_copy_answers_as_the_disk_does(
    built: tuple[BuildSettings, Outcome, Path], name: str
) -> None:
    """Every example query: the same rows from the copy as from the store on disk, in any order,
    and a GROUP_CONCAT's parts in any order: SPARQL leaves both to the engine (§15.1, §18.5.1.7),
    and the two stores do differ in them."""
    settings, _outcome, _folder = built
    path = str(settings.dist / CURRENT / STORE)
    text = (ROOT / "queries" / name).read_text(encoding="utf-8")
    job = QueryJob(text, results_media=JSON, base_iri=f"{settings.base}sparql")
    limits = Limits(10_000, {}, {}, "")

    concatenations = concatenated(text)

    def rows(store: pyoxigraph.Store) -> list[str]:
        answer = json.loads(execute(store, job, limits).body)
        found = [
            {
                variable: {**term, "value": parts(term["value"], concatenations[variable])}
                if variable in concatenations
                else term
                for variable, term in row.items()
            }
            for row in answer["results"]["bindings"]
        ]
        return sorted(json.dumps(row, sort_keys=True) for row in found)

    from_disk = rows(pyoxigraph.Store.read_only(path))
    assert from_disk  # each example finds something in the repository's data
    assert rows(held(path, 64)) == from_disk
