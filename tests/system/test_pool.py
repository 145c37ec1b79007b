"""The query pool itself, over the real frozen store: what readiness reads of it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from practicegraph.builder.outcome import Outcome
from practicegraph.core.build_folder import CURRENT, STORE
from practicegraph.core.settings import BuildSettings
from practicegraph.store.execute import Limits
from practicegraph.store.pool import QueryPool


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
