"""Mutated practice pages give a valid file or a clear error, never an exception.

Pages are the three source copies, mutated the ways real copies go wrong: sections removed or
reordered, odd white space, unknown place names, empty list items, very long text, a cut-off
end (marked or not, said on import or not), stray lines of any text, unknown sections.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from practicegraph.builder.pipeline import validate
from practicegraph.core.settings import BuildSettings
from practicegraph.ingest.importer import Imported, Importer, Options
from practicegraph.ingest.records import Records
from tests.conftest import ROOT, copy_project

PAGES = sorted((ROOT / "data" / "sources").glob("*.txt"))
HEADINGS = re.compile(
    r"^(Categorie|Doelen|Doelgroep|Beschrijving|Succesfactoren|Uitdagingen|Deze praktijk in|"
    r"Beleidsdomeinen)$"
)
ODD_SPACES = [" ", "  ", "\u00a0", "\t", "\u2009", "\u200b", "\u202f", " \u00a0 "]

Mutation = Callable[[list[str]], list[str]]


def sections(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the sections, heading included."""
    starts = [i for i, line in enumerate(lines) if HEADINGS.match(line.strip())]
    return list(zip(starts, [*starts[1:], len(lines)], strict=False))


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    kind = draw(
        st.sampled_from(
            [
                "drop",
                "swap",
                "spaces",
                "place",
                "empty",
                "long",
                "cut",
                "mark",
                "stray",
                "bullets",
                "heading",
            ]
        )
    )
    pick = draw(st.integers(min_value=0, max_value=10_000))
    text = draw(st.text(min_size=0, max_size=60))

    def mutate(lines: list[str]) -> list[str]:
        found = sections(lines)
        at = pick % max(len(lines), 1)
        if kind == "drop" and found:
            start, end = found[pick % len(found)]
            return lines[:start] + lines[end:]
        if kind == "swap" and len(found) > 1:
            a, b = found[pick % len(found)], found[(pick + 1) % len(found)]
            first, second = sorted([a, b])
            return (
                lines[: first[0]]
                + lines[second[0] : second[1]]
                + lines[first[1] : second[0]]
                + lines[first[0] : first[1]]
                + lines[second[1] :]
            )
        if kind == "spaces" and lines:
            space = ODD_SPACES[pick % len(ODD_SPACES)]
            line = lines[at]
            middle = len(line) // 2
            lines[at] = space + line[:middle] + space + line[middle:] + space
            return lines
        if kind == "place":
            return [*lines[:at], "", text or "Nergenshuizen", "", "Iets gebeurt hier.", *lines[at:]]
        if kind == "empty":
            return [*lines[:at], " • ", " •", " • \xa0", *lines[at:]]
        if kind == "long":
            return [*lines[:at], ("Heel lange tekst " + text) * 800, *lines[at:]]
        if kind == "cut":
            return lines[:at]
        if kind == "mark":  # a copy that says where it was cut off
            return [*lines[:at], "[…]"]
        if kind == "heading":  # a section the model does not know
            return [*lines[:at], "", f"{text.strip()[:20] or 'Resultaten'}:", "", text, *lines[at:]]
        if kind == "stray":
            return lines[:at] + text.splitlines() + lines[at:]
        if kind == "bullets":
            return [
                *lines[:at],
                f" • {text}",
                f" • Contact: {text}",
                f" • Partners: {text}",
                *lines[at:],
            ]
        return lines

    return mutate


class Workspace:
    """One project for many examples: read-only parts linked, practices and copies cleared."""

    def __init__(self, full_copy: bool) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="mutants-"))
        project = self.folder / "project"
        if full_copy:
            copy_project(project)
        else:
            (project / "data").mkdir(parents=True)
            for name in ("ontology", "shapes", "data/reference"):
                (project / name).symlink_to(ROOT / name, target_is_directory=True)
        self.settings = BuildSettings(project_dir=project)
        self.importer = Importer(self.settings)

    def run(
        self, page: Path, steps: list[Mutation], title: str | None, truncated: bool = False
    ) -> Imported:
        for old in [
            *(self.settings.data_dir / "practices").glob("*.ttl"),
            *(self.settings.data_dir / "sources").glob("*"),
        ]:
            old.unlink()
        lines = page.read_text(encoding="utf-8").splitlines()
        for step in steps:
            lines = step(lines)
        mutant = self.folder / f"mutant-{page.name}"
        mutant.write_text("\n".join(lines), encoding="utf-8")
        self.importer.records = Records(self.importer.practices_dir, self.importer.minted)
        return self.importer.run(mutant, Options(title=title, truncated=truncated))


@cache
def workspace(full_copy: bool) -> Workspace:
    return Workspace(full_copy)


PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(
    page=st.sampled_from(PAGES),
    steps=st.lists(mutations(), min_size=1, max_size=4),
    title=st.one_of(st.none(), st.just("Gemuteerde praktijk"), st.text(max_size=30)),
    truncated=st.booleans(),
)
def test_a_mutated_page_gives_a_file_or_a_clear_error(
    page: Path, steps: list[Mutation], title: str | None, truncated: bool
) -> None:
    fast = workspace(full_copy=False)
    result = fast.run(page, steps, title, truncated)
    event(result.status)
    assert result.status in ("written", "failed"), result
    if result.status == "failed":
        assert result.errors
        assert all(isinstance(e, str) and e.strip() for e in result.errors)
        assert not list((fast.settings.data_dir / "practices").glob("*.ttl"))
        return
    assert result.target is not None
    text = result.target.read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle", publicID=fast.settings.base)
    assert len(graph) > 0
    again = fast.importer.run(result.page, Options(title=title, truncated=truncated))
    assert again.status == "unchanged", again.errors


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.sampled_from(PAGES),
    steps=st.lists(mutations(), min_size=1, max_size=3),
)
@pytest.mark.slow  # imports and validates many generated pages
def test_a_mutated_page_that_imports_passes_the_shapes(page: Path, steps: list[Mutation]) -> None:
    full = workspace(full_copy=True)
    result = full.run(page, steps, "Gemuteerde praktijk")
    event(result.status)
    if result.status == "written":
        outcome = validate(full.settings)
        assert outcome.load_error is None
        assert [f for f in outcome.findings if f.is_violation] == []
