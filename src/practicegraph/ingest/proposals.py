"""Rows the import proposes for data/personal-data.csv: a name on the page, an address made of
a name. Proposed values are withheld until a person reviews them (practicegraph.personal_data);
a value listed already, reviewed or not, is left as it is."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from practicegraph.ingest.page import Contact
from practicegraph.personal_data import COLUMNS, FILE, Entry, read
from practicegraph.writing import write_atomically

HEADER = (
    "# Which contact values are a person's. status: personal (published only where\n"
    "# PRACTICEGRAPH_PUBLISH_PERSONAL_CONTACTS allows, never in the event stream), functional\n"
    "# (a service's or an organisation's: published), proposed (by the import; withheld until\n"
    "# reviewed). Values not listed are functional. See docs/publishing.md.\n"
)
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


def propose(project_dir: Path, contacts: list[Contact], file: str) -> list[Entry]:
    """Add the page's candidates that are not listed yet; returns those added."""
    listed = {entry.key for entry in read(project_dir).entries}
    new: list[Entry] = []
    for entry in candidates(contacts, file):
        if entry.key not in listed:
            listed.add(entry.key)
            new.append(entry)
    if not new:
        return []
    path = project_dir / FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER + ",".join(COLUMNS) + "\n"
    if not text.endswith("\n"):
        text += "\n"
    text += "".join(line(entry) for entry in new)
    write_atomically(path, text.encode("utf-8"))
    return new


def line(entry: Entry) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(
        [entry.value, entry.kind, entry.status, entry.file, entry.note]
    )
    return buffer.getvalue()
