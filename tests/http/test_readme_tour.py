"""The README's tour query, read from the README, names no base and answers every practice with
its title (under another base: tests/system/test_dataset.py)."""

from __future__ import annotations

import csv
import io
import re

import httpx

from tests.conftest import ROOT

PRACTICES = {path.stem for path in (ROOT / "data" / "practices").glob("*.ttl")}


def tour_query() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (query,) = re.findall(r"--data-urlencode 'query=([^']+)'", readme)
    return str(query)


def titles(client: httpx.Client, base: str) -> dict[str, str]:
    """Practice identifier (the IRI's last segment under the base) to title, from the tour."""
    endpoint = f"{httpx.URL(base).path}sparql"  # the routes are under the base's path
    answer = client.post(endpoint, data={"query": tour_query()}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert all(row["p"].startswith(f"{base}id/praktijk/") for row in rows), rows
    return {row["p"].rsplit("/", 1)[1]: row["t"] for row in rows}


def test_the_tour_query_names_no_base() -> None:
    assert "localhost" not in tour_query()


def test_the_tour_query_answers_every_practice(http: httpx.Client) -> None:
    found = titles(http, "http://localhost:8000/")
    assert set(found) == PRACTICES
    assert found["opvoedingsondersteuning"]
