"""Fair use of the SPARQL endpoint: a bound on the queries one client address has running and
waiting, and on all of them, per server process. Past either, a query is refused at once with
429 Too Many Requests and a Retry-After (what the LDES primer and harvesters expect on
overload), instead of waiting behind a crowd. Resource pages, dumps and the event stream never
come here: they are not queued behind SPARQL at all."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Admission:
    per_client: int
    overall: int
    held: Counter[str] = field(default_factory=Counter)
    """Queries running or waiting, by client address (the event loop is the only writer)."""

    def enter(self, client: str) -> str | None:
        """None if the query may run (it then holds a place until `leave`), else why not."""
        if self.held[client] >= self.per_client:
            return f"a client may have {self.per_client} queries running or waiting at once"
        if sum(self.held.values()) >= self.overall:
            return f"{self.overall} queries are running or waiting already"
        self.held[client] += 1
        return None

    def leave(self, client: str) -> None:
        self.held[client] -= 1
        if self.held[client] <= 0:
            del self.held[client]
