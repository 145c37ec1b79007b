"""The site in a real browser: Debian's Chromium driven by Playwright, against the real server.

A person's path: home → search → two filters → a practice → one of its municipalities, and
the SPARQL editor running an example query. Screenshots are kept in test-artifacts/screenshots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import ROOT, Server
from tests.http.test_completeness import HEADINGS

pytestmark = pytest.mark.slow  # Chromium drives the real server

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SOURCE_ORDER = ["Inleiding", *HEADINGS]
"""The source page's headings, its untitled introduction first."""


def axe_violations(page: Page) -> list[str]:
    """axe-core (the engine behind Lighthouse's accessibility audit) with the WCAG 2.1 A and
    AA rules, contrast included: each violation as rule and elements."""
    # evaluated through the driver, which the Content-Security-Policy does not govern (an
    # injected <script> would be refused by it, as an attacker's would)
    page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    found: list[str] = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        WCAG,
    )
    return found


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), "install Debian's chromium (.ci/run does)"
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh page that records every request that leaves our server, and anything the
    Content-Security-Policy refused (the site and the editor must live within it)."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(server.url) else elsewhere.append(request.url)
        ),
    )
    yield page
    context.close()
    assert elsewhere == [], "the site loads nothing from other hosts"
    assert refused == [], "nothing the page needs is refused by its Content-Security-Policy"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_home_search_filter_practice_municipality(page: Page) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Goede praktijken van Vlaamse lokale besturen")
    expect(page.locator("ul.counts li").first).to_contain_text("3 praktijken")
    expect(page.locator("ul.newest li")).to_have_count(3)
    shot(page, "1-home")

    page.get_by_label("Praktijken zoeken").fill("kinderopvang")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#found")).to_have_text("1 praktijk voor ‘kinderopvang’")
    expect(page.locator(".hits h3")).to_have_text(["Opvoedingsondersteuning"])

    facets = page.get_by_role("complementary", name="Filters")
    facets.get_by_role("link", name="Limburg").click()
    facets.get_by_role("link", name="Kwetsbare gezinnen").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "q": ["kinderopvang"],
        "provincie": ["70000"],
        "doelgroep": ["kwetsbare-gezinnen"],
    }
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.locator(".hits h3")).to_have_text(["Opvoedingsondersteuning"])
    expect(facets.locator("a.chosen")).to_have_count(2)
    shot(page, "2-search-two-filters")

    page.locator(".hits a").first.click()
    expect(page).to_have_url(re.compile(r"/doc/praktijk/opvoedingsondersteuning$"))
    expect(page.locator("h1")).to_have_text("Opvoedingsondersteuning")
    headings = [*SOURCE_ORDER, "In de codelijsten van IPDC-LPDC", "Meer gegevens"]
    assert page.locator("article h2").all_inner_texts() == headings
    groups = page.locator(".initiatives > li")
    expect(groups).to_have_count(18)  # 20 initiatives; Sint-Niklaas has three under one heading
    expect(groups.first.locator("h3 a")).to_have_text(["Aalst", "Geraardsbergen"])
    sint_niklaas = groups.filter(has=page.get_by_role("link", name="Sint-Niklaas", exact=True))
    expect(sint_niklaas.locator(".initiative")).to_have_count(3)
    shot(page, "3-practice")

    page.locator(".initiatives h3").get_by_role("link", name="Hasselt", exact=True).click()
    expect(page).to_have_url(re.compile(r"/doc/gemeente/71022$"))
    expect(page.locator("h1")).to_have_text("Hasselt")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Limburg")
    expect(facts).to_contain_text("2024-12-31")
    expect(page.get_by_role("link", name="Opvoedingsondersteuning")).to_be_visible()
    shot(page, "4-municipality")
    page.locator("dl.facts").get_by_role("link", name="Hasselt").click()
    expect(page).to_have_url(re.compile(r"/doc/gemeente/71072$"))


def test_sparql_editor_runs_an_example_query(page: Page) -> None:
    page.goto("/sparql")
    expect(page.locator(".yasqe .CodeMirror")).to_be_visible()
    page.get_by_role("button", name="Praktijken per provincie").click()
    results = page.locator(".yasr table")
    expect(results).to_contain_text("Limburg", timeout=15_000)
    expect(results).to_contain_text("West-Vlaanderen")
    rows = results.locator("tbody tr")
    expect(rows).to_have_count(5)
    shot(page, "5-sparql-editor")
    assert axe_violations(page) == [], "the editor with its results table"


def test_the_finder_needs_no_javascript(browser: Browser, server: Server) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/praktijken?q=gezinnen")
    expect(page.locator(".hits h3")).to_have_text(["Opvoedingsondersteuning"])
    page.get_by_role("link", name=re.compile("^Oost-Vlaanderen")).click()
    expect(page.locator(".chip")).to_have_count(1)
    page.get_by_role("link", name="Filter Oost-Vlaanderen wissen").click()
    expect(page.locator(".chip")).to_have_count(0)
    context.close()


def test_usable_on_a_phone_and_by_keyboard(browser: Browser, server: Server) -> None:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    for path, name in (
        ("/doc/praktijk/opvoedingsondersteuning", "6-phone-practice"),
        ("/praktijken", "7-phone-finder"),
    ):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone"
        shot(page, name)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Naar de inhoud", "the first Tab offers to skip to the content"
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == "main"
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/praktijken?q=kinderopvang&provincie=70000",
        "/doc/praktijk/opvoedingsondersteuning",
        "/doc/gemeente/71022",
        "/ns/praktijk",
        "/sparql",
        "/doc/concept/doelgroep/nieuwkomers",
    ],
)
def test_pages_pass_axe_wcag_aa_checks(page: Page, path: str) -> None:
    """axe-core (the engine behind Lighthouse's accessibility audit): WCAG 2.1 A and AA rules,
    contrast included."""
    page.goto(path)
    assert axe_violations(page) == []


def test_the_content_security_policy_refuses_an_injected_script(
    browser: Browser, server: Server
) -> None:
    """The positive control: what the policy is for (an inline script, as an injection would
    add) is refused, on a page that works within it."""
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto("/sparql")
    expect(page.locator(".yasqe .CodeMirror")).to_be_visible()
    with pytest.raises(PlaywrightError):
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("window.injected === undefined")
    context.close()
    assert any("Content Security Policy" in text for text in refused)


PREFIXED = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*:[A-Za-z][\w-]*")
"""A prefixed name as a person would see it (`dct:spatial`, `schema:image`); not a time, a URL's
scheme followed by `//`, an e-mail address or a sentence's colon before a space."""


@pytest.mark.parametrize(
    "path", ["/doc/praktijk/opvoedingsondersteuning", "/doc/praktijk/instroommeting"]
)
def test_a_practice_page_reads_in_words_not_prefixed_names(page: Page, path: str) -> None:
    page.goto(path)
    page.get_by_text("Meer gegevens").first.wait_for()
    for details in page.locator("details").all():  # what a reader can open is read too
        details.evaluate("node => node.open = true")
    seen = page.locator("main").inner_text()
    assert not PREFIXED.findall(seen), PREFIXED.findall(seen)
    if path.endswith("opvoedingsondersteuning"):
        place = page.get_by_role(
            "heading", name=re.compile(r"Hasselt \(sinds 2025: Hasselt, 71072\)")
        )
        expect(place).to_be_visible()
        later = place.get_by_role("link", name="Hasselt, 71072")
        assert later.get_attribute("href") == "/id/gemeente/71072"
