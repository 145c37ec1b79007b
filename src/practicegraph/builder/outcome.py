"""What validating the sources found: the graphs, the findings, the phases' times, the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from practicegraph.builder.parse.previous import Plan
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding
from practicegraph.core.personal_data import PersonalData
from practicegraph.core.reading import SourceError


@dataclass
class Outcome:
    """What a validation found; `graphs` is empty when loading failed."""

    graphs: list[SourceGraph] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    load_error: SourceError | None = None
    built_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    """The build's time: its id, and the catalog's modification dates."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per phase (parse, check shapes, link, validate, freeze)."""
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds per phase, of the build's process (the dumps' own process apart)."""
    plan: Plan | None = None
    """What the build takes from the last good build."""
    personal: PersonalData = field(default_factory=PersonalData)
    """Which contact values are a person's (data/personal-data.csv)."""

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.is_violation]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_violation]

    def ok(self, strict: bool = False) -> bool:
        """Valid: loaded, no violation, and with `strict` no warning either."""
        if self.load_error is not None or self.violations:
            return False
        return not (strict and self.warnings)
