"""Real SPARQL stores for the remote-store tests, each started on loopback ports in a folder of
its own: Oxigraph server (PyPI `oxigraph`, a dev dependency), Virtuoso 7 (Debian's
`virtuoso-opensource`, which .ci/run installs) and Apache Jena Fuseki 5.6.0 (from Maven Central,
which `make test` fetches into tests/fuseki/lib)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import ROOT, free_port, wait_for

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")
VIRTUOSO = "/usr/bin/virtuoso-t"
VIRTUOSO_SQL = "/usr/bin/isql-vt"
FUSEKI_JARS = ROOT / "tests" / "fuseki" / "lib"


@dataclass(frozen=True)
class Engine:
    name: str
    query: str
    """Its SPARQL query endpoint: what `serve --store` is given."""
    graph_store: str
    """Its Graph Store Protocol endpoint: what `build --publish-to` is given."""


def answers(process: subprocess.Popen[bytes], query: str) -> Callable[[], bool]:
    """True once the endpoint answers, or once the process has exited (then it failed)."""

    def check() -> bool:
        if process.poll() is not None:
            return True
        try:
            return httpx.get(query, params={"query": "ASK {}"}, timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    return check


@contextlib.contextmanager
def started(
    name: str, command: Callable[[], tuple[list[str], str]], timeout: float
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The engine's process once its endpoint answers; ports lost to another process before the
    engine bound them are given up for others, five times."""
    for _attempt in range(5):
        argv, query = command()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(answers(process, query), f"{name} to answer", timeout)
        if process.poll() is None:
            break
    else:
        raise AssertionError(f"{name} did not start on any of five ports")
    try:
        yield process, query
    finally:
        process.terminate()
        process.wait(30)


@contextlib.contextmanager
def oxigraph(folder: Path) -> Iterator[Engine]:
    """`oxigraph serve` with its default graph the union of the named graphs."""
    folder.mkdir(parents=True, exist_ok=True)

    def command() -> tuple[list[str], str]:
        port = free_port()
        location = ["--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
        return [
            OXIGRAPH,
            "serve",
            *location,
            "--union-default-graph",
        ], f"http://127.0.0.1:{port}/query"

    with started("oxigraph", command, 30) as (_process, query):
        base = query.removesuffix("/query")
        yield Engine("oxigraph", query, f"{base}/store")


VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
DirsAllowed = .
[HTTPServer]
ServerPort = {http}
ServerRoot = {folder}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 30
MaxQueryCostEstimationTime = 0
"""
"""Its own folder and ports; answers as big as ours (our row limit cuts them); its own query
timeout, as the store table in docs/operations.md asks."""

PRIVATE = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
GRANTS = " ".join(
    [
        'GRANT SPARQL_UPDATE TO "SPARQL";',
        "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
        f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{PRIVATE}', 1);",
        *(f"DB.DBA.RDF_GRAPH_GROUP_INS ('{PRIVATE}', '{graph}');" for graph in SYSTEM_GRAPHS),
        "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);",
    ]
)
"""Lets the Graph Store Protocol's unauthenticated endpoint write (for a test on loopback only:
a deployment uses /sparql-graph-crud-auth with a password), and keeps Virtuoso's own graphs out
of what the public sees as the default graph (docs/operations.md, "Remote store")."""


@contextlib.contextmanager
def virtuoso(folder: Path) -> Iterator[Engine]:
    """Virtuoso 7 in the foreground; its default graph is the union of all graphs already."""
    assert shutil.which(VIRTUOSO), "install Debian's virtuoso-opensource (.ci/run does)"
    folder.mkdir(parents=True, exist_ok=True)
    ports: dict[str, int] = {}

    def command() -> tuple[list[str], str]:
        for leftover in folder.glob("virtuoso*"):
            leftover.unlink()
        ports.update(sql=free_port(), http=free_port())
        config = folder / "virtuoso.ini"
        config.write_text(VIRTUOSO_INI.format(folder=folder, **ports), encoding="utf-8")
        argv = [VIRTUOSO, "+foreground", "+configfile", str(config)]
        return argv, f"http://127.0.0.1:{ports['http']}/sparql"

    with started("virtuoso", command, 120) as (_process, query):
        granted = subprocess.run(
            [VIRTUOSO_SQL, str(ports["sql"]), "dba", "dba", f"exec={GRANTS}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert granted.returncode == 0, granted.stdout + granted.stderr
        base = query.removesuffix("/sparql")
        yield Engine("virtuoso", query, f"{base}/sparql-graph-crud")


FUSEKI_CONFIG = """PREFIX fuseki: <http://jena.apache.org/fuseki#>
PREFIX ja: <http://jena.hpl.hp.com/2005/11/Assembler#>
PREFIX tdb2: <http://jena.apache.org/2016/tdb#>

[] a fuseki:Server ;
    ja:context [ ja:cxtName "arq:queryTimeout" ; ja:cxtValue "30000" ] .

<#service> a fuseki:Service ;
    fuseki:name "practicegraph" ;
    fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "query" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset> .

<#dataset> a tdb2:DatasetTDB2 ;
    tdb2:location "{folder}/tdb2" ;
    tdb2:unionDefaultGraph true .
"""
"""One dataset on TDB2 (an in-memory dataset has no union default graph to set), read-only
SPARQL at /practicegraph/query, the Graph Store Protocol read-write at /practicegraph/data, and
a query timeout of its own, as the store table in docs/operations.md asks."""


@contextlib.contextmanager
def fuseki(folder: Path) -> Iterator[Engine]:
    """Fuseki main (no admin UI) on loopback, with its default graph the union of the named
    graphs; a JVM of 1 GiB at most, on a machine shared with the tests."""
    assert (FUSEKI_JARS / ".complete").exists(), "fetch Fuseki: make tests/fuseki/lib/.complete"
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.ttl"
    config.write_text(FUSEKI_CONFIG.replace("{folder}", str(folder)), encoding="utf-8")

    def command() -> tuple[list[str], str]:
        shutil.rmtree(folder / "tdb2", ignore_errors=True)
        port = free_port()
        jvm = ["java", "-Xmx1g", "-cp", f"{FUSEKI_JARS}/*"]
        main = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
        argv = [*jvm, main, "--localhost", f"--port={port}", f"--config={config}"]
        return argv, f"http://127.0.0.1:{port}/practicegraph/query"

    with started("fuseki", command, 60) as (_process, query):
        yield Engine("fuseki", query, query.removesuffix("/query") + "/data")


ENGINES = {"fuseki": fuseki, "oxigraph": oxigraph, "virtuoso": virtuoso}
