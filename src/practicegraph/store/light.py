"""Which public queries cannot run away: recognised token by token, before any parser.

Such a query may run in the serving process (see embedded.py), where nothing could stop it
once it started; so two shapes are recognised, each an index lookup for the engine, and any
other query, or any doubt, goes to the worker pool:

- `DESCRIBE <iri>` (or a prefixed name), with only PREFIX and BASE before it: the resource's
  triples and, lazily and once each, those of its blank nodes;
- `SELECT ?a ?b` (or `*`) `WHERE { <subject> predicate object }`: one triple pattern with a
  constant subject, then LIMIT and OFFSET if any.

The query is read with guard's lexer, so a `}`, a keyword or a second pattern inside a string,
IRI or comment is never taken for code. What the lexer and the engine could read differently is
refused outright: `\\u` escapes (the engine decodes them before it parses), long strings,
control characters and line separators, and any punctuation but `{ } * . @ ^^`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from practicegraph.store.guard import lexemes

_UNSURE = re.compile(r"\\[uU]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
_SPACE = frozenset(" \t\r\n")
_PUNCTUATION = frozenset("{}*@")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PREFIX = r"(?:[A-Za-z](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?:"
_NAMESPACE = re.compile(_PREFIX)
_PREFIXED = re.compile(_PREFIX + r"(?:[A-Za-z0-9_:](?:[A-Za-z0-9_.\-:]*[A-Za-z0-9_\-:])?)?")
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_]+")
_STRING = re.compile(r"\"(?:[^\"\\\n\r]|\\[tbnrf\"'\\])*\"|'(?:[^'\\\n\r]|\\[tbnrf\"'\\])*'")
_LANGUAGE = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_INTEGER = re.compile(r"[0-9]+")

Test = Callable[[str], object]
"""Whether a token is what the grammar wants next (a match counts as yes)."""


def _constant(token: str) -> bool:
    return bool(_IRI.fullmatch(token) or _PREFIXED.fullmatch(token))


def _variable(token: str) -> bool:
    return bool(_VARIABLE.fullmatch(token))


def _integer(token: str) -> bool:
    return bool(_INTEGER.fullmatch(token))


def _keyword(word: str) -> Test:
    """Keywords are ASCII, in any case (`ſelect`.upper() is SELECT in Python, not in SPARQL)."""
    return lambda token: token.isascii() and token.upper() == word


def _exactly(text: str) -> Test:
    return lambda token: token == text


def _words(text: str) -> list[str]:
    """A word as the engine reads it: a prefixed name or keyword never ends with a dot, so the
    lexer's trailing dots are the pattern's `.`."""
    kept = text.rstrip(".")
    return ([kept] if kept else []) + ["."] * (len(text) - len(kept))


def _code(text: str) -> list[str] | None:
    """The punctuation between two tokens, or None when some of it is not ours to read."""
    found: list[str] = []
    at = 0
    while at < len(text):
        if text.startswith("^^", at):
            found.append("^^")
            at += 2
            continue
        if text[at] in _PUNCTUATION:
            found.append(text[at])
        elif text[at] not in _SPACE:
            return None
        at += 1
    return found


def _tokens(query: str) -> list[str] | None:
    """The query's tokens without comments, or None when it holds what the lexer and the
    engine could read differently."""
    if _UNSURE.search(query):
        return None
    found: list[str] = []
    for text, lexed in lexemes(query):
        if not lexed:
            code = _code(text)
            if code is None:
                return None
            found += code
        elif text.startswith(("'''", '"""')):
            return None
        elif text.startswith(("'", '"')):
            if not _STRING.fullmatch(text):
                return None
            found.append(text)
        elif not text.startswith("#"):
            found += _words(text) if text[0] not in "<?$" else [text]
    return found


class _Reader:
    """A cursor over the tokens: each `take` consumes one token that passes its test."""

    def __init__(self, found: list[str]) -> None:
        self.tokens = found
        self.at = 0

    def take(self, test: Test) -> bool:
        if self.at < len(self.tokens) and test(self.tokens[self.at]):
            self.at += 1
            return True
        return False

    def done(self) -> bool:
        return self.at == len(self.tokens)


def _prologue(reader: _Reader) -> bool:
    """PREFIX and BASE declarations, as many as there are."""
    while True:
        if reader.take(_keyword("BASE")):
            if not reader.take(_IRI.fullmatch):
                return False
        elif reader.take(_keyword("PREFIX")):
            if not (reader.take(_NAMESPACE.fullmatch) and reader.take(_IRI.fullmatch)):
                return False
        else:
            return True


def _object(reader: _Reader) -> bool:
    if reader.take(_constant) or reader.take(_variable):
        return True
    if not reader.take(_STRING.fullmatch):
        return False
    if reader.take(_exactly("@")):
        return reader.take(_LANGUAGE.fullmatch)
    if reader.take(_exactly("^^")):
        return reader.take(_constant)
    return True


def _limits(reader: _Reader) -> bool:
    """LIMIT and OFFSET, in either order, each at most once, or neither."""
    for first, second in (("LIMIT", "OFFSET"), ("OFFSET", "LIMIT")):
        if reader.take(_keyword(first)):
            if not reader.take(_integer):
                return False
            return not reader.take(_keyword(second)) or reader.take(_integer)
    return True


def _one_pattern_select(reader: _Reader) -> bool:
    if not reader.take(_keyword("SELECT")):
        return False
    if not reader.take(_exactly("*")):
        if not reader.take(_variable):
            return False
        while reader.take(_variable):
            pass
    reader.take(_keyword("WHERE"))
    if not (
        reader.take(_exactly("{"))
        and reader.take(_constant)
        and (reader.take(_constant) or reader.take(_exactly("a")) or reader.take(_variable))
        and _object(reader)
    ):
        return False
    reader.take(_exactly("."))
    return reader.take(_exactly("}")) and _limits(reader)


def cannot_run_away(query: str) -> bool:
    """Whether the query is one of the two shapes above, and nothing else."""
    found = _tokens(query)
    if found is None:
        return False
    reader = _Reader(found)
    if not _prologue(reader):
        return False
    start = reader.at
    if reader.take(_keyword("DESCRIBE")) and reader.take(_constant) and reader.done():
        return True
    reader.at = start
    return _one_pattern_select(reader) and reader.done()
