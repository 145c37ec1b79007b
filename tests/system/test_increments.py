"""Validation in parts finds exactly what one call over everything finds."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import pytest

from practicegraph.builder.link.reconcile import Reconciler
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.pipeline import assemble
from practicegraph.builder.validate.findings import Finding, Locator, Namer, results, union
from practicegraph.builder.validate.in_parts import validate_in_parts
from practicegraph.builder.validate.shacl_engine import Engine
from practicegraph.core.reference.resolver import Resolver
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted

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


def one_call(sources: list[SourceGraph], minted: Minted, project: Path) -> list[Finding]:
    """Every graph but the shapes validated against the shapes at once: what parts must equal."""
    shapes = union([s for s in sources if s.kind == "shapes"])
    data = [s for s in sources if s.kind not in ("shapes", "external")]
    report = Engine(shapes).report([s.graph for s in data])
    return results(report, Namer(minted, shapes), Locator(data, minted.base, project))


def both_ways(project: Path, workers: int = 2) -> tuple[list[Finding], list[Finding]]:
    settings = BuildSettings(project_dir=project)
    minted = Minted(settings.base)
    graphs = assemble(settings)
    Reconciler(Resolver.from_reference(settings.reference_dir), minted, project).run(graphs)
    whole = one_call(graphs, minted, project)
    parts = validate_in_parts(graphs, minted, project, workers)
    return whole, parts


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_parts_find_what_the_whole_finds(project: Path, tmp_path: Path, case: str) -> None:
    old, new = BREAKS[case]
    path = project / PRACTICE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    whole, parts = both_ways(project)
    assert parts == whole
    assert (case == "whole") == all(not f.is_violation for f in parts)


def test_many_files_are_validated_in_parallel_parts(tmp_path: Path) -> None:
    from benchmarks.synthetic import generate

    generate(tmp_path / "project", 8, seed=11)
    practices = tmp_path / "project" / "data" / "practices"
    for number, (old, new) in {
        3: ("dct:type categorie:", "dct:type doelgroep:kwetsbare-gezinnen , categorie:"),
        6: ("pg:municipality gemeente:", "pg:municipality gemeente:99999 , gemeente:"),
    }.items():
        path = practices / f"synthetisch-{number:06d}.ttl"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    for workers in (1, 3):
        whole, parts = both_ways(tmp_path / "project", workers)
        assert parts == whole
    broken = {f.file for f in whole if f.is_violation}
    assert broken == {f"data/practices/synthetisch-{n:06d}.ttl" for n in (3, 6)}


def test_what_turbo_cannot_report_on_is_judged_by_pyshacl(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """pyshacl-turbo stops on a malformed rdf:List it must print; the build still explains it."""
    path = project / PRACTICE
    text = path.read_text(encoding="utf-8")
    broken = re.sub(
        r"pg:goals \(.*?\) ;",
        'pg:goals [ <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "a"@nl , "b"@nl ;'
        " <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> () ] ;",
        text,
        count=1,
        flags=re.DOTALL,
    )
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="practicegraph.builder.validate.shacl_engine"):
        whole, parts = both_ways(project)
    # pyshacl prints a malformed list's items in the order its graph yields them
    assert [replace(f, details=()) for f in parts] == [replace(f, details=()) for f in whole]
    assert any(f.shape == "pgsh:PracticeGoals" and f.is_violation for f in whole)
    assert "pyshacl judges it" in caplog.text
