"""What search engines read: robots.txt, a paged sitemap of every practice and municipality page,
and the schema.org description embedded in those pages. Through the real server."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx

from practicegraph.core.settings import BuildSettings
from tests.http.conftest import in_process

BASE = "http://localhost:8000/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def embedded(html: str) -> dict[str, object]:
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert "</" not in script, "nothing in it can close the script element"
    found: dict[str, object] = json.loads(script)
    return found


def test_robots_names_the_sitemap_and_keeps_crawlers_off_queries(http: httpx.Client) -> None:
    robots = http.get("/robots.txt")
    assert robots.status_code == 200
    lines = robots.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /sparql" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def test_the_sitemap_lists_every_practice_and_municipality_page_in_pages(
    built: tuple[BuildSettings, object, Path], http: httpx.Client, tmp_path: Path
) -> None:
    settings, _outcome, _folder = built
    counts = http.get("/sparql", params={"query": (
        f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?c {{ <{BASE}ns/praktijk#Practice>"
        f" <{BASE}ns/praktijk#Municipality> }} ?x a ?c }}"
    )}, headers={"Accept": "text/csv"})  # fmt: skip
    expected = int(counts.text.split()[1])
    with in_process(settings, sitemap_size=100) as client:
        index = ET.fromstring(client.get("/sitemap.xml").content)
        files = [loc.text or "" for loc in index.findall("s:sitemap/s:loc", NS)]
        assert len(files) == -(-expected // 100)
        urls: list[str] = []
        for address in files:
            page = ET.fromstring(client.get(address.removeprefix(BASE.rstrip("/"))).content)
            found = [loc.text or "" for loc in page.findall("s:url/s:loc", NS)]
            assert len(found) <= 100
            urls += found
        assert len(urls) == len(set(urls)) == expected
        assert f"{BASE}doc/praktijk/opvoedingsondersteuning" in urls
        assert f"{BASE}doc/gemeente/71022" in urls
        for url in urls[:3] + urls[-3:]:
            assert client.get(url.removeprefix(BASE.rstrip("/"))).status_code == 200
        assert client.get(f"/sitemap/{len(files) + 1}.xml").status_code == 404


def test_a_practice_page_embeds_its_schema_org_description(http: httpx.Client) -> None:
    html = http.get("/doc/praktijk/opvoedingsondersteuning", headers={"Accept": "text/html"}).text
    found = embedded(html)
    assert found["@context"] == "https://schema.org"
    assert found["@type"] == "CreativeWork"
    assert found["name"] == "Opvoedingsondersteuning"
    assert found["url"] == f"{BASE}doc/praktijk/opvoedingsondersteuning"
    parts, coverage, audience = found["hasPart"], found["spatialCoverage"], found["audience"]
    assert isinstance(parts, list)
    assert isinstance(coverage, list)
    assert isinstance(audience, list)
    assert len(parts) == 20
    places = {p["name"] for p in coverage}
    assert len(places) == 34
    assert "Hasselt" in places
    audiences = {a["audienceType"] for a in audience}
    assert audiences == {"Anderstalige ouders met jonge kinderen", "Kwetsbare gezinnen"}


def test_a_municipality_page_embeds_its_schema_org_description(http: httpx.Client) -> None:
    found = embedded(http.get("/doc/gemeente/71022", headers={"Accept": "text/html"}).text)
    assert found["@type"] == "AdministrativeArea"
    assert found["identifier"] == "71022"
    assert found["name"] == "Hasselt"
    same_as = found["sameAs"]
    assert isinstance(same_as, list)
    assert "http://www.wikidata.org/entity/Q58780" in same_as
    assert found["containedInPlace"] == [
        {"@type": "AdministrativeArea", "@id": f"{BASE}id/provincie/70000", "name": "Limburg"}
    ]
