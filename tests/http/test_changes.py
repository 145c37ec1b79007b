"""What changed, for people and feed readers: the page /wijzigingen and its Atom feed, made from
the event stream of the session's build (its three practices, each added once)."""

from __future__ import annotations

import feedparser
import httpx

from tests.conftest import PRACTICES

BASE = "http://localhost:8000/"


def test_the_changes_page_lists_each_practice_added_with_a_link(http: httpx.Client) -> None:
    page = http.get("/wijzigingen")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for key in PRACTICES:
        assert f'href="/doc/praktijk/{key}"' in page.text
    assert page.text.count("Toegevoegd: ") == len(PRACTICES)
    assert 'href="/wijzigingen.atom"' in page.text
    assert 'href="/wijzigingen"' in http.get("/").text, "linked from every page's footer"


def test_the_feed_is_valid_atom_with_an_entry_per_change(http: httpx.Client) -> None:
    answer = http.get("/wijzigingen.atom")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/atom+xml"
    parsed = feedparser.parse(answer.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == f"{BASE}wijzigingen.atom"
    assert parsed.feed.author == "practicegraph"
    entries = parsed.entries
    assert len(entries) == len(PRACTICES)
    assert {e.link for e in entries} == {f"{BASE}doc/praktijk/{key}" for key in PRACTICES}
    assert all(e.title.startswith("Toegevoegd: ") for e in entries)
    assert len({e.id for e in entries}) == len(entries)
    assert [e.updated for e in entries] == sorted((e.updated for e in entries), reverse=True)
