"""The README documents every setting and every route a user can call."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicegraph.settings import BuildSettings, ServeSettings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted({*BuildSettings.model_fields, *ServeSettings.model_fields}))
def test_every_setting_is_documented(name: str) -> None:
    assert f"PRACTICEGRAPH_{name.upper()}" in README


@pytest.mark.parametrize(
    "text",
    [
        "/id/",
        "/doc/",
        "/ns/praktijk",
        "/graph/",
        "/sparql",
        "/dumps/",
        "/context/v1.jsonld",
        "/openapi.json",
        "/catalog",
        "/.well-known/void",
        "/ldes/practices",
        "/praktijken",
        "/doc/gemeente/",
        "X-SPARQL-Results-Truncated",
        "make run",
        "make test",
    ],
)
def test_routes_and_headers_are_documented(text: str) -> None:
    assert text in README


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (Path(__file__).resolve().parent.parent / "queries").glob("*.rq")),
)
def test_every_example_query_is_documented(name: str) -> None:
    assert f"`{name}`" in README
