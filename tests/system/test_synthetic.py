"""The benchmark generator writes practices that the real build accepts without a finding."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from benchmarks.synthetic import TRIPLES_PER_PRACTICE, generate

from practicegraph.builder.freeze.folder import freeze
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import assemble, validate
from practicegraph.core.settings import BuildSettings
from tests.conftest import beyond_the_repository


def triples(project: Path) -> int:
    outcome = validate(BuildSettings(project_dir=project))
    assert outcome.load_error is None
    assert beyond_the_repository(outcome.findings) == []
    return sum(len(g.graph) for g in outcome.graphs)


@pytest.mark.slow  # generates and validates synthetic data
def test_generated_practices_are_valid_and_sized_as_promised(tmp_path: Path) -> None:
    practices = 12
    generate(tmp_path / "none", 0)
    generate(tmp_path / "some", practices, seed=7)
    added = triples(tmp_path / "some") - triples(tmp_path / "none")
    assert 0.6 * TRIPLES_PER_PRACTICE <= added / practices <= 1.4 * TRIPLES_PER_PRACTICE


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 3, seed=3)
    second = generate(tmp_path / "b", 3, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.mark.slow  # generates and builds synthetic data
def test_a_frozen_store_holds_every_triple_for_readers(tmp_path: Path) -> None:
    """Readers open the store read-only: what the build wrote must be on disk, not in a memtable."""
    generate(tmp_path, 150)
    settings = BuildSettings(project_dir=tmp_path)
    outcome = Outcome(graphs=assemble(settings))
    folder = freeze(outcome, settings)
    # every phase's CPU is kept beside its wall time, the dumps' (from their own process) too
    assert set(outcome.cpu) == set(outcome.timings)
    assert outcome.cpu["freeze: dumps, VoID (beside the stream)"] > 0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    reader = pyoxigraph.Store.read_only(str(folder / "store"))
    about_the_dumps = sum(
        1
        for name in ("void", "catalog/files")
        for _ in reader.quads_for_pattern(
            None, None, None, pyoxigraph.NamedNode(f"{settings.base}graph/{name}")
        )
    )
    assert about_the_dumps > 0
    assert len(reader) - about_the_dumps == manifest["triples"] > 20_000
