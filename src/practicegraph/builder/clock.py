"""Seconds per phase of a build, shown by `practicegraph build` and the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Clock:
    """Adds the wall-clock seconds of each `with clock(name):` block to `seconds`, and the CPU
    seconds of this process (every thread) in it to `cpu`: on a shared machine the wall clock
    moves with the neighbours' load, CPU seconds much less, so a phase's cost is compared by
    them."""

    def __init__(
        self, seconds: dict[str, float] | None = None, cpu: dict[str, float] | None = None
    ) -> None:
        self.seconds = seconds if seconds is not None else {}
        self.cpu = cpu if cpu is not None else {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started, used = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - used
