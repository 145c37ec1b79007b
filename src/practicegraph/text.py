"""How the site's search reads text: lower case, no diacritics, words of letters and digits.
One definition, used where the build indexes practices and where the server reads a query."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without diacritics: what both sides of a comparison are reduced to."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))
