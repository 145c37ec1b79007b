"""Positions read from the data's text: only ASCII digits, and few enough that reading them is
cheap ("²" is a digit to Python and no number to int(); 5,000 digits make int() refuse)."""

from __future__ import annotations

DIGITS = 9


def position(text: str) -> int:
    """The number a position literal writes, or 0 (first) where it writes none we read."""
    if text.isascii() and text.isdigit() and len(text) <= DIGITS:
        return int(text)
    return 0
