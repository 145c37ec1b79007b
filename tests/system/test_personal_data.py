"""Personal data by rule: functional mailboxes are published, a person's name and address only
where the setting allows, never in the event stream; one build takes a person out of every
public output."""

from __future__ import annotations

import gzip
import tarfile
import unicodedata
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from practicegraph.builder import erase
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import build
from practicegraph.core.build_folder import CURRENT, STORE
from practicegraph.core.personal_data import read
from practicegraph.core.reading import SourceError
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import VCARD
from practicegraph.ingest.page import Contact
from practicegraph.ingest.proposals import candidates
from practicegraph.web.render import responses
from tests.conftest import ROOT, SERVER_ENV, cli, copy_project, rewrite, serve, value_of, wait_for

PRACTICE = "data/practices/opvoedingsondersteuning.ttl"
PERSON = ("Esther Brouwer", "ebrouwer@landen.be")
FUNCTIONAL = "kindenwelzijn@machelen.be"
LANDEN = "/doc/initiatief/opvoedingsondersteuning-praatgroep-voor-vrouwen"
PRACTICE_DOC = "/doc/praktijk/opvoedingsondersteuning"
FORMATS = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")


def test_the_import_proposes_names_and_name_like_addresses_only() -> None:
    found = candidates(
        [
            Contact("Esther Brouwer", ["ebrouwer@landen.be"]),
            Contact(None, ["suzan.decleer@ligo-zovl.be", "kinderopvang@heusden-zolder.be"]),
            Contact(None, ["info@kindentaal.be", "huisvanhetkind@geraardsbergen.be"]),
        ],
        PRACTICE,
    )
    assert [(e.value, e.kind, e.status) for e in found] == [
        ("Esther Brouwer", "name", "proposed"),
        ("ebrouwer@landen.be", "email", "proposed"),
        ("suzan.decleer@ligo-zovl.be", "email", "proposed"),
    ]


def test_an_import_proposes_rows_that_are_withheld_until_reviewed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data" / "personal-data.csv").unlink()
    page = project / "data" / "sources" / "practice-opvoedingsondersteuning.txt"
    args = ("import", str(page), "--title", "Opvoedingsondersteuning", "--force")
    result = cli(project, *args)
    assert result.returncode == 0, result.stderr
    assert "is proposed as personal" in " ".join(result.stderr.split())
    listed = read(project)
    assert {e.value for e in listed.proposed} == {
        "Esther Brouwer",
        "ebrouwer@landen.be",
        "suzan.decleer@ligo-zovl.be",
        "carmen.kleykens@ocmwdiest.be",
        "sam.deckers@samenlevingsopbouw.be",
    }
    assert cli(project, *args).returncode == 0
    assert len(read(project).entries) == len(listed.entries), "a listed value is not proposed again"

    outcome, folder = build(BuildSettings(project_dir=project))
    assert folder is not None
    review = [w for w in outcome.warnings if w.constraint == "review"]
    assert len(review) == 5
    assert all(w.file == "data/personal-data.csv" and w.line for w in review)
    text = published_text(folder)
    assert "suzan.decleer" not in text
    assert "Esther Brouwer" not in text
    assert "baldemore@gemeentemol.be" in text, "not proposed, so functional"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x@y.be,mail,personal,f,n", "kind must be one of email, telephone, name"),
        ("x@y.be,email,secret,f,n", "status must be one of personal, functional, proposed"),
        ("x@y.be,email,personal", "expected 5 columns"),
    ],
)
def test_a_malformed_list_names_its_line(tmp_path: Path, row: str, message: str) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "personal-data.csv").write_text(
        "# reviewed\nvalue,kind,status,file,note\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=message) as raised:
        read(tmp_path)
    assert raised.value.line == 3


def published_text(folder: Path) -> str:
    """Every file of a build as text (gzip opened), but the query store's own binary files,
    which SPARQL answers for."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or STORE in path.relative_to(folder).parts:
            continue
        data = path.read_bytes()
        parts.append((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8"))
    return "\n".join(parts)


def served_text(client: httpx.Client) -> str:
    """What a client gets: the documents in every format, the finder, SPARQL, the stream."""
    parts = []
    for path in (PRACTICE_DOC, LANDEN):
        parts += [client.get(path, headers={"Accept": f}).text for f in FORMATS]
    parts.append(client.get("/praktijken", params={"q": "Landen"}).text)
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (CONTAINS(STR(?o), 'rouwer')) }"
    parts.append(
        client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    )
    parts.append(client.get("/ldes/practices").text)
    return "\n".join(parts)


def test_personal_values_are_published_by_setting_never_streamed_and_erased_in_one_build(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    settings = BuildSettings(project_dir=project, publish_personal_contacts=True)
    _outcome, first = build(settings)
    assert first is not None
    text = published_text(first)
    assert all(value in text for value in PERSON), "published where the setting allows"
    dump = Graph().parse(first / "dumps" / "dataset.nt", format="nt")
    kinds = {
        str(o) for s, _p, o in dump.triples((None, None, None)) if str(o).endswith("Individual")
    }
    assert kinds == {"http://www.w3.org/2006/vcard/ns#Individual"}
    stream = "\n".join(p.read_text(encoding="utf-8") for p in (first / "ldes").rglob("*.*"))
    history = (project / "state").rglob("*")
    kept = "\n".join(p.read_text(encoding="utf-8") for p in history if p.is_file())
    for value in PERSON:
        assert value not in stream, "never in the event stream's pages"
        assert value not in kept, "never in its history"
    assert FUNCTIONAL in stream

    process, port = serve(project, SERVER_ENV, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            before = served_text(client)
            assert all(value in before for value in PERSON)
            rows = client.get(
                "/sparql",
                params={
                    "query": (project / "queries" / "contact-addresses-per-province.rq").read_text()
                },
                headers={"Accept": "text/csv"},
            ).text
            assert FUNCTIONAL in rows
            assert PERSON[1] not in rows, "the example query lists functional addresses only"
            privacy = client.get("/privacy").text
            assert "omdat de uitgever dat zo heeft ingesteld" in privacy

            # the person asks to be removed: out of data/, one build
            path = project / PRACTICE
            source = path.read_text(encoding="utf-8")
            line = next(line for line in source.splitlines() if PERSON[1] in line)
            path.write_text(source.replace(line + "\n", ""), encoding="utf-8")
            _outcome, second = build(settings)
            assert second is not None
            wait_for(
                lambda: (
                    client.get("/dumps/", headers={"Accept": "application/json"}).json()["build"]
                    == second.name
                ),
                "the server to switch",
            )
            after = served_text(client)
    finally:
        process.terminate()
        process.wait(10)
    assert (project / "dist" / CURRENT).resolve() == second
    for value in PERSON:
        assert value not in after, f"{value} still served"
        assert value not in published_text(second), f"{value} still in the build"
    assert FUNCTIONAL in after


def test_by_default_the_site_says_names_are_not_published(http: httpx.Client) -> None:
    privacy = http.get("/privacy")
    assert privacy.status_code == 200
    assert "Namen en persoonlijke adressen van medewerkers</strong>: nee" in privacy.text
    assert "mailto:samenleven@vvsg.be" in privacy.text
    assert 'href="/privacy"' in http.get("/").text
    page = http.get(PRACTICE_DOC).text
    assert PERSON[1] not in page
    assert FUNCTIONAL in page


LEUVEN = "data/practices/instroommeting.ttl"
LEUVEN_CARD = "dcat:contactPoint [ a vcard:Kind ; vcard:hasEmail <mailto:diversiteit@leuven.be> ] ;"
CONTACT_NODE = (
    '\n<id/contact/leuven> a vcard:Individual ; vcard:fn "Esther Brouwer" ;'
    " vcard:hasEmail <mailto:ebrouwer@landen.be> .\n"
)


def test_a_contact_written_as_an_iri_keeps_its_iri_and_loses_its_personal_values(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    path = project / LEUVEN
    rewrite(path, LEUVEN_CARD, "dcat:contactPoint <id/contact/leuven> ;")
    path.write_text(path.read_text(encoding="utf-8") + CONTACT_NODE, encoding="utf-8")
    settings = BuildSettings(project_dir=project)
    outcome, folder = build(settings)
    assert folder is not None, [f.message for f in outcome.violations]
    text = published_text(folder)
    assert "Esther Brouwer" not in text
    assert "ebrouwer@landen.be" not in text
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    kept = {
        (q.predicate.value, value_of(q.object))
        for q in store.quads_for_pattern(
            pyoxigraph.NamedNode("http://localhost:8000/id/contact/leuven"), None, None
        )
    }
    assert kept == {(str(RDF.type), str(VCARD.Individual))}, "kept, without the values"

    # erased the other way: the node taken out of the data and its IRI withdrawn (410)
    path.write_text(path.read_text(encoding="utf-8").replace(CONTACT_NODE, ""), encoding="utf-8")
    rewrite(path, "dcat:contactPoint <id/contact/leuven> ;", LEUVEN_CARD)
    outcome, refused = build(settings)
    assert refused is None, "a published IRI never answers 404"
    assert any("id/contact/leuven" in f.message for f in outcome.violations)
    tombstone = (
        "<id/contact/leuven> a as:Tombstone ; as:formerType vcard:Individual ;"
        ' as:deleted "2026-12-01T00:00:00Z"^^xsd:dateTime ; as:summary "Op verzoek verwijderd."@nl .\n'
    )
    withdrawn = project / "data" / "withdrawn.ttl"
    withdrawn.write_text(withdrawn.read_text(encoding="utf-8") + tombstone, encoding="utf-8")
    outcome, second = build(settings)
    assert second is not None, [f.message for f in outcome.violations]
    process, port = serve(project, SERVER_ENV, tmp_path / "server.log")
    try:
        gone = httpx.get(f"http://127.0.0.1:{port}/doc/contact/leuven")
    finally:
        process.terminate()
        process.wait(10)
    assert gone.status_code == 410
    assert "Esther" not in gone.text


FREE_TEXT = "Vragen? Mail Esther Brouwer op ebrouwer@landen.be of bel 0470 12 34 56."
LEUVEN_TEXT = '"Stad Leuven monitort alle cijfers rond nieuwkomers."@nl'


def test_personal_values_in_free_text_are_withheld_and_never_streamed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    rewrite(
        project / LEUVEN,
        LEUVEN_TEXT,
        f'"Stad Leuven monitort alle cijfers rond nieuwkomers. {FREE_TEXT} Of info@leuven.be."@nl',
    )
    listed = project / "data" / "personal-data.csv"
    listed.write_text(
        listed.read_text(encoding="utf-8") + "info@leuven.be,email,functional,,reviewed\n",
        encoding="utf-8",
    )
    settings = BuildSettings(project_dir=project, publish_personal_contacts=True)
    outcome, folder = build(settings)
    assert folder is not None
    text = published_text(folder)
    history = (project / "state" / "ldes" / "practices.jsonl").read_text(encoding="utf-8")
    for where in (text, history):
        assert "0470 12 34 56" not in where
        assert "Esther Brouwer op" not in where
        assert "op ebrouwer@landen.be" not in where
        assert (
            "Mail [naam weggelaten] op [e-mailadres weggelaten] of bel [telefoonnummer weggelaten]."
            in where
        )
        assert "Of info@leuven.be." in where, "listed functional: published"
    (warning,) = [w for w in outcome.warnings if w.constraint == "free text"]
    assert warning.file == LEUVEN
    assert warning.line is not None
    line = (project / LEUVEN).read_text(encoding="utf-8").splitlines()[warning.line - 1]
    assert line.startswith("initiatief:instroommeting-leuven")
    assert "telephone number" in warning.message
    assert "0470" not in warning.message


def test_a_personal_value_typed_as_a_number_or_a_date_is_withheld(tmp_path: Path) -> None:
    """Numbers and dates hold no name or address, so their text is not read; a literal whose text
    is not of its type is, whatever its datatype claims (on a node no shape looks at)."""
    project = copy_project(tmp_path / "project")
    path = project / LEUVEN
    aside = (
        '<id/aside/note> rdfs:label "Esther Brouwer"^^xsd:integer, "ebrouwer@landen.be"^^xsd:date .'
    )
    path.write_text(path.read_text(encoding="utf-8") + aside + "\n", encoding="utf-8")
    outcome, folder = build(BuildSettings(project_dir=project))
    assert folder is not None, [f.message for f in outcome.violations]
    stored = pyoxigraph.Store.read_only(str(folder / STORE)).dump(
        format=pyoxigraph.RdfFormat.N_QUADS
    )
    assert stored is not None
    for where in (published_text(folder), stored.decode("utf-8")):
        assert "<http://localhost:8000/id/aside/note>" in where
        assert "Esther Brouwer" not in where
        assert "ebrouwer@landen.be" not in where


def test_the_import_proposes_the_addresses_and_numbers_in_a_pages_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = tmp_path / "speelpleinwerking.txt"
    corpus = ROOT / "tests" / "corpus" / "site" / "speelpleinwerking.txt"
    text = corpus.read_text(encoding="utf-8").replace(
        "met een tolk.", "met een tolk. Inschrijven via info@speelplein.be of 016 27 22 00."
    )
    page.write_text(text, encoding="utf-8")
    result = cli(project, "import", str(page))
    assert result.returncode == 0, result.stderr
    rows = {(e.value, e.kind, e.status) for e in read(project).entries}
    assert ("info@speelplein.be", "email", "proposed") in rows
    assert ("016 27 22 00", "telephone", "proposed") in rows


def test_erase_names_every_suffix_the_stream_serves_a_page_under() -> None:
    assert set(erase.SUFFIXES) == set(responses.SUFFIXES)


def test_erase_takes_a_value_out_of_history_pages_and_later_backups(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    value = "diversiteit@leuven.be"
    rewrite(project / LEUVEN, LEUVEN_TEXT, f'"Mail {value} voor de cijfers."@nl')
    listed = project / "data" / "personal-data.csv"
    listed.write_text(
        listed.read_text(encoding="utf-8") + f"{value},email,functional,,reviewed\n",
        encoding="utf-8",
    )
    env_file = project / ".env"
    env_file.write_text("PRACTICEGRAPH_LDES_PAGE_SIZE=5\n", encoding="utf-8")
    settings = BuildSettings.load(project_dir=project)
    _outcome, first = build(settings)
    assert first is not None
    pages = {p.name: p.read_bytes() for p in (first / "ldes").glob("page-*.nt")}
    holding = sorted(name for name, data in pages.items() if value.encode() in data)
    assert len(pages) > 1
    assert holding, "a functional address in free text is published, in the stream too"
    history = project / "state" / "ldes" / "practices.jsonl"
    assert value in history.read_text(encoding="utf-8")

    result = cli(project, "erase", value)
    assert result.returncode == 0, result.stderr
    current = (project / "dist" / CURRENT).resolve()
    assert [p.name for p in (project / "dist" / "builds").iterdir()] == [current.name]
    assert value not in history.read_text(encoding="utf-8")
    assert "[e-mailadres weggelaten]" in history.read_text(encoding="utf-8")
    assert value not in published_text(current)
    for name in holding:
        assert (current / "ldes" / name).read_bytes() != pages[name]
        number = name.removeprefix("page-").removesuffix(".nt")
        page = f"http://localhost:8000/ldes/practices/page/{number}"
        for suffix in ("", ".html", ".ttl", ".nt", ".jsonld", ".rdf"):
            assert page + suffix in result.stdout.split(), "every format a cache keeps apart"
    assert "page-0.nt" in holding, "a closed page changes too"
    row = next(e for e in read(project).entries if e.value == value)
    assert row.status == "personal"
    absent = cli(project, "erase", "jürgen.peeters@gemeente.be")
    assert absent.returncode == 0, absent.stderr
    said = " ".join(absent.stderr.split())
    assert "the email is listed personal" in said, "an address with ü is an address"
    assert "not in the event stream's history" in said
    assert "0 member(s)" not in said
    assert absent.stdout.strip() == "", "no page changed"
    archive = tmp_path / "after.tar.gz"
    assert cli(project, "backup", str(archive)).returncode == 0
    with tarfile.open(archive) as backup:
        for member in backup.getmembers():
            handle = backup.extractfile(member)
            if handle is not None:
                assert value.encode() not in handle.read(), member.name


def test_typed_literals_and_iris_are_read_for_personal_values_too(tmp_path: Path) -> None:
    """What a careless steward may write: an address in an xsd:token literal, a mailto: and a
    tel: IRI on another property, a link whose query holds an address."""
    project = copy_project(tmp_path / "project")
    path = project / LEUVEN
    path.write_text(
        path.read_text(encoding="utf-8") + "\n<id/notitie/contact>"
        ' <http://www.w3.org/2000/01/rdf-schema#comment> "mail token.aa@gemeente.be"'
        "^^<http://www.w3.org/2001/XMLSchema#token> ;\n"
        "    <http://www.w3.org/2000/01/rdf-schema#seeAlso> <mailto:seealso.aa@gemeente.be> ,"
        " <tel:+32470333444> ,"
        " <https://www.gemeente.be/contact?mail=url.aa%40gemeente.be> .\n",
        encoding="utf-8",
    )
    outcome, folder = build(BuildSettings(project_dir=project))
    assert folder is not None, [f.message for f in outcome.violations]
    text = published_text(folder)
    for value in ("token.aa@", "seealso.aa@", "470333444", "url.aa"):
        assert value not in text, value
    assert "mail [e-mailadres weggelaten]" in text
    assert len([w for w in outcome.warnings if w.constraint == "free text"]) == 4


def listing(project: Path, rows: str) -> None:
    """Rows added to the project's data/personal-data.csv, as a steward adds them."""
    listed = project / "data" / "personal-data.csv"
    listed.write_text(listed.read_text(encoding="utf-8") + rows, encoding="utf-8")


def built_from(project: Path) -> tuple[Outcome, Path]:
    outcome, folder = build(BuildSettings(project_dir=project))
    assert folder is not None, [f.message for f in outcome.violations]
    return outcome, folder


def stored_text(folder: Path) -> str:
    """The build's query store as N-Quads: what SPARQL and the fragments answer from."""
    stored = pyoxigraph.Store.read_only(str(folder / STORE)).dump(
        format=pyoxigraph.RdfFormat.N_QUADS
    )
    assert stored is not None
    return stored.decode("utf-8")


def history_text(project: Path) -> str:
    return (project / "state" / "ldes" / "practices.jsonl").read_text(encoding="utf-8")


def test_a_person_copied_or_added_to_a_mailto_iri_is_the_persons(tmp_path: Path) -> None:
    """A mail client writes to every address of a mailto: IRI (RFC 6068): those before the ?,
    comma-separated, and those its to=, cc= and bcc= fields add. A functional mailbox first
    must not carry a listed person's address along, on a contact point or anywhere else: the
    IRI is withheld whole, as an IRI cannot hold a placeholder."""
    project = copy_project(tmp_path / "project")
    rewrite(
        project / LEUVEN,
        LEUVEN_CARD,
        "dcat:contactPoint [ a vcard:Kind ; vcard:hasEmail"
        " <mailto:diversiteit@leuven.be?cc=ebrouwer%40landen.be> ] ,"
        " [ a vcard:Kind ; vcard:hasEmail <mailto:diversiteit@leuven.be,ebrouwer%40landen.be> ] ;",
    )
    path = project / LEUVEN
    path.write_text(
        path.read_text(encoding="utf-8") + "\n<id/notitie/cc> rdfs:seeAlso"
        " <mailto:diversiteit@leuven.be?subject=Vraag&BCC=ebrouwer@landen.be> .\n",
        encoding="utf-8",
    )
    listing(project, "diversiteit@leuven.be,email,functional,,reviewed\n")
    _outcome, folder = built_from(project)
    stored = stored_text(folder)
    for where in (published_text(folder), stored):
        assert "ebrouwer" not in where
        assert "<http://localhost:8000/id/notitie/cc>" not in where, "its only triple withheld"


def test_an_address_or_number_in_a_subjects_or_a_predicates_iri_is_withheld(
    tmp_path: Path,
) -> None:
    """An IRI minted from an address (a contact named by its mailbox) or a number holds the value
    as much as an object's IRI does: the triples it names are withheld too."""
    project = copy_project(tmp_path / "project")
    path = project / LEUVEN
    path.write_text(
        path.read_text(encoding="utf-8") + '\n<mailto:ebrouwer@landen.be> rdfs:label "mailbox" .\n'
        '<id/contact/ebrouwer@landen.be> rdfs:label "contact" .\n'
        '<id/aside/bel-0470123456> rdfs:label "number" .\n'
        '<id/aside/note> <http://example.org/ebrouwer%40landen.be> "predicate" ;'
        ' rdfs:label "kept" .\n',
        encoding="utf-8",
    )
    outcome, folder = built_from(project)
    stored = stored_text(folder)
    for where in (published_text(folder), stored):
        assert "ebrouwer" not in where
        assert "0470123456" not in where
        assert (
            "<http://localhost:8000/id/aside/note> <http://www.w3.org/2000/01/rdf-schema#label>"
            in where
        )
    assert len([w for w in outcome.warnings if w.constraint == "free text"]) == 1, "unlisted"


def test_a_concept_schemes_text_is_read_for_personal_values_too(tmp_path: Path) -> None:
    """The concept schemes (ontology/) are published like the practices: documents, dumps,
    SPARQL. A note with a listed person's address or a number must not pass there either."""
    project = copy_project(tmp_path / "project")
    path = project / "ontology" / "categorieen.ttl"
    path.write_text(
        path.read_text(encoding="utf-8") + "\ncategorie:onthaalbeleid skos:editorialNote"
        ' "Vragen aan Esther Brouwer, ebrouwer@landen.be of 0470 12 34 56."@nl ;'
        " <http://www.w3.org/2000/01/rdf-schema#seeAlso> <mailto:ebrouwer@landen.be> .\n",
        encoding="utf-8",
    )
    _outcome, folder = built_from(project)
    stored = stored_text(folder)
    for where in (published_text(folder), stored):
        assert "Vragen aan [naam weggelaten], [e-mailadres weggelaten] of" in where
        assert "ebrouwer" not in where
        assert "0470 12 34 56" not in where


def test_an_address_spelled_to_fool_harvesters_is_withheld_everywhere(tmp_path: Path) -> None:
    """Spellings a mail client's user reads back as the address, as a steward may type them or
    a page may give them: one space at the @, a line break after it, an escaped @, a [dot]."""
    project = copy_project(tmp_path / "project")
    spellings = (
        "ebrouwer @landen.be",
        "evi.wouters@\ndilbeek.be",
        "mailto:baldemore%40gemeentemol.be",
        "sam.deckers [at] samenlevingsopbouw [dot] be",
        "carmen.kleykens(at)ocmwdiest(dot)be",
    )
    text = " of ".join(s.replace("\n", "\\n") for s in spellings)
    rewrite(project / LEUVEN, LEUVEN_TEXT, f'"Mail {text}."@nl')
    _outcome, folder = built_from(project)
    stored = stored_text(folder)
    history = history_text(project)
    for where in (published_text(folder), stored, history):
        assert "Mail [e-mailadres weggelaten] of [e-mailadres weggelaten] of mailto:" in where
        for local in ("ebrouwer", "evi.wouters", "baldemore", "sam.deckers", "carmen.kleykens"):
            assert local not in where, local


def test_erase_takes_a_value_out_of_every_iri_of_the_history(tmp_path: Path) -> None:
    """An erased value leaves the history however an IRI holds it, as the build reads IRIs: a
    link's query or path, a mailto: IRI's cc=, a spelling of another case."""
    project = copy_project(tmp_path / "project")
    value, number = "diversiteit@leuven.be", "0470 55 66 77"
    rewrite(
        project / LEUVEN,
        LEUVEN_CARD,
        "dcat:contactPoint [ a vcard:Kind ; vcard:hasEmail <mailto:Diversiteit@Leuven.be> ,"
        " <mailto:info@leuven.be?cc=diversiteit%40leuven.be> ] ;",
    )
    rewrite(
        project / LEUVEN,
        'schema:subjectOf [ a schema:WebPage ; schema:name "Website"@nl ] ;',
        'schema:subjectOf [ a schema:WebPage ; schema:name "Contact"@nl ;'
        " schema:url <https://www.leuven.be/contact?mail=diversiteit%40leuven.be> ] ,"
        ' [ a schema:WebPage ; schema:name "Bel"@nl ;'
        " schema:url <https://www.leuven.be/bel/0470556677> ] ;",
    )
    listing(
        project, f"{value},email,functional,,reviewed\n{number},telephone,functional,,reviewed\n"
    )
    outcome, first = build(BuildSettings(project_dir=project))
    assert first is not None, [f.message for f in outcome.violations]
    history = project / "state" / "ldes" / "practices.jsonl"
    assert "diversiteit%40leuven.be" in history.read_text(encoding="utf-8")
    assert "0470556677" in history.read_text(encoding="utf-8")

    for erased in (value, number):
        result = cli(project, "erase", erased)
        assert result.returncode == 0, result.stderr
    kept = history.read_text(encoding="utf-8")
    published = published_text((project / "dist" / CURRENT).resolve())
    for where in (kept, published):
        assert "diversiteit@leuven" not in where.casefold()
        assert "diversiteit%40leuven" not in where.casefold()
        assert "0470556677" not in where


def test_a_number_with_its_country_code_in_brackets_is_withheld(tmp_path: Path) -> None:
    """A number written "(+32) 470 12 34 56", as many Belgian pages write it for readers abroad,
    is dialled as +32 470 12 34 56: it is the listed number and never published."""
    project = copy_project(tmp_path / "project")
    rewrite(project / LEUVEN, LEUVEN_TEXT, '"Bel (+32) 470 12 34 56 of (+32) 11 22 33 44."@nl')
    listing(project, "0470 12 34 56,telephone,personal,,reviewed\n")
    outcome, folder = built_from(project)
    stored = stored_text(folder)
    history = history_text(project)
    for where in (published_text(folder), stored, history):
        assert "Bel [telefoonnummer weggelaten] of [telefoonnummer weggelaten]." in where
    (unlisted,) = [w for w in outcome.warnings if w.constraint == "free text"]
    assert "telephone number" in unlisted.message, "only 011 22 33 44 is not listed"


def test_a_listed_name_with_the_family_name_and_an_initial_is_withheld(tmp_path: Path) -> None:
    """Lists of civil servants write "Brouwer E." or "Brouwer, E.": as plainly the person as
    "E. Brouwer", which is withheld."""
    project = copy_project(tmp_path / "project")
    rewrite(project / LEUVEN, LEUVEN_TEXT, '"Contact: Brouwer, E. (dienst) of Brouwer E."@nl')
    _outcome, folder = built_from(project)
    history = history_text(project)
    for where in (published_text(folder), history):
        assert "Contact: [naam weggelaten] (dienst) of [naam weggelaten]" in where
        assert "Brouwer" not in where


def test_a_listed_value_in_decomposed_text_is_withheld(tmp_path: Path) -> None:
    """Text copied on some systems comes decomposed (NFD): é as e and a combining accent, which
    reads the same but is no letter to a pattern. A listed name and address must be known in
    it, in free text and on a contact point."""
    project = copy_project(tmp_path / "project")
    decomposed = unicodedata.normalize("NFD", "Mail José Vermeulen op josé.vermeulen@gemeente.be.")
    rewrite(project / LEUVEN, LEUVEN_TEXT, f'"{decomposed}"@nl')
    rewrite(
        project / LEUVEN,
        LEUVEN_CARD,
        "dcat:contactPoint [ a vcard:Kind ; vcard:hasEmail <mailto:diversiteit@leuven.be> ,"
        " <mailto:jose%CC%81.vermeulen@gemeente.be> ] ;",
    )
    listing(
        project,
        "José Vermeulen,name,personal,,reviewed\njosé.vermeulen@gemeente.be,email,personal,,r\n",
    )
    _outcome, folder = built_from(project)
    history = history_text(project)
    for where in (published_text(folder), history):
        assert "Mail [naam weggelaten] op [e-mailadres weggelaten]." in where
        assert "vermeulen" not in where.casefold()
        assert "mailto:diversiteit@leuven.be" in where


def test_a_listed_value_broken_by_invisible_characters_is_withheld(tmp_path: Path) -> None:
    """Sites break long addresses with a soft hyphen (&shy;) or a zero-width space (<wbr>), and a
    copy keeps them: invisible to a reader, they kept the patterns from seeing the address."""
    project = copy_project(tmp_path / "project")
    rewrite(
        project / LEUVEN,
        LEUVEN_TEXT,
        '"Mail ebrouwer@\\u200Blan\\u00ADden.be of Esther\\u2060 Brouwer."@nl',
    )
    _outcome, folder = built_from(project)
    history = history_text(project)
    for where in (published_text(folder), history):
        assert "Mail [e-mailadres weggelaten] of [naam weggelaten]." in where
        assert "ebrouwer" not in where


@pytest.mark.parametrize("name", ["ebrouwer@landen.be", "praktijk-0470123456"])
def test_a_source_file_named_with_an_address_or_number_is_refused(
    tmp_path: Path, name: str
) -> None:
    """A source file's path names its graph ({base}graph/data/…), published in every quad of
    the dumps, the store and the manifest: a file named after an address or number would publish
    it, and no placeholder can stand in an IRI. The build is refused, naming the file."""
    project = copy_project(tmp_path / "project")
    (project / "data" / "practices" / f"{name}.ttl").write_text(
        '<id/aside/note> <http://www.w3.org/2000/01/rdf-schema#label> "notitie" .\n',
        encoding="utf-8",
    )
    outcome, folder = build(BuildSettings(project_dir=project))
    assert folder is None
    (refused,) = outcome.violations
    assert refused.file == f"data/practices/{name}.ttl"
    assert "rename" in refused.message


def test_an_address_or_number_as_another_iri_on_vcard_has_email_is_withheld(
    tmp_path: Path,
) -> None:
    """vcard:hasEmail follows the contact's rule, which reads mailto: IRIs; on a node no shape
    looks at, any other IRI there (tel:, a link, a urn:) is read as every other IRI is."""
    project = copy_project(tmp_path / "project")
    path = project / LEUVEN
    path.write_text(
        path.read_text(encoding="utf-8") + "\n<id/aside/kaart> vcard:hasEmail"
        " <https://www.landen.be/ebrouwer@landen.be> , <tel:+32470123456> ,"
        " <urn:mail:suzan.decleer@ligo-zovl.be> , <mailto:diversiteit@leuven.be> .\n",
        encoding="utf-8",
    )
    listing(project, "0470 12 34 56,telephone,personal,,reviewed\n")
    _outcome, folder = built_from(project)
    stored = stored_text(folder)
    for where in (published_text(folder), stored):
        for value in ("ebrouwer", "470123456", "suzan.decleer"):
            assert value not in where, value
        assert "/id/aside/kaart> <http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:" in where


def test_a_number_in_a_whatsapp_link_is_withheld(tmp_path: Path) -> None:
    """A WhatsApp link (wa.me/32470123456, …/send?phone=…) writes the number with its country
    code but no + or 00, and a tap on it calls the person: it is the listed number."""
    project = copy_project(tmp_path / "project")
    rewrite(
        project / LEUVEN,
        LEUVEN_TEXT,
        '"Stuur een bericht via https://wa.me/32470123456 of'
        ' https://api.whatsapp.com/send?phone=32470123456."@nl',
    )
    rewrite(
        project / LEUVEN,
        'schema:subjectOf [ a schema:WebPage ; schema:name "Website"@nl ] ;',
        'schema:subjectOf [ a schema:WebPage ; schema:name "WhatsApp"@nl ;'
        " schema:url <https://wa.me/32470123456> ] ;",
    )
    listing(project, "0470 12 34 56,telephone,personal,,reviewed\n")
    outcome, folder = built_from(project)
    history = history_text(project)
    for where in (published_text(folder), history):
        assert "470123456" not in where
        assert "via https://wa.me/[telefoonnummer weggelaten] of" in where
    assert not [w for w in outcome.warnings if w.constraint == "free text"], "listed: no warning"


def test_a_number_broken_over_two_lines_is_withheld(tmp_path: Path) -> None:
    """Text copied from a page or a PDF keeps its line breaks, which may fall inside a number:
    still the number a reader dials."""
    project = copy_project(tmp_path / "project")
    rewrite(project / LEUVEN, LEUVEN_TEXT, '"""Vragen? Bel 0470 12\n34 56 of 016\n27 22 00."""@nl')
    listing(project, "0470 12 34 56,telephone,personal,,reviewed\n")
    _outcome, folder = built_from(project)
    history = history_text(project)
    for where in (published_text(folder), history):
        assert "Bel [telefoonnummer weggelaten] of [telefoonnummer weggelaten]." in where


def test_a_listed_address_at_an_international_domain_is_known_in_either_form(
    tmp_path: Path,
) -> None:
    """A domain with letters beyond ASCII travels as punycode (xn--…), which mail clients show
    and stewards copy: jurgen@xn--gemente-uya.be is jurgen@gemeënte.be, listed personal."""
    project = copy_project(tmp_path / "project")
    rewrite(
        project / LEUVEN,
        LEUVEN_CARD,
        "dcat:contactPoint [ a vcard:Kind ; vcard:hasEmail <mailto:diversiteit@leuven.be> ,"
        " <mailto:jurgen@xn--gemente-uya.be> ] ;",
    )
    listing(project, "jurgen@gemeënte.be,email,personal,,reviewed\n")
    _outcome, folder = built_from(project)
    history = history_text(project)
    for where in (published_text(folder), history):
        assert "xn--gemente-uya" not in where
        assert "mailto:diversiteit@leuven.be" in where


def test_a_blank_node_label_is_the_files_own_and_never_published(tmp_path: Path) -> None:
    """A label (`_:x`) names a node within its file only (Turtle): the same label in two
    files, copied from one template, names two nodes; and a label is never published, so what
    a steward named it after (a person's number) does not reach the dumps or the store."""
    project = copy_project(tmp_path / "project")
    others = sorted(
        p for p in (project / "data" / "practices").glob("*.ttl") if p.name not in LEUVEN
    )
    for path, said in ((project / LEUVEN, "eerste"), (others[0], "tweede")):
        path.write_text(
            path.read_text(encoding="utf-8")
            + f"\n<id/notitie/{said}> <http://www.w3.org/2000/01/rdf-schema#seeAlso>"
            f' _:bel0470123456 .\n_:bel0470123456 <http://www.w3.org/2000/01/rdf-schema#label> "{said}"@nl .\n',
            encoding="utf-8",
        )
    listing(project, "0470 12 34 56,telephone,personal,,reviewed\n")
    _outcome, folder = built_from(project)
    for where in (published_text(folder), stored_text(folder), history_text(project)):
        assert "0470123456" not in where
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    named = {
        quad.subject: quad.object.value
        for quad in store.quads_for_pattern(None, label, None)
        if isinstance(quad.subject, pyoxigraph.BlankNode)
        and isinstance(quad.object, pyoxigraph.Literal)
        and quad.object.value in ("eerste", "tweede")
    }
    assert sorted(named.values()) == ["eerste", "tweede"]  # two nodes, each with its own label
