"""The DCAT-AP Vlaanderen catalog and the VoID description, as portals and crawlers read them."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SH, VOID, XSD

from practicegraph.builder.pipeline import assemble
from practicegraph.builder.validate import dcatapvl
from practicegraph.core.reading import parse_turtle
from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT, Server, cli, graph_of, literal, serve

BASE = "http://localhost:8000/"
CATALOG = URIRef(BASE + "catalog")
RECORD = URIRef(BASE + "catalog#record")
DATASET = URIRef(BASE + "id/dataset/practicegraph")
SPARQL = URIRef(BASE + "catalog#sparql")
DISTRIBUTION = URIRef(BASE + "catalog#distribution-dataset-ttl")
PUBLISHER = URIRef(BASE + "id/organisatie/practicegraph")
CONTACT = URIRef(BASE + "catalog#contact")
VCARD_EMAIL = URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")
SPDX = "http://spdx.org/rdf/terms#"
PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")


def catalog_graph(settings: BuildSettings) -> Graph:
    graph = Graph()
    for source in assemble(settings):
        if str(source.name) in (BASE + "graph/catalog", BASE + "graph/data/catalog"):
            graph += source.graph
    return graph


def violations(data: Graph, severity: URIRef = SH.Violation) -> set[tuple[str, str]]:
    import pyshacl

    shapes = parse_turtle(ROOT / "shapes" / "catalog.ttl", BASE)
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == severity
    }


MANDATORY = [
    (CATALOG, DCTERMS.title),
    (CATALOG, DCTERMS.description),
    (CATALOG, DCTERMS.identifier),
    (CATALOG, DCTERMS.publisher),
    (CATALOG, DCAT.contactPoint),
    (RECORD, DCTERMS.identifier),
    (RECORD, DCTERMS.modified),
    (RECORD, FOAF.primaryTopic),
    (DATASET, DCTERMS.title),
    (DATASET, DCTERMS.description),
    (DATASET, DCTERMS.identifier),
    (DATASET, DCTERMS.publisher),
    (DATASET, DCAT.contactPoint),
    (DATASET, DCTERMS.accessRights),
    (DATASET, DCAT.keyword),
    (DATASET, DCTERMS.rights),
    (DISTRIBUTION, DCAT.accessURL),
    (DISTRIBUTION, DCTERMS.rights),
    (DISTRIBUTION, DCTERMS.identifier),
    (SPARQL, DCTERMS.title),
    (SPARQL, DCTERMS.identifier),
    (SPARQL, DCTERMS.publisher),
    (SPARQL, DCAT.contactPoint),
    (SPARQL, DCTERMS.accessRights),
    (SPARQL, DCAT.endpointURL),
    (SPARQL, DCAT.endpointDescription),
]


@pytest.fixture(scope="module")
def generated() -> Graph:
    return catalog_graph(BuildSettings(project_dir=ROOT))


def test_the_catalog_meets_dcat_ap_vlaanderen(generated: Graph) -> None:
    assert violations(generated) == set()


@pytest.mark.parametrize(("node", "prop"), MANDATORY, ids=lambda x: str(x).rsplit("/", 1)[-1])
def test_each_mandatory_property_is_checked(generated: Graph, node: URIRef, prop: URIRef) -> None:
    broken = Graph()
    broken += generated
    assert (node, prop, None) in broken
    broken.remove((node, prop, None))
    assert (str(node), str(prop)) in violations(broken)


@pytest.mark.parametrize(
    ("node", "prop", "holder"),
    [(PUBLISHER, FOAF.name, CATALOG), (CONTACT, VCARD_EMAIL, CATALOG)],
    ids=["agent-name", "contact-email"],
)
def test_agents_need_a_dutch_name_and_contacts_an_email(
    generated: Graph, node: URIRef, prop: URIRef, holder: URIRef
) -> None:
    broken = Graph()
    broken += generated
    broken.remove((node, prop, None))
    found = violations(broken)
    assert any(focus == str(holder) for focus, _path in found), found


def test_a_catalog_without_dutch_keywords_refuses_the_build(project: Path) -> None:
    path = project / "data" / "catalog.ttl"
    text = path.read_text(encoding="utf-8")
    english_only, count = re.subn(
        r"dcat:keyword .*?;(?=\n    dcat:theme)",
        'dcat:keyword "good practices"@en ;',
        text,
        flags=re.DOTALL,
    )
    assert count == 1
    path.write_text(english_only, encoding="utf-8")
    result = cli(project, "build")
    assert result.returncode == 1, result.stderr
    assert "at least one Dutch keyword" in result.stderr
    assert not (project / "dist" / "current").exists()


def test_no_licence_is_claimed_until_one_is_decided(generated: Graph, project: Path) -> None:
    """The texts are VVSG's and the local governments': a portal passes on what we claim."""
    assert not list(generated.triples((None, DCTERMS.license, None)))
    rights = URIRef(BASE + "catalog#rights")
    assert (rights, RDF.type, DCTERMS.RightsStatement) in generated
    statement = str(generated.value(rights, RDFS.label))
    assert "Samenleven" in statement or "VVSG" in statement
    nodes = {DATASET, SPARQL, DISTRIBUTION, URIRef(BASE + "catalog#ldes")}
    assert nodes <= set(generated.subjects(DCTERMS.rights, rights))
    assert violations(generated, SH.Warning) == {(str(DATASET), str(DCTERMS.license))}
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "No licence is decided" in result.stderr + result.stdout


def test_the_home_page_says_whose_the_texts_are(http: httpx.Client) -> None:
    html = http.get("/").text
    assert "blijven van de VVSG en van de lokale besturen" in html
    assert "Er is geen open licentie op" in html
    assert 'rel="license"' not in html


def test_a_licence_once_decided_is_on_the_catalog_and_the_home_page(
    project: Path, tmp_path: Path
) -> None:
    cc_by = "https://data.vlaanderen.be/id/licentie/cc-by/v4.0"
    env = {"PRACTICEGRAPH_LICENCE": cc_by}
    result = subprocess.run(
        [sys.executable, "-m", "practicegraph", "build", "--project-dir", str(project)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "No licence is decided" not in result.stdout + result.stderr
    process, port = serve(project, env, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            html = client.get("/").text
            catalog = Graph().parse(
                data=client.get("/catalog", headers={"Accept": "text/turtle"}).text,
                format="turtle",
            )
    finally:
        process.terminate()
        process.wait(10)
    assert f'<a href="{cc_by}" rel="license">' in html
    assert "Er is geen open licentie op" not in html
    assert (DATASET, DCTERMS.license, URIRef(cc_by)) in catalog
    assert (DATASET, DCTERMS.rights, URIRef(BASE + "catalog#rights")) in catalog


def test_publisher_contact_and_licence_are_settings(project: Path) -> None:
    settings = BuildSettings(
        project_dir=project,
        publisher="https://example.org/id/org/stad",
        publisher_name="Stad Voorbeeld",
        contact_email="open.data@voorbeeld.be",
        licence="https://data.vlaanderen.be/id/licentie/cc-by/v4.0",
    )
    graph = catalog_graph(settings)
    publisher = URIRef("https://example.org/id/org/stad")
    assert (CATALOG, DCTERMS.publisher, publisher) in graph
    assert (publisher, FOAF.name, Literal("Stad Voorbeeld", lang="nl")) in graph
    assert (CONTACT, VCARD_EMAIL, URIRef("mailto:open.data@voorbeeld.be")) in graph
    licensed = set(
        graph.subjects(DCTERMS.license, URIRef("https://data.vlaanderen.be/id/licentie/cc-by/v4.0"))
    )
    assert {CATALOG, DATASET, DISTRIBUTION, SPARQL} <= licensed
    assert violations(graph, SH.Warning) == set()


@pytest.fixture(scope="module")
def served(server: Server) -> Graph:
    with httpx.Client(base_url=server.url) as client:
        response = client.get("/catalog", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=response.text, format="turtle")


def test_every_dump_is_a_distribution_with_its_size_and_checksum(
    served: Graph, http: httpx.Client, server: Server
) -> None:
    distributions = set(served.objects(DATASET, DCAT.distribution))
    names = sorted(p.name for p in (server.folder / "dumps").iterdir())
    assert len(distributions) == len(names) == 8
    for node in distributions:
        url = str(served.value(node, DCAT.downloadURL))
        assert url.startswith(BASE + "dumps/")
        body = http.get(url.removeprefix(BASE.rstrip("/"))).content
        size = served.value(node, DCAT.byteSize)
        assert size == Literal(str(len(body)), datatype=XSD.nonNegativeInteger)
        checksum = served.value(node, URIRef(SPDX + "checksum"))
        assert (
            str(served.value(checksum, URIRef(SPDX + "checksumValue")))
            == hashlib.sha256(body).hexdigest()
        )
        assert served.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(
            SPDX + "checksumAlgorithm_sha256"
        )
        media = str(served.value(node, DCAT.mediaType)).removeprefix(
            "https://www.iana.org/assignments/media-types/"
        )
        assert url.endswith(".gz") == ((node, DCAT.compressFormat, None) in served)
        if not url.endswith(".gz"):
            served_type = http.head(url.removeprefix(BASE.rstrip("/"))).headers["content-type"]
            assert served_type.split(";")[0] == media, url
        assert (node, DCTERMS.rights, URIRef(BASE + "catalog#rights")) in served
        assert literal(served.value(node, DCTERMS.issued)).datatype == XSD.dateTime


def test_the_catalog_describes_the_dataset_and_its_endpoint(
    served: Graph, http: httpx.Client
) -> None:
    assert (CATALOG, RDF.type, DCAT.Catalog) in served
    assert (DATASET, DCTERMS.accessRights, PUBLIC) in served
    assert (DATASET, DCAT.theme, URIRef("http://vocab.belgif.be/auth/datatheme/SOCI")) in served
    assert (
        DATASET,
        DCTERMS.spatial,
        URIRef("http://vocab.belgif.be/auth/refnis2025/2000"),
    ) in served
    assert {literal(t).language for t in served.objects(DATASET, DCTERMS.title)} == {"nl", "en"}
    assert (
        SPARQL,
        DCTERMS.conformsTo,
        URIRef("https://www.w3.org/TR/sparql11-protocol/"),
    ) in served
    endpoint = str(served.value(SPARQL, DCAT.endpointURL)).removeprefix(BASE.rstrip("/"))
    answer = http.get(
        endpoint, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.json()["boolean"] is True
    description = http.get(
        str(served.value(SPARQL, DCAT.endpointDescription)).removeprefix(BASE.rstrip("/")),
        headers={"Accept": "text/turtle"},
    )
    assert "sparql-service-description" in description.text
    assert literal(served.value(RECORD, DCTERMS.modified)).datatype == XSD.dateTime
    assert graph_of(http.get("/catalog.jsonld"), "jsonld", http).isomorphic(served)


def test_void_counts_what_the_store_holds(
    http: httpx.Client, server: Server, store: pyoxigraph.Store
) -> None:
    response = http.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    void = Graph().parse(data=response.text, format="turtle")
    manifest_triples = int(literal(void.value(DATASET, VOID.triples)))
    assert manifest_triples == int(
        server.folder.joinpath("manifest.json").read_text().split('"triples": ')[1].split(",")[0]
    )
    practices = [
        part for part in void.objects(DATASET, VOID.classPartition)
        if void.value(part, VOID["class"]) == URIRef(BASE + "ns/praktijk#Practice")
    ]  # fmt: skip
    assert [int(literal(void.value(p, VOID.entities))) for p in practices] == [3]
    for key, space in (("wikidata", "http://www.wikidata.org/entity/"), ("geonames", "https://sws.geonames.org/"),
                       ("refnis", "http://vocab.belgif.be/auth/refnis"), ("adresregister", "https://data.vlaanderen.be/id/gemeente/")):  # fmt: skip
        linkset = URIRef(f"{BASE}.well-known/void#{key}")
        assert (DATASET, VOID.subset, linkset) in void
        predicate = void.value(linkset, VOID.linkPredicate)
        rows = store.query(
            f'SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o FILTER (STRSTARTS(STR(?s), "{BASE}") && STRSTARTS(STR(?o), "{space}")) }}',
            use_default_graph_as_union=True,
        )  # fmt: skip
        assert isinstance(rows, pyoxigraph.QuerySolutions)
        (count,) = rows
        assert int(literal(void.value(linkset, VOID.triples))) == int(count[0].value) > 0
    dumps = set(void.objects(DATASET, VOID.dataDump))
    assert len(dumps) == 8
    for dump in dumps:
        assert http.head(str(dump).removeprefix(BASE.rstrip("/"))).status_code == 200
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert (DATASET, VOID.uriSpace, Literal(BASE)) in void


def test_home_page_and_service_description_link_to_catalog_and_void(http: httpx.Client) -> None:
    home = http.get("/").text
    assert 'href="/catalog"' in home
    assert 'href="/.well-known/void"' in home
    description = Graph().parse(
        data=http.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle"
    )
    see_also = URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    assert (None, see_also, URIRef(BASE + ".well-known/void")) in description
    assert http.get("/catalog.xyz").status_code == 404
    assert http.get("/catalog", headers={"Accept": "text/html"}).status_code == 200


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("PRACTICEGRAPH_CONTACT_EMAIL", "not-an-email"),
        ("PRACTICEGRAPH_LICENCE", "licence.txt"),
        ("PRACTICEGRAPH_PUBLISHER_NAME", "  "),
    ],
)
def test_a_bad_catalog_setting_is_a_usage_error(project: Path, option: str, value: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, option: value}
    result = subprocess.run(
        [sys.executable, "-m", "practicegraph", "validate", "--project-dir", str(project)],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def official_findings(document: Graph) -> list[str]:
    """What the official DCAT-AP Vlaanderen 3 shapes (read as the standard means them, see
    src/practicegraph/standards/README.md) find in a catalog document."""
    report = dcatapvl.engine().report([document])
    return sorted(
        f"{report.value(r, SH.focusNode)}: {report.value(r, SH.resultMessage)}"
        for r in report.objects(None, SH.result)
    )


def test_the_published_catalog_meets_the_official_dcat_ap_vl_shapes(http: httpx.Client) -> None:
    """The document portals harvest, as they get it (file sizes and checksums included)."""
    response = http.get("/catalog", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    document = Graph().parse(data=response.text, format="turtle")
    assert len(document) > 100
    assert official_findings(document) == []


def test_the_official_shapes_are_read_as_the_standard_means_them() -> None:
    shapes = dcatapvl.engine().shapes
    counts = {str(o) for p in (SH.minCount, SH.maxCount) for o in shapes.objects(None, p)}
    assert counts <= {"0", "1"}  # "n" ("unbounded") dropped
    assert all(literal(o).datatype == XSD.integer for o in shapes.objects(None, SH.maxCount))
    assert (
        None,
        SH["class"],
        URIRef("http://www.w3.org/2000/01/rdf-schema#Resource"),
    ) not in shapes
    sample = URIRef(dcatapvl.NAMESPACE + "VoorbeeldweergaveShape")
    assert (sample, SH.targetClass, DCAT.Distribution) not in shapes


@pytest.mark.parametrize(
    ("old", "node", "shape"),
    [
        ("<https://w3id.org/ldes/specification> a dct:Standard ;", "catalog#ldes", "dcatapvl:DataserviceShape"),
        ("<http://vocab.belgif.be/auth/datatheme/SOCI> a skos:Concept ;", "id/dataset/practicegraph", "dcatapvl:DatasetShape"),
        ("<http://vocab.belgif.be/auth/refnis2025/2000> a dct:Location ;", "id/dataset/practicegraph", "dcatapvl:DatasetShape"),
    ],
)  # fmt: skip
def test_an_untyped_node_in_the_catalog_fails_the_build(
    project: Path, old: str, node: str, shape: str
) -> None:
    catalog = project / "data" / "catalog.ttl"
    text = catalog.read_text(encoding="utf-8")
    assert old in text
    catalog.write_text(text.replace(old, old.split(" a ")[0], 1), encoding="utf-8")
    result = cli(project, "build")
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert f"<http://localhost:8000/{node}>" in message
    assert f"shape: {shape}" in message
    assert "Value does not have class" in message


def test_every_practice_names_its_source_in_its_page_and_document(http: httpx.Client) -> None:
    """Attribution: the page says where the text comes from and whose it is; the document (and
    so the dump, which holds the same triples) names the source page and its publisher."""
    html = http.get("/doc/praktijk/instroommeting").text
    assert '<a href="https://www.vvsg.be/kennisitem/vvsg/instroommeting" rel="external">' in html
    assert "De tekst blijft van de VVSG en van de lokale besturen" in html
    without_address = http.get("/doc/praktijk/opvoedingsondersteuning").text
    assert "Bron: de pagina van deze praktijk in de databank Samenleven" in without_address
    document = Graph().parse(
        data=http.get("/doc/praktijk/instroommeting.ttl").text, format="turtle"
    )
    practice = URIRef(BASE + "id/praktijk/instroommeting")
    source = document.value(practice, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert source is not None
    assert (source, DCTERMS.publisher, URIRef(BASE + "id/organisatie/vvsg")) in document
    assert document.value(source, URIRef("http://schema.org/url")) == URIRef(
        "https://www.vvsg.be/kennisitem/vvsg/instroommeting"
    )
