"""Full-text search and facets over the build's practice index, in memory.

Matching, decided for Dutch: text is compared without case or diacritics ("creche" finds
"crèche"); each query word is reduced to its Snowball stem and matches every word that starts
with that stem or with the word itself. So "kinderopvang" finds "kinderopvangplaatsen" and
"gezinnen" finds "gezin" and "gezinscoach" (compounds that start with the word), but
"opvang" does not find "kinderopvang" (a compound's later part is not split off). All query
words must match. Within one facet, values combine with OR; facets combine with AND; each
facet's counts apply every other filter (so a chosen value's neighbours stay choosable).
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

from practicegraph.build.practice_index import FACETS
from practicegraph.layout import PRACTICE_INDEX

WORD = re.compile(r"\w+")
PAGE_SIZE = 20
WEIGHTS = {"title": 4, "abstract": 2, "body": 1}
STEMMER = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without diacritics: what both sides of a comparison are reduced to."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@lru_cache(maxsize=4096)
def prefixes(word: str) -> tuple[str, ...]:
    stem = STEMMER.stemWord(word)
    return (stem,) if word.startswith(stem) else (stem, word)


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
        self.practices: list[Practice] = []
        postings: dict[str, dict[int, int]] = {}
        for number, record in enumerate(data["practices"]):
            self.practices.append(
                Practice(
                    record["iri"],
                    record["title"],
                    record.get("abstract", ""),
                    record["added"],
                    {facet: record[facet] for facet in FACETS},
                )
            )
            for part, weight in WEIGHTS.items():
                for word in set(words(record.get(part, ""))):
                    scores = postings.setdefault(word, {})
                    scores[number] = max(scores.get(number, 0), weight)
        self.vocabulary = sorted(postings)
        self.postings = [postings[word] for word in self.vocabulary]
        self.by_iri = {practice.iri: practice for practice in self.practices}

    @classmethod
    def open(cls, folder: Path) -> PracticeIndex:
        path = folder / PRACTICE_INDEX
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        return cls(data or {"facets": {facet: {} for facet in FACETS}, "practices": []})

    def matching(self, word: str) -> dict[int, int]:
        """Practices with a word starting with one of the query word's prefixes: best weight."""
        found: dict[int, int] = {}
        for prefix in prefixes(word):
            start = bisect.bisect_left(self.vocabulary, prefix)
            for position in range(start, len(self.vocabulary)):
                if not self.vocabulary[position].startswith(prefix):
                    break
                for number, weight in self.postings[position].items():
                    found[number] = max(found.get(number, 0), weight)
        return found

    def scores(self, query: str) -> dict[int, int]:
        """Every query word must match; the score adds each word's best weight."""
        total: dict[int, int] | None = None
        for word in dict.fromkeys(words(query)):
            found = self.matching(word)
            total = (
                found
                if total is None
                else {n: s + found[n] for n, s in total.items() if n in found}
            )
        return total if total is not None else dict.fromkeys(range(len(self.practices)), 0)

    def chosen_iris(self, filters: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
        """URL values → IRIs; unknown values are dropped (a stale link still shows results)."""
        return {
            facet: {self.iris[facet][v] for v in values if v in self.iris.get(facet, {})}
            for facet, values in filters.items()
            if facet in FACETS
        }

    def passes(self, practice: Practice, chosen: dict[str, set[str]], skip: str = "") -> bool:
        return all(
            not iris or not iris.isdisjoint(practice.facets[facet])
            for facet, iris in chosen.items()
            if facet != skip
        )

    def search(self, query: str, filters: Mapping[str, Iterable[str]], page: int = 1) -> Results:
        scores = self.scores(query)
        chosen = self.chosen_iris(filters)
        hits = [n for n in scores if self.passes(self.practices[n], chosen)]
        hits.sort(key=lambda n: (-scores[n], fold(self.practices[n].title)))
        pages = max(1, -(-len(hits) // PAGE_SIZE))
        page = min(max(page, 1), pages)
        shown = [self.practices[n] for n in hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
        facets = {}
        for facet in FACETS:
            counts: dict[str, int] = {}
            for n in scores:
                practice = self.practices[n]
                if self.passes(practice, chosen, skip=facet):
                    for iri in practice.facets[facet]:
                        counts[iri] = counts.get(iri, 0) + 1
            picked = chosen.get(facet, set())
            for iri in picked:
                counts.setdefault(iri, 0)
            facets[facet] = sorted(
                (
                    FacetValue(key(iri), self.label(facet, iri), count, iri in picked)
                    for iri, count in counts.items()
                ),
                key=lambda v: (-v.count, fold(v.label)),
            )
        return Results(shown, len(hits), page, pages, facets)

    def newest(self, count: int) -> list[Practice]:
        return sorted(self.practices, key=lambda p: (p.added, p.iri), reverse=True)[:count]

    def label(self, facet: str, iri: str) -> str:
        return self.labels.get(facet, {}).get(iri, key(iri))
