"""A GROUP_CONCAT's parts compared in one order: SPARQL leaves their order to the engine
(§18.5.1.7), and engines differ in it, as does one engine reading a store on disk or in memory."""

from __future__ import annotations

import re

CONCATENATED = re.compile(
    r"GROUP_CONCAT\s*\(.*?SEPARATOR\s*=\s*\"([^\"]*)\"\s*\)\s+AS\s+\?(\w+)",
    re.IGNORECASE | re.DOTALL,
)


def concatenated(query: str) -> dict[str, str]:
    """The variables the query's GROUP_CONCATs bind, each with its separator."""
    return {name: separator for separator, name in CONCATENATED.findall(query)}


def parts(value: str, separator: str) -> str:
    """A concatenation's parts, sorted, joined by a space."""
    return " ".join(sorted(value.split(separator)))
