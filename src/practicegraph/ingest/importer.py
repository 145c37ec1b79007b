"""`practicegraph import`: practice pages to one Turtle file each under data/practices/.

Everything is checked before anything is written: the title, the concepts, the place names on
the reference date. Then the page copy goes to data/sources/ and the practice file is written,
unless a file is there that somebody edited since it was imported (see `Target`).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from rdflib import URIRef

from practicegraph.ingest import lines, page, turtle
from practicegraph.ingest.concepts import SCHEMES, Concepts, Scheme, slug
from practicegraph.ingest.practice import Builder, Dating, Source, TitleSource
from practicegraph.ingest.practice import Concepts as PracticeConcepts
from practicegraph.reference.resolver import ResolutionError, Resolver, key, split_roles
from practicegraph.reference.tables import MERGER_DAY
from practicegraph.settings import BuildSettings
from practicegraph.vocab import Minted

Status = Literal["written", "updated", "unchanged", "refused", "failed"]
DIGEST = re.compile(r"^# import digest: sha256:([0-9a-f]{64})\n", re.MULTILINE)
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


class PageError(Exception):
    """A page that cannot be imported; every reason is listed."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Options:
    title: str | None = None
    reference_date: date | None = None
    new_concepts: bool = False
    force: bool = False


@dataclass
class Imported:
    """What happened to one page: for the summary table and the exit code."""

    page: Path
    status: Status = "failed"
    target: Path | None = None
    practice: str | None = None
    initiatives: int = 0
    municipalities: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    diff: str = ""


def read(path: Path) -> tuple[list[lines.Line], str]:
    """The page's lines, and its media type (HTML by suffix or by its first tag)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PageError([f"cannot read {path}: {error}"]) from error
    start = text.lstrip()[:200].casefold()
    if path.suffix.casefold() in (".html", ".htm") or start.startswith(("<!doctype", "<html")):
        return lines.from_html(text), "text/html"
    return lines.from_text(text), "text/plain"


def title_of(read_page: page.Page, given: str | None) -> tuple[str, TitleSource]:
    if given is not None and given.strip():
        if not slug(given):
            raise PageError([f"the title {given!r} has no letter or digit to name the practice by"])
        return " ".join(given.split()), "option"
    if read_page.title:
        return read_page.title, "heading"
    if read_page.address:
        last = unquote(urlsplit(read_page.address).path.rstrip("/").rsplit("/", 1)[-1])
        words = " ".join(re.split(r"[-_]+", last)).strip()
        if words:
            return words[0].upper() + words[1:], "address"
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
    before, after = resolver.merger_evidence(names)
    day = date.fromisoformat(MERGER_DAY)
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


def with_digest(header: list[str], body: str) -> str:
    """The file: header lines, the digest of the rest, the rest."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return "".join(f"# {line}\n" for line in header) + f"# import digest: sha256:{digest}\n" + body


def edited(text: str) -> bool:
    """Changed since it was imported: its digest is missing or no longer matches."""
    match = DIGEST.search(text)
    if match is None:
        return True
    body = text[match.end() :]
    return hashlib.sha256(body.encode("utf-8")).hexdigest() != match.group(1)


class Importer:
    def __init__(self, settings: BuildSettings) -> None:
        self.settings = settings
        self.minted = Minted(settings.base)
        self.resolver = Resolver.from_reference(settings.reference_dir)
        self.concepts = Concepts(settings.ontology_dir, self.minted)

    @property
    def sources_dir(self) -> Path:
        return self.settings.data_dir / "sources"

    def run(self, path: Path, options: Options) -> Imported:
        """Import one page; a problem with it is reported on the result, never raised."""
        result = Imported(path)
        try:
            self._run(path, options, result)
        except PageError as error:
            result.status = "failed"
            result.errors = error.problems
        return result

    def _run(self, path: Path, options: Options, result: Imported) -> None:
        page_lines, media_type = read(path)
        read_page = page.parse(page_lines)
        result.warnings = read_page.warnings + missing(read_page)
        title, title_source = title_of(read_page, options.title)
        dating = dating_of(read_page, self.resolver, options.reference_date)
        codes = self._resolve(read_page, dating.day)
        copy = self._copy_target(path)
        relative = copy.relative_to(self.settings.project_dir).as_posix()
        concepts, new_concepts = concepts_of(read_page, self.concepts, options)
        practice = Builder(self.minted).practice(
            read_page, title, dating, Source(relative, media_type, title_source), concepts
        )
        header = [
            f'Practice "{title}", imported by `practicegraph import` from {relative}.',
            "Re-importing replaces this file while it is as imported; once edited, only with",
            "--force. The build resolves pg:placeNames on pg:referenceDate.",
        ]
        body = turtle.serialize(practice.graph, self.minted, practice.order, [])
        text = with_digest(header, body)
        target = self.settings.data_dir / "practices" / f"{slug(title)}.ttl"
        result.practice, result.target = title, target
        result.initiatives, result.municipalities = practice.initiatives, len(codes)
        result.status = self._write(path, copy, target, text, options, result)
        if result.status in ("written", "updated"):
            for scheme, label in new_concepts:
                self.concepts.add(scheme, label, relative)
                result.warnings.append(
                    f"new concept '{label}' added to ontology/{scheme.file}: review it"
                )

    def _resolve(self, read_page: page.Page, day: date) -> set[str]:
        problems, codes = [], set()
        for block in read_page.blocks:
            try:
                placement = self.resolver.heading(block.places, day)
            except ResolutionError as error:
                problems += [f"line {block.line}: {p.message}" for p in error.problems]
                continue
            codes |= {m.code for m in placement.municipalities}
        if problems:
            raise PageError(problems)
        return codes

    def _copy_target(self, path: Path) -> Path:
        resolved = path.resolve()
        if self.sources_dir.resolve() in resolved.parents:
            return self.settings.project_dir / resolved.relative_to(
                self.settings.project_dir.resolve()
            )
        return self.sources_dir / path.name

    def _write(
        self, path: Path, copy: Path, target: Path, text: str, options: Options, result: Imported
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
            if copy.exists() and copy.read_bytes() != path.read_bytes() and not options.force:
                result.errors = [f"{copy} exists with other content: --force replaces it"]
                return "refused"
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        if status != "unchanged":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return status
