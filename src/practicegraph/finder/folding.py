"""How the site's search reads text: lower case, no diacritics, words of letters and digits.
One definition, used where the build indexes practices and where the server reads a query."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without diacritics: what both sides of a comparison are reduced to."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a text (split first, so only words with diacritics decompose)."""
    if not text.isascii():  # composed first: a combining accent is no word character
        text = unicodedata.normalize("NFC", text)
    return [fold(word) for word in WORD.findall(text.casefold())]
