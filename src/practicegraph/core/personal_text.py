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

from practicegraph.core.personal_data import Kind, PersonalData, normal

EMAIL = re.compile(
    r"(?<![\w.+-])(?:mailto:)?([A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,})(?![\w-])"
)
_SEP = r"(?:[ \u00a0]?[./-][ \u00a0]?|[ \u00a0])"
_GROUPS = rf"(?:\d{{2,4}}(?:{_SEP}\d{{2,4}}){{1,4}}|\d{{6,9}})"
TELEPHONE = re.compile(
    rf"(?<![\w+/.,-])(?:(?:\+|00)32{_SEP}?(?:\(0\){_SEP}?)?[1-9]\d{{0,2}}|0[1-9]\d{{0,2}})"
    rf"(?:{_SEP}{_GROUPS}|\d{{6,8}})(?!\w|[/.,-]\d)"
)
"""A national number (0 and an area or mobile prefix) or an international one (+32, 0032,
optionally with (0)); then the subscriber's digits, grouped or not. `digits` checks the count."""

_MAYBE = re.compile(r"[@\d]")

PLACEHOLDERS: dict[Kind, str] = {
    "email": "[e-mailadres weggelaten]",
    "telephone": "[telefoonnummer weggelaten]",
    "name": "[naam weggelaten]",
}
"""What the published text says where a value is withheld (Dutch, as the texts are)."""


def national(number: str) -> str | None:
    """The number as its digits with the trunk 0 (0470123456), or None if it has not the
    length of a Belgian number: 9 digits, or 10 for a mobile number (04…)."""
    digits = normal("telephone", number)
    if not digits.startswith("0") or digits.startswith("00"):
        return None
    if (len(digits) == 10 and digits.startswith("04")) or len(digits) == 9:
        return digits
    return None


@dataclass(frozen=True)
class Found:
    kind: Kind
    value: str
    """As written in the text."""
    start: int
    end: int


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the listed names, longest first, as whole words, any case and spacing."""
    spelled = sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True)
    if not spelled:
        return None
    words = [r"\s+".join(re.escape(w) for w in name.split()) for name in spelled]
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", re.IGNORECASE)


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
        for match in TELEPHONE.finditer(text):
            if national(match.group()) is not None:
                add("telephone", match.group(), match.start(), match.end())
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
