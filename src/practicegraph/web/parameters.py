"""Typed parameters of a named query: declared in its header, checked, bound as RDF terms.

A query file declares `# parameter: code nis-code "71022" De NIS-code` (variable, type,
default, a label for the form) and binds the variable in its text with a one-row `VALUES
?code { "71022" }`, so the file runs as it is anywhere. A request's value is checked against
its type and made an RDF term by pyoxigraph (which escapes it as N-Triples do); that term
replaces the VALUES block, found by the endpoint's own lexer. A value never becomes query
text: what does not fit its type is refused, and a text is one literal whatever it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyoxigraph

from practicegraph.core.vocab import Minted
from practicegraph.store.guard import values_block

XSD = "http://www.w3.org/2001/XMLSchema#"
REFNIS = "http://vocab.belgif.be/auth/refnis2025/"
NIS = re.compile(r"[0-9]{5}")
CONCEPT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INTEGER = re.compile(r"[+-]?[0-9]{1,15}")
TEXT_LIMIT = 200
DECLARATION = re.compile(
    r"#\s*parameter\s*:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<kind>[a-z-]+)\s+"
    r'"(?P<default>[^"]*)"\s*(?P<label>.*?)\s*$'
)

Term = pyoxigraph.NamedNode | pyoxigraph.Literal


class ParameterError(ValueError):
    """A value that does not fit its parameter's type: a 400 in words."""


def _matching(pattern: re.Pattern[str], value: str, says: str) -> str:
    if pattern.fullmatch(value) is None:
        raise ParameterError(says)
    return value


def _date(value: str, _minted: Minted) -> Term:
    try:
        day = date.fromisoformat(_matching(DATE, value, "not a date (YYYY-MM-DD)"))
    except ValueError as error:
        raise ParameterError(f"not a date: {error}") from error
    return pyoxigraph.Literal(day.isoformat(), datatype=pyoxigraph.NamedNode(XSD + "date"))


def _text(value: str, _minted: Minted) -> Term:
    if len(value) > TEXT_LIMIT:
        raise ParameterError(f"longer than {TEXT_LIMIT} characters")
    return pyoxigraph.Literal(value)


def _integer(value: str, _minted: Minted) -> Term:
    number = int(_matching(INTEGER, value, "not an integer of at most 15 digits"))
    return pyoxigraph.Literal(str(number), datatype=pyoxigraph.NamedNode(XSD + "integer"))


@dataclass(frozen=True)
class Kind:
    """A type a parameter may have: how a value becomes a term, and its OpenAPI schema."""

    term: Callable[[str, Minted], Term]
    schema: dict[str, Any]
    says: str
    """What the type is, in Dutch, for the form."""


def _nis(value: str) -> str:
    return _matching(NIS, value, "not a NIS code (5 digits)")


NIS_SCHEMA = {"type": "string", "pattern": "^[0-9]{5}$"}
KINDS = {
    "nis-code": Kind(
        lambda v, _m: pyoxigraph.Literal(_nis(v)),
        NIS_SCHEMA,
        "NIS-code (5 cijfers), als letterlijke waarde",
    ),
    "gemeente": Kind(
        lambda v, m: pyoxigraph.NamedNode(str(m.id("gemeente", _nis(v)))),
        NIS_SCHEMA,
        "NIS-code (5 cijfers) van een gemeente: haar IRI in deze dataset",
    ),
    "refnis": Kind(
        lambda v, _m: pyoxigraph.NamedNode(REFNIS + _nis(v)),
        NIS_SCHEMA,
        "NIS-code (5 cijfers): het REFNIS 2025-begrip",
    ),
    "concept": Kind(
        lambda v, m: pyoxigraph.NamedNode(
            str(m.id("concept", _matching(CONCEPT, v, "not a concept (scheme/slug)")))
        ),
        {"type": "string", "pattern": "^[a-z0-9-]+/[a-z0-9-]+$"},
        "begrip als lijst/sleutel (doelgroep/kwetsbare-gezinnen)",
    ),
    "date": Kind(_date, {"type": "string", "format": "date"}, "datum (JJJJ-MM-DD)"),
    "text": Kind(_text, {"type": "string", "maxLength": TEXT_LIMIT}, "tekst"),
    "integer": Kind(_integer, {"type": "integer"}, "geheel getal"),
}
"""The closed set of types a query file may declare."""


@dataclass(frozen=True)
class Parameter:
    name: str
    """The query's variable (without `?`), and the URL parameter."""
    kind: str
    default: str
    label: str

    @property
    def says(self) -> str:
        return KINDS[self.kind].says

    def schema(self) -> dict[str, Any]:
        """Its OpenAPI schema, with its default."""
        default: str | int = int(self.default) if self.kind == "integer" else self.default
        return {**KINDS[self.kind].schema, "default": default}

    def term(self, value: str, minted: Minted) -> Term:
        try:
            return KINDS[self.kind].term(value, minted)
        except ParameterError as error:
            raise ParameterError(f"{self.name}: {error}") from error


def declared(line: str) -> Parameter | None:
    """A `# parameter:` header line, or None for any other line; a type outside the set is
    an error (a ValueError naming it)."""
    match = DECLARATION.fullmatch(line)
    if match is None:
        return None
    if match["kind"] not in KINDS:
        raise ValueError(f"parameter type {match['kind']!r} is not one of {', '.join(KINDS)}")
    return Parameter(match["name"], match["kind"], match["default"], match["label"])


def bind(
    text: str, parameters: tuple[Parameter, ...], given: Mapping[str, str], minted: Minted
) -> str:
    """The query with each parameter's VALUES block holding the given value (else its default)
    as a term; a value that does not fit its type raises ParameterError."""
    for parameter in parameters:
        term = parameter.term(given.get(parameter.name, parameter.default), minted)
        span = values_block(text, parameter.name)
        if span is None:
            raise ValueError(f"the query has no VALUES ?{parameter.name} {{ … }} block")
        start, end = span
        text = f"{text[:start]}VALUES ?{parameter.name} {{ {term} }}{text[end:]}"
    return text
