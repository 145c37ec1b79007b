"""From the place names that practice pages use to NIS codes, on a date, without guessing.

Pages name municipalities the way people do: "Machelen-Diegem", "Deurne", "Koksijde, (De Panne,
Nieuwpoort en Veurne)". The reference lists say which names are official, which are deelgemeenten
of which municipality, and which codes were valid on which day. A name that the lists do not
settle is a problem to report, with the closest candidates, never a guess.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import product
from pathlib import Path
from typing import Literal

from practicegraph.core.reference.tables import (
    DEELGEMEENTE_COLUMNS,
    DEELGEMEENTEN_CSV,
    MERGER_DAY,
    MUNICIPALITIES_CSV,
    MUNICIPALITY_COLUMNS,
    read_rows,
)

Kind = Literal["unknown", "ambiguous", "not-valid", "syntax"]
MAX_COMPOUND_PARTS = 8
"""Compound names are split at hyphens and spaces; more parts than this are not tried."""
LIST_SEPARATORS = re.compile(r"[,;/&+]|(?:(?<=^)|(?<=[\s,]))en(?=[\s,]|$)")
COMPOUND_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2013\u2014]+")


def key(name: str) -> str:
    """The form names are compared in: no case, diacritics, spaces, hyphens or punctuation.

    "Sint-Niklaas", "sint niklaas" and "SINT–NIKLAAS" meet; "St.-Niklaas" too, as "St." is how
    "Sint" is abbreviated on signs and in addresses.
    """
    text = re.sub(r"^st\.?(?=[\s\-.])", "sint", name.strip(), flags=re.IGNORECASE)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.casefold() if c.isalnum())


@dataclass(frozen=True)
class Municipality:
    """One NIS code of the reference list, with its validity."""

    code: str
    name: str
    valid_from: date | None
    valid_to: date | None
    successor: str | None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Deelgemeente:
    """A part of a municipality, and the municipality it belongs to before and from 2025."""

    name: str
    before: str
    since: str

    def code_on(self, day: date) -> str:
        return self.since if day >= date.fromisoformat(MERGER_DAY) else self.before


@dataclass(frozen=True)
class Problem:
    """Why one name does not resolve, with what it might have meant."""

    name: str
    kind: Kind
    message: str
    candidates: tuple[str, ...] = ()


class ResolutionError(ValueError):
    """One or more names that do not resolve; nothing of the text is used."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))


@dataclass(frozen=True)
class Placement:
    """Where a local initiative runs: its municipalities in the page's order, and its lead."""

    municipalities: tuple[Municipality, ...]
    lead: Municipality | None


class Resolver:
    """Resolves names against the municipality list and the deelgemeente table."""

    def __init__(
        self, municipalities: Iterable[Municipality], deelgemeenten: Iterable[Deelgemeente]
    ) -> None:
        self.by_code: dict[str, Municipality] = {}
        self.names: dict[str, list[Municipality]] = defaultdict(list)
        for municipality in municipalities:
            self.by_code[municipality.code] = municipality
            self.names[key(municipality.name)].append(municipality)
        self.parts: dict[str, list[Deelgemeente]] = defaultdict(list)
        for part in deelgemeenten:
            self.parts[key(part.name)].append(part)
        self.spelling = {key(p.name): p.name for parts in self.parts.values() for p in parts}
        self.spelling.update({k: ms[0].name for k, ms in self.names.items()})

    @classmethod
    def from_reference(cls, folder: Path) -> Resolver:
        """The resolver over the reference CSV files in this folder."""
        municipalities = [
            Municipality(
                code=row.values["nis_code"],
                name=row.values["name_nl"],
                valid_from=_day(row.values["valid_from"]),
                valid_to=_day(row.values["valid_to"]),
                successor=row.values["successor_nis_code"] or None,
            )
            for row in read_rows(folder / MUNICIPALITIES_CSV, MUNICIPALITY_COLUMNS)
        ]
        deelgemeenten = [
            Deelgemeente(
                row.values["deelgemeente"], row.values["nis_code"], row.values["nis_code_2025"]
            )
            for row in read_rows(folder / DEELGEMEENTEN_CSV, DEELGEMEENTE_COLUMNS)
        ]
        return cls(municipalities, deelgemeenten)

    def municipality(self, name: str, on: date) -> Municipality:
        """The municipality a name means on a day: an official name, else a deelgemeente's
        municipality, else a compound ("Machelen-Diegem") whose parts agree on one."""
        wanted = key(name)
        if not wanted:
            raise ResolutionError([Problem(name, "syntax", "an empty place name")])
        official = [m for m in self.names.get(wanted, []) if m.valid_on(on)]
        if official:
            return official[0]
        for codes in (self._parts_on(wanted, on), self._compound(name, on)):
            if len(codes) == 1:
                return self.by_code[codes.pop()]
            if codes:
                raise ResolutionError([self._ambiguous(name, wanted, codes, on)])
        raise ResolutionError([self._unresolved(name, wanted, on)])

    def heading(self, text: str, on: date) -> Placement:
        """The municipalities of a list such as "Balen, Dessel, Mol en Retie"; names outside
        parentheses before a parenthesised list are the lead: "Koksijde, (De Panne, Veurne)"."""
        outside, inside = split_roles(text)
        problems: list[Problem] = []
        if not outside and not inside:
            problems.append(Problem(text, "syntax", f"no place names in {text!r}"))
        if inside and len(outside) != 1:
            problems.append(
                Problem(
                    text,
                    "syntax",
                    f"{text!r}: partners in parentheses need exactly one lead before them,"
                    f" found {len(outside)}",
                )
            )
        resolved: list[Municipality] = []
        for name in [*outside, *inside]:
            try:
                resolved.append(self.municipality(name, on))
            except ResolutionError as error:
                problems.extend(error.problems)
        if problems:
            raise ResolutionError(problems)
        lead = resolved[0] if inside else None
        return Placement(tuple(dict.fromkeys(resolved)), lead)

    def merger_evidence(self, names: Iterable[str]) -> tuple[list[str], list[str]]:
        """Official names that only fit before the 2025 mergers, and names that only fit after.

        A name whose code ended on the eve of the mergers (Bilzen, Hasselt 71022) dates a page
        to before them; a name that only exists since (Pajottegem) dates it after.
        """
        eve = date.fromisoformat(MERGER_DAY) - timedelta(days=1)
        day = date.fromisoformat(MERGER_DAY)
        before, after = [], []
        for name in dict.fromkeys(names):
            known = self.names.get(key(name), [])
            then = {m.code for m in known if m.valid_on(eve)}
            now = {m.code for m in known if m.valid_on(day)}
            if then and then != now:
                before.append(name)
            elif now and not then:
                after.append(name)
        return before, after

    def _codes(self, wanted: str, on: date) -> set[str]:
        """Every code a name can mean on a day: as a municipality or as a deelgemeente."""
        codes = {m.code for m in self.names.get(wanted, []) if m.valid_on(on)}
        return codes | self._parts_on(wanted, on)

    def _parts_on(self, wanted: str, on: date) -> set[str]:
        codes = {part.code_on(on) for part in self.parts.get(wanted, [])}
        return {code for code in codes if code in self.by_code and self.by_code[code].valid_on(on)}

    def _compound(self, name: str, on: date) -> set[str]:
        """Codes that every part of some split of the name agrees on."""
        tokens = [t for t in COMPOUND_SEPARATORS.split(name.strip()) if t]
        if not 2 <= len(tokens) <= MAX_COMPOUND_PARTS:
            return set()
        agreed: set[str] = set()
        for groups in _splits(tokens):
            meanings = [self._codes(key(group), on) for group in groups]
            if all(meanings):
                agreed |= set.intersection(*meanings)
        return agreed

    def _ambiguous(self, name: str, wanted: str, codes: set[str], on: date) -> Problem:
        options = [self.by_code[code] for code in sorted(codes)]
        spelled = self.spelling.get(wanted, name)
        return Problem(
            name,
            "ambiguous",
            f"{name!r} is a place in {len(options)} municipalities on {on.isoformat()}: "
            + ", ".join(map(str, options))
            + f"; write it as a compound such as '{options[0].name}-{spelled}'",
            tuple(map(str, options)),
        )

    def _unresolved(self, name: str, wanted: str, on: date) -> Problem:
        existing = self.names.get(wanted)
        if existing:
            valid = "; ".join(_validity(m) for m in existing)
            related = {
                self.by_code[code]
                for m in existing
                for code in [m.successor]
                + [p.code for p in self.by_code.values() if p.successor == m.code]
                if code is not None and self.by_code[code].valid_on(on)
            }
            return Problem(
                name,
                "not-valid",
                f"{name!r} was no municipality on {on.isoformat()} ({valid})",
                tuple(sorted(map(str, related))),
            )
        close = difflib.get_close_matches(wanted, self.spelling, n=3, cutoff=0.7)
        candidates = tuple(self._describe(match, on) for match in close)
        hint = f"; closest: {', '.join(candidates)}" if candidates else ""
        tokens = [t for t in COMPOUND_SEPARATORS.split(name.strip()) if t]
        if len(tokens) > 1 and all(self._codes(key(token), on) for token in tokens):
            hint += "; its parts lie in different municipalities (separate a list with commas)"
        return Problem(
            name,
            "unknown",
            f"{name!r} is no Flemish municipality or deelgemeente on {on.isoformat()}{hint}",
            candidates,
        )

    def _describe(self, wanted: str, on: date) -> str:
        """A candidate as a person would check it: official name and code, or where it lies."""
        official = [m for m in self.names.get(wanted, []) if m.valid_on(on)]
        if official:
            return str(official[0])
        where = ", ".join(str(self.by_code[code]) for code in sorted(self._parts_on(wanted, on)))
        return f"{self.spelling[wanted]} (in {where})"


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _validity(municipality: Municipality) -> str:
    start = municipality.valid_from.isoformat() if municipality.valid_from else "…"
    end = municipality.valid_to.isoformat() if municipality.valid_to else "…"
    return f"{municipality.code} valid {start} to {end}"


def _splits(tokens: list[str]) -> Iterator[list[str]]:
    """Every way to cut the tokens into two or more consecutive groups."""
    for cuts in product((False, True), repeat=len(tokens) - 1):
        if not any(cuts):
            continue
        groups, current = [], [tokens[0]]
        for token, cut in zip(tokens[1:], cuts, strict=True):
            if cut:
                groups.append("-".join(current))
                current = []
            current.append(token)
        groups.append("-".join(current))
        yield groups


def split_roles(text: str) -> tuple[list[str], list[str]]:
    """Names outside and inside parentheses; unbalanced or nested parentheses are a problem."""
    outside, inside, depth = [""], [""], 0
    for char in text:
        if char == "(":
            depth += 1
            if depth > 1:
                raise ResolutionError([Problem(text, "syntax", f"nested parentheses in {text!r}")])
            inside.append("")
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise ResolutionError([Problem(text, "syntax", f"unbalanced ')' in {text!r}")])
            outside.append("")
        elif depth:
            inside[-1] += char
        else:
            outside[-1] += char
    if depth:
        raise ResolutionError([Problem(text, "syntax", f"unclosed '(' in {text!r}")])
    return _names(outside), _names(inside)


def _names(segments: list[str]) -> list[str]:
    """The names of a list: separated by commas, semicolons, slashes, '&', '+' or 'en'."""
    names: list[str] = []
    for segment in segments:
        names.extend(n.strip() for n in LIST_SEPARATORS.split(segment) if n.strip())
    return names
