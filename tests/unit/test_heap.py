"""What a process frees goes back to the system: after it has read its files (`give_back`), and
now and again while it serves (`keep_giving_back`, started in each serving process)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="glibc and /proc")

FREED = """
import sys, time
from pathlib import Path
from practicegraph.core.heap import give_back, keep_giving_back

def anonymous_mb():
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) / 1024

read = [bytes(2000) + str(n).encode() for n in range(40_000)]  # 80 MB from malloc's heap
kept = bytes(2000) + b"kept"  # above them: the heap's top is not free, so free() cannot trim
del read
before = anonymous_mb()
{how}
print(before - anonymous_mb())
"""
"""Prints the MB given back after 80 MB were freed below a block still in use."""


def given_back(how: str) -> float:
    script = FREED.format(how=how)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return float(done.stdout)


def test_the_memory_a_process_freed_goes_back_to_the_system() -> None:
    assert given_back("give_back()") > 50


def test_a_serving_process_gives_back_what_it_freed_without_being_asked() -> None:
    assert given_back("keep_giving_back(0.1); time.sleep(1)") > 50
