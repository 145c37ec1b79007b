"""Wall-clock seconds per phase of a build, shown by `practicegraph build` and the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Clock:
    """Adds the wall-clock seconds of each `with clock(name):` block to a dict."""

    def __init__(self, seconds: dict[str, float] | None = None) -> None:
        self.seconds = seconds if seconds is not None else {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
