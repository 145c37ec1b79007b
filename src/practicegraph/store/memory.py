"""How much memory a process holds: its resident set (VmRSS), read from /proc.

Resident memory, not address space: a worker maps the store's files and reserves more than it
touches, so a bound on address space (RLIMIT_AS) would refuse to open a large store; what hurts
the machine is the memory a query makes its worker hold.
"""

from __future__ import annotations

from pathlib import Path


def resident_mb(pid: int) -> float | None:
    """Megabytes the process holds in RAM; None where /proc does not say (not Linux, or the
    process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_bytes()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(b"VmRSS:"):
            return int(line.split()[1]) / 1024
    return None
