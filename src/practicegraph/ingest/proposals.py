"""Rows the import proposes for data/personal-data.csv: a name on the page, an address made of
a name, and every address and telephone number in the practice's text (the build withholds those
until they are listed functional). Proposed values are withheld until a person reviews them
(practicegraph.core.personal_data); a value listed already, reviewed or not, is left as it is."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal

from practicegraph.core.personal_data import Entry, append, as_read, read
from practicegraph.core.personal_text import find
from practicegraph.ingest.page import Contact, Page

NAMED = re.compile(r"^[^\W\d_]{2,}[._-][^\W\d_]{2,}$")
"""An address whose local part is two words of letters, as first.last, is likely a person's."""


def candidates(contacts: list[Contact], file: str) -> list[Entry]:
    found: list[Entry] = []
    for contact in contacts:
        if contact.name:
            found.append(Entry(contact.name, "name", "proposed", file, "a name on the page"))
        for email in contact.emails:
            local = email.split("@", 1)[0]
            if contact.name:
                note = f"the address given with a name ({contact.name})"
            elif NAMED.match(local):
                note = f"an address made of a name ({local})"
            else:
                continue
            found.append(Entry(email, "email", "proposed", file, note))
    return found


def in_text(graph: Graph, file: str) -> list[Entry]:
    """The addresses and numbers in the literals of a practice as it will be published."""
    found: list[Entry] = []
    for _subject, predicate, value in sorted(graph):
        if isinstance(value, Literal):
            where = predicate.n3(graph.namespace_manager)
            note = f"in the text ({where})"
            found += [
                Entry(i.value, i.kind, "proposed", file, note) for i in find(as_read(str(value)))
            ]
    return found


def propose(project_dir: Path, found: list[Entry]) -> list[Entry]:
    """Add the candidates that are not listed yet; returns those added."""
    listed = {entry.key for entry in read(project_dir).entries}
    new: list[Entry] = []
    for entry in found:
        if entry.key not in listed:
            listed.add(entry.key)
            new.append(entry)
    append(project_dir, new)
    return new


def for_page(project_dir: Path, read_page: Page, graph: Graph, file: str) -> list[str]:
    """Names and name-like addresses of the page's contacts, and the addresses and numbers in
    its text, proposed for review in data/personal-data.csv; returns the warnings."""
    contacts = [c for b in read_page.blocks for i in b.initiatives for c in i.contacts]
    found = candidates(contacts, file) + in_text(graph, file)
    return [
        f"{entry.value} is proposed as personal ({entry.note}): withheld until reviewed in"
        " data/personal-data.csv"
        for entry in propose(project_dir, found)
    ]
