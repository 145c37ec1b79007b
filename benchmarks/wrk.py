"""Load from wrk (C, epoll: a light load generator beside the servers on a small machine): a
list of requests cycled by N connections for some seconds, read back as requests/s, p50, p99
and errors. Shared by `benchmarks.load` and the throughput rows of `benchmarks.run`.

    apt-get install wrk
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("mix.lua")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    accept: str
    header: str = ""
    """One more header line, `Name: value`."""


@dataclass
class Outcome:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    kinds: str = ""
    """The errors by wrk's kind (connect, read, write, status: not 2xx or 3xx, timeout)."""

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        return (
            f"{self.name:<38}{self.throughput:>10.1f}{self.p50_ms:>10.1f}{self.p99_ms:>10.1f}"
            f"{self.requests:>10}{self.errors:>8}{'  ' + self.kinds if self.kinds else ''}"
        )


HEADING = f"{'target':<38}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'requests':>10}{'errors':>8}"


def run_wrk(name: str, url: str, requests: list[Request], clients: int, seconds: int) -> Outcome:
    """`clients` connections (two wrk threads) cycling through `requests` against `url`."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as listing:
        listing.writelines(f"{r.method}\t{r.path}\t{r.accept}\t{r.header}\n" for r in requests)
    try:
        result = subprocess.run(
            [
                "wrk",
                "--threads",
                str(min(2, clients)),
                "--connections",
                str(clients),
                "--duration",
                f"{seconds}s",
                "--timeout",
                "60s",
                "--script",
                str(LUA),
                url,
                "--",
                listing.name,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(listing.name).unlink()
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    errors = sum(summary[k] for k in summary if k.startswith("errors_"))
    kinds = ", ".join(
        f"{k.removeprefix('errors_')} {v}"
        for k, v in summary.items()
        if k.startswith("errors_") and v
    )
    return Outcome(
        name,
        summary["requests"],
        summary["duration_us"] / 1e6,
        summary["p50_us"] / 1000,
        summary["p99_us"] / 1000,
        errors,
        kinds,
    )
