"""Python's cyclic garbage collector in a serving process: what the app holds for its build (the
finder's index, the templates, the tables read from the store) lives as long as the app, yet a
full collection walks all of it, some 130 ms at 155k triples, stopping the worker mid-render
(and the 16 requests queued behind it) every few hundred answers. Frozen once the app is made,
those objects are left out of every collection; what the requests make is collected as before."""

from __future__ import annotations

import gc
from collections.abc import Callable

from fastapi import FastAPI

from practicegraph.core.settings import ServeSettings


def frozen(make: Callable[[ServeSettings], FastAPI]) -> Callable[[ServeSettings], FastAPI]:
    """`make`, then the heap it leaves frozen: first unfrozen and collected, so that the garbage
    of an app retired since the last build switch is freed, not kept for good."""

    def make_frozen(settings: ServeSettings) -> FastAPI:
        app = make(settings)
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return app

    return make_frozen
