"""The frozen store as a process holds it: its own copy in memory when the copy fits a budget,
else the store on disk, read-only. pyoxigraph answers from memory 2 to 4 times faster than from
RocksDB (over 265,070 quads: a 3-pattern join 86 against 349 ms, a DESCRIBE 0.10 against 0.28
ms; over 155,325: a practice's document read in 0.5 against 1.6 ms); the budget keeps memory
bounded at any size of data, since a store too large for it is read from disk as before."""

from __future__ import annotations

from itertools import islice

import pyoxigraph

BYTES_PER_QUAD = 500
"""Resident memory an in-memory pyoxigraph store takes per quad (measured: 497 bytes a quad
at 265,070 quads of a synthetic build)."""
COPIED_AT_ONCE = 1_000
"""Quads copied by one call into pyoxigraph, which holds the GIL while it copies: copied at once,
265,070 quads stopped every other thread of the process for 3.1 s (a serving process answered
no request, nor uvicorn's health check, which gives up after 5 s); a thousand at a time, for
23 ms at most, in about the same time in all."""


def held(store_path: str, copy_mb: int) -> pyoxigraph.Store:
    """The frozen store, or its copy in this process's memory when the copy fits in `copy_mb`
    megabytes. The copy holds the same quads, blank nodes under the same names (`bulk_extend`:
    a dump read back would rename them), in the same order in every process."""
    store = pyoxigraph.Store.read_only(store_path)
    if len(store) * BYTES_PER_QUAD > copy_mb << 20:
        return store
    copy = pyoxigraph.Store()
    quads = iter(store)
    while batch := list(islice(quads, COPIED_AT_ONCE)):
        copy.bulk_extend(batch)
    return copy
