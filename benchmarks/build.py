"""Build benchmark: a cold build, a rebuild with nothing changed, a rebuild after editing one
practice, a full rebuild after editing a shapes file (everything parsed and validated again;
the event stream's digests kept), each with its phases, against the floor of reading the same
files into a store.

    .venv/bin/python -m benchmarks.build --size 1000000 --workdir /tmp/pg-build

The floor is pyoxigraph parsing every Turtle file into a fresh store (Rust, no validation):
the least any build of these files must do. Each build's CPU seconds (its threads and the dumps'
process) are printed beside its wall time, and each phase's as wall/CPU seconds (the dumps' CPU
is their own process's): steadier on a shared machine. Figures are measured in
this process, in this run; each run starts as a new process would: garbage collected, the disk
synced.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

from benchmarks.synthetic import generate, practices_for
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import build
from practicegraph.core.settings import BuildSettings


def floor_seconds(settings: BuildSettings) -> float:
    """Parse every Turtle source with pyoxigraph into a fresh in-memory store."""
    started = time.perf_counter()
    store = pyoxigraph.Store()
    for path in sorted(settings.project_dir.glob("**/*.ttl")):
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE, base_iri=settings.base)
    del store
    return time.perf_counter() - started


def run(settings: BuildSettings, label: str, floor: float) -> Outcome:
    # each build as if in its own process, as `practicegraph build` runs: the last run's garbage
    # collected and its gigabytes written back first (else a collection walking the last build's
    # graphs, or an fsync waiting for its writes, lands in this run's figures)
    gc.collect()
    os.sync()
    started, cpu = time.perf_counter(), cpu_seconds()
    outcome, folder = build(settings)
    took = time.perf_counter() - started
    assert folder is not None, [f.message for f in outcome.violations[:3]] or outcome.load_error
    phases = "  ".join(
        f"{name} {seconds:.1f}/{outcome.cpu.get(name, 0.0):.1f}"
        for name, seconds in outcome.timings.items()
    )
    print(
        f"{label:<40}{took:>8.1f} s {took / floor:>7.1f}× floor  cpu {cpu_seconds() - cpu:.1f} s"
        f"   ({phases})",
        flush=True,
    )
    return outcome


def cpu_seconds() -> float:
    """CPU seconds of this process's threads and its finished children (the dumps' process):
    on a shared machine, steadier than the wall clock from one run to the next."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def edit_one_practice(settings: BuildSettings) -> Path:
    """Change one word of one practice's title, as an editor would."""
    path = sorted((settings.data_dir / "practices").glob("synthetisch-*.ttl"))[0]
    text = path.read_text(encoding="utf-8")
    position = text.index('dct:title "') + len('dct:title "')
    path.write_text(text[:position] + "Herzien: " + text[position:], encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="target triples")
    parser.add_argument("--workdir", type=Path, help="generate here (emptied first)")
    arguments = parser.parse_args()
    folder = arguments.workdir or Path(tempfile.mkdtemp(prefix="pg-build-"))
    shutil.rmtree(folder, ignore_errors=True)
    generate(folder, practices_for(arguments.size))
    settings = BuildSettings(project_dir=folder)
    floor = floor_seconds(settings)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(f"floor: pyoxigraph reads every file into a store in {floor:.1f} s")
    outcome = run(settings, "cold (no caches)", floor)
    triples = sum(len(g.graph) for g in outcome.graphs)
    print(f"({triples} triples in {len(outcome.graphs)} graphs)")
    del outcome  # a build is one process: the next does not hold this one's graphs
    run(settings, "rebuild, nothing changed", floor)
    edited = edit_one_practice(settings)
    run(settings, f"rebuild, {edited.name} edited", floor)
    shapes = settings.shapes_dir / "practices.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    run(settings, "full rebuild, a shapes file edited", floor)


if __name__ == "__main__":
    main()
