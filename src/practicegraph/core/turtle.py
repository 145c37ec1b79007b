"""Deterministic, readable Turtle: same graph, same bytes. For the files the import writes and
for the documents the server gives, a practice looking like its page in both.

Subjects come in the order given (practice, source copy, initiatives in page order), each
with its comment; predicates in the order of the page; objects sorted; blank nodes nested
(they are trees here, so no blank-node label ever reaches the file); lists as ( … ). In a file,
IRIs under the base are written relative, so it publishes under any base like the hand-written
ones; in a served document they are absolute, with only the prefixes it uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import cast

import pyoxigraph
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from practicegraph.core import numbers, urls
from practicegraph.core.memo import Memo
from practicegraph.core.rdflib_oxigraph import oxigraph_term, oxigraph_triple
from practicegraph.core.vocab import IPDC, M8G, SCHEMA, THINGS, VCARD, Minted

WRITTEN = ("praktijk", "initiatief", "bron", "categorie", "doelgroep", "beleidsdomein")
"""The prefixes of things a practice file uses, in the order its prefix lines are written."""

LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?$")
INDENT = "    "
ESCAPES = {
    **{code: f"\\u{code:04X}" for code in [*range(0x20), 0x7F]},
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
"""Turtle string escapes; other control characters as \\uXXXX, so any text round-trips."""
ESCAPED = re.compile(r'[\x00-\x1f\x7f"\\]')
"""The characters ESCAPES rewrites: most texts hold none, and finding that is some ten times
quicker than `str.translate` with a table (a sixth of a practice's Turtle)."""


def quoted(lexical: str) -> str:
    """A Turtle string: the text in quotes, escaped where it must be."""
    if ESCAPED.search(lexical) is None:
        return f'"{lexical}"'
    return '"' + lexical.translate(ESCAPES) + '"'


def predicate_order(minted: Minted) -> list[URIRef]:
    """The order the page tells things in; anything else follows, sorted."""
    pg = minted.pg
    return [
        DCTERMS.identifier,
        DCTERMS.source,
        SCHEMA.position,
        DCTERMS.title,
        DCTERMS.abstract,
        SCHEMA.image,
        DCTERMS.type,
        pg.goals,
        IPDC.targetAudience,
        DCTERMS.description,
        pg.successFactors,
        pg.challenges,
        M8G.thematicArea,
        pg.referenceDate,
        PROV.wasDerivedFrom,
        DCTERMS.provenance,
        DCTERMS["format"],
        DCTERMS.publisher,
        SCHEMA.url,
        PROV.wasQuotedFrom,
        pg.truncated,
        DCTERMS.contributor,
        DCAT.contactPoint,
        SCHEMA.subjectOf,
        pg.placeNames,
        RDFS.comment,
    ]


@lru_cache(maxsize=16)
def ranks(base: str) -> dict[str, int]:
    """Each predicate's place in the page's order, by IRI, for a base."""
    return {str(p): i for i, p in enumerate(predicate_order(Minted(base)))}


def prefixes(minted: Minted) -> list[tuple[str, str]]:
    """Prefix and namespace, ours relative to the base."""
    ours = [("pg", str(minted.pg).removeprefix(minted.base))]
    ours += [(prefix, urls.ID + THINGS[prefix]) for prefix in WRITTEN]
    standard = [
        ("dcat", str(DCAT)),
        ("dct", str(DCTERMS)),
        ("foaf", str(FOAF)),
        ("ipdc", str(IPDC)),
        ("m8g", str(M8G)),
        ("prov", str(PROV)),
        ("rdfs", str(RDFS)),
        ("schema", str(SCHEMA)),
        ("vcard", str(VCARD)),
        ("xsd", str(XSD)),
    ]
    return ours + standard


TYPE = str(RDF.type)
FIRST, REST, NIL = str(RDF.first), str(RDF.rest), str(RDF.nil)
POSITION, SOURCE = str(SCHEMA.position), str(DCTERMS.source)
XSD_STRING = str(XSD.string)
BARE = {
    str(XSD.integer): re.compile(r"[+-]?[0-9]+"),
    str(XSD.boolean): re.compile(r"true|false"),
}
"""Literals Turtle writes without quotes, when their lexical form is one Turtle reads back."""

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
Index = dict[Term, list[tuple[str, Term]]]
"""Each subject's (predicate IRI, object) pairs."""


NAMED = 32_768
"""IRIs a process remembers how to write, per set of prefixes, before it starts afresh."""


class Names:
    """How IRIs are written under one set of prefixes: found once per process, as the same
    predicates, concepts and places recur in every document."""

    def __init__(self, base: str, extra: tuple[tuple[str, str], ...], relative: bool) -> None:
        self.base = base
        self.relative = relative
        self.namespaces = sorted(
            ((p, ns if "://" in ns else base + ns) for p, ns in [*prefixes(Minted(base)), *extra]),
            key=lambda item: -len(item[1]),
        )
        self.known: Memo[str, tuple[str, tuple[str, str] | None]] = Memo(NAMED)

    def written(self, text: str) -> tuple[str, tuple[str, str] | None]:
        """The IRI as written, and the prefix it used."""
        known = self.known.get(text)
        if known is None:
            known = self.known.keep(text, len(text), self.name(text))
        return known

    def name(self, text: str) -> tuple[str, tuple[str, str] | None]:
        for prefix, namespace in self.namespaces:
            if text.startswith(namespace) and LOCAL.match(text[len(namespace) :]):
                return f"{prefix}:{text[len(namespace) :]}", (prefix, namespace)
        if self.relative and text.startswith(self.base):
            return f"<{text[len(self.base) :]}>", None
        return f"<{text}>", None


@lru_cache(maxsize=16)
def names(base: str, extra: tuple[tuple[str, str], ...], relative: bool) -> Names:
    return Names(base, extra, relative)


class Writer:
    """Works on the store's terms (pyoxigraph), so a served document is written from what the
    store gives without a term conversion per triple; a file's rdflib graph is converted once."""

    def __init__(
        self,
        triples: Iterable[pyoxigraph.Triple],
        minted: Minted,
        extra: tuple[tuple[str, str], ...] = (),
        relative: bool = True,
    ) -> None:
        """`relative`: our IRIs relative to the base, for files that publish under any base;
        else absolute, for a document served from its own address."""
        self.index = index(triples)
        self.names = names(minted.base, extra, relative)
        self.used: set[tuple[str, str]] = set()
        rank = ranks(minted.base)
        self.rank = lambda predicate: (rank.get(predicate, len(rank)), predicate)

    def iri(self, text: str) -> str:
        """An IRI as written: prefixed where a prefix fits."""
        written, prefix = self.names.written(text)
        if prefix is not None:
            self.used.add(prefix)
        return written

    def literal(self, node: pyoxigraph.Literal) -> str:
        lexical = node.value
        language = node.language
        if language:
            return f"{quoted(lexical)}@{language}"
        datatype = node.datatype.value
        bare = BARE.get(datatype)
        if bare is not None and bare.fullmatch(lexical):
            return lexical
        if datatype != XSD_STRING:
            return f"{quoted(lexical)}^^{self.iri(datatype)}"
        return quoted(lexical)

    def term(self, node: Term, depth: int) -> str:
        if isinstance(node, pyoxigraph.NamedNode):
            return self.iri(node.value)
        if isinstance(node, pyoxigraph.Literal):
            return self.literal(node)
        if any(p == FIRST for p, _o in self.index.get(node, ())):
            items = [self.term(item, depth + 1) for item in members(self.index, node)]
            inner = INDENT * (depth + 1)
            return "(\n" + "".join(f"{inner}{item}\n" for item in items) + INDENT * depth + ")"
        return "[ " + self.properties(node, depth, inline=True) + " ]"

    def properties(self, subject: Term, depth: int, inline: bool = False) -> str:
        by: dict[str, list[Term]] = {}
        for predicate, value in self.index.get(subject, ()):
            by.setdefault(predicate, []).append(value)
        types = sorted(self.term(o, depth) for o in by.pop(TYPE, []))
        parts = [f"a {', '.join(types)}"] if types else []
        for name in sorted(by, key=self.rank):
            objects = sorted(self.term(o, depth + 1) for o in by[name])
            parts.append(f"{self.iri(name)} {' , '.join(objects)}")
        if inline:
            return " ; ".join(parts)
        return (" ;\n" + INDENT).join(parts)

    def write(self, subjects: Iterable[tuple[Term, str | None]], header: list[str]) -> str:
        """With `relative`, every prefix line in a fixed order; else those used, absolute."""
        body = []
        for subject, comment in subjects:
            body.append("\n")
            if comment:
                body.append(f"# {' '.join(comment.split())}\n")
            body.append(f"{self.term(subject, 0)} {self.properties(subject, 1)} .\n")
        out = [f"# {line}\n" if line else "#\n" for line in header]
        if self.names.relative:
            lines = prefixes_for_file(self.names.namespaces, self.names.base)
        else:
            lines = sorted(self.used)
        out += [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in lines]
        return "".join(out + body)


def prefixes_for_file(namespaces: list[tuple[str, str]], base: str) -> list[tuple[str, str]]:
    """Prefix lines in a fixed order, ours relative."""
    return sorted(
        (prefix, namespace[len(base) :] if namespace.startswith(base) else namespace)
        for prefix, namespace in namespaces
    )


def serialize(
    graph: Graph,
    minted: Minted,
    subjects: list[tuple[URIRef, str | None]],
    header: list[str],
    extra: tuple[tuple[str, str], ...] = (),
) -> str:
    """The file; `extra` prefixes for a file of another kind than a practice."""
    triples = [oxigraph_triple(triple) for triple in graph]
    named = [(oxigraph_term(subject), comment) for subject, comment in subjects]
    return Writer(triples, minted, extra).write(named, header)


def index(triples: Iterable[pyoxigraph.Triple]) -> Index:
    """Each subject's (predicate, object) pairs: one pass, then lookups without a store."""
    found: Index = {}
    for triple in triples:
        subject = cast(Term, triple.subject)
        found.setdefault(subject, []).append((triple.predicate.value, cast(Term, triple.object)))
    return found


def members(about: Index, head: Term) -> list[Term]:
    """The items of a well-formed RDF list (trees() checked it)."""
    items: list[Term] = []
    node = head
    while not (isinstance(node, pyoxigraph.NamedNode) and node.value == NIL):
        pairs = dict(about[node])
        items.append(pairs[FIRST])
        node = pairs[REST]
    return items


def trees(about: Index) -> bool:
    """Whether every blank node hangs under exactly one parent, an IRI's at the root, and lists
    are well formed: then nesting writes the same graph, without a blank-node label. (A cycle
    of blank nodes hangs under none: nesting would leave it out.)"""
    uses: dict[Term, int] = {}
    parent: dict[Term, Term] = {}
    for subject, pairs in about.items():
        for _predicate, value in pairs:
            if isinstance(value, pyoxigraph.BlankNode):
                uses[value] = uses.get(value, 0) + 1
                parent[value] = subject
    if any(count != 1 for count in uses.values()):
        return False
    rooted: set[Term] = set()
    for node in parent:
        path: set[Term] = set()
        while isinstance(node, pyoxigraph.BlankNode) and node not in rooted:
            if node in path or node not in parent:
                return False
            path.add(node)
            node = parent[node]
        rooted |= path
    for subject, pairs in about.items():
        if isinstance(subject, pyoxigraph.BlankNode) and uses.get(subject) != 1:
            return False
        if any(p == FIRST for p, _o in pairs):
            if sorted(p for p, _o in pairs) != [FIRST, REST]:
                return False
            rest = dict(pairs)[REST]
            if isinstance(rest, pyoxigraph.NamedNode) and rest.value == NIL:
                continue
            if not isinstance(rest, pyoxigraph.BlankNode) or rest not in about:
                return False
    return True


def resource_document(
    triples: list[pyoxigraph.Triple], minted: Minted, root: str, namespaces: dict[str, str]
) -> str | None:
    """A resource's document for people: the resource first, then what is part of it in page
    order (its initiatives), then the rest; lists as ( … ), blank nodes nested in [ … ], only
    the prefixes it uses. None when its blank nodes are not trees (a generic writer does it)."""
    writer = Writer(triples, minted, tuple(namespaces.items()), relative=False)
    about = writer.index
    if not trees(about):
        return None
    named = {s.value: s for s in about if isinstance(s, pyoxigraph.NamedNode)}
    whole = pyoxigraph.NamedNode(root)

    def position(node: Term) -> int:
        value = dict(about.get(node, [])).get(POSITION)
        return numbers.position(value.value) if isinstance(value, pyoxigraph.Literal) else 0

    parts = sorted(
        (s for s in named.values() if any(p == SOURCE and o == whole for p, o in about[s])),
        key=lambda s: (position(s), s.value),
    )
    order = list(dict.fromkeys([*([named[root]] if root in named else []), *parts]))
    placed = set(order)
    order += [named[iri] for iri in sorted(named) if named[iri] not in placed]
    return writer.write([(s, None) for s in order], [])
