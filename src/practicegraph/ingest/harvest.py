"""`practicegraph harvest URL…`: the source site fetched into a mirror folder, politely.

Start URLs are sitemaps or listing pages; the addresses they give that the pattern finds are the
practice pages. Every request honours robots.txt (Crawl-delay too), names the publisher's
contact in its User-Agent and waits its turn (a rate per host). A page fetched before is asked
for again with its ETag and Last-Modified, so an unchanged one costs a 304. A 301 or 308 is a
move (the new address is fetched, the old one remembered); 404 and 410 mean gone; a 5xx, a
timeout or a broken connection is transient: retried with backoff, then left as it was, never
counted as gone. A page is dropped from the mirror only after it was gone in
`harvest_gone_after` consecutive harvests, so that one outage never withdraws a practice.
"""

from __future__ import annotations

import re
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
from bs4 import BeautifulSoup
from protego import Protego

from practicegraph import __version__
from practicegraph.core.settings import HarvestSettings
from practicegraph.ingest.mirror import Mirror, Page

RETRIES = (1.0, 2.0)
"""Seconds to wait before the second and third try of a transient failure."""
CHECKPOINT_SECONDS = 1.0
MOVED = (301, 308)
GONE = (404, 410)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class HarvestError(Exception):
    """A harvest that must not start (no contact to name); says why."""


class TransientError(Exception):
    """A failure that says nothing about the page: the site, or the way to it, failed; says
    how (a status, or the error on the way), for the start pages a person is told about."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(f"{url}: {why}")
        self.url = url
        self.why = why


class TooLargeError(Exception):
    """An answer past harvest_max_page_kb: left unread."""


@dataclass
class Report:
    """What a harvest did, for its summary and its JSON report."""

    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)
    """Gone this time (404, 410, or absent from complete start pages)."""
    dropped: list[str] = field(default_factory=list)
    """Gone long enough: out of the mirror."""
    transient: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    """Not fetched, with why (robots.txt, too large)."""
    complete: bool = True
    """Whether every start page was read: only then does absence count as gone."""
    unread: dict[str, str] = field(default_factory=dict)
    """Start pages that could not be read, with why (a status, or the error on the way)."""
    reached: bool = True
    """Whether any start page was read: if none, the site (or the way to it) is down, and the
    harvest learnt nothing about it."""


def user_agent(settings: HarvestSettings) -> str:
    if not settings.harvest_contact:
        raise HarvestError(
            "set PRACTICEGRAPH_HARVEST_CONTACT to an e-mail address or URL where the site's"
            " owner can reach you (e.g. data@example.be): a harvest says who is asking"
        )
    return f"practicegraph/{__version__} (+{settings.harvest_contact})"


def failure(error: httpx.TimeoutException | httpx.TransportError, timeout: float) -> str:
    """What went wrong on the way to the site, in words: the operator fixes DNS, a firewall or
    the address from it."""
    if isinstance(error, httpx.TimeoutException):
        return f"no answer within {timeout:g} s"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {error or type(error).__name__}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class Harvester:
    def __init__(
        self,
        settings: HarvestSettings,
        mirror: Mirror,
        client: httpx.Client,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.mirror = mirror
        self.client = client
        self.sleep = sleep
        self.agent = user_agent(settings)
        self.pattern = re.compile(settings.harvest_pattern)
        self.robots: dict[str, Protego] = {}
        self.next_turn: dict[str, float] = {}
        self.report = Report()
        self.visited: set[str] = set()
        self.saved = time.monotonic()

    def run(self, starts: list[str]) -> Report:
        self.mirror.run = self.mirror.run or uuid.uuid4().hex
        self.mirror.save()  # a harvest under way, until it completes
        found: list[str] = []
        for start in starts:
            try:
                found += self.addresses(start)
            except TransientError as error:
                self.report.unread[start] = error.why if error.url == start else f"{error}"
        self.report.complete = not self.report.unread
        self.report.reached = len(self.report.unread) < len(set(starts))
        wanted = [u for u in dict.fromkeys(found) if self.pattern.search(u)]
        for url in wanted[: self.settings.harvest_max_pages]:
            self.harvest(self.mirror.page(url))
            self.checkpoint()
        if self.report.complete:
            for page in list(self.mirror.pages.values()):
                if page.url not in self.visited and page.moved_to is None:
                    self.absent(page)
                    self.checkpoint()
        self.mirror.run = None
        self.mirror.save()
        return self.report

    def checkpoint(self) -> None:
        """The state saved at most once a second: a harvest stopped midway fetches again only
        the pages of its last second (each asked with the validators it had), and saving the
        whole state after every page would cost the square of the pages."""
        now = time.monotonic()
        if now - self.saved >= CHECKPOINT_SECONDS:
            self.mirror.save()
            self.saved = now

    def addresses(self, start: str) -> list[str]:
        """The addresses a sitemap (or sitemap index) lists, or the links of a listing page."""
        response = self.get(start, {})
        if response is None:
            raise TransientError(start, self.report.refused.get(start, "not fetched"))
        if response.status_code != 200:
            raise TransientError(start, f"answered {response.status_code}")
        body = response.content
        if body.lstrip().startswith(b"<?xml") or b"<urlset" in body[:512]:
            root = ET.fromstring(body)  # noqa: S314 - bounded by harvest_max_page_kb; expat refuses entity bombs
            locations = [(loc.text or "").strip() for loc in root.iter(f"{SITEMAP}loc")]
            if root.tag == f"{SITEMAP}sitemapindex":
                return [url for sitemap in locations for url in self.addresses(sitemap)]
            return locations
        soup = BeautifulSoup(body, "html.parser")
        links = [urljoin(start, str(a.get("href"))) for a in soup.find_all("a", href=True)]
        host = urlsplit(start).netloc
        return [urldefrag(u).url for u in links if urlsplit(u).netloc == host]

    def harvest(self, page: Page) -> None:
        self.visited.add(page.url)
        headers = {}
        if page.etag:
            headers["If-None-Match"] = page.etag
        if page.last_modified:
            headers["If-Modified-Since"] = page.last_modified
        try:
            response = self.get(page.url, headers)
        except TransientError:
            self.report.transient.append(page.url)
            return
        if response is None:
            return
        if response.status_code in MOVED and "location" in response.headers:
            self.move(page, urljoin(page.url, response.headers["location"]))
            return
        if response.status_code in GONE:
            self.gone(page)
            return
        if response.status_code == 304:
            self.report.not_modified += 1
            self.report.unchanged.append(page.url)
            page.gone = 0
            return
        if response.status_code != 200:
            self.report.refused[page.url] = f"answered {response.status_code}"
            return
        new = page.file is None
        media = response.headers.get("content-type", "").split(";")[0].strip()
        changed = self.mirror.keep(page, response.content, media)
        page.etag = response.headers.get("etag")
        page.last_modified = response.headers.get("last-modified")
        page.gone, page.moved_to = 0, None
        kind = self.report.added if new else self.report.updated if changed else None
        (kind if kind is not None else self.report.unchanged).append(page.url)

    def move(self, page: Page, target: str) -> None:
        """The page lives on at another address: fetched there, its old one remembered."""
        if target in self.report.moved or target == page.url:  # a circle of moves
            self.report.refused[page.url] = f"moves in a circle through {target}"
            return
        page.moved_to = target
        self.mirror.drop(page)
        self.report.moved[page.url] = target
        successor = self.mirror.page(target)
        successor.moved_to = None
        if target not in self.visited:
            self.harvest(successor)

    def absent(self, page: Page) -> None:
        """A page the complete start pages no longer list: asked once more, since a page that
        moved answers 301 at its old address; otherwise it counts as gone."""
        self.visited.add(page.url)
        try:
            response = self.get(page.url, {}) if page.file is not None else None
        except TransientError:
            self.report.transient.append(page.url)
            return
        if response is not None and response.status_code in MOVED:
            self.move(page, urljoin(page.url, response.headers.get("location", page.url)))
        else:
            self.gone(page)

    def gone(self, page: Page) -> None:
        """Counted once per harvest; dropped from the mirror once gone long enough."""
        if page.gone_in != self.mirror.run:
            page.gone += 1
            page.gone_in = self.mirror.run
        self.report.gone.append(page.url)
        if page.gone >= self.settings.harvest_gone_after and page.file is not None:
            self.mirror.drop(page)
            self.report.dropped.append(page.url)

    def get(self, url: str, headers: dict[str, str]) -> httpx.Response | None:
        """One polite request, retried while the failure is transient; None when robots.txt
        or the size bound says no."""
        if not self.allowed(url):
            self.report.refused[url] = "robots.txt disallows it"
            return None
        why = ""
        for attempt, pause in enumerate((*RETRIES, None)):
            try:
                response: httpx.Response | None = self.fetch(url, headers)
            except (httpx.TimeoutException, httpx.TransportError) as error:
                response, why = None, failure(error, self.settings.harvest_timeout)
            except TooLargeError:
                self.report.refused[url] = f"more than {self.settings.harvest_max_page_kb} KB"
                return None
            if response is not None and response.status_code < 500:
                return response
            if response is not None:
                why = f"answered {response.status_code}"
            if pause is None:
                break
            self.sleep(pause * (attempt + 1))
        raise TransientError(url, f"{why} ({len(RETRIES) + 1} tries)")

    def fetch(self, url: str, headers: dict[str, str]) -> httpx.Response:
        self.wait_turn(url)
        limit = self.settings.harvest_max_page_kb * 1024
        self.report.requests += 1
        request_headers = {"User-Agent": self.agent, **headers}
        with self.client.stream("GET", url, headers=request_headers) as response:
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise TooLargeError(url)
            self.report.bytes += len(body)
            return httpx.Response(response.status_code, headers=response.headers, content=body)

    def wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        delay = 1 / self.settings.harvest_rate
        robots = self.robots.get(host)
        if robots is not None:
            delay = max(delay, robots.crawl_delay(self.agent) or 0)
        now = time.monotonic()
        turn = self.next_turn.get(host, now)
        if turn > now:
            self.sleep(turn - now)
        self.next_turn[host] = max(now, turn) + delay

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self.robots:
            self.robots[host] = Protego.parse("")
            robots_url = f"{parts.scheme}://{host}/robots.txt"
            try:
                answer: httpx.Response | None = self.fetch(robots_url, {})
            except (httpx.TimeoutException, httpx.TransportError, TooLargeError):
                answer = None
            if answer is not None and answer.status_code == 200:
                self.robots[host] = Protego.parse(answer.text)
        return bool(self.robots[host].can_fetch(url, self.agent))
