"""Give the heap's free memory back to the system, once a process has read what it keeps and
then now and again while it serves.

glibc keeps what a process frees for its next allocations, and returns only a free stretch at
the top of a heap by itself: an app reading a build's files at start-up (the finder's index
parses its JSON, 20 MB at 628k triples) frees more than it keeps, and a server rendering
documents frees memory between the pieces it keeps (its response cache); that stays resident
until the process ends. `malloc_trim` returns the free pages wherever they lie; elsewhere than
glibc there is nothing to do.
"""

from __future__ import annotations

import ctypes
import threading
import time

EVERY = 10.0
"""Seconds between two trims of a serving process: after the load test's mix at 628k triples a
uvicorn worker held some 29 MB free in its heap (docs/performance.md); a trim takes some 20 ms
at start-up, with the GIL released; what it returns and is needed again costs a page fault a
page."""


def give_back() -> None:
    """Return the free pages of every malloc arena to the system (some 20 ms)."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


def keep_giving_back(every: float = EVERY) -> None:
    """`give_back` every `every` seconds, from a daemon thread, for the process's life."""

    def run() -> None:
        while True:
            time.sleep(every)
            give_back()

    threading.Thread(target=run, name="give-back", daemon=True).start()
