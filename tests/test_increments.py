"""Validation in parts finds exactly what one call over everything finds, and caches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicegraph.build.increments import validate_in_parts
from practicegraph.build.pipeline import assemble
from practicegraph.build.reconcile import Reconciler
from practicegraph.build.validate import Finding, validate_data
from practicegraph.ingest.resolver import Resolver
from practicegraph.settings import Settings
from practicegraph.vocab import Minted

PRACTICE = "data/practices/opvoedingsondersteuning.ttl"
BREAKS = {
    "whole": ("", ""),
    "municipality not valid then": (
        'pg:placeNames "Lokeren"',
        "pg:municipality <id/gemeente/46029>",
    ),
    "link to nothing": ('pg:placeNames "Vilvoorde"', "pg:municipality <id/gemeente/99999>"),
    "wrong concept scheme": (
        "dct:type categorie:toegankelijke-dienstverlening",
        "dct:type doelgroep:kwetsbare-gezinnen",
    ),
    "lead not a municipality": (
        'pg:placeNames "Koksijde, (De Panne, Nieuwpoort en Veurne)"',
        "pg:municipality <id/gemeente/38014> ; pg:leadMunicipality <id/gemeente/12025>",
    ),
}


def both_ways(project: Path, cache: Path) -> tuple[list[Finding], list[Finding]]:
    settings = Settings(project_dir=project)
    minted = Minted(settings.base)
    graphs = assemble(settings)
    Reconciler(Resolver.from_reference(settings.reference_dir), minted, project).run(graphs)
    whole = validate_data(graphs, minted, project)
    parts = validate_in_parts(graphs, minted, project, cache, workers=2, one_call_below=0)
    return whole, parts


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_parts_find_what_the_whole_finds(project: Path, tmp_path: Path, case: str) -> None:
    old, new = BREAKS[case]
    path = project / PRACTICE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    whole, parts = both_ways(project, tmp_path / "cache")
    assert parts == whole
    assert (case == "whole") == all(not f.is_violation for f in parts)


def test_a_small_dataset_is_validated_in_one_call(project: Path, tmp_path: Path) -> None:
    settings = Settings(project_dir=project)
    minted = Minted(settings.base)
    graphs = assemble(settings)
    Reconciler(Resolver.from_reference(settings.reference_dir), minted, project).run(graphs)
    found = validate_in_parts(graphs, minted, project, tmp_path / "cache", workers=2)
    assert found == validate_data(graphs, minted, project)
    assert not (tmp_path / "cache").exists()


def test_an_unchanged_file_is_not_validated_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _whole, first = both_ways(project, cache)
    entries = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(entries) == 3  # one per practice file
    _whole, again = both_ways(project, cache)
    assert again == first
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == entries
    path = project / "data" / "practices" / "instroommeting.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("Stad Leuven", "De stad Leuven"))
    both_ways(project, cache)
    assert len(list(cache.iterdir())) == 4, "only the edited file was validated again"


def test_many_files_are_validated_in_parallel_processes(tmp_path: Path) -> None:
    from benchmarks.synthetic import generate

    generate(tmp_path / "project", 8, seed=11)
    whole, parts = both_ways(tmp_path / "project", tmp_path / "cache")
    assert parts == whole
    assert len(list((tmp_path / "cache").iterdir())) == 8 + 3  # synthetic and repository files
