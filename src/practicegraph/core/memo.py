"""What a process works out once and looks up after. `Memo`: how an IRI or a literal is written,
bounded in entries (cleared when full) and in bytes (a long key is worked out each time, never
kept): the keys that recur are short, and a query's answer of long made-up IRIs must not fill a
worker. `Budgeted`: values whose sizes differ too much for a count of entries to bound them,
bounded by what they cost."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Generic, TypeVar

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


class Budgeted(Generic[K, V]):
    """Values kept within a budget of their costs (bytes, say), the least recently used out
    first; safe to share between the threads that run a server's routes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self.lock = Lock()

    def get(self, key: K) -> V | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def keep(self, key: K, value: V, cost: int) -> V:
        """The value, kept unless it alone costs more than the budget."""
        with self.lock:
            if cost <= self.budget and key not in self.entries:
                self.entries[key] = (value, cost)
                self.used += cost
                while self.used > self.budget:
                    _key, (_value, dropped) = self.entries.popitem(last=False)
                    self.used -= dropped
        return value
