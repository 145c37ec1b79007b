"""Shared fixtures: a private copy of the project per test that changes files, one real build."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import build
from practicegraph.builder.validate.findings import Finding
from practicegraph.core.build_folder import CURRENT, STORE
from practicegraph.core.settings import BuildSettings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("ontology", "shapes", "data", "queries")
PRACTICES = ("instroommeting", "opvoedingsondersteuning", "overlegplatformen-en-netwerken")
REPOSITORY_WARNINGS = {
    ("pgsh:PracticeSuccessFactorsWanted", "praktijk:instroommeting"),
    ("pgsh:PracticeChallengesWanted", "praktijk:instroommeting"),
    ("pgsh:PracticePolicyDomainWanted", "praktijk:instroommeting"),
    ("pgsh:SourcePageWhole", "bron:instroommeting"),
    ("pgsh:PracticeInitiativesWanted", "praktijk:overlegplatformen-en-netwerken"),
    ("pgsh:PracticePolicyDomainWanted", "praktijk:overlegplatformen-en-netwerken"),
    ("pgsh:SourcePageWhole", "bron:overlegplatformen-en-netwerken"),
    ("pgsh:LicenceDecided", "<http://localhost:8000/id/dataset/practicegraph>"),
}
"""(shape, focus) of the warnings the repository's data gives: the gaps of its two cut-off
page copies (data/sources/*.excerpt.txt), which it publishes as they are, and the licence nobody
has decided on yet (PRACTICEGRAPH_LICENCE)."""


def beyond_the_repository(findings: list[Finding]) -> list[Finding]:
    """Findings other than the repository's own expected warnings."""
    return [
        f
        for f in findings
        if f.is_violation or (f.shape.split(" ")[0], f.focus) not in REPOSITORY_WARNINGS
    ]


def iri(node: object) -> URIRef:
    """A node the test knows is an IRI: rdflib types what a graph lookup finds as any node,
    or None."""
    assert isinstance(node, URIRef), node
    return node


def literal(node: object) -> Literal:
    """A node the test knows is a literal (as `iri`)."""
    assert isinstance(node, Literal), node
    return node


def value_of(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple,
) -> str:
    """A pyoxigraph term's value, for a term the test knows is no quoted triple (which has
    none): the data quotes no triples."""
    assert not isinstance(term, pyoxigraph.Triple), term
    return term.value


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a source file (which must hold it) by `new`: an edit."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`practicegraph …` in a subprocess, on a project folder, with wide plain output."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("PRACTICEGRAPH_BASE", None)
    return subprocess.run(
        [sys.executable, "-m", "practicegraph", *args, "--project-dir", str(project)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def copy_project(target: Path) -> Path:
    """The sources, copied; the installed npm packages (the SPARQL editor), linked."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of ontology/, shapes/ and data/ that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildSettings, Outcome, Path]:
    """The repository's sources built once into a temporary dist/."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    settings = BuildSettings(project_dir=project)
    outcome, folder = build(settings)
    assert folder is not None, [f.message for f in outcome.violations] or outcome.load_error
    return settings, outcome, folder


@pytest.fixture(scope="session")
def store(built: tuple[BuildSettings, Outcome, Path]) -> pyoxigraph.Store:
    """The frozen query store of the build, opened read-only as the server will."""
    settings, _outcome, _folder = built
    return pyoxigraph.Store.read_only(str(settings.dist / CURRENT / STORE))


def free_port() -> int:
    """A port nobody listened on a moment ago; another process may take it before we do, so
    whoever binds it must be ready to ask again (`serve` is)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(condition: Callable[[], object], what: str, timeout: float = 30) -> None:
    """Poll until the condition holds; fail naming what was awaited when it does not in time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.05)


def stays(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether the condition holds throughout a window: the only way to watch for something
    that must not happen (a request that must never arrive)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not condition():
            return False
        time.sleep(0.05)
    return condition()


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]
    settings: BuildSettings
    folder: Path


SERVER_ENV = {
    "PRACTICEGRAPH_SPARQL_TIMEOUT": "2",
    "PRACTICEGRAPH_SPARQL_MAX_ROWS": "500",
    "PRACTICEGRAPH_SPARQL_MAX_QUERY_LENGTH": "5000",
}


class PortTakenError(Exception):
    """Another process bound the port between our look and uvicorn's bind."""


def start(
    project: Path, port: int, env: dict[str, str], log: Path, *options: str
) -> subprocess.Popen[bytes]:
    """`practicegraph serve` (uvicorn) on a loopback port, once it answers HTTP."""
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "practicegraph",
                "serve",
                "--port",
                str(port),
                *options,
                "--project-dir",
                str(project),
            ],
            env={**os.environ, **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"

    def answers() -> bool:
        if process.poll() is not None:
            text = log.read_text()
            if "address already in use" in text:
                raise PortTakenError(text)
            raise RuntimeError(f"server did not start: {text}")
        try:
            httpx.get(url, timeout=1)
        except httpx.TransportError:
            return False
        return True

    try:
        wait_for(answers, f"the server on port {port} to answer", timeout=60)
    except BaseException:
        process.kill()
        raise
    return process


def serve(
    project: Path, env: dict[str, str], log: Path, *options: str
) -> tuple[subprocess.Popen[bytes], int]:
    """The server on a free loopback port, and the port; a port lost to another process before
    uvicorn bound it is given up for another."""
    for _attempt in range(5):
        port = free_port()
        try:
            return start(project, port, env, log, *options), port
        except PortTakenError:
            continue
    raise RuntimeError("no free port in five attempts")


@pytest.fixture(scope="session")
def server(
    built: tuple[BuildSettings, Outcome, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The real server: `practicegraph serve` (uvicorn) on a free loopback port, over the build."""
    settings, _outcome, folder = built
    log = tmp_path_factory.mktemp("server") / "server.log"
    process, port = serve(settings.project_dir, SERVER_ENV, log)
    yield Server(f"http://127.0.0.1:{port}", process, settings, folder)
    process.terminate()
    process.wait(10)


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


PARSERS = {"ttl": "turtle", "nt": "nt", "rdf": "xml"}


def graph_of(response: httpx.Response, suffix: str, http: httpx.Client) -> Graph:
    """Parse a document back with a real parser; JSON-LD with the context fetched from the server."""
    if suffix == "jsonld":
        document = response.json()
        document["@context"] = http.get("/context/v1.jsonld").json()["@context"]
        quads = pyoxigraph.parse(json.dumps(document), format=pyoxigraph.RdfFormat.JSON_LD)
        return Graph().parse(data="\n".join(f"{q.triple} ." for q in quads), format="nt")
    return Graph().parse(data=response.text, format=PARSERS[suffix])
