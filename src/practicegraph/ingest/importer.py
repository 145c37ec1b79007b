"""`practicegraph import`: practice pages to one Turtle file each under data/practices/.

Everything is checked before anything is written: the title, the concepts, the place names on
the reference date. Then the page copy goes to data/sources/ and the practice file is written,
unless a file is there that somebody edited since it was imported (see `Target`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from rdflib import Graph, URIRef

from practicegraph.core import turtle
from practicegraph.core.reading import SourceError, parse_turtle
from practicegraph.core.reference.resolver import (
    ResolutionError,
    Resolver,
    key,
    split_roles,
)
from practicegraph.core.reference.tables import MERGER_DAY
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted
from practicegraph.core.writing import write_atomically
from practicegraph.ingest import page, proposals, titles
from practicegraph.ingest.concepts import SCHEMES, Concepts, Scheme, slug
from practicegraph.ingest.document import Document, NotAPracticePageError, PageError, read
from practicegraph.ingest.files import remove_leftovers
from practicegraph.ingest.placing import place
from practicegraph.ingest.practice import Builder, Dating, Practice, Source, TitleSource
from practicegraph.ingest.practice import Concepts as PracticeConcepts
from practicegraph.ingest.records import Record, Records, edited, with_digest
from practicegraph.ingest.tombstones import Tombstones
from practicegraph.ingest.withdrawals import mark_gone

Status = Literal["written", "updated", "unchanged", "refused", "failed", "skipped", "withdrawn"]
EXPECTED = {
    "categories": "Categorie",
    "goals": "Doelen",
    "target_groups": "Doelgroep",
    "description": "Beschrijving",
    "success_factors": "Succesfactoren",
    "challenges": "Uitdagingen",
    "blocks": "Deze praktijk in",
    "policy_domains": "Beleidsdomeinen",
}


@dataclass(frozen=True)
class Options:
    title: str | None = None
    reference_date: date | None = None
    new_concepts: bool = False
    force: bool = False
    truncated: bool = False
    url: str | None = None
    """The page's address, where the copy does not say it."""


@dataclass
class Imported:
    """What happened to one page: for the summary table, the report and the exit code."""

    page: Path
    status: Status = "failed"
    target: Path | None = None
    practice: str | None = None
    iri: str | None = None
    initiatives: int = 0
    municipalities: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    """Place names that did not resolve."""
    address: str | None = None
    """The page's address, as far as it is known."""
    diff: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "page": str(self.page),
            "address": self.address,
            "outcome": self.status,
            "practice": self.iri,
            "title": self.practice,
            "file": str(self.target) if self.target else None,
            "initiatives": self.initiatives,
            "municipalities": self.municipalities,
            "warnings": self.warnings,
            "errors": self.errors,
            "unresolved": self.unresolved,
        }


def last_segment(address: str) -> str:
    """The page's own name in its address: ".../taalcafés.html" → "taalcafés"."""
    last = unquote(urlsplit(address).path.rstrip("/").rsplit("/", 1)[-1])
    stem, dot, suffix = last.rpartition(".")
    return stem if dot and suffix.casefold() in ("html", "htm", "php", "aspx") else last


def title_of(
    read_page: page.Page,
    given: str | None,
    head: str | None,
    address: str | None,
    kept: str | None = None,
    settled: str | None = None,
) -> tuple[str, TitleSource]:
    """--title, the page's heading, the HTML title, the title a person settled for the address
    (data/titles.csv), the address; for a page that has none of these, the title an earlier
    import of it was given."""
    if given is not None and given.strip():
        if not slug(given):
            raise PageError([f"the title {given!r} has no letter or digit to name the practice by"])
        return " ".join(given.split()), "option"
    if read_page.title:
        return read_page.title, "heading"
    if head:
        return head, "html-title"
    if settled:
        return settled, "reviewed"
    if address:
        words = " ".join(re.split(r"[-_]+", last_segment(address))).strip()
        if slug(words):
            return words[0].upper() + words[1:], "address"
    if kept:
        return kept, "option"
    raise PageError(["the page has no title line and no address: give one with --title"])


def dating_of(read_page: page.Page, resolver: Resolver, given: date | None) -> Dating:
    """The reference date: given, or what the page's municipality names say (Dating)."""
    if given is not None:
        return Dating(given, "option")
    names = []
    for block in read_page.blocks:
        try:
            outside, inside = split_roles(block.places)
        except ResolutionError:
            continue  # reported when the block is resolved
        names += outside + inside
    day = date.fromisoformat(MERGER_DAY)
    if not names:
        return Dating(day, "unnamed")
    before, after = resolver.merger_evidence(names)
    if before and after:
        raise PageError(
            [
                f"the page names municipalities from before the 2025 mergers ({', '.join(before)})"
                f" and from after them ({', '.join(after)}): give --reference-date"
            ]
        )
    if before:
        eve = date.fromordinal(day.toordinal() - 1)
        return Dating(eve, "before-mergers", tuple(sorted(before, key=key)))
    if after:
        return Dating(day, "after-mergers", tuple(sorted(after, key=key)))
    return Dating(day, "stable")


def concepts_of(
    read_page: page.Page, concepts: Concepts, options: Options
) -> tuple[PracticeConcepts, list[tuple[Scheme, str]]]:
    """The concepts the page's labels name, and the new ones to add (with --new-concepts)."""
    labels = {
        "categorie": read_page.categories,
        "doelgroep": read_page.target_groups,
        "beleidsdomein": read_page.policy_domains,
    }
    unknown = [
        (scheme, label)
        for scheme in SCHEMES
        for label in dict.fromkeys(labels[scheme.name])
        if concepts.match(scheme.name, label) is None
    ]
    nameless = [label for _scheme, label in unknown if not slug(label)]
    if nameless:
        raise PageError(
            [f"{label!r} is no concept label: no letter or digit" for label in nameless]
        )
    if unknown and not options.new_concepts:
        raise PageError(
            [
                f"'{label}' ({scheme.section}) is not in the {scheme.name} scheme"
                f" (ontology/{scheme.file}); add it there, or import with --new-concepts"
                for scheme, label in unknown
            ]
        )
    found: dict[str, tuple[URIRef, ...]] = {}
    for scheme in SCHEMES:
        matched = [
            concepts.match(scheme.name, label) or concepts.iri(scheme, label)
            for label in labels[scheme.name]
        ]
        found[scheme.name] = tuple(dict.fromkeys(matched))
    chosen = PracticeConcepts(found["categorie"], found["doelgroep"], found["beleidsdomein"])
    return chosen, unknown


def missing(read_page: page.Page) -> list[str]:
    gone = [name for key, name in EXPECTED.items() if key not in read_page.seen]
    found = [f"no '{name}' section" for name in gone]
    if read_page.image is None:
        found.append("no image")
    if not read_page.intro:
        found.append("no introduction")
    return found


def practice_page(document: Document, truncated: bool) -> page.Page:
    """The page's sections; a page with none of them is no practice page, and nothing of it is
    written."""
    read_page = page.parse(document.lines, truncated)
    if not read_page.seen:
        raise NotAPracticePageError(
            [
                "not a practice page: none of its sections was found (expected"
                f" {', '.join(EXPECTED.values())})"
            ]
        )
    return read_page


class Importer:
    def __init__(self, settings: BuildSettings) -> None:
        self.settings = settings
        self.minted = Minted(settings.base)
        self.resolver = Resolver.from_reference(settings.reference_dir)
        self.concepts = Concepts(settings.ontology_dir, self.minted)
        self.records = Records(self.practices_dir, self.minted)
        self.tombstones = Tombstones(settings.data_dir, self.minted)
        for folder in (self.practices_dir, self.sources_dir, settings.ontology_dir):
            if folder.is_dir():
                remove_leftovers(folder)

    @property
    def sources_dir(self) -> Path:
        return self.settings.data_dir / "sources"

    @property
    def practices_dir(self) -> Path:
        return self.settings.data_dir / "practices"

    def run(
        self,
        path: Path,
        options: Options,
        address: str | None = None,
        in_folder: bool = False,
        formerly: tuple[str, ...] = (),
    ) -> Imported:
        """Import one page; a problem with it is reported on the result, never raised. In a
        folder, a page that is no practice is skipped; named alone, it fails. `formerly`: the
        addresses that moved to this one (a harvest saw them answer 301), whose practice it
        stays."""
        result = Imported(path, address=address)
        try:
            self._run(path, options, address, result, formerly)
        except NotAPracticePageError as error:
            result.status = "skipped" if in_folder else "failed"
            result.errors = error.problems
        except PageError as error:
            result.status = "failed"
            result.errors = error.problems
        except OSError as error:
            result.status = "failed"
            result.errors = [f"cannot write: {error}"]
        return result

    def _run(
        self,
        path: Path,
        options: Options,
        guess: str | None,
        result: Imported,
        formerly: tuple[str, ...],
    ) -> None:
        document = read(path)
        read_page = practice_page(document, options.truncated)
        result.warnings = read_page.warnings + missing(read_page)
        address = options.url or read_page.address or document.head.address or guess
        result.address = address
        known = self._known(path, address, formerly)
        kept = known.title if known is not None else None
        settled = titles.reviewed(self.settings.project_dir, address)
        title, title_source = title_of(
            read_page, options.title, document.head.title, address, kept, settled
        )
        if title_source == "address":
            result.warnings.append(
                f"the title {title!r} is made from the page's address, which may lack its"
                f" accents: check it in {titles.FILE.as_posix()} (practicegraph review)"
            )
        dating = dating_of(read_page, self.resolver, options.reference_date)
        placed = place(self.resolver, read_page, dating.day)
        result.unresolved += placed.unresolved
        result.warnings += placed.warnings
        if placed.problems:
            raise PageError(placed.problems)
        codes = placed.codes
        source, known = self._source(path, document.media_type, title, title_source, address, known)
        if known is not None and known.address and address and known.address != address:
            result.warnings.append(
                f"the page's address changed from {known.address} to {address}; the practice"
                f" keeps its key {known.key!r} and IRIs"
            )
        concepts, new_concepts = concepts_of(read_page, self.concepts, options)
        practice = Builder(self.minted).practice(read_page, title, dating, source, concepts)
        header = [
            f'Practice "{title}", imported by `practicegraph import` from {source.path}.',
            "Re-importing replaces this file while it is as imported; once edited, only with",
            "--force. The build resolves pg:placeNames on pg:referenceDate.",
        ]
        body = turtle.serialize(practice.graph, self.minted, practice.order, [])
        target = self.practices_dir / f"{source.key}.ttl"
        result.practice, result.target, result.iri = title, target, str(practice.node)
        result.initiatives, result.municipalities = practice.initiatives, len(codes)
        copy = self.settings.project_dir / source.path
        text = with_digest(header, body)
        before = self._described(target)
        result.status = self._write(path, copy, target, text, options, result, known)
        if title_source == "address" and address and result.status != "refused":
            titles.propose(self.settings.project_dir, address, title)
        if result.status in ("written", "updated"):
            self._record(
                source, target, title, address, before, read_page, practice, new_concepts, result
            )

    def _record(
        self,
        source: Source,
        target: Path,
        title: str,
        address: str | None,
        before: Graph,
        read_page: page.Page,
        practice: Practice,
        new_concepts: list[tuple[Scheme, str]],
        result: Imported,
    ) -> None:
        """Once a practice file is written, what follows from it: its record, tombstones for
        what it no longer describes, proposals, and the new concepts it named."""
        self.records.replace(
            Record(source.key, target, title, source.iri, address, source.path, True, False)
        )
        result.warnings += mark_gone(
            self.settings.project_dir, self.minted, self.tombstones, before, practice.graph
        )
        file = target.relative_to(self.settings.project_dir).as_posix()
        result.warnings += proposals.for_page(
            self.settings.project_dir, read_page, practice.graph, file
        )

        for scheme, label in new_concepts:
            self.concepts.add(scheme, label, source.path)
            result.warnings.append(
                f"new concept '{label}' added to ontology/{scheme.file}: translate it"
                " (English label, definitions)"
            )

    def _described(self, target: Path) -> Graph:
        """What a practice file described before it is replaced; empty if it cannot be read."""
        try:
            return parse_turtle(target, self.minted.base) if target.is_file() else Graph()
        except SourceError:
            return Graph()

    def _source(
        self,
        path: Path,
        media_type: str,
        title: str,
        title_source: TitleSource,
        address: str | None,
        known: Record | None,
    ) -> tuple[Source, Record | None]:
        """Where the page's copy goes and what names the practice: an existing practice of
        this page keeps its key, copy and source IRI; a new one is named by its address."""
        inside = self._inside_sources(path)
        named = slug(last_segment(address)) if address else ""
        key = known.key if known is not None else named or slug(title)
        folder = self.sources_dir.relative_to(self.settings.project_dir).as_posix()
        copy = inside or (known and known.copy) or f"{folder}/{key}{path.suffix.casefold()}"
        known = known or self.records.find(None, copy)
        if known is not None:
            key, iri = known.key, known.source or self.minted.id("bron", known.key)
        else:
            taken = self.records.by_key(key)
            if taken is not None:
                raise PageError(
                    [
                        f"the key {key!r} is the practice of another page"
                        f" ({taken.address or taken.copy or taken.file}): this page is not it"
                    ]
                )
            iri = self.minted.id("bron", named or copy.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        return Source(key, iri, copy, media_type, title_source, address), known

    def _known(self, path: Path, address: str | None, formerly: tuple[str, ...]) -> Record | None:
        """The practice an earlier import made of this page: by its address (or one that moved
        to it), by its copy in data/sources/, or by a copy there with the same bytes under
        another name."""
        known = self.records.find(address, self._inside_sources(path))
        for old in formerly if known is None else ():
            known = known or self.records.find(old, None)
        if known is None:
            data = path.read_bytes()
            root = self.settings.project_dir
            for record in self.records.records:
                copy = root / record.copy if record.copy else None
                if copy is not None and copy.is_file() and copy.read_bytes() == data:
                    return record
        return known

    def _inside_sources(self, path: Path) -> str | None:
        """The page's path in the project, when it already is a copy in data/sources/."""
        resolved = path.resolve()
        if self.sources_dir.resolve() not in resolved.parents:
            return None
        return resolved.relative_to(self.settings.project_dir.resolve()).as_posix()

    def _write(
        self,
        path: Path,
        copy: Path,
        target: Path,
        text: str,
        options: Options,
        result: Imported,
        known: Record | None,
    ) -> Status:
        status: Status = "written"
        if target.exists():
            old = target.read_text(encoding="utf-8")
            if old == text:
                status = "unchanged"
            else:
                result.diff = "".join(
                    difflib.unified_diff(
                        old.splitlines(keepends=True),
                        text.splitlines(keepends=True),
                        str(target),
                        f"{target} (imported)",
                    )
                )
                if edited(old) and not options.force:
                    result.errors = [f"{target} was edited since it was imported: --force"]
                    return "refused"
                status = "updated"
        if copy.resolve() != path.resolve():
            data = path.read_bytes()
            ours = known is not None and known.copy is not None and not known.edited
            differs = not copy.exists() or copy.read_bytes() != data
            if differs and copy.exists() and not (ours or options.force):
                result.errors = [f"{copy} exists with other content: --force replaces it"]
                return "refused"
            if differs:
                write_atomically(copy, data)
        if status != "unchanged":
            write_atomically(target, text.encode("utf-8"))
        return status
