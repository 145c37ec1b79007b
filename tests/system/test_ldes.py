"""The Linked Data Event Stream: history across builds, pages over HTTP, a real client replaying it."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SH
from rdflib.term import Node

from practicegraph.builder.freeze.ldes.digests import walk
from practicegraph.builder.pipeline import build
from practicegraph.core.describe import describe
from practicegraph.core.reading import parse_turtle
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted
from practicegraph.ingest.tombstones import Reason, Tombstones
from tests.conftest import ROOT, copy_project, free_port, iri, rewrite, start

CLIENT = ROOT / "tests" / "ldes-client" / "node_modules" / ".bin" / "ldes-client"
TREE = "https://w3id.org/tree#"
LDES = "https://w3id.org/ldes#"
AS_DELETE = URIRef("https://www.w3.org/ns/activitystreams#Delete")
INITIATIVE = "data/practices/instroommeting.ttl"
TURTLE = {"Accept": "text/turtle"}


def history(settings: BuildSettings) -> list[dict[str, str]]:
    lines = (settings.state / "ldes" / "practices.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


def built(settings: BuildSettings) -> Path:
    outcome, folder = build(settings)
    assert folder is not None, [f.message for f in outcome.violations] or outcome.load_error
    return folder


def withdraw(path: Path, base: str) -> None:
    """Remove a practice file as a build allows it: its IRIs keep a tombstone (410 Gone)."""
    tombstones = Tombstones(path.parent.parent, Minted(base))
    assert tombstones.withdraw_file(path, datetime.now(UTC), Reason("Weg.", "Gone."))


def edit(project: Path, old: str, new: str) -> None:
    rewrite(project / INITIATIVE, old, new)


def test_a_changed_practice_gets_exactly_one_new_member_and_a_removed_one_a_delete(
    project: Path,
) -> None:
    settings = BuildSettings(project_dir=project)
    built(settings)
    first = history(settings)
    entities = {m["entity"] for m in first}
    assert len(first) == len(entities) == 3 + 25  # every practice and initiative, once
    built(settings)
    assert history(settings) == first, "an unchanged build appends nothing"

    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    built(settings)
    built(settings)
    second = history(settings)
    assert second[: len(first)] == first, "history is append-only"
    (changed,) = second[len(first) :]
    assert changed["entity"] == f"{settings.base}id/initiatief/instroommeting-leuven"
    assert changed["kind"] == "version"
    assert "De stad Leuven monitort" in changed["ntriples"]

    withdraw(project / INITIATIVE, settings.base)
    built(settings)
    deleted = history(settings)[len(second) :]
    assert {m["kind"] for m in deleted} == {"delete"}
    assert {m["entity"].rsplit("/", 1)[1] for m in deleted} == {
        "instroommeting",
        *(
            f"instroommeting-{town}"
            for town in ("dilbeek", "leuven", "mechelen", "ninove", "vilvoorde")
        ),
    }


def test_members_are_full_versions_with_a_timezone(project: Path) -> None:
    settings = BuildSettings(project_dir=project)
    built(settings)
    member = next(
        m for m in history(settings) if m["entity"].endswith("/praktijk/opvoedingsondersteuning")
    )
    graph = Graph().parse(data=member["ntriples"], format="nt")
    version = URIRef(member["iri"])
    assert re.fullmatch(rf"{re.escape(member['entity'])}/version/\d{{8}}T\d{{12}}Z", member["iri"])
    assert graph.value(version, DCTERMS.isVersionOf) == URIRef(member["entity"])
    stamp = re.search(
        r'generatedAtTime> "([^"]+)"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>',
        member["ntriples"],
    )
    assert stamp is not None
    assert stamp.group(1).endswith("Z")  # always with a timezone, UTC
    assert len(list(graph.objects(version, URIRef(settings.base + "ns/praktijk#goals")))) == 1
    assert graph.value(version, DCTERMS.title) is not None  # a full copy, not a diff


def test_a_history_for_another_base_is_refused(project: Path) -> None:
    built(BuildSettings(project_dir=project))
    other = BuildSettings(project_dir=project, base="https://data.example.org/")
    outcome, folder = build(other)
    assert folder is None
    assert outcome.load_error is not None
    message = outcome.load_error.message
    assert "history is for base http://localhost:8000/, not https://data.example.org/" in message
    state = project / "state"
    assert f"mv {state} {state}.old" in message, "the way out, as a command"
    state.rename(state.parent / "state.old")  # as it says
    outcome, folder = build(other)
    assert folder is not None, outcome.load_error


@pytest.fixture(scope="module")
def stream_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, BuildSettings]]:
    """A project built three times (an edit, then a removal) with small pages, served on a base
    that is its own address, as a real deployment is."""
    project = copy_project(tmp_path_factory.mktemp("ldes") / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    settings = BuildSettings(project_dir=project, base=base, ldes_page_size=10)
    built(settings)
    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    built(settings)
    withdraw(project / "data" / "practices" / "overlegplatformen-en-netwerken.ttl", base)
    built(settings)
    env = {"PRACTICEGRAPH_BASE": base, "PRACTICEGRAPH_LDES_PAGE_SIZE": "10"}
    process = start(project, port, env, project.parent / "server.log")  # the base names it
    yield base, settings
    process.terminate()
    process.wait(10)


def test_a_real_ldes_client_replays_every_member_exactly_once(
    stream_server: tuple[str, BuildSettings],
) -> None:
    base, settings = stream_server
    assert CLIENT.exists(), (
        "the LDES client is installed by `make setup` (npm in tests/ldes-client)"
    )
    result = subprocess.run(
        [str(CLIENT), "--no-shape", f"{base}ldes/practices"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    replayed = Graph().parse(data=result.stdout, format="turtle")  # N-Triples, numbers bare
    versions = Counter(str(s) for s, _o in replayed.subject_objects(DCTERMS.isVersionOf))
    expected = {m["iri"] for m in history(settings)}
    assert len(expected) == 28 + 1 + 1  # first build, the edit, one delete
    assert set(versions) == expected
    assert set(versions.values()) == {1}, "every member exactly once"
    deletes = set(replayed.subjects(RDF.type, AS_DELETE))
    assert {str(d).split("/version/")[0].rsplit("/", 1)[1] for d in deletes} == {
        "overlegplatformen-en-netwerken"
    }


def test_pages_are_fragmented_by_time_and_closed_ones_are_immutable(
    stream_server: tuple[str, BuildSettings],
) -> None:
    base, _settings = stream_server
    turtle = {"Accept": "text/turtle"}
    root = httpx.get(f"{base}ldes/practices", headers=turtle)
    assert root.headers["cache-control"] == "public, max-age=60"
    stream = Graph().parse(data=root.text, format="turtle")
    node = URIRef(f"{base}ldes/practices")
    assert (node, RDF.type, URIRef(LDES + "EventStream")) in stream
    assert stream.value(node, URIRef(LDES + "timestampPath")) == PROV.generatedAtTime
    assert stream.value(node, URIRef(LDES + "versionOfPath")) == DCTERMS.isVersionOf
    assert stream.value(node, URIRef(TREE + "shape")) == URIRef(f"{base}ns/shapes#PracticeShape")
    kinds = Counter(
        str(stream.value(r, RDF.type)).rsplit("#", 1)[1]
        for r in stream.objects(node, URIRef(TREE + "relation"))
    )
    assert kinds == {
        "GreaterThanOrEqualToRelation": 3,
        "LessThanRelation": 2,
    }  # 30 members, 10 a page
    closed = httpx.get(f"{base}ldes/practices/page/0", headers=turtle)
    assert closed.headers["cache-control"] == "public, max-age=31536000, immutable"
    again = httpx.get(
        f"{base}ldes/practices/page/0", headers={**turtle, "If-None-Match": closed.headers["etag"]}
    )
    assert again.status_code == 304
    newest = httpx.get(f"{base}ldes/practices/page/2", headers=turtle)
    assert newest.headers["cache-control"] == "public, max-age=60"
    page = Graph().parse(data=newest.text, format="turtle")
    assert len(set(page.objects(node, URIRef(TREE + "member")))) == 10
    assert (URIRef(f"{base}ldes/practices/page/2"), URIRef(LDES + "pollingInterval"), None) in page
    assert httpx.get(f"{base}ldes/practices/page/3").status_code == 404
    assert httpx.get(f"{base}ldes/practices/page/01").status_code == 404


def test_digests_kept_by_earlier_builds_still_say_an_entity_is_unchanged(project: Path) -> None:
    """Builds before fingerprint digests digested each entity canonically and kept those digests
    by fingerprint in the state folder; an upgrade must not give harvesters a new version of
    every entity that did not change."""
    settings = BuildSettings(project_dir=project)
    built(settings)
    path = settings.state / "ldes" / "practices.jsonl"
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    members = [json.loads(line) for line in lines]
    legacy = {m["digest"]: f"canonical-{m['digest']}" for m in members}
    for member in members:
        member["digest"] = legacy[member["digest"]]
    older = [header, *(json.dumps(m, ensure_ascii=False, sort_keys=True) for m in members)]
    path.write_text("\n".join(older) + "\n", encoding="utf-8")
    (settings.state / "ldes" / "index.json").unlink()  # made again from the history
    (settings.state / "ldes" / "digests.json").write_text(json.dumps(legacy), encoding="utf-8")

    outcome, folder = build(settings, reuse=False)
    assert folder is not None, outcome.violations
    assert len(history(settings)) == len(members), "nothing changed: no new member"

    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    built(settings)
    (changed,) = history(settings)[len(members) :]
    assert changed["entity"].endswith("/instroommeting-leuven")
    assert not changed["digest"].startswith("canonical-")


def test_the_fingerprint_is_the_one_earlier_builds_kept_digests_by(project: Path) -> None:
    """sha256 of the JSON of the sorted branches, as `json.dumps` writes it: the key of the
    digests in state/ldes/digests.json, so it must not drift."""
    base = BuildSettings(project_dir=project).base
    graph = parse_turtle(project / "data" / "practices" / "opvoedingsondersteuning.ttl", base)
    practice = iri(next(graph.subjects(RDF.type, URIRef(f"{base}ns/praktijk#Practice"))))

    def tree(node: Node) -> list[object]:
        branches: list[object] = [
            [p.n3(), tree(o) if isinstance(o, BNode) else o.n3()]
            for _, p, o in graph.triples((node, None, None))
        ]
        return sorted(branches, key=json.dumps)

    expected = hashlib.sha256(json.dumps(tree(practice)).encode()).hexdigest()
    description, fingerprint = walk([graph], practice)
    assert fingerprint == expected
    assert any(isinstance(o, BNode) for _, _, o in description)  # lists and the image: nested
    assert set(description) == set(describe([graph], practice))


def conforms(document: Graph) -> list[str]:
    """What the LDES and TREE specifications' MUSTs (tests/ldes-spec.ttl) find in a document."""
    shapes = Graph().parse(ROOT / "tests" / "ldes-spec.ttl", format="turtle")
    _ok, report, _text = pyshacl.validate(document, shacl_graph=shapes, advanced=True)
    return sorted(str(m) for m in report.objects(None, SH.resultMessage))


def test_the_root_and_every_page_follow_the_specifications(
    stream_server: tuple[str, BuildSettings],
) -> None:
    base, _settings = stream_server
    turtle = {"Accept": "text/turtle"}
    root = Graph().parse(
        data=httpx.get(f"{base}ldes/practices", headers=turtle).text, format="turtle"
    )
    stream = URIRef(f"{base}ldes/practices")
    assert (stream, URIRef(LDES + "retentionPolicy"), None) not in root  # keeps everything
    assert conforms(root) == []
    for number in range(3):
        page = httpx.get(f"{base}ldes/practices/page/{number}", headers=turtle)
        assert conforms(Graph().parse(data=page.text, format="turtle")) == [], number


def test_the_specification_shape_finds_what_the_root_once_declared() -> None:
    """The 100-year DurationAgoPolicy as a blank node, and a member without its timestamp."""
    stream = URIRef("https://example.org/ldes")
    document = Graph()
    document.parse(
        data=f"""
        @prefix ldes: <{LDES}> . @prefix tree: <{TREE}> .
        <{stream}> a ldes:EventStream ; tree:view <{stream}> ;
            ldes:timestampPath <http://www.w3.org/ns/prov#generatedAtTime> ;
            ldes:retentionPolicy [ a ldes:DurationAgoPolicy ; tree:value "P100Y" ] ;
            tree:member <https://example.org/m1> .
        """,
        format="turtle",
    )
    found = " ".join(conforms(document))
    assert "The value of ldes:retentionPolicy is an IRI" in found
    assert "Every member has exactly one timestamp" in found


def replay(url: str, *options: str) -> Graph:
    """The members a real LDES client emits from `url`."""
    result = subprocess.run(
        [str(CLIENT), "--no-shape", *options, url],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return Graph().parse(data=result.stdout, format="turtle")


def once_each(replayed: Graph) -> set[str]:
    versions = Counter(str(s) for s, _o in replayed.subject_objects(DCTERMS.isVersionOf))
    assert set(versions.values()) == {1}, "every member exactly once"
    return set(versions)


def test_the_root_declares_each_view_with_its_description(
    stream_server: tuple[str, BuildSettings],
) -> None:
    base, _settings = stream_server
    stream = URIRef(f"{base}ldes/practices")
    root = Graph().parse(data=httpx.get(str(stream), headers=TURTLE).text, format="turtle")
    views = {str(v) for v in root.objects(stream, URIRef(TREE + "view"))}
    assert views == {str(stream), f"{stream}/latest", f"{stream}/by-municipality"}
    for view in views:
        document = Graph().parse(data=httpx.get(view, headers=TURTLE).text, format="turtle")
        described = document.value(URIRef(view), URIRef(TREE + "viewDescription"))
        assert described is not None, view
        assert document.value(described, DCAT.endpointURL) == URIRef(view)
        assert (described, RDF.type, DCAT.DataService) in document
        assert str(described).startswith(f"{base}catalog#ldes")
    latest = Graph().parse(data=httpx.get(f"{stream}/latest", headers=TURTLE).text)
    (policy,) = latest.objects(None, URIRef(LDES + "retentionPolicy"))
    assert latest.value(policy, URIRef(LDES + "versionAmount")).toPython() == 1  # type: ignore[union-attr]


def test_the_latest_state_view_replays_as_the_dump_holds_the_streamed_entities(
    stream_server: tuple[str, BuildSettings],
) -> None:
    """A replica that starts today reads one member per entity, its newest (a delete for the
    withdrawn practice), and, materialised, holds what the current dump says of each."""
    base, settings = stream_server
    replayed = replay(f"{base}ldes/practices/latest")
    newest = {m["entity"]: m for m in history(settings)}
    assert once_each(replayed) == {m["iri"] for m in newest.values()}
    dump = Graph().parse(settings.dist / "current" / "dumps" / "dataset.nt")
    held, expected = Graph(), Graph()
    for entity, member in newest.items():
        if member["kind"] == "delete":
            assert (URIRef(member["iri"]), RDF.type, AS_DELETE) in replayed
            assert (URIRef(entity), RDF.type, URIRef(f"{base}ns/praktijk#Practice")) not in dump
            continue
        version = URIRef(member["iri"])
        for s, p, o in describe([replayed], version):
            if p not in (DCTERMS.isVersionOf, PROV.generatedAtTime):
                held.add((URIRef(entity) if s == version else s, p, o))
        for triple in describe([dump], URIRef(entity)):
            expected.add(triple)
    assert len(held) > 300
    assert isomorphic(held, expected)


def test_one_municipalitys_part_of_the_place_view_gives_exactly_its_members(
    stream_server: tuple[str, BuildSettings],
) -> None:
    base, settings = stream_server
    place = f"{base}ns/praktijk#municipality"
    root_iri = f"{base}ldes/practices/by-municipality"
    root = Graph().parse(data=httpx.get(root_iri, headers=TURTLE).text, format="turtle")
    parts = {
        str(root.value(r, URIRef(TREE + "value"))): str(root.value(r, URIRef(TREE + "node")))
        for r in root.objects(URIRef(root_iri), URIRef(TREE + "relation"))
    }
    expected: dict[str, set[str]] = {}
    where: dict[str, set[str]] = {}
    for member in history(settings):
        if member["kind"] == "version":
            triples = Graph().parse(data=member["ntriples"], format="nt")
            where[member["entity"]] = {str(o) for o in triples.objects(None, URIRef(place))}
        for municipality in where.get(member["entity"], set()):
            expected.setdefault(municipality, set()).add(member["iri"])
    assert set(parts) == set(expected)
    leuven = f"{base}id/gemeente/24062"
    replayed = replay(parts[leuven], "--url-is-view")
    assert once_each(replayed) == expected[leuven]
    assert len(expected[leuven]) == 2, "Leuven's initiative, then its edit"


def test_a_build_with_no_new_member_links_the_views_it_would_write_again(project: Path) -> None:
    """They are made from the history alone: unchanged, the next build links the last one's
    files (the same inodes) instead of rendering every member again."""
    settings = BuildSettings(project_dir=project)
    first = built(settings)
    second = built(settings)
    assert first != second
    for view in ("latest", "by-municipality"):
        files = sorted(p for p in (first / "ldes" / view).rglob("*") if p.is_file())
        assert files
        for path in files:
            again = second / path.relative_to(first)
            assert again.stat().st_ino == path.stat().st_ino, again
    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    third = built(settings)
    root = (third / "ldes" / "latest" / "page-0.nt").stat().st_ino
    assert root != (second / "ldes" / "latest" / "page-0.nt").stat().st_ino, "a new member: made"
