"""What an import does with the IRIs a page no longer has: an initiative renamed on the page
(same place, new title) gets a redirect (301) to its successor, one that left gets a tombstone
(410 Gone), and an IRI described again loses its tombstone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph

from practicegraph.core.redirects import Redirect
from practicegraph.core.vocab import Minted
from practicegraph.ingest import moves
from practicegraph.ingest.tombstones import Reason, Tombstones, things

NO_LONGER_ON_PAGE = Reason(
    "Niet meer op de bronpagina van de praktijk.", "No longer on the practice's source page."
)


def mark_gone(
    project_dir: Path, minted: Minted, tombstones: Tombstones, before: Graph, after: Graph
) -> list[str]:
    """Redirect, withdraw and lift as the page's new version says; returns the warnings."""
    now = {node for node, _kind in things(after, minted)}
    was = {node for node, _kind in things(before, minted)}
    gone = was - now
    renamed = moves.successors(before, after, gone, now - was, minted.pg.placeNames)
    since = datetime.now(UTC).date().isoformat()
    why = "renamed on the page: the initiative at the same place got a new title"
    rows = [Redirect(str(o), str(n), since, why, 0) for o, n in renamed.items()]
    moves.update(project_dir, minted, rows, {str(n) for n in now})
    warnings = [f"{old} is now {new}: redirected (301)" for old, new in renamed.items()]
    gone -= renamed.keys()
    lifted = tombstones.lift(now)
    buried = tombstones.bury(before, datetime.now(UTC), NO_LONGER_ON_PAGE, gone)
    warnings += [f"{node} is no longer on the page: withdrawn (410 Gone)" for node in buried]
    warnings += [f"{node} was withdrawn and is back" for node in lifted]
    if lifted or buried:
        tombstones.save()
    return warnings
