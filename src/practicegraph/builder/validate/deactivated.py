"""Shapes switched off with `sh:deactivated true`: one appended line turns a check off, and
SHACL engines then say nothing. Each is named as a warning, with its file and line, in every
build (an incremental build keeps the warnings of the last full one, whose shapes it uses)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import SH

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding, Locator, Namer, union
from practicegraph.core.vocab import Minted

MESSAGE = (
    "This shape is switched off (sh:deactivated true): none of its checks run. Remove that"
    " line to check the data again, or the shape if it is no longer wanted."
)


def line_of_switch(path: Path, start: int | None) -> int | None:
    """The line of `sh:deactivated` at or after the shape's own line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return start
    for number in range((start or 1), len(lines) + 1):
        if "sh:deactivated" in lines[number - 1] or str(SH.deactivated) in lines[number - 1]:
            return number
    return start


def warnings(sources: list[SourceGraph], minted: Minted, project_dir: Path) -> list[Finding]:
    """A warning for every shape of the shapes files that is deactivated."""
    shapes = [s for s in sources if s.kind == "shapes"]
    namer = Namer(minted, union(shapes))
    locator = Locator(shapes, minted.base, project_dir)
    found = []
    for source in shapes:
        for shape, value in source.graph.subject_objects(SH.deactivated):
            if not (isinstance(value, Literal) and value.toPython() is True):
                continue
            anchor = locator.anchor(shape)
            _where, line = locator.locate(anchor)
            found.append(
                Finding(
                    severity="Warning",
                    message=MESSAGE,
                    focus=namer.term(anchor) if anchor == shape else f"{namer.term(anchor)} → []",
                    path=None,
                    value="true",
                    shape=namer.shape(shape),
                    constraint="sh:deactivated",
                    file=source.path.as_posix(),
                    line=line_of_switch(project_dir / source.path, line),
                )
            )
    return found
