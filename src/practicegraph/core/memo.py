"""What a process works out once and looks up after: how an IRI or a literal is written. Bounded
in entries (cleared when full) and in bytes (a long key is worked out each time, never kept): the
keys that recur are short, and a query's answer of long made-up IRIs must not fill a worker."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

LONGEST = 512
"""Characters of the longest key kept."""


class Memo(dict[K, V]):
    def __init__(self, entries: int) -> None:
        super().__init__()
        self.entries = entries

    def keep(self, key: K, length: int, value: V) -> V:
        """The value, kept under the key if the key's text (`length` characters) is short."""
        if length <= LONGEST:
            if len(self) >= self.entries:
                self.clear()
            self[key] = value
        return value
