"""`practicegraph review`: every decision that waits for a person, each with the file edit that
settles it. The decisions live in files under version control (data/personal-data.csv, the
concept schemes in ontology/), so a review is a commit, and the next build or sync applies it.

Open now: values the import proposed as personal (withheld until marked); concepts the import
added with only their Dutch label (published, warned about, until translated); titles the
import made from a page's address (published; data/titles.csv); addresses or
numbers in free text that nobody listed (withheld by the last build, named by file and line);
and the pages the last sync held (their last version stays published).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from practicegraph.core import sync_record
from practicegraph.core.build_folder import CURRENT, MANIFEST
from practicegraph.core.personal_data import ARTICLED, FILE
from practicegraph.core.personal_data import read as read_personal
from practicegraph.core.reading import SourceError, parse_turtle
from practicegraph.core.settings import BuildSettings
from practicegraph.ingest import titles


@dataclass(frozen=True)
class Decision:
    where: str
    """file:line."""
    what: str
    settle: str
    """The edit that settles it."""


def personal(settings: BuildSettings) -> list[Decision]:
    return [
        Decision(
            f"{FILE.as_posix()}:{entry.line}",
            f"{ARTICLED[entry.kind]} proposed as personal ({entry.note}), withheld",
            "set its status to personal (kept out) or functional (published)",
        )
        for entry in read_personal(settings.project_dir).proposed
    ]


def untranslated(settings: BuildSettings) -> list[Decision]:
    """Concepts with a Dutch label and no English one: what the import adds for a new label."""
    found = []
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        try:
            graph = parse_turtle(path, settings.base)
        except SourceError:
            continue
        text = path.read_text(encoding="utf-8").splitlines()
        for concept in sorted(graph.subjects(RDF.type, SKOS.Concept), key=str):
            labels = [v for v in graph.objects(concept, SKOS.prefLabel) if isinstance(v, Literal)]
            dutch = [v for v in labels if v.language == "nl"]
            if dutch and not any(v.language == "en" for v in labels):
                line = next((n for n, row in enumerate(text, 1) if str(dutch[0]) in row), 0)
                found.append(
                    Decision(
                        f"ontology/{path.name}:{line}",
                        f"the concept '{dutch[0]}' has no English label",
                        'add skos:prefLabel "…"@en and its definitions (nl, en)',
                    )
                )
    return found


def titles_made(settings: BuildSettings) -> list[Decision]:
    """Titles made from a page's address: published, but the page's heading may differ."""
    return [
        Decision(
            f"{titles.FILE.as_posix()}:{title.line}",
            f"the title '{title.title}' is made from the address {title.address}",
            "check it against the page's heading, correct it, set its status to reviewed;"
            " the next sync or import applies it",
        )
        for title in titles.proposed(settings.project_dir)
    ]


def withheld(settings: BuildSettings) -> list[Decision]:
    """What the current build withheld from free text because nobody listed it."""
    try:
        manifest = json.loads((settings.dist / CURRENT / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        Decision(
            f"{warning['file']}:{warning['line']}",
            warning["message"].split(" is withheld")[0].lower() + ", withheld",
            f"list it in {FILE.as_posix()}: functional (published) or personal (kept out)",
        )
        for warning in manifest.get("warnings", [])
        if warning.get("constraint") == "free text"
    ]


def held(settings: BuildSettings) -> list[Decision]:
    """The pages the last sync could not import: their last version stays published."""
    return [
        Decision(
            page.split(": ", 1)[0],
            "held by the last sync: " + page.split(": ", 1)[-1],
            "settle what it says (an alias for a place name in data/, --title, or keep or take"
            " the edit with import --force); the next sync imports it",
        )
        for page in sync_record.read(settings.state).held
    ]


def open_decisions(settings: BuildSettings) -> list[Decision]:
    return (
        personal(settings)
        + untranslated(settings)
        + titles_made(settings)
        + withheld(settings)
        + held(settings)
    )


def written(decisions: list[Decision]) -> str:
    """For people: one decision a line, then how it is settled."""
    lines = [f"{d.where}  {d.what}\n    → {d.settle}" for d in decisions]
    return "\n".join(lines) + ("\n" if lines else "")
