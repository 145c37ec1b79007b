"""A practice page of the Samenleven database read into its sections: words only, no RDF.

The pages have one layout: an optional address line, the image file name and its caption, an
introduction, then sections under fixed headings ("Categorie", "Doelen", …, "Deze praktijk in",
"Beleidsdomeinen") and a footer. Any subset, in any order; what is missing is reported, never
guessed. Nothing is dropped: a line that fits no field is kept as text of a section of its own,
with a warning. Only a page known to be cut off (`truncated`) loses text: the unfinished sentence
its last line ends in, never a whole sentence before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from practicegraph.ingest.lines import Line

SECTIONS = {
    "categorie": "categories",
    "categorieen": "categories",
    "doelen": "goals",
    "doelgroep": "target_groups",
    "doelgroepen": "target_groups",
    "beschrijving": "description",
    "succesfactoren": "success_factors",
    "uitdagingen": "challenges",
    "deze praktijk in": "blocks",
    "beleidsdomeinen": "policy_domains",
}
FOOTER = ("staat jouw praktijk nog niet in de databank", "deze databank bouwen we samen met")
ADDRESS = re.compile(r"^https?://\S+$")
IMAGE = re.compile(r"^[^/\\\s]+\.(?:jpe?g|png|gif|webp|svg)$", re.IGNORECASE)
CAPTION = "provider image"
CREDIT = re.compile(r"^(?:©|\(c\)|(?:foto|fotografie|beeld|photo|copyright)\b)", re.IGNORECASE)
"""An image's credit line: a copyright sign, or a credit word standing alone ("Beeld: …", not
"Beeldvorming …"). The signs take no \\b: one followed by a space ("© Stad Gent") has no word
boundary after it."""
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
CONTACT = re.compile(r"^contact(?:persoon|gegevens)?\s*:?\s*", re.IGNORECASE)
MORE_INFO = re.compile(r"^meer\s+info(?:rmatie)?\s*:?\s*", re.IGNORECASE)
PARTNERS = re.compile(r"^partners?\s*:\s*", re.IGNORECASE)
WEBSITE = re.compile(r"^website\b\s*:?\s*", re.IGNORECASE)
LIST = re.compile(r"\s*(?:[,;]|\s+en\s+)\s*")
TITLE_WORDS = 7
LABEL_WORDS = 8
"""A concept label has at most this many words; longer, it is prose."""
"""A project name before a colon has at most this many words; longer, it is a sentence."""
NAME_WORD = re.compile(r"^(?:[A-ZÀ-Ý'’][\w'’.\-]*|de|den|der|het|op|aan|sur|la|le|en|\(|\))$")


@dataclass
class Contact:
    name: str | None
    emails: list[str]


@dataclass
class Link:
    name: str
    url: str | None = None


@dataclass
class Initiative:
    """One local initiative of a block: a paragraph run or one list item."""

    line: int
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    more_info: list[Link] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)

    @property
    def description(self) -> str | None:
        return "\n".join(self.paragraphs) or None


@dataclass
class Block:
    """A heading of place names under "Deze praktijk in" and the initiatives under it."""

    places: str
    line: int
    initiatives: list[Initiative] = field(default_factory=list)


@dataclass
class Section:
    """Text the page gives under a heading the model has no field for, kept as it is."""

    heading: str
    line: int
    texts: list[str] = field(default_factory=list)


@dataclass
class Page:
    address: str | None = None
    title: str | None = None
    image: str | None = None
    caption: str | None = None
    credits: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    target_group_text: list[str] = field(default_factory=list)
    """A "Doelgroep" written as sentences: it describes the group, it names no concept."""
    description: list[str] = field(default_factory=list)
    success_factors: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    policy_domains: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    """Unknown sections, and lines that fit no field, in page order."""
    complete: bool = False
    """The footer was reached: the copy is whole."""
    truncated: bool = False
    """The copy is known to be cut off: said so on import, or marked on the page."""
    cut: str | None = None
    """The unfinished sentence a truncated copy ends in, left out: the text of its last line
    after the last sentence end, or the whole line when it has no whole sentence."""
    seen: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def keep(self, heading: str, line: Line, why: str) -> None:
        """Keep a line that fits no field as text under `heading`, with a warning."""
        if not self.sections or self.sections[-1].heading != heading:
            self.sections.append(Section(heading, line.number))
        self.sections[-1].texts.append(_item_text(line))
        self.warnings.append(f"line {line.number}: {why}; kept as text under {heading!r}")


def section_of(line: Line) -> str | None:
    text = line.text.rstrip(":").strip().casefold().replace("ë", "e")
    return SECTIONS.get(text)


def unknown_heading(line: Line) -> bool:
    """A heading of a section the model does not know: an HTML heading, or a short text line
    ending in a colon that is no initiative's detail ("Resultaten:")."""
    if line.bullet or line.continued or not line.text:
        return False
    if line.heading:
        return True
    text = line.text
    short = text.endswith(":") and len(text.split()) <= 4 and text[0].isupper()
    return short and not any(p.match(text) for p in (CONTACT, MORE_INFO, PARTNERS, WEBSITE))


def prose(text: str) -> bool:
    """A sentence, not a label: too long for a name, or punctuated as a sentence."""
    return len(text.split()) > LABEL_WORDS or bool(re.search(r"[.!?:;]\s|[.!?]$", text))


def looks_like_places(text: str) -> bool:
    """A heading of place names: short names in a list, no sentence, no colon."""
    if not text or ":" in text or len(text) > 400 or text.endswith((".", "!", "?")):
        return False
    items = [item for item in re.split(r"[,;()]|\s+en\s+", text) if item.strip()]
    return bool(items) and all(
        len(item.split()) <= 5 and all(NAME_WORD.match(word) for word in item.split())
        for item in items
    )


def split_title(text: str) -> tuple[str | None, str | None]:
    """ "Project name: what it does" → (name, text); a short phrase alone is a name."""
    head, colon, rest = text.partition(":")
    head = head.strip()
    short = head and len(head.split()) <= TITLE_WORDS
    if colon and rest.strip() and short and not re.search(r"[.!?]\s", head) and "@" not in head:
        return head, rest.strip()
    if not colon and len(text.split()) <= TITLE_WORDS + 1 and not text.endswith("."):
        return text, None
    return None, text


def parse(lines: list[Line], truncated: bool = False) -> Page:
    """Read the lines into a Page; problems become warnings on it, never exceptions."""
    page = Page(truncated=truncated)
    body = _cut_footer(page, lines)
    sections: dict[str, list[Line]] = {}
    current = "preamble"
    sections[current] = []
    for line in body:
        name = section_of(line)
        if name is not None and not line.bullet:
            if name in sections:
                page.warnings.append(f"line {line.number}: a second '{line.text}' section")
            current = name
            sections.setdefault(current, [])
            page.seen.add(name)
            continue
        places = current == "blocks" and looks_like_places(line.text)
        if current != "preamble" and unknown_heading(line) and not places:
            current = f"other:{line.number}"
            sections[current] = [line]
            continue
        sections[current].append(line)
    _preamble(page, sections.pop("preamble"))
    for name, content in sections.items():
        if name.startswith("other:"):
            _other(page, content)
        elif name == "blocks":
            page.blocks = _blocks(page, content)
        elif name == "description":
            page.description = [_item_text(line) for line in _kept(page, content)]
        elif name in ("categories", "target_groups", "policy_domains"):
            _labels(page, name, content)
        else:
            setattr(page, name, _items(page, content))
    return page


TRUNCATION = re.compile(r"^(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.)$")
"""A line that marks a copy as cut off where it stands: "[…]", "(...)", "…"."""
COMPLETE = re.compile(r"[.!?…:;)\]\"'’”»]$|@\S+$|^\S+://\S+$")
"""How a whole last line ends: punctuation, an address or an e-mail address."""
SENTENCE_END = re.compile(r"[.!?…]+[)\]\"'’”»]*\s+")
"""Where a sentence may end inside a line, unless a lower-case word follows ("bv. de dienst" goes
on). In doubt it is an end: a whole sentence is never left out."""


def _cut_footer(page: Page, lines: list[Line]) -> list[Line]:
    for index, line in enumerate(lines):
        if line.text.casefold().startswith(FOOTER):
            page.complete = True
            return lines[:index]
    if lines and TRUNCATION.match(lines[-1].text):
        page.truncated = True
        lines = lines[:-1]
    if not lines:
        return lines
    if not page.truncated:
        page.warnings.append(
            f"line {lines[-1].number}: the page has no footer, so it may be incomplete;"
            " if it was cut off, import it with --truncated"
        )
        return lines
    return lines[:-1] + _without_unfinished(page, lines[-1])


def _without_unfinished(page: Page, last: Line) -> list[Line]:
    """The last line of a truncated copy without the sentence it stops in: its whole sentences
    stay; a line without one goes. A line that ends properly stays whole."""
    text = last.text
    if COMPLETE.search(text) or section_of(last) is not None:
        return [last]
    ends = [end.end() for end in SENTENCE_END.finditer(text) if not text[end.end()].islower()]
    kept = text[: ends[-1]].rstrip() if ends else ""
    page.cut = text[len(kept) :].strip()
    what = "its unfinished sentence is" if kept else "it is"
    page.warnings.append(
        f"line {last.number}: the copy is cut off and its last line stops mid-sentence;"
        f" {what} left out: {page.cut!r}"
    )
    return [replace(last, text=kept)] if kept else []


def _preamble(page: Page, lines: list[Line]) -> None:
    for index, line in enumerate(lines):
        text = line.text
        if index == 0 and ADDRESS.match(text):
            page.address = text
        elif page.title is None and (line.heading or _title_line(lines, index)):
            page.title = text
        elif page.image is None and IMAGE.match(text):
            page.image = text
        elif page.image is not None and page.caption is None and text.casefold() == CAPTION:
            page.caption = text
        elif CREDIT.match(text) and len(text) < 200:
            page.credits.append(text)
        elif text:
            page.intro.append(text)


def _title_line(lines: list[Line], index: int) -> bool:
    """The heading, copied as a text line: the first line (after the address), a short name
    (no sentence, no image file, caption or credit) with more of the preamble after it."""
    first = 1 if lines and ADDRESS.match(lines[0].text) else 0
    if index != first or index + 1 >= len(lines) or lines[index].bullet:
        return False
    text = lines[index].text
    other = IMAGE.match(text) or CREDIT.match(text) or text.casefold() == CAPTION
    return not prose(text) and not other


def _other(page: Page, lines: list[Line]) -> None:
    heading, *content = lines
    section = Section(heading.text.rstrip(":").strip() or heading.text, heading.number)
    section.texts = [_item_text(line) for line in _kept(page, content)]
    page.sections.append(section)
    page.warnings.append(
        f"line {heading.number}: the section {section.heading!r} is not part of the model;"
        " kept as text on the practice"
    )


def _labels(page: Page, name: str, lines: list[Line]) -> None:
    """Concept labels: one per list item or paragraph (policy domains also as a list in one
    line); a sentence is kept as text (a target group's description), never read as a label."""
    heading = {"categories": "Categorie", "target_groups": "Doelgroep"}.get(name, "Beleidsdomeinen")
    labels: list[str] = getattr(page, name)
    for line in _kept(page, lines):
        if prose(line.text):
            if name == "target_groups":
                page.target_group_text.append(_item_text(line))
            else:
                page.keep(heading, line, "a sentence, not a label")
        elif name == "policy_domains":
            labels.extend(item for item in LIST.split(line.text) if item.strip())
        else:
            labels.append(line.text)


def _item_text(line: Line) -> str:
    return f"• {line.text}" if line.bullet else line.text


def _kept(page: Page, lines: list[Line]) -> list[Line]:
    """The lines with text; an empty list item is left out, with a warning."""
    for line in lines:
        if not line.text:
            page.warnings.append(f"line {line.number}: an empty list item is left out")
    return [line for line in lines if line.text]


def _items(page: Page, lines: list[Line]) -> list[str]:
    """One item per list item or paragraph; indented lines continue the item before."""
    items: list[str] = []
    for line in _kept(page, lines):
        if line.continued and items:
            items[-1] += "\n" + line.text
        else:
            items.append(line.text)
    return items


def _blocks(page: Page, lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    current: Initiative | None = None
    for line in lines:
        if (line.heading or (not line.bullet and not line.continued)) and looks_like_places(
            line.text
        ):
            blocks.append(Block(line.text, line.number))
            current = None
            continue
        if not blocks:
            if line.text:
                page.keep("Deze praktijk in", line, "text before any place names")
            continue
        block = blocks[-1]
        if not line.text:
            page.warnings.append(f"line {line.number}: an empty list item is left out")
            continue
        if _property(line, current):
            continue
        if current is not None and (line.continued or (not line.bullet and current.paragraphs)):
            current.paragraphs.append(line.text)
            continue
        if current is not None and not line.bullet and current.title and not current.paragraphs:
            current.paragraphs.append(line.text)
            continue
        title, text = split_title(line.text) if line.bullet else _paragraph_title(line.text)
        current = Initiative(line.number, title, [text] if text else [])
        block.initiatives.append(current)
    for block in blocks:
        if not block.initiatives:
            block.initiatives.append(Initiative(block.line))
            page.warnings.append(
                f"line {block.line}: the places {block.places!r} have no text;"
                " kept as an initiative without name or description"
            )
    return blocks


def _paragraph_title(text: str) -> tuple[str | None, str | None]:
    """A paragraph's project name needs the colon; without one it is all description."""
    title, rest = split_title(text)
    return (title, rest) if rest is not None and title is not None else (None, text)


def _property(line: Line, current: Initiative | None) -> bool:
    """Contact, Meer info, Partners and Website lines, glued to their values or not."""
    if current is None:
        return False
    text = line.text
    if CONTACT.match(text) and EMAIL.search(text):
        value = CONTACT.sub("", text, count=1)
        emails = EMAIL.findall(value)
        name = EMAIL.sub("", value).strip(" :;,-") or None
        current.contacts.append(Contact(name, emails))
        return True
    if MORE_INFO.match(text):
        value = MORE_INFO.sub("", text, count=1).strip()
        if value:
            current.more_info.append(Link(value, _url(line, value)))
            return True
    if PARTNERS.match(text):
        value = PARTNERS.sub("", text, count=1)
        current.partners.extend(p for p in LIST.split(value) if p.strip())
        return True
    if WEBSITE.match(text) and len(text.split()) <= 3:
        value = WEBSITE.sub("", text, count=1).strip() or "Website"
        current.more_info.append(Link(value, _url(line, value)))
        return True
    return False


def _url(line: Line, value: str) -> str | None:
    if ADDRESS.match(value):
        return value
    for text, href in line.links:
        if href.startswith("http") and (text in value or value in text or len(line.links) == 1):
            return href
    return None
