"""Run in a process beside the build: what it has imported (this module imports nothing else)."""

from __future__ import annotations

import sys


def imported(name: str) -> bool:
    return name in sys.modules
