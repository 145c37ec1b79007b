"""The finder's facet filters as one SPARQL query that gives the same practices.

Facets translate exactly: each has its path in `fields.FACETS`, values of one facet are a
VALUES block (OR), facets are joined (AND). The words of a search do not: the finder matches
folded words, prefixes and Snowball stems (search.py), which SPARQL cannot say; so the query
holds the filters only, and the site says so where it offers it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph

from practicegraph.core.vocab import Minted
from practicegraph.finder.fields import FACETS
from practicegraph.finder.writer import prologue


def same_list(chosen: Mapping[str, set[str]], minted: Minted) -> str:
    """The practices (with their Dutch title, as the index has them) that have, for every
    facet with chosen values, one of them; `chosen` is `PracticeIndex.chosen_iris`."""
    lines = [
        "SELECT DISTINCT ?practice ?title WHERE {",
        "  ?practice a pg:Practice ; dct:title ?title .",
        '  FILTER (lang(?title) = "nl")',
    ]
    for facet, path in FACETS.items():
        values = sorted(chosen.get(facet, ()))
        if values:
            terms = " ".join(str(pyoxigraph.NamedNode(iri)) for iri in values)
            lines += [f"  VALUES ?{facet} {{ {terms} }}", f"  ?practice {path} ?{facet} ."]
    lines += ["}", "ORDER BY ?title ?practice"]
    return prologue(minted) + "\n".join(lines) + "\n"
