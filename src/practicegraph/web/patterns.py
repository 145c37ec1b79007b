"""A pattern fragment's request read: its terms in the TPF spec's explicit representation
(Hydra's ExplicitRepresentation: an IRI as it is, a literal in quotes with `@lang` or `^^IRI`,
`_:label` a blank node, a variable `?x` or nothing) and its page. A term that does not read is a
`BadRequestError` in words, never an engine's exception."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph

from practicegraph.store.base import QuadPattern

DEFAULT_GRAPH = "urn:ldf:defaultGraph"
"""The name the controls give the default graph (`sd:defaultGraph`), as the Linked Data
Fragments server does: a client asks for it to match the union of the named graphs."""
POSITIONS = ("subject", "predicate", "object", "graph")
PARAMETERS = (*POSITIONS, "page")
"""All a fragment reads. Any other is refused: the page's IRI is the query string as asked and
every page repeats it some 33 times, so an 8 KB parameter read by nothing made 880 KB."""
MAX_PAGE = 10**6
"""Beyond any build's last page; a longer number is refused before it is read."""
Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


class BadRequestError(Exception):
    """A parameter that does not read; the message says which and why."""


@dataclass(frozen=True)
class Asked:
    pattern: QuadPattern
    page: int


def term(text: str) -> Term | None:
    """One term; None for a variable."""
    if text == "" or text.startswith("?"):
        return None
    if text.startswith("_:"):
        return pyoxigraph.BlankNode(text[2:])
    if text.startswith('"'):
        return literal(text)
    if text.startswith("<<"):
        raise ValueError("quoted triples are not supported")
    return pyoxigraph.NamedNode(text.removeprefix("<").removesuffix(">"))


def literal(text: str) -> pyoxigraph.Literal:
    """`"value"`, `"value"@lang` or `"value"^^datatype`: the value runs to the last quote."""
    end = text.rfind('"')
    if end == 0:
        raise ValueError("a literal's closing quote is missing")
    value, suffix = text[1:end], text[end + 1 :]
    if suffix.startswith("@"):
        return pyoxigraph.Literal(value, language=suffix[1:])
    if suffix.startswith("^^"):
        datatype = suffix[2:].removeprefix("<").removesuffix(">")
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(datatype))
    if suffix:
        raise ValueError(f"{suffix!r} after a literal is neither @language nor ^^datatype")
    return pyoxigraph.Literal(value)


def one(values: Mapping[str, Sequence[str]], name: str) -> str:
    given = values.get(name, [])
    if len(given) > 1:
        raise BadRequestError(f"{name}: given {len(given)} times; give it once")
    return given[0] if given else ""


def position(values: Mapping[str, Sequence[str]], name: str) -> Term | None:
    text = one(values, name)
    try:
        return term(text)
    except ValueError as error:
        raise BadRequestError(f"{name}: {text[:200]!r} is not a term: {error}") from error


def page_number(text: str) -> int:
    if text == "":
        return 1
    if not text.isascii() or not text.isdigit() or len(text) > 7 or not 1 <= int(text) <= MAX_PAGE:
        raise BadRequestError(f"page: {text[:20]!r} is not a page number from 1 to {MAX_PAGE}")
    return int(text)


def unskolemised(node: Term | None, genid: str) -> Term | None:
    """A skolem IRI a fragment gave (`{genid}{label}`) as the blank node it stands for."""
    if isinstance(node, pyoxigraph.NamedNode) and node.value.startswith(genid):
        try:
            return pyoxigraph.BlankNode(node.value[len(genid) :])
        except ValueError as error:
            raise BadRequestError(f"{node.value[:200]!r} names no blank node: {error}") from error
    return node


def known(names: Iterable[str]) -> None:
    """Refuse a parameter a fragment does not read, naming it (its first 40 characters)."""
    unknown = sorted({name for name in names if name not in PARAMETERS})
    if unknown:
        named = ", ".join(repr(name[:40] + ("…" if len(name) > 40 else "")) for name in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise BadRequestError(
            f"{named}{more}: a fragment takes subject, predicate, object, graph and page only"
        )


def read(values: Mapping[str, Sequence[str]], genid: str = "") -> Asked:
    """The pattern and page a query string asks for, a skolem IRI under `genid` read as its
    blank node; a term in a place it cannot stand (a literal subject, a predicate that is no
    IRI) is refused as a malformed one is, and so is a parameter it does not read."""
    known(values)
    subject, predicate, obj, graph = (position(values, name) for name in POSITIONS)
    if genid:
        subject, obj = unskolemised(subject, genid), unskolemised(obj, genid)
    if isinstance(subject, pyoxigraph.Literal):
        raise BadRequestError("subject: a literal is never a subject")
    if predicate is not None and not isinstance(predicate, pyoxigraph.NamedNode):
        raise BadRequestError("predicate: a predicate is an IRI")
    if graph is not None and not isinstance(graph, pyoxigraph.NamedNode):
        raise BadRequestError("graph: a graph is named by an IRI")
    named: pyoxigraph.NamedNode | pyoxigraph.DefaultGraph | None = graph
    if graph is not None and graph.value == DEFAULT_GRAPH:
        named = pyoxigraph.DefaultGraph()
    pattern = QuadPattern(subject, predicate, obj, named)
    return Asked(pattern, page_number(one(values, "page")))
