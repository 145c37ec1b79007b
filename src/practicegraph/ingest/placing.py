"""The places a page names, resolved on its date: the NIS codes of its municipalities, or the
names that do not resolve; and a note for each one that has merged since (the page keeps its
date, so the practice keeps the municipality it names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from practicegraph.core.reference.resolver import Placement, ResolutionError, Resolver
from practicegraph.ingest.page import Page


@dataclass
class Placed:
    codes: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """What refuses the page: each name that did not resolve, with its line."""
    unresolved: list[str] = field(default_factory=list)


def place(resolver: Resolver, read_page: Page, day: date) -> Placed:
    placed = Placed()
    for block in read_page.blocks:
        try:
            placement = resolver.heading(block.places, day)
        except ResolutionError as error:
            placed.problems += [f"line {block.line}: {p.message}" for p in error.problems]
            placed.unresolved += [p.name for p in error.problems]
            continue
        placed.codes |= {m.code for m in placement.municipalities}
        placed.warnings += [
            f"line {block.line}: {merged}" for merged in mergers(resolver, placement, day)
        ]
    return placed


def mergers(resolver: Resolver, placement: Placement, day: date) -> list[str]:
    """ "Kortessem: merged into Hasselt (71072) on 2025-01-01", for the names the page gives
    that have since merged or been renamed; the page keeps its date."""
    found = []
    for municipality in placement.municipalities:
        if municipality.valid_to is None or municipality.successor is None:
            continue
        after = resolver.by_code.get(municipality.successor)
        since = date.fromordinal(municipality.valid_to.toordinal() + 1).isoformat()
        into = str(after) if after is not None else municipality.successor
        found.append(
            f"{municipality.name}: merged into {into} on {since}; the practice keeps the"
            f" page's date {day.isoformat()}"
        )
    return found
