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

from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from practicegraph.core import urls
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
BARE = {XSD.integer: re.compile(r"^[+-]?[0-9]+$"), XSD.boolean: re.compile(r"^(?:true|false)$")}
"""Literals Turtle writes without quotes, when their lexical form is one Turtle reads back."""


class Writer:
    def __init__(
        self,
        graph: Iterable[tuple[Node, Node, Node]],
        minted: Minted,
        extra: tuple[tuple[str, str], ...] = (),
        relative: bool = True,
    ) -> None:
        """`relative`: our IRIs relative to the base, for files that publish under any base;
        else absolute, for a document served from its own address."""
        self.index = index(graph)
        self.base = minted.base
        self.relative = relative
        self.namespaces = sorted(
            ((p, ns if "://" in ns else self.base + ns) for p, ns in [*prefixes(minted), *extra]),
            key=lambda item: -len(item[1]),
        )
        self.used: set[tuple[str, str]] = set()
        self.written: dict[str, tuple[str, tuple[str, str] | None]] = {}
        """Each IRI as written, and the prefix it used: most recur many times in a document."""
        rank = ranks(minted.base)
        self.rank = lambda predicate: (rank.get(str(predicate), len(rank)), str(predicate))

    def iri(self, node: str) -> str:
        """An IRI (a URIRef, or its text) as written: prefixed where a prefix fits."""
        text = str(node)
        known = self.written.get(text)
        if known is None:
            known = self.name(text)
            self.written[text] = known
        if known[1] is not None:
            self.used.add(known[1])
        return known[0]

    def name(self, text: str) -> tuple[str, tuple[str, str] | None]:
        for prefix, namespace in self.namespaces:
            if text.startswith(namespace) and LOCAL.match(text[len(namespace) :]):
                return f"{prefix}:{text[len(namespace) :]}", (prefix, namespace)
        if self.relative and text.startswith(self.base):
            return f"<{text[len(self.base) :]}>", None
        return f"<{text}>", None

    def literal(self, node: Literal) -> str:
        lexical = str(node)
        quoted = '"' + lexical.translate(ESCAPES) + '"'
        if node.language:
            return f"{quoted}@{node.language}"
        bare = BARE.get(node.datatype)  # type: ignore[arg-type]
        if bare is not None and bare.match(lexical):
            return lexical
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{quoted}^^{self.iri(node.datatype)}"
        return quoted

    def term(self, node: Node, depth: int) -> str:
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):
            return self.literal(node)
        if any(p == RDF.first for p, _o in self.index.get(node, ())):
            items = [self.term(item, depth + 1) for item in members(self.index, node)]
            inner = INDENT * (depth + 1)
            return "(\n" + "".join(f"{inner}{item}\n" for item in items) + INDENT * depth + ")"
        return "[ " + self.properties(node, depth, inline=True) + " ]"

    def properties(self, subject: Node, depth: int, inline: bool = False) -> str:
        about = self.index.get(subject, [])
        by: dict[str, list[Node]] = {}
        for predicate, value in about:
            by.setdefault(str(predicate), []).append(value)
        types = sorted(self.iri(o) for o in by.pop(TYPE, []))  # type: ignore[arg-type]
        parts = [f"a {', '.join(types)}"] if types else []
        for name in sorted(by, key=self.rank):
            objects = sorted(self.term(o, depth + 1) for o in by[name])
            parts.append(f"{self.iri(name)} {' , '.join(objects)}")
        if inline:
            return " ; ".join(parts)
        return (" ;\n" + INDENT).join(parts)

    def write(self, subjects: Iterable[tuple[URIRef, str | None]], header: list[str]) -> str:
        """With `relative`, every prefix line in a fixed order; else those used, absolute."""
        body = []
        for subject, comment in subjects:
            body.append("\n")
            if comment:
                body.append(f"# {' '.join(comment.split())}\n")
            body.append(f"{self.iri(subject)} {self.properties(subject, 1)} .\n")
        out = [f"# {line}\n" if line else "#\n" for line in header]
        if self.relative:
            lines = prefixes_for_file(self.namespaces, self.base)
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
    return Writer(graph, minted, extra).write(subjects, header)


def index(triples: Iterable[tuple[Node, Node, Node]]) -> dict[Node, list[tuple[Node, Node]]]:
    """Each subject's (predicate, object) pairs: one pass, then lookups without a store."""
    found: dict[Node, list[tuple[Node, Node]]] = {}
    for subject, predicate, value in triples:
        found.setdefault(subject, []).append((predicate, value))
    return found


def members(about: dict[Node, list[tuple[Node, Node]]], head: Node) -> list[Node]:
    """The items of a well-formed RDF list (trees() checked it)."""
    items: list[Node] = []
    node: Node = head
    while node != RDF.nil:
        pairs = dict(about[node])
        items.append(pairs[RDF.first])
        node = pairs[RDF.rest]
    return items


def trees(about: dict[Node, list[tuple[Node, Node]]]) -> bool:
    """Whether every blank node hangs under exactly one parent and lists are well formed: then
    nesting writes the same graph, without a blank-node label."""
    uses: dict[Node, int] = {}
    for pairs in about.values():
        for _predicate, value in pairs:
            if isinstance(value, BNode):
                uses[value] = uses.get(value, 0) + 1
    if any(count != 1 for count in uses.values()):
        return False
    for subject, pairs in about.items():
        if isinstance(subject, BNode) and uses.get(subject) != 1:
            return False
        if any(p == RDF.first for p, _o in pairs):
            predicates = [str(p) for p, _o in pairs]
            if sorted(predicates) != sorted([str(RDF.first), str(RDF.rest)]):
                return False
            rest = dict(pairs)[RDF.rest]
            if rest != RDF.nil and (not isinstance(rest, BNode) or rest not in about):
                return False
    return True


def resource_document(
    triples: list[tuple[Node, Node, Node]], minted: Minted, root: URIRef, namespaces: dict[str, str]
) -> str | None:
    """A resource's document for people: the resource first, then what is part of it in page
    order (its initiatives), then the rest; lists as ( … ), blank nodes nested in [ … ], only
    the prefixes it uses. None when its blank nodes are not trees (a generic writer does it)."""
    about = index(triples)
    if not trees(about):
        return None
    extra = tuple((prefix, namespace) for prefix, namespace in namespaces.items())
    writer = Writer(triples, minted, extra, relative=False)
    named = {s for s in about if isinstance(s, URIRef)}

    def position(node: Node) -> int:
        value = dict(about.get(node, [])).get(SCHEMA.position)
        return int(value) if isinstance(value, Literal) and str(value).isdigit() else 0

    parts = sorted(
        (s for s in named if (DCTERMS.source, root) in about[s]),
        key=lambda s: (position(s), str(s)),
    )
    order = [root] if root in named else []
    order += [s for s in parts if s not in order]
    order += sorted(named - set(order), key=str)
    return writer.write([(s, None) for s in order], [])
