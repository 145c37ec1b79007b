"""A page links only to http(s) and mailto: addresses: the shapes refuse other schemes in the
data, and a javascript: IRI that reaches a store anyway is shown as text, never as an href."""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph
import pytest
from bs4 import BeautifulSoup

from practicegraph.web.render.facts import Facts
from practicegraph.web.render.links import linkable
from practicegraph.web.render.pages import source_of
from tests.conftest import cli, serve

HOSTILE = ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd")


@pytest.mark.parametrize(
    ("iri", "link"),
    [
        ("https://www.vvsg.be/", True),
        ("http://vocab.belgif.be/auth/refnis2019/71022", True),
        ("mailto:info@example.be", True),
        *((iri, False) for iri in HOSTILE),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("urn:isbn:0451450523", False),
    ],
)
def test_only_http_https_and_mailto_are_linked(iri: str, link: bool) -> None:
    assert linkable(iri) is link


def test_a_source_page_address_of_another_scheme_is_no_link() -> None:
    practice, page = (pyoxigraph.NamedNode(f"http://localhost:8000/id/{n}") for n in ("p", "s"))
    derived = pyoxigraph.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    url = pyoxigraph.NamedNode("http://schema.org/url")
    found = [
        pyoxigraph.Triple(practice, derived, page),
        pyoxigraph.Triple(page, url, pyoxigraph.NamedNode("javascript:alert(1)")),
    ]
    assert source_of(practice.value, Facts(found)) == {"iri": page.value, "url": None}


def addresses(html: str) -> list[str]:
    """Every href and src of a page."""
    tags = BeautifulSoup(html, "html.parser").find_all(True)
    return [str(tag[name]) for tag in tags for name in ("href", "src") if tag.has_attr(name)]


@pytest.mark.slow
def test_a_javascript_iri_in_the_store_is_shown_as_text(project: Path, tmp_path: Path) -> None:
    """Not a web address for the shapes (rdfs:seeAlso, a predicate), so it passes the build:
    the renderer is all that stands between it and an href."""
    with (project / "data" / "organisations.ttl").open("a", encoding="utf-8") as data:
        data.write(
            "<id/organisatie/vvsg> rdfs:seeAlso <javascript:alert(1)> , <data:text/html,x> ;\n"
            '    <javascript:alert(2)> "x" .\n'
        )
    built = cli(project, "build")
    assert built.returncode == 0, built.stderr
    process, port = serve(project, {}, tmp_path / "server.log")
    try:
        page = httpx.get(
            f"http://127.0.0.1:{port}/doc/organisatie/vvsg", headers={"Accept": "text/html"}
        )
    finally:
        process.terminate()
        process.wait(10)
    assert page.status_code == 200
    text = BeautifulSoup(page.text, "html.parser").get_text()
    assert all(iri in text for iri in ("javascript:alert(1)", "data:text", "javascript:alert(2)"))
    found = addresses(page.text)
    assert "https://www.vvsg.be/" in found
    assert [a for a in found if not a.startswith(("/", "#", "http://", "https://"))] == []
