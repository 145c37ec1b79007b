"""Give the heap's free memory back to the system once a process has read what it keeps.

glibc keeps what a process frees for its next allocations: an app reading a build's files at
start-up (the finder's index parses its JSON, 20 MB at 628k triples) frees more than it keeps,
and that stays resident in every worker until the process ends. `malloc_trim` returns the free
pages; elsewhere than glibc there is nothing to do.
"""

from __future__ import annotations

import ctypes


def give_back() -> None:
    """Return the free pages of every malloc arena to the system (some 20 ms)."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)
