"""What a process frees after reading its files goes back to the system (`give_back`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="glibc and /proc")

FREED = """
import sys
from pathlib import Path
from practicegraph.core.heap import give_back

def anonymous_mb():
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) / 1024

read = [bytes(2000) + str(n).encode() for n in range(40_000)]  # 80 MB from malloc's heap
kept = bytes(2000) + b"kept"  # above them: the heap's top is not free, so free() cannot trim
del read
before = anonymous_mb()
give_back()
print(before - anonymous_mb())
"""


def test_the_memory_a_process_freed_goes_back_to_the_system() -> None:
    returned = subprocess.run(
        [sys.executable, "-c", FREED], capture_output=True, text=True, check=True
    ).stdout
    assert float(returned) > 50
