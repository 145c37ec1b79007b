"""Refuse what a public endpoint must never run, before the engine sees it.

pyoxigraph would make the HTTP call of a SERVICE clause on the client's behalf. We find the
keyword with a one-pass lexer that blanks strings, IRIs, comments, variables and prefixed names
(whichever starts first wins, as in a real lexer), after decoding the \\u escapes that SPARQL
allows anywhere. A false refusal is possible; a SERVICE that the engine would run is not missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ESCAPES = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NAME_CHAR = r"A-Za-z0-9_\-\u00b7-\U000effff"
_TOKENS = re.compile(
    "|".join(
        (
            r"'''(?:[^'\\]|\\.|'(?!''))*(?:''')?",
            r'"""(?:[^"\\]|\\.|"(?!""))*(?:""")?',
            r"'(?:[^'\\\n\r]|\\.)*'?",
            r'"(?:[^"\\\n\r]|\\.)*"?',
            r"<[^<>\"{}|^`\\\x00-\x20]*>",
            r"#[^\n\r]*",
            rf"[?$][{_NAME_CHAR}]+",
            rf"(?P<word>[{_NAME_CHAR}.]+)(?P<local>:[{_NAME_CHAR}.:%]*)?|:[{_NAME_CHAR}.:%]*",
        )
    ),
    re.DOTALL,
)
"""Each alternative consumes what it starts on, so that the lexer reads every character once:
a string without its closing quote runs to the end of its line (or of a long string, the
query; the parser refuses it anyway), and a word is read whole, kept when it holds no colon.
With a closing quote required, or a prefixed name sought from every letter of a word, 20,000
characters of `"a\\` or of one word took the server process a second or more."""


_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def _unescape(match: re.Match[str]) -> str:
    return chr(int(match.group(1) or match.group(2), 16))


def _blank(match: re.Match[str]) -> str:
    """A keyword stays; a string, IRI, comment, variable or prefixed name becomes a space."""
    return match.group(0) if match.group("word") and not match.group("local") else " "


def code_only(query: str) -> str:
    """The query's keywords and punctuation, everything a client names or quotes blanked out."""
    try:
        decoded = _ESCAPES.sub(_unescape, query)
    except (ValueError, OverflowError):
        decoded = query
    return _TOKENS.sub(_blank, decoded)


def uses_service(query: str) -> bool:
    return _SERVICE.search(code_only(query)) is not None


def names_its_dataset(query: str) -> bool:
    """FROM or FROM NAMED: the query picks its graphs, so the union default must not override it."""
    return _FROM.search(code_only(query)) is not None


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def answers_with_triples(query: str) -> bool:
    """CONSTRUCT or DESCRIBE: the first form keyword, as a subquery's SELECT comes after it.
    What a remote store is asked to answer in (Virtuoso gives a CONSTRUCT as a table when the
    Accept header lets it)."""
    form = _FORM.search(code_only(query))
    return form is not None and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE")


def lexemes(query: str) -> Iterator[tuple[str, bool]]:
    """The query whole, in order: each token the lexer reads (True: a string, IRI, comment,
    variable or word, prefixed names included) and the code between two tokens (False:
    punctuation and white space), so that a reader of the query's structure skips nothing."""
    end = 0
    for token in _TOKENS.finditer(query):
        if token.start() > end:
            yield query[end : token.start()], False
        yield token.group(0), True
        end = token.end()
    if end < len(query):
        yield query[end:], False


def values_block(query: str, variable: str) -> tuple[int, int] | None:
    """Where `VALUES ?variable { … }` stands in the query (start, end), read with the same
    lexer, so that a brace or keyword inside a string, IRI or comment is never taken for one.
    A named query's parameter replaces this block whole with a term; nothing else is edited."""
    tokens = list(_TOKENS.finditer(query))
    for number, token in enumerate(tokens[:-1]):
        word, following = token.group("word"), tokens[number + 1]
        if not (word and word.upper() == "VALUES" and not token.group("local")):
            continue
        if following.group(0)[1:] != variable or query[token.end() : following.start()].strip():
            continue
        opening = query.find("{", following.end())
        if opening < 0 or query[following.end() : opening].strip():
            return None
        closing = _code_brace(query, tokens, opening, "}")
        return (token.start(), closing + 1) if closing is not None else None
    return None


def _code_brace(query: str, tokens: list[re.Match[str]], after: int, brace: str) -> int | None:
    """The first `brace` after `after` that is code, not inside a lexed token."""
    position = query.find(brace, after + 1)
    while position >= 0:
        if not any(t.start() <= position < t.end() for t in tokens):
            return position
        position = query.find(brace, position + 1)
    return None
