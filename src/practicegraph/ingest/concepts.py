"""Page labels (Categorie, Doelgroep, Beleidsdomeinen) matched to the SKOS concept schemes.

A label is matched on the concepts' Dutch preferred and alternative labels and notations, the
way the resolver compares names. A label that matches nothing is the importer's error to
report, or, when the user asks for it, a new concept appended to the scheme's file for review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from practicegraph.core import urls
from practicegraph.core.reading import parse_turtle
from practicegraph.core.reference.resolver import key
from practicegraph.core.vocab import Minted
from practicegraph.core.writing import write_atomically


@dataclass(frozen=True)
class Scheme:
    name: str
    """The scheme's key in IRIs: categorie, doelgroep, beleidsdomein."""
    file: str
    section: str
    """The page section its labels come from."""


SCHEMES = (
    Scheme("categorie", "categorieen.ttl", "Categorie"),
    Scheme("doelgroep", "doelgroepen.ttl", "Doelgroep"),
    Scheme("beleidsdomein", "beleidsdomeinen.ttl", "Beleidsdomeinen"),
)


SLUG_LENGTH = 60
"""The longest key: whole words up to this many characters, so an IRI stays readable."""


def slug(text: str) -> str:
    """An IRI key: lower case ASCII words joined by hyphens ("Wereldmama's" → wereldmamas),
    cut after the last whole word that fits in SLUG_LENGTH."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['’`]", "", plain)
    words = re.findall(r"[a-z0-9]+", plain)
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > SLUG_LENGTH:
            break
        kept.append(word[:SLUG_LENGTH])
    return "-".join(kept)


class Concepts:
    """The concepts of the three schemes, by comparable label."""

    def __init__(self, ontology_dir: Path, minted: Minted) -> None:
        self.ontology_dir = ontology_dir
        self.minted = minted
        self.index: dict[str, dict[str, URIRef]] = {}
        for scheme in SCHEMES:
            graph = parse_turtle(ontology_dir / scheme.file, minted.base)
            self.index[scheme.name] = _labels(graph)

    def match(self, scheme: str, label: str) -> URIRef | None:
        return self.index[scheme].get(key(label))

    def iri(self, scheme: Scheme, label: str) -> URIRef:
        """The IRI a new concept with this label gets."""
        return self.minted.id(f"concept/{scheme.name}", slug(label))

    def add(self, scheme: Scheme, label: str, source: str) -> URIRef:
        """Append a concept with this Dutch label to the scheme's file, marked for review."""
        name = slug(label)
        concept = self.iri(scheme, label)
        relative = f"{urls.ID}concept/{scheme.name}/{name}"
        text = (
            f"\n# Added by `practicegraph import` from {source}: review it, and add the English\n"
            f"# label and the definitions (nl, en); until then the build warns.\n"
            f"<{relative}> a skos:Concept ;\n"
            f"    skos:inScheme <id/conceptscheme/{scheme.name}> ;\n"
            f"    skos:topConceptOf <id/conceptscheme/{scheme.name}> ;\n"
            f'    skos:notation "{name}" ;\n'
            f"    skos:prefLabel {Literal(label, lang='nl').n3()} .\n"
        )
        path = self.ontology_dir / scheme.file
        write_atomically(path, path.read_bytes() + text.encode("utf-8"))
        self.index[scheme.name][key(label)] = concept
        return concept


def _labels(graph: Graph) -> dict[str, URIRef]:
    found: dict[str, URIRef] = {}
    for predicate in (SKOS.notation, SKOS.altLabel, SKOS.prefLabel):
        for concept, label in graph.subject_objects(predicate):
            if not isinstance(concept, URIRef) or not isinstance(label, Literal):
                continue
            if label.language in (None, "nl"):
                found[key(str(label))] = concept
    return found
