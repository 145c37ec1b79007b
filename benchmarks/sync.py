"""Sync benchmark: a first `sync` round over N practice pages served on loopback, then a round
with nothing changed, each by phase (harvest, import, build), with the requests, 304s and bytes
of its harvest. The rate limit is lifted (the site is this process).

    .venv/bin/python -m benchmarks.sync --pages 1000 --workdir /tmp/pg-sync

The pages are one corpus page (tests/corpus/site/speelpleinwerking.txt) under N addresses and
titles; the server gives each an ETag, as the real site's web server does. The figure that
matters is the ratio of the unchanged round to the first: what a nightly sync costs when the
site did not change.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from practicegraph.builder.pipeline import build
from practicegraph.core.settings import BuildSettings, HarvestSettings
from practicegraph.ingest.harvest import Harvester
from practicegraph.ingest.importer import Importer, Options
from practicegraph.ingest.mirror import Mirror
from practicegraph.ingest.site import candidates
from practicegraph.ingest.sync import withdraw

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "corpus" / "site" / "speelpleinwerking.txt"
SOURCES = ("ontology", "shapes", "data", "queries")


def site(pages: int) -> tuple[ThreadingHTTPServer, str]:
    template = PAGE.read_text(encoding="utf-8").splitlines()
    server_base: list[str] = []

    def body(number: int) -> bytes:
        lines = [f"{server_base[0]}/kennisitem/vvsg/praktijk-{number}", f"Praktijk {number}"]
        return "\n".join(lines + template[2:]).encode("utf-8") + b"\n"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def send(self, status: int, data: bytes, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/sitemap.xml":
                locs = "".join(
                    f"<url><loc>{server_base[0]}/kennisitem/vvsg/praktijk-{n}</loc></url>"
                    for n in range(pages)
                )
                xml = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                self.send(200, (xml + locs + "</urlset>").encode(), Content_Type="application/xml")
            elif self.path.startswith("/kennisitem/vvsg/praktijk-"):
                data = body(int(self.path.rsplit("-", 1)[1]))
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send(304, b"", ETag=etag)
                else:
                    self.send(200, data, Content_Type="text/plain; charset=utf-8", ETag=etag)
            else:
                self.send(404, b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_base.append(f"http://127.0.0.1:{server.server_address[1]}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server_base[0]


@dataclass
class Figures:
    harvest: float
    importing: float
    building: float
    requests: int
    not_modified: int
    transferred: int


def round_of(settings: BuildSettings, start: str, mirror: Path) -> Figures:
    harvesting = HarvestSettings(harvest_contact="bench@example.be", harvest_rate=1e6)
    started = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        report = Harvester(harvesting, Mirror.open(mirror), client, lambda _s: None).run([start])
    harvested = time.perf_counter()
    importer = Importer(settings)
    options = Options(new_concepts=True)
    results = [
        importer.run(c.path, options, c.address, True, c.formerly) for c in candidates(mirror)
    ]
    withdraw(importer, results, options, Mirror.open(mirror).sites())
    imported = time.perf_counter()
    _outcome, folder = build(settings)
    assert folder is not None, "the build was refused"
    built = time.perf_counter()
    return Figures(
        harvested - started,
        imported - harvested,
        built - imported,
        report.requests,
        report.not_modified,
        report.bytes,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workdir", type=Path)
    arguments = parser.parse_args()
    work = arguments.workdir or Path(tempfile.mkdtemp(prefix="pg-sync-"))
    shutil.rmtree(work, ignore_errors=True)
    for name in SOURCES:
        shutil.copytree(ROOT / name, work / "project" / name)
    settings = BuildSettings(project_dir=work / "project")
    server, base = site(arguments.pages)
    try:
        first = round_of(settings, f"{base}/sitemap.xml", work / "mirror")
        again = round_of(settings, f"{base}/sitemap.xml", work / "mirror")
    finally:
        server.shutdown()
    print(f"sync over {arguments.pages} pages on loopback, {time.strftime('%Y-%m-%d')}")
    print(f"{'round':<10}{'requests':>10}{'304s':>8}{'bytes':>12}{'harvest s':>11}"
          f"{'import s':>10}{'build s':>9}")  # fmt: skip
    for name, figures in (("first", first), ("unchanged", again)):
        print(
            f"{name:<10}{figures.requests:>10}{figures.not_modified:>8}{figures.transferred:>12}"
            f"{figures.harvest:>11.2f}{figures.importing:>10.2f}{figures.building:>9.2f}"
        )
    total = [f.harvest + f.importing + f.building for f in (first, again)]
    print(
        f"unchanged / first: bytes {again.transferred / max(1, first.transferred):.3f},"
        f" time {total[1] / total[0]:.2f}"
    )


if __name__ == "__main__":
    main()
