"""The practice index of a build: per practice its Dutch text and its facets, written once so
that the site searches and filters in memory instead of querying the store per keystroke."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph

from practicegraph.core.build_folder import PRACTICE_INDEX
from practicegraph.core.vocab import Minted
from practicegraph.finder.fields import FACETS, SNIPPET, TEXT
from practicegraph.finder.folding import words


def prologue(minted: Minted) -> str:
    return f"""PREFIX pg: <{minted.pg}>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX ipdc: <https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#>
PREFIX m8g: <http://data.europa.eu/m8g/>
"""


def pairs(store: pyoxigraph.Store, query: str) -> Iterable[tuple[str, str]]:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    for solution in solutions:
        yield solution[0].value, solution[1].value


def records(
    store: pyoxigraph.Store, minted: Minted, added: dict[str, str], only: set[str] | None = None
) -> list[dict[str, Any]]:
    """Every practice (or those in `only`) with its texts and facet values."""
    head = prologue(minted)
    if only is not None:
        head_values = " ".join(f"<{iri}>" for iri in sorted(only))
        if not head_values:
            return []
        restrict = f"VALUES ?p {{ {head_values} }} "
    else:
        restrict = ""
    practices: dict[str, dict[str, Any]] = {
        iri: {"iri": iri, "title": title, "abstract": "", "words": dict.fromkeys(TEXT, "")}
        for iri, title in pairs(
            store,
            head + f"SELECT ?p ?t WHERE {{ {restrict}?p a pg:Practice ; dct:title ?t"
            " FILTER(lang(?t) = 'nl') }",
        )
    }
    for field, path in TEXT.items():
        texts: dict[str, list[str]] = defaultdict(list)
        for iri, text in pairs(
            store,
            head + f"SELECT ?p ?t WHERE {{ {restrict}?p a pg:Practice ; {path} ?t"
            " FILTER(isLiteral(?t)) }",
        ):
            texts[iri].append(text)
        for iri, found in texts.items():
            if iri in practices:
                practices[iri]["words"][field] = " ".join(sorted(set(words(" ".join(found)))))
                if field == "abstract":
                    practices[iri]["abstract"] = found[0][:SNIPPET]
    for facet, path in FACETS.items():
        values: dict[str, set[str]] = defaultdict(set)
        for iri, value in pairs(
            store,
            head + f"SELECT DISTINCT ?p ?v WHERE {{ {restrict}?p a pg:Practice ; {path} ?v }}",
        ):
            values[iri].add(value)
        for iri, record in practices.items():
            record[facet] = sorted(values.get(iri, ()))
    for iri, record in practices.items():
        record["added"] = added.get(iri, "")
    return list(practices.values())


def labels(store: pyoxigraph.Store, minted: Minted, found: list[dict[str, Any]]) -> dict[str, Any]:
    """A Dutch label for every facet value the practices use."""
    named: dict[str, dict[str, str]] = {}
    for facet in FACETS:
        used = " ".join(f"<{v}>" for v in sorted({v for r in found for v in r[facet]}))
        named[facet] = dict(
            pairs(
                store,
                prologue(minted)
                + f"""SELECT ?v (SAMPLE(?l) AS ?label) WHERE {{
                    VALUES ?v {{ {used} }} ?v skos:prefLabel|rdfs:label ?l FILTER(lang(?l) = 'nl')
                }} GROUP BY ?v""",
            )
        )
    return named


def write(
    store: pyoxigraph.Store,
    minted: Minted,
    added: dict[str, str],
    folder: Path,
    before: Path | None = None,
    scope: set[str] | None = None,
) -> None:
    """The index of the build in `folder`. With `before` (the last build's folder) only the
    practices in `scope` are read from the store; the others' records are the last build's."""
    kept: list[dict[str, Any]] = []
    if before is not None and scope is not None:
        last = json.loads((before / PRACTICE_INDEX).read_text(encoding="utf-8"))
        kept = [r for r in last["practices"] if r["iri"] not in scope]
        found = records(store, minted, added, scope)
    else:
        found = records(store, minted, added)
    ordered = sorted(kept + found, key=lambda record: record["iri"])
    index = {"facets": labels(store, minted, ordered), "practices": ordered}
    (folder / PRACTICE_INDEX).write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
