"""Which contact values are a person's: data/personal-data.csv, a list people review.

Practice pages name contacts: a service's mailbox (kinderopvang@…), or a civil servant by name
with her own address or number. Whether a value is personal is decided here, row by row, not
guessed at publish time: the import proposes rows (a name on the page, an address made of a
name, every address and number in the page's text), a person marks each `personal` or
`functional`. A value still `proposed` counts as personal, so nothing is published before it is
reviewed. In a contact point, values not listed are functional; in free text, only values
listed functional are published (`practicegraph.core.personal_text`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from practicegraph.core.reading import SourceError, read_table
from practicegraph.core.writing import append_rows, csv_line, write_atomically

FILE = Path("data/personal-data.csv")
HEADER = (
    "# Which contact values are a person's. kind: email, telephone or name. status: personal\n"
    "# (in a contact point published only where PRACTICEGRAPH_PUBLISH_PERSONAL_CONTACTS allows,\n"
    "# never in the event stream or in free text), functional (a service's or an organisation's:\n"
    "# published), proposed (by the import; withheld until reviewed). In a contact point values\n"
    "# not listed are functional; in free text only functional ones are published.\n"
    "# See docs/publishing.md.\n"
)

COLUMNS = ("value", "kind", "status", "file", "note")
Kind = Literal["email", "telephone", "name"]
Status = Literal["personal", "functional", "proposed"]
KINDS: tuple[Kind, ...] = ("email", "telephone", "name")
STATUSES: tuple[Status, ...] = ("personal", "functional", "proposed")
ARTICLED: dict[Kind, str] = {
    "email": "an e-mail address",
    "telephone": "a telephone number",
    "name": "a name",
}
"""Each kind as a sentence names it: "a email" is no English."""


@dataclass(frozen=True)
class Entry:
    value: str
    """An e-mail address (without mailto:), a telephone number or a person's name, as on the
    page."""
    kind: Kind
    status: Status
    file: str
    """The practice file it was found in, for the reviewer."""
    note: str
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, normal(self.kind, self.value)


def normal(kind: Kind, value: str) -> str:
    """E-mail addresses and names compare without case and surrounding space, an address's
    domain in its letters, not punycode; telephone numbers by their digits, however they are
    grouped or prefixed (+32, (+32), 0032)."""
    if kind == "telephone":
        digits = re.sub(r"\D", "", value.replace("(0)", ""))
        if digits.startswith("0032"):
            return "0" + digits[4:]
        return "0" + digits[2:] if value.lstrip(" (").startswith("+32") else digits
    text = " ".join(as_read(mailbox(value)).split()).casefold()
    local, at, domain = text.rpartition("@")
    return f"{local}@{unpunycoded(domain)}" if kind == "email" and at else text


def unpunycoded(domain: str) -> str:
    """The domain in its letters: xn--gemente-uya.be is gemeënte.be, as a mail client reads it,
    so that a listed address is known in the form a steward copied from one."""
    if "xn--" not in domain:
        return domain
    try:
        return domain.encode("ascii").decode("idna")
    except UnicodeError:
        return domain


INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
"""Soft hyphens, zero-width spaces and joiners: sites break long addresses with them (&shy;,
<wbr>), and a copy keeps them, unseen by a reader but a stop to a pattern."""


def as_read(text: str) -> str:
    """The text as a reader reads it: composed (NFC), without invisible characters. Text copied
    on some systems is decomposed (NFD): é as e and a combining accent, which reads the same but
    is no letter to a pattern; so with a soft hyphen in a domain, a name or address in it would
    pass unseen, and would not compare equal to the list's row."""
    if not text.isascii():
        text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return text


def mailbox(value: str) -> str:
    """The address a mailto: IRI names, read as a mail client reads it (RFC 6068): the scheme in
    any case, percent-escapes decoded, a ?subject= left off. Anything else as it is: else
    `MAILTO:jan%40x.be` would not be known as jan@x.be, listed as a person's."""
    if value[:7].lower() == "mailto:":
        return unquote(value[7:].split("?", 1)[0])
    return value


HEADERS = ("to", "cc", "bcc")


def mailto(iri: str) -> bool:
    """A mailto: IRI, its scheme in any case."""
    return iri[:7].lower() == "mailto:"


def recipients(iri: str) -> list[str]:
    """Every address a mailto: IRI writes to (RFC 6068): those before the ?, comma-separated,
    and those its to=, cc= and bcc= fields add. Else `mailto:info@x.be?cc=jan@x.be` would pass
    as the functional mailbox it starts with. Another IRI writes to none."""
    if not mailto(iri):
        return []
    to, _, query = iri[7:].partition("?")
    fields = [to]
    for field in query.split("&"):
        name, _, value = field.partition("=")
        if unquote(name).lower() in HEADERS:
            fields.append(value)
    return [a.strip() for f in fields for a in unquote(f).split(",") if a.strip()]


@dataclass(frozen=True)
class PersonalData:
    entries: tuple[Entry, ...] = ()

    @cached_property
    def statuses(self) -> dict[tuple[str, str], Status]:
        return {entry.key: entry.status for entry in self.entries}

    def status(self, kind: Kind, value: str) -> Status | None:
        return self.statuses.get((kind, normal(kind, value)))

    def personal(self, kind: Kind, value: str) -> bool:
        return self.status(kind, value) in ("personal", "proposed")

    def names(self, *statuses: Status) -> list[str]:
        """The listed names of these statuses."""
        return [e.value for e in self.entries if e.kind == "name" and e.status in statuses]

    @property
    def proposed(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.status == "proposed"]


def read(project_dir: Path) -> PersonalData:
    """The reviewed list (empty if there is none); a malformed row is a SourceError with its
    line."""
    entries: list[Entry] = []
    seen: dict[tuple[str, str], int] = {}
    for number, (value, kind, status, file, note) in read_table(project_dir, FILE, COLUMNS):
        if kind not in KINDS:
            raise SourceError(FILE, number, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if status not in STATUSES:
            allowed = ", ".join(STATUSES)
            raise SourceError(FILE, number, f"status must be one of {allowed}, not {status!r}")
        entry = Entry(mailbox(value), kind, status, file, note, number)
        if entry.key in seen:
            raise SourceError(FILE, number, f"{value!r} is listed on line {seen[entry.key]} too")
        seen[entry.key] = number
        entries.append(entry)
    return PersonalData(tuple(entries))


def cells(entry: Entry) -> list[str]:
    return [entry.value, entry.kind, entry.status, entry.file, entry.note]


def append(project_dir: Path, entries: list[Entry]) -> None:
    """Add rows at the end of the list (made with its header if there is none)."""
    append_rows(project_dir / FILE, HEADER + ",".join(COLUMNS) + "\n", [cells(e) for e in entries])


def mark(project_dir: Path, entry: Entry) -> None:
    """List a value with the entry's status: its row changed in place if it is listed (comments
    and the other rows kept as they are), added at the end if not."""
    listed = {e.key: e.line for e in read(project_dir).entries}
    line = listed.get(entry.key)
    if line is None:
        append(project_dir, [entry])
        return
    path = project_dir / FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    before = next(e for e in read(project_dir).entries if e.line == line)
    changed = Entry(before.value, before.kind, entry.status, before.file, entry.note)
    lines[line - 1] = csv_line(cells(changed))
    write_atomically(path, "".join(lines).encode("utf-8"))
