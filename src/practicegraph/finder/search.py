"""Full-text search and facets over the build's practice index, in memory.

Matching, decided for Dutch: text is compared without case or diacritics ("creche" finds
"crèche"). A query word matches (1) every word that starts with it: "kinderopvang" finds
"kinderopvangplaatsen", compounds that start with the word; (2) every word with the same
Snowball stem (the Kraaij-Pohlmann Dutch stemmer): "gemeenten" finds "gemeente", "scholen"
"school", "talen" "taal", "gezinnen" "gezin"; (3) where that stem is the start of the word,
every word that starts with the stem: "kinderen" (stem "kinder") finds "kinderopvang". A
compound's later part is not split off: "opvang" does not find "kinderopvang", and "gezinnen"
(stem "zin": the stemmer drops the prefix ge-) does not find "gezinscoach". All query words
must match. Within one facet, values combine with OR; facets combine with AND; each
facet's counts apply every other filter (so a chosen value's neighbours stay choosable).

Sets of practices are Python integers used as bit sets (bit n: the n-th practice), so a facet
count is one AND and a popcount, whatever the number of practices.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

from practicegraph.core.build_folder import PRACTICE_INDEX
from practicegraph.finder.fields import FACETS, TEXT
from practicegraph.finder.folding import fold, words

PAGE_SIZE = 20
WEIGHTS = {"title": 4, "abstract": 2, "body": 1}
"""A query word found in the title counts more than one in the introduction or the rest."""
assert set(WEIGHTS) == set(TEXT)
STEMMER = snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    stemmed: str = STEMMER.stemWord(word)
    return stemmed


def bit_set(numbers: Iterable[int], size: int) -> int:
    flags = bytearray((size + 7) // 8)
    for number in numbers:
        flags[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(flags, "little")


def members(bits: int) -> list[int]:
    """The numbers in a bit set, ascending."""
    return [n for n, flag in enumerate(reversed(bin(bits)[2:])) if flag == "1"]


@dataclass
class Practice:
    iri: str
    title: str
    abstract: str
    added: str
    facets: dict[str, list[str]]


@dataclass
class FacetValue:
    value: str
    """The last segment of the IRI: what the URL carries."""
    label: str
    count: int
    chosen: bool


@dataclass
class Results:
    practices: list[Practice]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def key(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


class PracticeIndex:
    """One per server process, read from the build folder at start-up."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.labels: dict[str, dict[str, str]] = data["facets"]
        self.iris: dict[str, dict[str, str]] = {
            facet: {key(iri): iri for iri in labels} for facet, labels in self.labels.items()
        }
        records = data["practices"]
        self.practices = [
            Practice(
                record["iri"],
                record["title"],
                record["abstract"],
                record["added"],
                {facet: record[facet] for facet in FACETS},
            )
            for record in records
        ]
        size = len(records)
        self.everything = (1 << size) - 1
        found: dict[str, dict[str, list[int]]] = {part: {} for part in WEIGHTS}
        for number, record in enumerate(records):
            for part, postings in found.items():
                for word in record["words"][part].split():
                    postings.setdefault(word, []).append(number)
        self.vocabulary = sorted({word for postings in found.values() for word in postings})
        self.bits = {
            part: [bit_set(postings.get(word, ()), size) for word in self.vocabulary]
            for part, postings in found.items()
        }
        self.stems: dict[str, list[int]] = {}
        for position, word in enumerate(self.vocabulary):
            self.stems.setdefault(stem(word), []).append(position)
        valued: dict[str, dict[str, list[int]]] = {facet: {} for facet in FACETS}
        for number, practice in enumerate(self.practices):
            for facet, values in practice.facets.items():
                for iri in values:
                    valued[facet].setdefault(iri, []).append(number)
        self.facet_bits = {
            facet: {iri: bit_set(numbers, size) for iri, numbers in values.items()}
            for facet, values in valued.items()
        }
        by_title = sorted(range(size), key=lambda n: (fold(self.practices[n].title), n))
        self.title_rank = [0] * size
        for rank, number in enumerate(by_title):
            self.title_rank[number] = rank

    @classmethod
    def open(cls, folder: Path) -> PracticeIndex:
        path = folder / PRACTICE_INDEX
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        return cls(data or {"facets": {facet: {} for facet in FACETS}, "practices": []})

    def starting_with(self, prefix: str) -> range:
        """Positions of the vocabulary's words that start with the prefix (it is sorted)."""
        start = bisect.bisect_left(self.vocabulary, prefix)
        end = bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff", lo=start)
        return range(start, end)

    def matching(self, word: str) -> dict[str, int]:
        """Per part of the text, the practices with a word the query word matches."""
        stemmed = stem(word)
        positions = {*self.starting_with(word), *self.stems.get(stemmed, ())}
        if word.startswith(stemmed):
            positions.update(self.starting_with(stemmed))
        matched = dict.fromkeys(WEIGHTS, 0)
        for part in WEIGHTS:
            for position in positions:
                matched[part] |= self.bits[part][position]
        return matched

    def ranked(self, query: str) -> tuple[int, dict[int, int]]:
        """The practices every query word matches, and each one's score."""
        hits = self.everything
        matches = [self.matching(word) for word in dict.fromkeys(words(query))]
        for matched in matches:
            hits &= matched["title"] | matched["abstract"] | matched["body"]
        scores = dict.fromkeys(members(hits), 0) if matches else {}
        for matched in matches:
            title = set(members(matched["title"] & hits))
            abstract = set(members(matched["abstract"] & hits))
            for number in scores:
                scores[number] += (
                    WEIGHTS["title"]
                    if number in title
                    else WEIGHTS["abstract"]
                    if number in abstract
                    else WEIGHTS["body"]
                )
        return hits, scores

    def filtered(self, chosen: Mapping[str, set[str]], skip: str = "") -> int:
        """Practices with, for every facet but `skip` with chosen values, one of them."""
        bits = self.everything
        for facet, iris in chosen.items():
            if facet != skip and iris:
                values = self.facet_bits[facet]
                bits &= sum_bits(values.get(iri, 0) for iri in iris)
        return bits

    def chosen_iris(self, filters: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
        """URL values → IRIs; unknown values are dropped (a stale link still shows results)."""
        return {
            facet: {self.iris[facet][v] for v in values if v in self.iris.get(facet, {})}
            for facet, values in filters.items()
            if facet in FACETS
        }

    def ordered(
        self, matched: int, scores: dict[int, int], chosen: Mapping[str, set[str]]
    ) -> list[int]:
        """The practices matched and filtered, best first, then by title."""
        hits = members(matched & self.filtered(chosen))
        hits.sort(key=lambda n: (-scores.get(n, 0), self.title_rank[n]))
        return hits

    def found(self, query: str, filters: Mapping[str, Iterable[str]]) -> list[Practice]:
        """Every practice a search finds, in its order: the whole list, not a page."""
        matched, scores = self.ranked(query)
        hits = self.ordered(matched, scores, self.chosen_iris(filters))
        return [self.practices[n] for n in hits]

    def search(self, query: str, filters: Mapping[str, Iterable[str]], page: int = 1) -> Results:
        matched, scores = self.ranked(query)
        chosen = self.chosen_iris(filters)
        hits = self.ordered(matched, scores, chosen)
        pages = max(1, -(-len(hits) // PAGE_SIZE))
        page = min(max(page, 1), pages)
        shown = [self.practices[n] for n in hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
        facets = {}
        for facet, values in self.facet_bits.items():
            base = matched & self.filtered(chosen, skip=facet)
            picked = chosen.get(facet, set())
            counted = [(iri, (bits & base).bit_count()) for iri, bits in values.items()]
            facets[facet] = sorted(
                (
                    FacetValue(key(iri), self.label(facet, iri), count, iri in picked)
                    for iri, count in counted
                    if count or iri in picked
                ),
                key=lambda v: (-v.count, fold(v.label)),
            )
        return Results(shown, len(hits), page, pages, facets)

    def having(self, facet: str, iri: str) -> list[Practice]:
        """The practices with this facet value, in title order."""
        found = members(self.facet_bits.get(facet, {}).get(iri, 0))
        return [self.practices[n] for n in sorted(found, key=self.title_rank.__getitem__)]

    def newest(self, count: int) -> list[Practice]:
        return sorted(self.practices, key=lambda p: (p.added, p.iri), reverse=True)[:count]

    def label(self, facet: str, iri: str) -> str:
        return self.labels.get(facet, {}).get(iri, key(iri))


def sum_bits(sets: Iterable[int]) -> int:
    """The union of bit sets."""
    union = 0
    for bits in sets:
        union |= bits
    return union
