"""What a tree of serving processes costs in memory, read from /proc (Linux).

Summing each process's resident set counts a page once per process that maps it: the shared
libraries every spawned worker loads, the store's files that every process maps. The
proportional set size (PSS, /proc/PID/smaps_rollup) shares each such page out among the
processes that map it, so the PSS of a tree adds up to what the tree really holds; the RSS sum
is printed beside it, for comparison with earlier figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIELDS = {"Rss": "rss", "Pss": "pss", "Anonymous": "anon"}
"""smaps_rollup lines read, in kB; RssFile is what is resident but not anonymous."""


@dataclass(frozen=True)
class ProcessMemory:
    pid: int
    name: str
    rss: float
    pss: float
    anon: float
    """MB each: resident, proportional, and anonymous (the heap: not backed by a file)."""

    @property
    def file(self) -> float:
        return self.rss - self.anon

    def line(self) -> str:
        return (
            f"{self.pid:>8} {self.name:<28}{self.rss:>8.0f}{self.anon:>8.0f}{self.file:>8.0f}"
            f"{self.pss:>8.0f}"
        )


def descendants(pid: int) -> list[int]:
    """The process and every process below it, parents first."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop(0)
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def process_memory(pid: int) -> ProcessMemory | None:
    """None for a process that ended meanwhile."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError):
        return None
    values = dict.fromkeys(FIELDS.values(), 0.0)
    for line in rollup.splitlines()[1:]:
        key, _, rest = line.partition(":")
        if key in FIELDS:
            values[FIELDS[key]] = int(rest.split()[0]) / 1024
    name = " ".join(part.decode(errors="replace") for part in command[1:4])[:27]
    return ProcessMemory(pid, name, **values)


def tree_memory(pid: int) -> list[ProcessMemory]:
    return [m for p in descendants(pid) if (m := process_memory(p)) is not None]


def summary(label: str, processes: list[ProcessMemory]) -> str:
    """A table of the processes and their sums: RSS (shared pages counted in each process that
    maps them) and PSS (shared out: what the tree holds), in MB."""
    rows = [f"{label}:", f"{'pid':>8} {'process':<28}{'RSS':>8}{'anon':>8}{'file':>8}{'PSS':>8}"]
    rows += [p.line() for p in processes]
    totals = [sum(getattr(p, f) for p in processes) for f in ("rss", "anon", "file", "pss")]
    rows.append(f"{'':>8} {'sum':<28}" + "".join(f"{t:>8.0f}" for t in totals))
    return "\n".join(rows)
