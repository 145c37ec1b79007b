"""How deeply a query nests, and how long its chains run, found before any parser sees it.

A SPARQL parser descends once for each group, bracket and unary `!`: a few thousand levels (6 KB
of `{`) overflow the stack of a query worker, or of a remote store's server, which then dies for
every replica that shares it. So the server counts the levels first, in one pass over the query's
code (guard.code_only blanks strings, IRIs and comments, in one pass too), and refuses a query
nested past the limit. Not a parse: a parser that recursed would itself be the attack.

A shallow query can overflow a stack too: Oxigraph's parser and evaluator recurse once for each
link of a chain, so `SELECT (1+1+…+1 AS ?x) {}` with 7,500 `+1` (15 KB, depth 1), the same with
`*`, 2,840 `MINUS{}` in a row, or 9,000 objects in one list killed a query worker, and the
Oxigraph server behind `serve --store`. So the same pass also counts what chains: binary
operators, path operators, the `,` and `;` of object and predicate lists, and the keywords
UNION, MINUS and OPTIONAL. The count is of the whole query, not of the longest chain: a bound
on it bounds every chain, and needs no parse.
"""

from __future__ import annotations

import re

from practicegraph.store.guard import code_only

_TOKEN = re.compile(r"!=|[{(\[]|[})\]]|!|[^\s{}()\[\]!]+")
"""`!=`, an opening or closing bracket, a unary `!`, or a run of anything else."""
_OPERATOR = re.compile(
    r"\|\||&&|!=|<=|>=|[-+*/=<>|^,;]|\b(?:UNION|MINUS|OPTIONAL)\b", re.IGNORECASE
)
"""What chains: `|| && != <= >=`, one-character operators (arithmetic, comparison, the path
operators `/ | ^`), the `,` and `;` of object and predicate lists (9,000 objects in one list,
`?s ?p 1,1,…`, crashed pyoxigraph at once), and the group keywords that join one group to the
next."""
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


def operators(query: str) -> int:
    """How many operators and chaining keywords the query's code holds (strings, IRIs, comments,
    variables and prefixed names blanked): a bound on the length of any chain an engine recurses
    on. `SELECT *` counts one, `1-2` in a number-like word counts its `-`: a few too many at
    worst, never too few."""
    return sum(1 for _match in _OPERATOR.finditer(code_only(query)))
