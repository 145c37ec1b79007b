"""`practicegraph harvest` against a real HTTP server on loopback that serves the corpus's pages
the way a site does: robots.txt, a sitemap, ETags, a move, a page gone, one that fails once, one
too large, one robots.txt forbids, and pages that are no practice."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from practicegraph.core.settings import HarvestSettings
from practicegraph.ingest.harvest import Harvester, Report
from practicegraph.ingest.mirror import Mirror
from tests.conftest import ROOT, cli, copy_project, wait_for

CORPUS = ROOT / "tests" / "corpus" / "site"
PAGES = {
    "/kennisitem/vvsg/taalcafes": ("taalcafes.html", "text/html"),
    "/kennisitem/vvsg/samen-sporten": (
        "www.vvsg.be/kennisitem/vvsg/samen-sporten.html",
        "text/html",
    ),
    "/kennisitem/vvsg/speelpleinwerking": ("speelpleinwerking.txt", "text/plain"),
    "/kennisitem/vvsg/nieuw": ("buddywerking.txt", "text/plain"),
    "/kennisitem/vvsg/even-niet": ("onthaalbrochure.txt", "text/plain"),
    "/kennisitem/vvsg/groot": ("", "text/html"),
    "/kennisitem/prive/intern": ("zonder-beeld.txt", "text/plain"),
    "/contact": ("contact.html", "text/html"),
}
ROBOTS = "User-agent: *\nDisallow: /kennisitem/prive/\nCrawl-delay: 0\n"
LISTED = [
    *[p for p in PAGES if p not in ("/kennisitem/vvsg/nieuw", "/contact")],
    "/kennisitem/vvsg/oud",
    "/kennisitem/vvsg/weg",
    "/contact",
]


@dataclass
class Site:
    """What the server answers, and what it was asked."""

    down: bool = False
    failing_once: set[str] = field(default_factory=lambda: {"/kennisitem/vvsg/even-niet"})
    listed: list[str] = field(default_factory=lambda: list(LISTED))
    asked: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    edits: dict[str, bytes] = field(default_factory=dict)
    slow: set[str] = field(default_factory=set)
    """Paths that answer only after longer than any harvest here waits."""
    redirects: dict[str, str] = field(
        default_factory=lambda: {"/kennisitem/vvsg/oud": "/kennisitem/vvsg/nieuw"}
    )

    def body(self, path: str) -> bytes:
        if path in self.edits:
            return self.edits[path]
        name, _media = PAGES[path]
        return b"<p>" + b"x" * 200_000 + b"</p>" if not name else (CORPUS / name).read_bytes()


def handler(site: Site, base: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def answer(self, status: int, body: bytes = b"", **headers: str) -> None:
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            site.asked.append((self.path, dict(self.headers.items())))
            if self.path in site.slow:
                time.sleep(1.5)
            if site.down or self.path in site.failing_once:
                site.failing_once.discard(self.path)
                self.answer(503, b"later")
            elif self.path == "/robots.txt":
                self.answer(200, ROBOTS.encode(), Content_Type="text/plain")
            elif self.path == "/sitemap.xml":
                locs = "".join(f"<url><loc>{base[0]}{p}</loc></url>" for p in site.listed)
                xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
                self.answer(200, xml.encode(), Content_Type="application/xml")
            elif self.path in site.redirects:
                self.answer(301, Location=site.redirects[self.path])
            elif self.path in PAGES:
                body = site.body(self.path)
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.answer(304, ETag=etag)
                else:
                    media = PAGES[self.path][1] + "; charset=utf-8"
                    self.answer(200, body, Content_Type=media, ETag=etag)
            else:
                self.answer(404, b"not found")

    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up on a slow page (its timeout) is no server error to print."""


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()
    base: list[str] = []
    server = QuietServer(("127.0.0.1", 0), handler(state, base))
    base.append(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, base[0]
    server.shutdown()
    server.server_close()


SETTINGS = HarvestSettings(
    harvest_contact="data@example.be", harvest_rate=1000, harvest_timeout=5, harvest_max_page_kb=64
)


def harvest(mirror: Path, start: str, settings: HarvestSettings = SETTINGS) -> Report:
    pauses: list[float] = []
    with httpx.Client(timeout=settings.harvest_timeout) as client:
        return Harvester(settings, Mirror.open(mirror), client, pauses.append).run([start])


def files(mirror: Path) -> dict[str, bytes]:
    return {
        p.relative_to(mirror).as_posix(): p.read_bytes()
        for p in sorted(mirror.rglob("*"))
        if p.is_file() and ".harvest" not in p.parts
    }


def test_a_first_harvest_fetches_the_practice_pages_politely(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    state, url = site
    report = harvest(tmp_path / "mirror", f"{url}/sitemap.xml")
    host = url.removeprefix("http://").replace(":", "_")
    assert set(files(tmp_path / "mirror")) == {
        f"{host}/kennisitem/vvsg/taalcafes.html",
        f"{host}/kennisitem/vvsg/samen-sporten.html",
        f"{host}/kennisitem/vvsg/speelpleinwerking.txt",
        f"{host}/kennisitem/vvsg/nieuw.txt",
        f"{host}/kennisitem/vvsg/even-niet.txt",
    }
    assert report.moved == {f"{url}/kennisitem/vvsg/oud": f"{url}/kennisitem/vvsg/nieuw"}
    assert report.gone == [f"{url}/kennisitem/vvsg/weg"]
    assert report.dropped == [], "gone once is not gone for good"
    assert report.refused == {
        f"{url}/kennisitem/prive/intern": "robots.txt disallows it",
        f"{url}/kennisitem/vvsg/groot": "more than 64 KB",
    }
    assert report.transient == [], "the page that failed once was retried"
    paths = [path for path, _headers in state.asked]
    assert "/contact" not in paths, "not a practice page by the pattern"
    assert "/kennisitem/prive/intern" not in paths
    assert paths.count("/robots.txt") == 1
    agents = {headers.get("User-Agent", "") for _path, headers in state.asked}
    assert len(agents) == 1, "every request says who asks"
    assert "data@example.be" in next(iter(agents))


def test_an_unchanged_site_costs_conditional_requests_and_changes_nothing(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    state, url = site
    mirror = tmp_path / "mirror"
    harvest(mirror, f"{url}/sitemap.xml")
    before = files(mirror)
    state.asked.clear()
    again = harvest(mirror, f"{url}/sitemap.xml")
    assert files(mirror) == before
    assert again.added == again.updated == []
    assert again.not_modified == 5
    pages = [(p, h) for p, h in state.asked if p in PAGES and p != "/kennisitem/vvsg/groot"]
    assert pages
    assert all("If-None-Match" in headers for _path, headers in pages)
    assert again.gone == [f"{url}/kennisitem/vvsg/weg"]
    assert again.dropped == [], "it never had a copy to drop"

    state.edits["/kennisitem/vvsg/taalcafes"] = (
        (CORPUS / "taalcafes.html").read_bytes().replace(b"Taalcaf", b"Taalkaf")
    )
    third = harvest(mirror, f"{url}/sitemap.xml")
    assert third.updated == [f"{url}/kennisitem/vvsg/taalcafes"]


def test_an_outage_withdraws_nothing_and_a_page_gone_twice_leaves_the_mirror(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    state, url = site
    mirror = tmp_path / "mirror"
    harvest(mirror, f"{url}/sitemap.xml")
    before = files(mirror)
    state.down = True
    outage = harvest(mirror, f"{url}/sitemap.xml")
    assert not outage.complete
    assert outage.gone == outage.dropped == []
    assert files(mirror) == before, "an outage changes nothing"

    state.down = False
    state.listed.remove("/kennisitem/vvsg/samen-sporten")
    first = harvest(mirror, f"{url}/sitemap.xml")
    assert f"{url}/kennisitem/vvsg/samen-sporten" in first.gone
    assert any("samen-sporten" in name for name in files(mirror)), "gone once: kept"
    second = harvest(mirror, f"{url}/sitemap.xml")
    assert f"{url}/kennisitem/vvsg/samen-sporten" in second.dropped
    assert not any("samen-sporten" in name for name in files(mirror))


def test_each_start_page_it_cannot_read_is_named_with_why(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    """A status, a refused connection, a name no DNS knows: each start page with its reason;
    the others are harvested, and with one unread, nothing counts as gone."""
    _state, url = site
    starts = [
        f"{url}/sitemap.xml",
        f"{url}/geen-sitemap.xml",
        "http://127.0.0.1:1/sitemap.xml",
        "http://unreachable.invalid/sitemap.xml",
    ]
    with httpx.Client(timeout=5) as client:
        report = Harvester(SETTINGS, Mirror.open(tmp_path / "m"), client, lambda _s: None).run(
            starts
        )
    assert report.unread == {
        f"{url}/geen-sitemap.xml": "answered 404",
        "http://127.0.0.1:1/sitemap.xml": "cannot connect: [Errno 111] Connection refused"
        " (3 tries)",
        "http://unreachable.invalid/sitemap.xml": report.unread[starts[3]],
    }
    assert report.unread[starts[3]].startswith("cannot connect: [Errno -"), "a DNS error"
    assert (report.complete, report.reached) == (False, True)
    assert report.added, "the sitemap it read was harvested"
    assert report.gone == [f"{url}/kennisitem/vvsg/weg"], "its own 404; no absence counts"


def test_a_harvest_that_reads_no_start_page_fails_saying_why(project: Path, tmp_path: Path) -> None:
    (project / ".env").write_text("PRACTICEGRAPH_HARVEST_CONTACT=data@example.be\n", "utf-8")
    report = tmp_path / "harvest.json"
    result = cli(
        project, "harvest", "http://127.0.0.1:1/sitemap.xml", "--mirror", str(tmp_path / "m"),
        "--report", str(report),
    )  # fmt: skip
    said = " ".join(result.stderr.split())
    assert result.returncode == 1, said
    assert (
        "start page http://127.0.0.1:1/sitemap.xml could not be read: cannot connect:"
        " [Errno 111] Connection refused (3 tries)"
    ) in said
    assert "no start page could be read (the site, or the way to it, is down)" in said
    assert "Traceback" not in said
    written = json.loads(report.read_text(encoding="utf-8"))
    assert (written["complete"], written["reached"]) == (False, False)


def test_importing_a_mirror_without_pages_says_so(project: Path, tmp_path: Path) -> None:
    """A harvest that never reached the site leaves a mirror with its state and no page: an
    import of it is a mistake to say, not an empty table and exit 0."""
    mirror = tmp_path / "mirror"
    with httpx.Client(timeout=5) as client:
        Harvester(SETTINGS, Mirror.open(mirror), client, lambda _s: None).run(
            ["http://127.0.0.1:1/sitemap.xml"]
        )
    assert any(mirror.iterdir()), "the harvest's own state"
    result = cli(project, "import", str(mirror), "--sync")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error no pages found in {mirror}: nothing imported"
    assert result.stdout == ""


def test_a_harvest_stopped_midway_resumes_to_the_same_mirror(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    _state, url = site
    whole = tmp_path / "whole"
    harvest(whole, f"{url}/sitemap.xml")

    class Stop(BaseException):
        """The process killed: nothing of the harvester runs after it."""

    class Dying(httpx.HTTPTransport):
        def __init__(self) -> None:
            super().__init__()
            self.left = 6

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            self.left -= 1
            if self.left == 0:
                raise Stop
            return super().handle_request(request)

    resumed = tmp_path / "resumed"
    with httpx.Client(timeout=5, transport=Dying()) as client, pytest.raises(Stop):
        Harvester(SETTINGS, Mirror.open(resumed), client).run([f"{url}/sitemap.xml"])
    assert 0 < len(files(resumed)) < len(files(whole)), "stopped midway"
    assert Mirror.open(resumed).run is not None, "the stopped harvest is still under way"
    harvest(resumed, f"{url}/sitemap.xml")
    assert files(resumed).keys() == files(whole).keys()
    assert Mirror.open(resumed).run is None


def test_requests_to_one_host_wait_their_turn(site: tuple[Site, str], tmp_path: Path) -> None:
    _state, url = site
    pauses: list[float] = []
    slow = SETTINGS.model_copy(update={"harvest_rate": 2.0})
    with httpx.Client(timeout=5) as client:
        report = Harvester(slow, Mirror.open(tmp_path / "m"), client, pauses.append).run(
            [f"{url}/sitemap.xml"]
        )
    assert sum(pauses) >= 0.5 * (report.requests - 1) - 0.05, "2 requests a second at most"


def test_a_harvest_refuses_to_run_without_a_contact_to_name(project: Path, tmp_path: Path) -> None:
    result = cli(project, "harvest", "http://127.0.0.1:9/sitemap.xml", "--mirror", str(tmp_path))
    assert result.returncode == 1
    assert "PRACTICEGRAPH_HARVEST_CONTACT" in " ".join(result.stderr.split())


def test_the_import_reads_a_harvested_mirror_as_a_saved_site(
    site: tuple[Site, str], project: Path, tmp_path: Path
) -> None:
    _state, url = site
    mirror = tmp_path / "mirror"
    harvest(mirror, f"{url}/sitemap.xml")
    result = cli(project, "import", str(mirror), "--new-concepts")
    text = " ".join(result.stdout.split() + result.stderr.split())
    assert "taalcafes" in text
    assert (project / "data" / "practices" / "taalcafes.ttl").is_file()
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "taalcafes.html").write_bytes((CORPUS / "taalcafes.html").read_bytes())
    other = copy_project(tmp_path / "other")
    cli(other, "import", str(saved / "taalcafes.html"), "--new-concepts")
    assert (other / "data" / "practices" / "taalcafes.ttl").read_text(encoding="utf-8") == (
        project / "data" / "practices" / "taalcafes.ttl"
    ).read_text(encoding="utf-8"), "a harvested page and a saved copy import alike"


def test_a_page_that_moved_keeps_its_practice_through_import_sync(
    site: tuple[Site, str], project: Path, tmp_path: Path
) -> None:
    """samen-sporten.html names no address of its own: the mirror's is the one it has."""
    state, url = site
    mirror = tmp_path / "mirror"
    harvest(mirror, f"{url}/sitemap.xml")
    first = cli(project, "import", str(mirror), "--sync", "--new-concepts")
    practices = project / "data" / "practices"
    keys = {p.name for p in practices.glob("*.ttl")}
    assert "samen-sporten.ttl" in keys, first.stderr

    moved = "/kennisitem/vvsg/samen-sporten-2025"
    PAGES[moved] = PAGES["/kennisitem/vvsg/samen-sporten"]
    try:
        state.listed[state.listed.index("/kennisitem/vvsg/samen-sporten")] = moved
        state.redirects["/kennisitem/vvsg/samen-sporten"] = moved
        report = harvest(mirror, f"{url}/sitemap.xml")
        second = cli(project, "import", str(mirror), "--sync", "--new-concepts")
    finally:
        del PAGES[moved]
    old = f"{url}/kennisitem/vvsg/samen-sporten"
    assert report.moved[old] == f"{url}{moved}", "no longer listed, asked once more: 301"
    assert old not in report.gone
    text = " ".join(second.stderr.split())
    assert {p.name for p in practices.glob("*.ttl")} == keys, "the key stays"
    assert f"address changed from {url}/kennisitem/vvsg/samen-sporten to {url}{moved}" in text


def test_a_page_too_slow_to_answer_is_transient_never_gone(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    """Past the timeout, a page is tried three times and left as it was: its copy stays, and it
    does not count as gone, however many harvests it stays slow in."""
    state, url = site
    mirror = tmp_path / "mirror"
    harvest(mirror, f"{url}/sitemap.xml")
    before = files(mirror)
    state.slow.add("/kennisitem/vvsg/taalcafes")
    hurried = SETTINGS.model_copy(update={"harvest_timeout": 0.5})
    for _round in range(3):
        report = harvest(mirror, f"{url}/sitemap.xml", hurried)
        assert report.transient == [f"{url}/kennisitem/vvsg/taalcafes"]
        assert f"{url}/kennisitem/vvsg/taalcafes" not in report.gone
    assert files(mirror) == before
    tries = [path for path, _headers in state.asked if path == "/kennisitem/vvsg/taalcafes"]
    assert len(tries) == 1 + 3 * 3, "three tries a harvest"


def test_a_harvest_killed_midway_resumes_to_the_same_mirror(
    site: tuple[Site, str], project: Path, tmp_path: Path
) -> None:
    """`practicegraph harvest` killed with SIGKILL between two pages (the rate slows it to
    about five pages a second), then run again: the same mirror as a harvest never stopped."""
    _state, url = site
    whole = tmp_path / "whole"
    harvest(whole, f"{url}/sitemap.xml")
    env = {
        **os.environ,
        "PRACTICEGRAPH_HARVEST_CONTACT": "data@example.be",
        "PRACTICEGRAPH_HARVEST_RATE": "5",
        "PRACTICEGRAPH_HARVEST_MAX_PAGE_KB": "64",
    }
    resumed = tmp_path / "resumed"
    command = [
        sys.executable, "-m", "practicegraph", "harvest", f"{url}/sitemap.xml",
        "--mirror", str(resumed), "--project-dir", str(project),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    wait_for(lambda: len(files(resumed)) >= 2 or process.poll() is not None, "two pages")
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert 0 < len(files(resumed)) < len(files(whole)), "killed midway"
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert files(resumed) == files(whole)
    assert Mirror.open(resumed).run is None, "the resumed harvest completed"
