"""Personal values in free text: e-mail addresses, Belgian telephone numbers, and the names
data/personal-data.csv lists. Found by the import (which proposes rows) and by every build
(which withholds what is not reviewed functional), with one set of patterns.

Telephone numbers are matched by their Belgian shapes only (a 0 or +32/0032 and 8 or 9 more
digits, in groups of two to four, or as one run): NIS codes, postcodes, years, amounts and dates
have other shapes, and the tests hold a list of them that must never match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from practicegraph.core.personal_data import Kind, PersonalData, as_read, normal

EMAIL = re.compile(
    r"(?<![\w.+-])(?:mailto:)?([^\W_][\w.%+-]*@(?:[^\W_]|-)+(?:\.(?:[^\W_]|-)+)*"
    r"\.[^\W\d_]{2,})(?![\w-])"
)
r"""An address, its letters any script's (jürgen.peeters@gemeente.be, an IDN domain): `[^\W_]`
is a letter or digit of any script, `[^\W\d_]` a letter. Only the letters widen; what stands
before and after an address, and its punctuation, are as they were."""
_SPACE = r"[ \u00a0\u202f\u2009\n]"
_SEP = rf"(?:{_SPACE}?[./\u2013-]{_SPACE}?|{_SPACE})"
_BELGIAN = (
    rf"(?:(?:\+|00){_SPACE}?32|\(\+32\)){_SEP}?(?:\(0\){_SEP}?)?\(?[1-9]\d{{0,2}}\)?"
    rf"|\(0\d{{1,3}}\)|0[1-9]\d{{0,2}}"
)
_FOREIGN = rf"(?:\+|00){_SPACE}?(?!32)[1-9]\d{{0,2}}"
TELEPHONE = re.compile(
    rf"(?<![\d+])(?<!\d[.,/-])(?:{_BELGIAN}|{_FOREIGN})"
    rf"(?:{_SEP}\d{{1,8}}(?:{_SEP}\d{{1,8}}){{0,5}}|\d{{5,9}})"
)
"""A number's start (a Belgian area or mobile prefix, 0 or +32/0032/(+32), with (0) or in
brackets; or another country's code) and its digits, grouped or not. Where the digits run on
into a second number, `numbers` cuts at the last group that leaves a whole one."""
_SEPARATOR = re.compile(_SEP)
_AFTER = re.compile(r"\w")
_ENTERPRISE = re.compile(r"\d{4}\.\d{3}\.\d{3}")
"""An enterprise number's shape (0403.227.515): never taken for a telephone number."""
WHATSAPP = re.compile(
    r"(?:wa\.me/|whatsapp\.com/send/?\?(?:[^#\s]*&)?phone=)\+?([1-9]\d{7,14})(?!\d)"
)
"""A WhatsApp link's number (wa.me/32470123456, api.whatsapp.com/send?phone=…): its country
code without + or 00, which no other pattern takes for a number, and a tap calls the person."""
_REGISTERS = ("ondernemingsnummer", "kbo", "btw", "rekening", "iban")
"""Words that, just before a number, say it is no telephone number."""
_DOT = re.compile(r"\s*(?:\[dot\]|\(dot\))\s*|．", re.IGNORECASE)
OBSCURED_EMAIL = re.compile(
    r"(?<![\w.+-])(\w[\w.%+-]*)\s*(?:\[at\]|\(at\)|\[@\]|\s@|@\s|＠|%40)\s*"
    rf"(\w[\w-]*(?:(?:\.|{_DOT.pattern})[\w-]+)*(?:\.|{_DOT.pattern})[^\W\d_]{{2,}})(?![\w-])",
    re.IGNORECASE,
)
"""An address written to fool harvesters (jan [at] gemeente [dot] be, jan%40gemeente.be), or
with a space or line break at its @: still a person's address."""

_MAYBE = re.compile(r"[@\d]")

PLACEHOLDERS: dict[Kind, str] = {
    "email": "[e-mailadres weggelaten]",
    "telephone": "[telefoonnummer weggelaten]",
    "name": "[naam weggelaten]",
}
"""What the published text says where a value is withheld (Dutch, as the texts are)."""


def national(number: str) -> str | None:
    """The number as its digits with the trunk 0 (0470123456), or None if it has not the
    length of a Belgian number: 9 digits, or 10 for a mobile number (045… to 049…)."""
    digits = normal("telephone", number)
    if not digits.startswith("0") or digits.startswith("00"):
        return None
    if (len(digits) == 10 and digits[:2] == "04" and digits[2] in "56789") or len(digits) == 9:
        return digits
    return None


def whole(piece: str) -> bool:
    """A Belgian number of the right length, or another country's of 8 to 15 digits."""
    start = piece.lstrip()
    foreign = start.startswith(("+", "00")) and not re.match(rf"(?:\+|00){_SPACE}?32", start)
    if foreign:
        return 8 <= len(re.sub(r"\D", "", start).removeprefix("00")) <= 15
    return national(piece) is not None and not _ENTERPRISE.fullmatch(piece.strip())


def numbers(text: str) -> list[tuple[int, int]]:
    """The spans of the telephone numbers in the text: each match cut back to its longest
    prefix that is a whole number, and never a number the words before it call something else."""
    found: list[tuple[int, int]] = []
    position = 0
    while (match := TELEPHONE.search(text, position)) is not None:
        written = match.group()
        cuts = [len(written), *reversed([m.start() for m in _SEPARATOR.finditer(written)])]
        span = None
        for cut in cuts:
            piece = written[:cut].rstrip(" ./-\u2013")
            end = match.start() + len(piece)
            if whole(piece) and not _AFTER.match(text, end):
                span = (match.start(), end)
                break
        before = text[max(0, match.start() - 40) : match.start()].casefold()
        if span is not None and not any(word in before for word in _REGISTERS):
            found.append(span)
            position = span[1]
        else:
            position = match.start() + 1
    return found


@dataclass(frozen=True)
class Found:
    kind: Kind
    value: str
    """As written in the text, or as dialled or typed where the text spells it otherwise
    (jan [at] x [dot] be, wa.me/32…)."""
    start: int
    end: int


def spellings(name: str) -> list[str]:
    """The ways a text writes a person's name: as listed, family name first (with or without a
    comma), and with the first name cut to its initial before or after it ("E. Brouwer",
    "Brouwer, E.")."""
    words = name.split()
    if len(words) < 2:
        return [" ".join(words)]
    first, rest = words[0], " ".join(words[1:])
    initial = f"{first[0]}."
    return [
        " ".join(words),
        *(f"{rest}{comma} {given}" for given in (first, initial) for comma in ("", ",")),
        f"{initial} {rest}",
    ]


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the listed names in all their spellings, longest first, as whole words,
    any case and spacing."""
    spelled = sorted(
        {spelling for n in names if n.strip() for spelling in spellings(as_read(n))},
        key=len,
        reverse=True,
    )
    if not spelled:
        return None
    words = [r"\s+".join(re.escape(w) for w in name.split()) for name in spelled]
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", re.IGNORECASE)


def obscured(match: re.Match[str]) -> str:
    """The address an obscured spelling stands for, as a mail client's user types it."""
    return f"{match.group(1)}@{_DOT.sub('.', match.group(2))}"


def find(text: str, names: re.Pattern[str] | None = None) -> list[Found]:
    """Every e-mail address, telephone number and listed name in the text, in order, none
    overlapping (an address wins over a number inside it)."""
    found: list[Found] = []

    def add(kind: Kind, value: str, start: int, end: int) -> None:
        if all(end <= f.start or start >= f.end for f in found):
            found.append(Found(kind, value, start, end))

    if _MAYBE.search(text):  # most texts hold no @ and no digit: one search, not two
        for match in EMAIL.finditer(text):
            add("email", match.group(1), match.start(1), match.end(1))
        for match in OBSCURED_EMAIL.finditer(text):
            add("email", obscured(match), match.start(), match.end())
        for match in WHATSAPP.finditer(text):
            add("telephone", f"+{match.group(1)}", match.start(1), match.end(1))
        for start, end in numbers(text):
            add("telephone", text[start:end], start, end)
    elif "＠" in text or "[at]" in (folded := text.casefold()) or "(at)" in folded:
        # without an @ only these spellings: "at" alone stands in most Dutch texts (dat, straat)
        for match in OBSCURED_EMAIL.finditer(text):
            add("email", obscured(match), match.start(), match.end())
    for match in names.finditer(text) if names is not None else ():
        add("name", match.group(), match.start(), match.end())
    return sorted(found, key=lambda f: f.start)


def withheld(found: Found, personal: PersonalData) -> bool:
    """In free text only what the list calls functional is published."""
    return personal.status(found.kind, found.value) != "functional"


def redact(text: str, found: list[Found]) -> str:
    """The text with each value replaced by its placeholder."""
    parts, at = [], 0
    for value in found:
        parts += [text[at : value.start], PLACEHOLDERS[value.kind]]
        at = value.end
    return "".join(parts) + text[at:]
