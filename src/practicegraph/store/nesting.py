"""How deeply a query nests, found before any parser sees it.

A SPARQL parser descends once for each group, bracket and unary `!`: a few thousand levels (6 KB
of `{`) overflow the stack of a query worker, or of a remote store's server, which then dies for
every replica that shares it. So the server counts the levels first, in one pass over the query's
code (guard.code_only blanks strings, IRIs and comments, in one pass too), and refuses a query
nested past the limit. Not a parse: a parser that recursed would itself be the attack.
"""

from __future__ import annotations

import re

from practicegraph.store.guard import code_only

_TOKEN = re.compile(r"!=|[{(\[]|[})\]]|!|[^\s{}()\[\]!]+")
"""`!=`, an opening or closing bracket, a unary `!`, or a run of anything else."""
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")


def depth(query: str) -> int:
    """The most levels open at once: brackets `{ ( [`, and the `!` run just before a point.
    A `!` counts until its operand is over: `!(!(x))` nests four deep, `!a && !b` one."""
    runs = [0]  # for each open bracket, the `!` run counting at its level
    negations = 0
    deepest = 0
    for match in _TOKEN.finditer(code_only(query)):
        part = match.group(0)
        if part in _OPEN:
            runs.append(0)
        elif part in _CLOSE:
            if len(runs) > 1:
                negations -= runs.pop()
        elif part == "!":
            runs[-1] += 1
            negations += 1
        else:
            negations -= runs[-1]
            runs[-1] = 0
        deepest = max(deepest, len(runs) - 1 + negations)
    return deepest
