"""Place names of local initiatives resolved to municipalities, before SHACL sees the data.

A data file may name the places of an initiative as the source page does (pg:placeNames). The
build turns them into pg:municipality and pg:leadMunicipality on the practice's reference date,
or, where the file states those as well, checks that both say the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding, Locator, Namer
from practicegraph.core.reference.resolver import Placement, ResolutionError, Resolver
from practicegraph.core.vocab import Minted

SHAPE = "name resolver"


def _objects(sources: list[SourceGraph], subject: Node, predicate: URIRef) -> set[Node]:
    return {o for source in sources for o in source.graph.objects(subject, predicate)}


def _reference_date(sources: list[SourceGraph], initiative: Node, minted: Minted) -> date | None:
    for practice in _objects(sources, initiative, DCTERMS.source):
        for value in _objects(sources, practice, minted.pg.referenceDate):
            day = value.toPython() if isinstance(value, Literal) else None
            if isinstance(day, date):
                return day
    return None


class Reconciler:
    """Resolves every pg:placeNames of the data graphs, adding links or reporting findings."""

    def __init__(self, resolver: Resolver, minted: Minted, project_dir: Path) -> None:
        self.resolver = resolver
        self.minted = minted
        self.project_dir = project_dir
        self.namer = Namer(minted, Graph())

    def run(self, graphs: list[SourceGraph]) -> list[Finding]:
        data = [source for source in graphs if source.kind == "data"]
        locator = Locator(data, self.minted.base, self.project_dir)
        findings: list[Finding] = []
        for source in data:
            for initiative, names in sorted(
                source.graph.subject_objects(self.minted.pg.placeNames)
            ):
                report = Report(self, locator, initiative, names)
                day = _reference_date(data, initiative, self.minted)
                if day is None:
                    continue  # the practice's shape reports the missing date; nothing to resolve
                try:
                    placement = self.resolver.heading(str(names), day)
                except ResolutionError as error:
                    findings.extend(
                        report.finding(p.kind, p.message, p.candidates) for p in error.problems
                    )
                    continue
                disagreement = self.apply(source, data, initiative, placement, day)
                if disagreement is not None:
                    candidates = tuple(str(m) for m in placement.municipalities)
                    findings.append(report.finding("disagrees", disagreement, candidates))
        return findings

    def apply(
        self,
        source: SourceGraph,
        data: list[SourceGraph],
        initiative: Node,
        placement: Placement,
        day: date,
    ) -> str | None:
        """Add the links the names resolve to, or say how they differ from the stated links."""
        pg = self.minted.pg
        derived = {self.minted.id("gemeente", m.code) for m in placement.municipalities}
        lead = {self.minted.id("gemeente", placement.lead.code)} if placement.lead else set()
        stated = _objects(data, initiative, pg.municipality)
        stated_lead = _objects(data, initiative, pg.leadMunicipality)
        if not stated and not stated_lead:
            for node in derived:
                source.graph.add((initiative, pg.municipality, node))
            for node in lead:
                source.graph.add((initiative, pg.leadMunicipality, node))
            return None
        if stated == derived and stated_lead == lead:
            return None
        return (
            f"the place names resolve on {day.isoformat()} to {self.terms(derived, lead)},"
            f" but the file states {self.terms(stated, stated_lead)}"
        )

    def terms(self, municipalities: Iterable[Node], lead: Iterable[Node]) -> str:
        text = ", ".join(sorted(self.namer.term(n) for n in municipalities)) or "no municipality"
        leads = sorted(self.namer.term(n) for n in lead)
        if leads:
            text += f" (lead {', '.join(leads)})"
        return text


class Report:
    """Findings about one pg:placeNames value, located at its initiative."""

    def __init__(self, reconciler: Reconciler, locator: Locator, initiative: Node, names: Node):
        self.namer = reconciler.namer
        self.path = self.namer.term(reconciler.minted.pg.placeNames)
        self.locator = locator  # asked only for a finding: an index of every subject costs
        self.initiative = initiative
        self.names = names

    def finding(self, kind: str, message: str, candidates: tuple[str, ...] = ()) -> Finding:
        source, line = self.locator.locate(self.initiative)
        return Finding(
            severity="Violation",
            message=message,
            focus=self.namer.term(self.initiative),
            path=self.path,
            value=self.namer.term(self.names),
            shape=SHAPE,
            constraint=kind,
            file=source.path.as_posix() if source is not None else None,
            line=line,
            candidates=candidates,
        )
