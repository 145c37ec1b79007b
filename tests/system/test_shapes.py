"""Every shape broken once on purpose: the report names file, line, focus node, shape, message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from practicegraph.builder.pipeline import validate
from practicegraph.builder.validate.findings import Finding
from practicegraph.core.reading import parse_turtle
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted
from tests.conftest import REPOSITORY_WARNINGS, ROOT, beyond_the_repository

PRACTICE = "data/practices/opvoedingsondersteuning.ttl"
EXCERPT = "data/practices/instroommeting.ttl"
CATALOG = "data/catalog.ttl"
ONTOLOGY = "ontology/praktijk.ttl"
MUNICIPALITIES = "data/reference/flemish-municipalities.csv"
NETWORKS = "data/practices/overlegplatformen-en-netwerken.ttl"
WITHDRAWN = "data/withdrawn.ttl"
TOMBSTONE_AFTER = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
"""The last line of data/withdrawn.ttl's header, which holds no tombstone yet."""


def tombstone(slug: str, title: str, kind: str = "as:Tombstone", why: str = "") -> str:
    """A tombstone as `practicegraph import` writes it, with its title, type or reason as given."""
    why = why or '"De pagina is van de site verdwenen."@nl'
    return (
        f"\npraktijk:{slug} a {kind} ;\n"
        "    as:formerType pg:Practice ;\n"
        '    as:deleted "2025-03-01T10:00:00Z"^^xsd:dateTime ;\n'
        f"    {title} ;\n"
        f"    as:summary {why} .\n"
    )


@dataclass(frozen=True)
class Case:
    """Replace `old` by `new` (a regular expression where `regex`) in one file; expect a finding."""

    shape: str
    file: str
    old: str
    new: str
    message: str
    focus: str
    severity: str = "Violation"
    regex: bool = False
    also: tuple[str, ...] = ()
    """Shapes used through sh:node that this case also exercises."""
    every: bool = False
    """Replace every occurrence, not only the first."""
    detail: str = ""
    """Part of a nested result's message (what failed inside a shape used through sh:node)."""

    @property
    def id(self) -> str:
        return self.shape + ("" if not self.also else "+" + "+".join(self.also)) + f"@{self.focus}"


CASES = [
    Case(
        "pgsh:PracticeTitle",
        PRACTICE,
        'dct:title "Opvoedingsondersteuning"@nl',
        'dct:title "Opvoedingsondersteuning"@en',
        "exactly one title",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeIdentifier",
        PRACTICE,
        'dct:identifier "opvoedingsondersteuning"',
        'dct:identifier "Opvoeding 1"',
        "exactly one identifier",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeAbstract",
        PRACTICE,
        'dct:abstract "De combinatie',
        'dct:abstract " De combinatie',
        "introduction is at most one Dutch text",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:TrimmedText",),
    ),
    Case(
        "pgsh:PracticeAbstractWanted",
        PRACTICE,
        r'\n    dct:abstract "[^\n]*',
        "",
        "no introduction",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticeDescription",
        PRACTICE,
        'dct:description "De combinatie werk/school',
        'dct:description "Een tweede beschrijving."@nl , "De combinatie werk/school',
        "at most one Dutch text",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeDescriptionWanted",
        PRACTICE,
        r'\n    dct:description "De combinatie werk/school[^\n]*',
        "",
        "no description",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticeCategoryWanted",
        PRACTICE,
        "\n    dct:type categorie:toegankelijke-dienstverlening ;",
        "",
        "no category",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
    ),
    Case(
        "pgsh:PracticeImage",
        PRACTICE,
        'schema:name "huisvanhetkindgeraardsbergen.jpg"',
        'schema:name "huisvanhetkindgeraardsbergen"',
        "at most one image",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:ImageShape",),
    ),
    Case(
        "pgsh:PracticeImageWanted",
        PRACTICE,
        r"\n    schema:image \[.*?\] ;",
        "",
        "no image",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticeCategory",
        PRACTICE,
        "dct:type categorie:toegankelijke-dienstverlening",
        "dct:type doelgroep:kwetsbare-gezinnen",
        "concept of the category scheme",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:CategoryConcept",),
    ),
    Case(
        "pgsh:PracticeGoals",
        PRACTICE,
        '"Opvoedingsondersteuning"@nl\n',
        '"Opvoedingsondersteuning"\n',
        "goals are one ordered list",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:DutchTextList",),
    ),
    Case(
        "pgsh:PracticeGoals",
        PRACTICE,
        r"pg:goals \(.*?\) ;",
        'pg:goals [ <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "a"@nl , "b"@nl ;'
        " <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> () ] ;",
        "goals are one ordered list",
        "praktijk:opvoedingsondersteuning",
        regex=True,
        also=("pgsh:ListNode",),
    ),
    Case(
        "pgsh:PracticeGoalsWanted",
        PRACTICE,
        r"pg:goals \(.*?\) ;",
        "pg:goals () ;",
        "no goals",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticeTargetGroup",
        PRACTICE,
        "ipdc:targetAudience doelgroep:anderstalige-ouders-met-jonge-kinderen",
        "ipdc:targetAudience beleidsdomein:gezin",
        "concept of the target-group scheme",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:TargetGroupConcept",),
    ),
    Case(
        "pgsh:PracticeTargetGroupWanted",
        PRACTICE,
        r"\n    ipdc:targetAudience [^\n]*",
        "",
        "no target group",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticeSuccessFactors",
        PRACTICE,
        '"Het aanbod wordt vraaggericht ingevuld."@nl',
        '"Het aanbod wordt vraaggericht ingevuld. "@nl',
        "success factors are one ordered list",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeSuccessFactorsWanted",
        PRACTICE,
        r"\n    pg:successFactors \(.*?\) ;",
        "",
        "no success factors",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticeChallenges",
        PRACTICE,
        '"Het is niet evident om een divers publiek aan te trekken."@nl',
        '"Het is niet evident om een divers publiek aan te trekken."@en',
        "challenges are one ordered list",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeChallengesWanted",
        PRACTICE,
        r"\n    pg:challenges \(.*?\) ;",
        "",
        "no challenges",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticePolicyDomain",
        PRACTICE,
        "m8g:thematicArea beleidsdomein:kinderopvang",
        "m8g:thematicArea categorie:onthaalbeleid",
        "concept of the policy-domain scheme",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:PolicyDomainConcept",),
    ),
    Case(
        "pgsh:PracticePolicyDomainWanted",
        PRACTICE,
        r"\n    m8g:thematicArea .*?armoedebestrijding ;",
        "",
        "no policy domain",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:PracticeReferenceDate",
        PRACTICE,
        '"2024-12-31"^^xsd:date',
        '"31/12/2024"',
        "exactly one reference date",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeDerivedFrom",
        PRACTICE,
        "prov:wasDerivedFrom bron:practice-opvoedingsondersteuning",
        "prov:wasDerivedFrom <https://www.vvsg.be/>",
        "where it came from",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeProvenance",
        PRACTICE,
        'van na die fusies."@nl',
        'van na die fusies."@de',
        "provenance statement",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:ProvenanceStatementShape",),
    ),
    Case(
        "pgsh:PracticeShape",
        PRACTICE,
        'dct:identifier "opvoedingsondersteuning" ;',
        'dct:identifier "opvoedingsondersteuning" ; dct:titel "typo"@nl ;',
        "Property dct:titel is not allowed here",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:InitiativePractice",
        PRACTICE,
        "opvoedingsondersteuning-eeklo a pg:LocalInitiative ;\n    dct:source praktijk:opvoedingsondersteuning",
        "opvoedingsondersteuning-eeklo a pg:LocalInitiative ;\n    dct:source bron:practice-opvoedingsondersteuning",
        "exactly one practice",
        "initiatief:opvoedingsondersteuning-eeklo",
    ),
    Case(
        "pgsh:InitiativePosition",
        PRACTICE,
        "schema:position 20 ;",
        "schema:position 0 ;",
        "exactly one position",
        "initiatief:opvoedingsondersteuning-vilvoorde",
    ),
    Case(
        "pgsh:InitiativeTitle",
        PRACTICE,
        'dct:title "Mama Leert"@nl ;',
        'dct:title "Mama Leert"@nl , "Mama leert"@nl ;',
        "at most one project name",
        "initiatief:opvoedingsondersteuning-mama-leert",
    ),
    Case(
        "pgsh:InitiativeDescription",
        PRACTICE,
        'kinderdagverblijf Kinderlach."@nl',
        'kinderdagverblijf Kinderlach."',
        "at most one description",
        "initiatief:opvoedingsondersteuning-eeklo",
    ),
    Case(
        "pgsh:InitiativeTitleOrDescription",
        PRACTICE,
        r'\n    dct:title "Spel- en ontmoetingsplek[^\n]*',
        "",
        "has no project name (dct:title) and no description",
        "initiatief:opvoedingsondersteuning-spel-en-ontmoetingsplek-speelhuis-huppel",
        severity="Warning",
        regex=True,
    ),
    Case(
        "pgsh:InitiativeSpatial",
        PRACTICE,
        "schema:position 6 ;",
        "schema:position 6 ; dct:spatial <http://vocab.belgif.be/auth/refnis2025/Eeklo> ;",
        "is a REFNIS concept of one of its municipalities",
        "initiatief:opvoedingsondersteuning-eeklo",
        also=("pgsh:RefnisConcept",),
    ),
    Case(
        "pgsh:InitiativeTargetGroup",
        PRACTICE,
        "schema:position 6 ;",
        "schema:position 6 ; ipdc:targetAudience doelgroep:nieuwkomers ;",
        "is an IPDC Doelgroep",
        "initiatief:opvoedingsondersteuning-eeklo",
        also=("pgsh:IpdcDoelgroep",),
    ),
    Case(
        "pgsh:InitiativePolicyDomain",
        PRACTICE,
        "schema:position 6 ;",
        "schema:position 6 ; m8g:thematicArea beleidsdomein:taal ;",
        "is an IPDC Thema",
        "initiatief:opvoedingsondersteuning-eeklo",
        also=("pgsh:IpdcThema",),
    ),
    Case(
        "pgsh:PracticeTargetGroupDescription",
        PRACTICE,
        "    ipdc:targetAudience doelgroep:anderstalige",
        '    pg:targetGroupDescription "Ouders die pas in België zijn." ;\n'
        "    ipdc:targetAudience doelgroep:anderstalige",
        "target group in prose",
        "praktijk:opvoedingsondersteuning",
    ),
    Case(
        "pgsh:PracticeSection",
        PRACTICE,
        "    ipdc:targetAudience doelgroep:anderstalige",
        '    pg:section [ a pg:Section ; dct:title "Resultaten"@nl ; dct:description " Meer."@nl ] ;'
        "\n    ipdc:targetAudience doelgroep:anderstalige",
        "An other section is a pg:Section",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:SectionShape",),
    ),
    Case(
        "pgsh:PracticeSectionReviewed",
        PRACTICE,
        "    ipdc:targetAudience doelgroep:anderstalige",
        '    pg:section [ a pg:Section ; dct:title "Resultaten"@nl ; dct:description "Meer."@nl ;'
        " schema:position 1 ] ;\n    ipdc:targetAudience doelgroep:anderstalige",
        "keeps text the model has no property for",
        "praktijk:opvoedingsondersteuning",
        severity="Warning",
    ),
    Case(
        "pgsh:InitiativeMunicipality",
        PRACTICE,
        ';\n    pg:placeNames "Vilvoorde" .',
        " .",
        "at least one known municipality",
        "initiatief:opvoedingsondersteuning-vilvoorde",
    ),
    Case(
        "pgsh:InitiativeLead",
        PRACTICE,
        'pg:placeNames "Koksijde, (De Panne, Nieuwpoort en Veurne)"',
        "pg:municipality <id/gemeente/38014> , <id/gemeente/38008> ;\n"
        "    pg:leadMunicipality <id/gemeente/38014> , <id/gemeente/38008>",
        "at most one lead municipality",
        "initiatief:opvoedingsondersteuning-laagdrempelige-kinderopvang-t-wiske",
    ),
    Case(
        "pgsh:LeadIsAMunicipality",
        PRACTICE,
        'pg:placeNames "Koksijde, (De Panne, Nieuwpoort en Veurne)"',
        "pg:municipality <id/gemeente/38014> ; pg:leadMunicipality <id/gemeente/12025>",
        "is not among the initiative's municipalities",
        "initiatief:opvoedingsondersteuning-laagdrempelige-kinderopvang-t-wiske",
        also=("pgsh:LeadAmongMunicipalitiesShape",),
    ),
    Case(
        "pgsh:MunicipalityValidOnReferenceDate",
        PRACTICE,
        'pg:placeNames "Lokeren"',
        "pg:municipality <id/gemeente/46029>",
        "did not exist on the practice's reference date",
        "initiatief:opvoedingsondersteuning-lokeren",
        also=("pgsh:MunicipalitiesOnReferenceDateShape",),
    ),
    Case(
        "pgsh:InitiativePlaceNames",
        PRACTICE,
        'pg:placeNames "Vilvoorde"',
        'pg:placeNames "Vilvoorde"@nl',
        "place names as the source writes them",
        "initiatief:opvoedingsondersteuning-vilvoorde",
    ),
    Case(
        "pgsh:InitiativePartner",
        EXCERPT,
        'foaf:name "Pin vzw"',
        'foaf:name "Pin vzw"@nl',
        "a foaf:Agent with a name",
        "initiatief:instroommeting-dilbeek",
        also=("pgsh:PartnerShape",),
    ),
    Case(
        "pgsh:PracticeInitiativesWanted",
        EXCERPT,
        "dct:source praktijk:instroommeting ;",
        "dct:source praktijk:opvoedingsondersteuning ;",
        "no local initiative",
        "praktijk:instroommeting",
        severity="Warning",
        every=True,
    ),
    Case(
        "pgsh:SourcePageWhole",
        PRACTICE,
        'dct:format "text/plain" ;',
        'dct:format "text/plain" ; pg:truncated true ;',
        "cut off",
        "bron:practice-opvoedingsondersteuning",
        severity="Warning",
    ),
    Case(
        "pgsh:DutchTitle",
        CATALOG,
        'dct:title "Catalogus van practicegraph"@nl , ',
        "dct:title ",
        "title in Dutch",
        "<http://localhost:8000/catalog>",
        also=("pgsh:CatalogShape",),
    ),
    Case(
        "pgsh:DutchDescription",
        CATALOG,
        'dct:description "Goede praktijken van Vlaamse lokale besturen rond',
        'dct:description "Best practices of Flemish local governments around"@en , "Goede praktijken',
        "description in Dutch",
        "<http://localhost:8000/id/dataset/practicegraph>",
    ),
    Case(
        "pgsh:OneIdentifier",
        CATALOG,
        '    dct:identifier "practicegraph-catalogusrecord" ;\n',
        "",
        "Exactly one identifier",
        "<http://localhost:8000/catalog#record>",
        also=("pgsh:CatalogRecordShape",),
    ),
    Case(
        "pgsh:DatasetShape",
        CATALOG,
        r"\n    dcat:keyword .*?;(?=\n    dcat:theme)",
        "",
        "at least one Dutch keyword",
        "<http://localhost:8000/id/dataset/practicegraph>",
        regex=True,
    ),
    Case(
        "pgsh:PublicAccess",
        CATALOG,
        "access-right/PUBLIC> ;\n    dct:spatial",
        "access-right/RESTRICTED> ;\n    dct:spatial",
        "EU access right PUBLIC",
        "<http://localhost:8000/id/dataset/practicegraph>",
    ),
    Case(
        "pgsh:DataServiceShape",
        CATALOG,
        "    dcat:endpointURL <sparql> ;\n",
        "",
        "endpoint URL",
        "<http://localhost:8000/catalog#sparql>",
    ),
    Case(
        "pgsh:DistributionShape",
        CATALOG,
        "    dcat:servesDataset <id/dataset/practicegraph> .",
        "    dcat:servesDataset <id/dataset/practicegraph> .\n"
        '<catalog#extra> a dcat:Distribution ; dct:identifier "extra" .',
        "access URL",
        "<http://localhost:8000/catalog#extra>",
    ),
    Case(
        "pgsh:OnePublisher",
        CATALOG,
        "    dcat:servesDataset <id/dataset/practicegraph> .",
        "    dcat:servesDataset <id/dataset/practicegraph> ;\n"
        "    dct:publisher <catalog#other> .\n"
        '<catalog#other> a foaf:Agent ; foaf:name "Another publisher"@en .',
        "Exactly one publisher",
        "<http://localhost:8000/catalog#sparql>",
        also=("pgsh:AgentShape",),
    ),
    Case(
        "pgsh:SomeContactPoint",
        CATALOG,
        '    dct:identifier "practicegraph-catalogus" ;',
        '    dct:identifier "practicegraph-catalogus" ;\n'
        "    dcat:contactPoint [ a <http://www.w3.org/2006/vcard/ns#Kind> ] ;",
        "contact point",
        "<http://localhost:8000/catalog>",
        also=("pgsh:CatalogContactShape",),
    ),
    Case(
        "pgsh:InitiativeContact",
        PRACTICE,
        "vcard:hasEmail <mailto:info@kindentaal.be>",
        'vcard:hasEmail "info@kindentaal.be"',
        "mailto: IRI",
        "initiatief:opvoedingsondersteuning-turnhout-mechelen",
        also=("pgsh:ContactShape",),
    ),
    Case(
        "pgsh:InitiativeMoreInfo",
        PRACTICE,
        'schema:name "Huis van het Kind Diest"@nl',
        'schema:name "Huis van het Kind Diest"@en',
        "schema:WebPage with a Dutch name",
        "initiatief:opvoedingsondersteuning-diest",
        also=("pgsh:WebPageShape",),
    ),
    Case(
        "pgsh:InitiativeComment",
        PRACTICE,
        '    pg:placeNames "Vilvoorde" .',
        '    pg:placeNames "Vilvoorde" ; rdfs:comment "Ville"@fr .',
        "text tagged @nl or @en",
        "initiatief:opvoedingsondersteuning-vilvoorde",
    ),
    Case(
        "pgsh:LocalInitiativeShape",
        PRACTICE,
        "    schema:position 20 ;",
        '    schema:position 20 ; dct:titel "x"@nl ;',
        "Property dct:titel is not allowed here",
        "initiatief:opvoedingsondersteuning-vilvoorde",
    ),
    Case(
        "pgsh:SourcePageShape",
        PRACTICE,
        r'\n    dct:identifier "data/sources/[^\n]*',
        "",
        "path of its copy",
        "bron:practice-opvoedingsondersteuning",
        regex=True,
    ),
    Case(
        "pgsh:OwnLinksResolve",
        PRACTICE,
        'pg:placeNames "Vilvoorde"',
        "pg:municipality <id/gemeente/99999>",
        "nothing describes",
        "initiatief:opvoedingsondersteuning-vilvoorde",
    ),
    Case(
        "pgsh:MunicipalityShape",
        MUNICIPALITIES,
        "11001,Aartselaar,Antwerpen,,,",
        "11001,Aartselaar,Antwerpen,,,11002",
        "only given for a code that ended",
        "gemeente:11001",
    ),
    Case(
        "pgsh:MunicipalityShape",
        MUNICIPALITIES,
        "73110,Bilzen-Hoeselt,Limburg,2025-01-01,,",
        "73110,Bilzen-Hoeselt,Limburg,2025-01-01,2024-06-30,",
        "before its end date",
        "gemeente:73110",
    ),
    Case(
        "pgsh:ProvinceShape",
        "data/reference/flemish-provinces.csv",
        "10000,Antwerpen",
        "1000,Antwerpen",
        "exactly one NIS code",
        "provincie:1000",
    ),
    Case(
        "pgsh:OntologyShape",
        ONTOLOGY,
        '    owl:versionInfo "0.3.0" ;\n    owl:versionIRI',
        "    owl:versionIRI",
        "exactly one version",
        "<http://localhost:8000/ns/praktijk>",
    ),
    Case(
        "pgsh:TitleNl",
        ONTOLOGY,
        'lokale besturen"@nl ,',
        'lokale besturen"@de ,',
        "title in Dutch",
        "<http://localhost:8000/ns/praktijk>",
    ),
    Case(
        "pgsh:TitleEn",
        ONTOLOGY,
        'of local governments"@en',
        'of local governments"@de',
        "title in English",
        "<http://localhost:8000/ns/praktijk>",
    ),
    Case(
        "pgsh:DescriptionNl",
        ONTOLOGY,
        'niet zeggen."@nl',
        'niet zeggen."@af',
        "description in Dutch",
        "<http://localhost:8000/ns/praktijk>",
    ),
    Case(
        "pgsh:DescriptionEn",
        ONTOLOGY,
        'IPDC-LPDC do not say."@en',
        'IPDC-LPDC do not say."@nl',
        "description in English",
        "<http://localhost:8000/ns/praktijk>",
    ),
    Case(
        "pgsh:LabelNl",
        ONTOLOGY,
        'rdfs:label "Praktijk"@nl , "Practice"@en',
        'rdfs:label "Practice"@en',
        "label in Dutch",
        "pg:Practice",
    ),
    Case(
        "pgsh:LabelEn",
        ONTOLOGY,
        'rdfs:label "Praktijk"@nl , "Practice"@en',
        'rdfs:label "Praktijk"@nl',
        "label in English",
        "pg:Practice",
    ),
    Case(
        "pgsh:DefinitionNl",
        ONTOLOGY,
        'van de praktijkendatabank waaruit een praktijk gemodelleerd werd."@nl',
        'van de praktijkendatabank waaruit een praktijk gemodelleerd werd."@en',
        "definition in Dutch",
        "pg:SourcePage",
    ),
    # Another term than pgsh:DefinitionNl's: on pg:SourcePage, the two retaggings together give
    # one Dutch and one English definition again, and neither shape a finding (the corpus of
    # test_engine_agreement.py applies them together). And removed, not retagged: a second @nl
    # would break pgsh:DefinitionNl as well.
    Case(
        "pgsh:DefinitionEn",
        ONTOLOGY,
        ' ,\n        "True: the copy stops before the end of the page (prov:wasQuotedFrom says which'
        ' page), so the practice may be incomplete."@en .',
        " .",
        "definition in English",
        "pg:truncated",
    ),
    Case(
        "pgsh:TermShape",
        ONTOLOGY,
        "pg:referenceDate a owl:DatatypeProperty ;",
        "pg:referenceDate a rdf:Property ;",
        "owl:Class, owl:ObjectProperty or owl:DatatypeProperty",
        "pg:referenceDate",
    ),
    Case(
        "pgsh:PrefLabelNl",
        "ontology/beleidsdomeinen.ttl",
        'skos:prefLabel "Kinderopvang"@nl , "Childcare"@en',
        'skos:prefLabel "Childcare"@en',
        "preferred label in Dutch",
        "beleidsdomein:kinderopvang",
    ),
    Case(
        "pgsh:PrefLabelEn",
        "ontology/beleidsdomeinen.ttl",
        ', "Policy domains of good practices"@en',
        "",
        "preferred label in English",
        "<http://localhost:8000/id/conceptscheme/beleidsdomein>",
    ),
    Case(
        "pgsh:IpdcMappingWanted",
        "ontology/beleidsdomeinen.ttl",
        "    skos:broadMatch <https://productencatalogus.data.vlaanderen.be/id/concept/Thema/EconomieWerk> ;\n",
        "",
        "Not found by IPDC-LPDC queries",
        "beleidsdomein:werk",
        severity="Warning",
    ),
    Case(
        "pgsh:ConceptPrefLabelEnWanted",
        "ontology/beleidsdomeinen.ttl",
        'skos:prefLabel "Kinderopvang"@nl , "Childcare"@en',
        'skos:prefLabel "Kinderopvang"@nl',
        "To translate: the concept has no English label",
        "beleidsdomein:kinderopvang",
        severity="Warning",
    ),
    Case(
        "pgsh:ConceptDefinitionNlWanted",
        "ontology/beleidsdomeinen.ttl",
        """    skos:definition "Opvang van baby's, peuters en schoolkinderen buiten het gezin."@nl ,\n""",
        "    skos:definition",
        "To define: the concept has no Dutch definition",
        "beleidsdomein:kinderopvang",
        severity="Warning",
    ),
    Case(
        "pgsh:ConceptDefinitionEnWanted",
        "ontology/beleidsdomeinen.ttl",
        ',\n        "Care for babies, toddlers and school children outside the family."@en',
        "",
        "To translate: the concept has no English definition",
        "beleidsdomein:kinderopvang",
        severity="Warning",
    ),
    Case(
        "pgsh:ConceptSchemeShape",
        "ontology/categorieen.ttl",
        r" ;\n    skos:hasTopConcept categorie:toegankelijke-dienstverlening .*?samenwerking \.",
        " .",
        "at least one top concept",
        "<http://localhost:8000/id/conceptscheme/categorie>",
        regex=True,
    ),
    Case(
        "pgsh:ConceptSchemeShape",
        "ontology/doelgroepen.ttl",
        "    dct:license <https://creativecommons.org/licenses/by/4.0/> ;\n",
        "",
        "names its licence",
        "<http://localhost:8000/id/conceptscheme/doelgroep>",
    ),
    Case(
        "pgsh:RightsStated",
        CATALOG,
        "<catalog#rights> a dct:RightsStatement ;",
        "<catalog#rights> a dct:Agent ;",
        "The rights are stated",
        "<http://localhost:8000/id/dataset/practicegraph>",
    ),
    Case(
        "pgsh:ConceptShape",
        "ontology/categorieen.ttl",
        'skos:notation "onthaalbeleid"',
        'skos:notation "Onthaal beleid"',
        "notation is its slug",
        "categorie:onthaalbeleid",
    ),
    Case(
        "pgsh:TombstoneShape",
        "data/organisations.ttl",
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .',
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .\n'
        "<id/praktijk/weg> a <https://www.w3.org/ns/activitystreams#Tombstone> ;\n"
        '    <https://www.w3.org/ns/activitystreams#summary> "Weg."@nl .',
        "A tombstone says when the IRI was withdrawn",
        "praktijk:weg",
    ),
    Case(
        "pgsh:ContactVocabularyShape",
        "data/organisations.ttl",
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .',
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .\n'
        '<id/contact/leuven> <http://schema.org/email> "ebrouwer@landen.be" .',
        "would be published past it",
        "<http://localhost:8000/id/contact/leuven>",
    ),
    Case(
        "pgsh:ContactVocabularyShape",
        "data/organisations.ttl",
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .',
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .\n'
        "<id/persoon/eb> a <http://xmlns.com/foaf/0.1/Person> .",
        "would be published past it",
        "<http://localhost:8000/id/persoon/eb>",
    ),
    Case(
        "pgsh:OrganisationShape",
        "data/organisations.ttl",
        'Gemeenten (VVSG)"@nl',
        'Gemeenten (VVSG)"@en',
        "name in Dutch",
        "organisatie:vvsg",
    ),
    Case(
        "pgsh:SourcePageShape",
        EXCERPT,
        "schema:url <https://www.vvsg.be/kennisitem/vvsg/instroommeting>",
        "schema:url <javascript:alert(document.cookie)>",
        "at most one address (schema:url), an http:// or https:// IRI",
        "bron:instroommeting",
        also=("pgsh:WebAddress",),
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:SourcePageShape",
        EXCERPT,
        "prov:wasQuotedFrom <https://www.vvsg.be/kennisitem/vvsg/instroommeting>",
        "prov:wasQuotedFrom <file:///etc/passwd>",
        "its http:// or https:// address",
        "bron:instroommeting",
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:InitiativeMoreInfo",
        PRACTICE,
        'schema:name "Huis van het Kind Diest"@nl',
        'schema:name "Huis van het Kind Diest"@nl ; schema:url <javascript:alert(1)>',
        "at most one http(s) address",
        "initiatief:opvoedingsondersteuning-diest",
        also=("pgsh:WebPageShape",),
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:PracticeImage",
        PRACTICE,
        "schema:image [ a schema:ImageObject ;",
        "schema:image [ a schema:ImageObject ; schema:contentUrl <data:text/html;base64,PHNjcmlwdD4=> ;",
        "at most one http(s) address",
        "praktijk:opvoedingsondersteuning",
        also=("pgsh:ImageShape",),
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:OrganisationShape",
        "data/organisations.ttl",
        "foaf:homepage <https://www.vvsg.be/>",
        "foaf:homepage <javascript:alert(1)>",
        "home page (foaf:homepage) is an http:// or https:// IRI",
        "organisatie:vvsg",
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:CatalogShape",
        CATALOG,
        "foaf:homepage <> ;",
        "foaf:homepage <javascript:alert(1)> ;",
        "home page (foaf:homepage) is an http:// or https:// IRI",
        "<http://localhost:8000/catalog>",
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:DatasetShape",
        CATALOG,
        "dcat:landingPage <> ;",
        "dcat:landingPage <javascript:alert(1)> ;",
        "landing page (dcat:landingPage) is an http:// or https:// IRI",
        "<http://localhost:8000/id/dataset/practicegraph>",
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:DistributionShape",
        CATALOG,
        "    dcat:servesDataset <id/dataset/practicegraph> .",
        "    dcat:servesDataset <id/dataset/practicegraph> .\n"
        '<catalog#extra> a dcat:Distribution ; dct:identifier "extra" ;\n'
        "    dcat:accessURL <javascript:alert(1)> .",
        "access URL (dcat:accessURL), an http:// or https:// IRI",
        "<http://localhost:8000/catalog#extra>",
        detail="A web address is an http:// or https:// IRI",
    ),
    Case(
        "pgsh:DataServiceShape",
        CATALOG,
        "dcat:endpointURL <sparql> ;",
        "dcat:endpointURL <javascript:alert(1)> ;",
        "endpoint URL (dcat:endpointURL), an http:// or https:// IRI",
        "<http://localhost:8000/catalog#sparql>",
        detail="A web address is an http:// or https:// IRI",
    ),
    # The anonymous property shapes, one case each (test_engine_agreement.py holds the corpus to
    # breaking them all). A case names the one it breaks by "parent → path", or, for one used
    # through sh:node, by its holder and the nested result's text (detail).
    # <pgsh:ImageShape> schema:caption
    Case(
        "pgsh:PracticeImage",
        EXCERPT,
        'schema:caption "Provider image"@en ; schema:name "ninove',
        'schema:caption "Provider image" ; schema:name "ninove',
        "at most one image",
        "praktijk:instroommeting",
        also=("pgsh:ImageShape",),
        detail='(value "Provider image")',
    ),
    # <pgsh:ImageShape> schema:creditText
    Case(
        "pgsh:PracticeImage",
        NETWORKS,
        'schema:name "pexels-pixabay-163064_1.jpg" ]',
        'schema:name "pexels-pixabay-163064_1.jpg" ; schema:creditText "Foto: Pixabay" ]',
        "at most one image",
        "praktijk:overlegplatformen-en-netwerken",
        also=("pgsh:ImageShape",),
        detail='(value "Foto: Pixabay")',
    ),
    # <pgsh:ImageShape> rdf:type
    Case(
        "pgsh:PracticeImage",
        NETWORKS,
        "schema:image [ a schema:ImageObject ; schema:caption",
        "schema:image [ a schema:Photograph ; schema:caption",
        "at most one image",
        "praktijk:overlegplatformen-en-netwerken",
        also=("pgsh:ImageShape",),
        detail="HasValueConstraintComponent",
    ),
    # <pgsh:ContactShape> rdf:type
    Case(
        "pgsh:InitiativeContact",
        PRACTICE,
        "[ a vcard:Kind ; vcard:hasEmail <mailto:baldemore@gemeentemol.be> ]",
        "[ a vcard:Group ; vcard:hasEmail <mailto:baldemore@gemeentemol.be> ]",
        "a vCard",
        "initiatief:opvoedingsondersteuning-gezinscoachen",
        also=("pgsh:ContactShape",),
        detail="vcard:Kind, vcard:Individual or vcard:Organization",
    ),
    # <pgsh:ContactShape> vcard:fn
    Case(
        "pgsh:InitiativeContact",
        PRACTICE,
        "[ a vcard:Kind ; vcard:hasEmail <mailto:kindenwelzijn@machelen.be> ]",
        '[ a vcard:Kind ; vcard:fn "Kind en Welzijn Machelen"@nl ;'
        " vcard:hasEmail <mailto:kindenwelzijn@machelen.be> ]",
        "a vCard",
        "initiatief:opvoedingsondersteuning-peuterspeelpunt",
        also=("pgsh:ContactShape",),
        detail="at most one name (vcard:fn, plain text)",
    ),
    # <pgsh:PartnerShape> rdf:type
    Case(
        "pgsh:InitiativePartner",
        EXCERPT,
        'dct:contributor [ a foaf:Agent ; foaf:name "Pin vzw" ] ;\n    schema:subjectOf',
        'dct:contributor [ foaf:name "Pin vzw" ] ;\n    schema:subjectOf',
        "a foaf:Agent with a name",
        "initiatief:instroommeting-vilvoorde",
        also=("pgsh:PartnerShape",),
        detail="HasValueConstraintComponent",
    ),
    # <pgsh:WebPageShape> rdf:type
    Case(
        "pgsh:InitiativeMoreInfo",
        EXCERPT,
        'schema:subjectOf [ a schema:WebPage ; schema:name "Website"@nl ]',
        'schema:subjectOf [ a schema:WebSite ; schema:name "Website"@nl ]',
        "schema:WebPage with a Dutch name",
        "initiatief:instroommeting-vilvoorde",
        also=("pgsh:WebPageShape",),
        detail="HasValueConstraintComponent",
    ),
    # <pgsh:ProvenanceStatementShape> rdf:type
    Case(
        "pgsh:PracticeProvenance",
        EXCERPT,
        'dct:provenance [ a dct:ProvenanceStatement ; rdfs:label "De kopie',
        'dct:provenance [ rdfs:label "De kopie',
        "provenance statement",
        "praktijk:instroommeting",
        also=("pgsh:ProvenanceStatementShape",),
        detail="HasValueConstraintComponent",
    ),
    # <pgsh:SectionShape> dct:title
    Case(
        "pgsh:PracticeSection",
        EXCERPT,
        "    ipdc:targetAudience doelgroep:nieuwkomers ;",
        '    pg:section [ a pg:Section ; dct:title "Results"@en ; dct:description "Meer."@nl ;'
        " schema:position 1 ] ;\n    ipdc:targetAudience doelgroep:nieuwkomers ;",
        "An other section is a pg:Section",
        "praktijk:instroommeting",
        also=("pgsh:SectionShape",),
        detail='(value "Results"@en)',
    ),
    # <pgsh:SectionShape> rdf:type
    Case(
        "pgsh:PracticeSection",
        NETWORKS,
        "    ipdc:targetAudience doelgroep:alle-inwoners",
        '    pg:section [ dct:title "Resultaten"@nl ; dct:description "Meer."@nl ;'
        " schema:position 1 ] ;\n    ipdc:targetAudience doelgroep:alle-inwoners",
        "An other section is a pg:Section",
        "praktijk:overlegplatformen-en-netwerken",
        also=("pgsh:SectionShape",),
        detail="HasValueConstraintComponent",
    ),
    # <pgsh:SourcePageShape> dct:title
    Case(
        "pgsh:SourcePageShape → dct:title",
        EXCERPT,
        'dct:title "Instroommeting (kopie van de praktijkpagina)"@nl',
        'dct:title "Instroommeting (kopie van de praktijkpagina)"@en',
        "LanguageInConstraintComponent",
        "bron:instroommeting",
    ),
    # <pgsh:SourcePageShape> dct:publisher
    Case(
        "pgsh:SourcePageShape → dct:publisher",
        PRACTICE,
        "dct:publisher <id/organisatie/vvsg>",
        "dct:publisher <https://www.vvsg.be/>",
        "does not have class foaf:Organization",
        "bron:practice-opvoedingsondersteuning",
    ),
    # <pgsh:SourcePageShape> pg:truncated
    Case(
        "pgsh:SourcePageShape → pg:truncated",
        NETWORKS,
        "pg:truncated true ;",
        'pg:truncated "ja" ;',
        "DatatypeConstraintComponent",
        "bron:overlegplatformen-en-netwerken",
    ),
    # <pgsh:TermShape> rdfs:isDefinedBy
    Case(
        "pgsh:TermShape → rdfs:isDefinedBy",
        ONTOLOGY,
        "pg:Section a owl:Class ;\n    rdfs:isDefinedBy <ns/praktijk> ;",
        "pg:Section a owl:Class ;\n    rdfs:isDefinedBy <http://www.w3.org/ns/prov#> ;",
        "defined by the practicegraph ontology",
        "pg:Section",
    ),
    # <pgsh:ConceptShape> skos:definition
    Case(
        "pgsh:ConceptShape → skos:definition",
        "ontology/categorieen.ttl",
        '"Practices for welcoming new residents: knowing their profile and needs and helping them'
        ' find their way in the municipality."@en .',
        '"Practices for welcoming new residents: knowing their profile and needs and helping them'
        ' find their way in the municipality."@en ,\n        "Practices for welcoming newcomers."@en .',
        "one per language",
        "categorie:onthaalbeleid",
    ),
    # <pgsh:TombstoneShape> dct:title
    Case(
        "pgsh:TombstoneShape → dct:title",
        WITHDRAWN,
        TOMBSTONE_AFTER,
        TOMBSTONE_AFTER + tombstone("oud-a", 'dct:title "Oud"@nl , "Old"@en'),
        "at most one title",
        "praktijk:oud-a",
    ),
    # <pgsh:TombstoneShape> rdf:type
    Case(
        "pgsh:TombstoneShape → rdf:type",
        WITHDRAWN,
        TOMBSTONE_AFTER,
        TOMBSTONE_AFTER + tombstone("oud-b", 'dct:title "Oud"@nl', "as:Tombstone , pg:SourcePage"),
        "only an as:Tombstone",
        "praktijk:oud-b",
    ),
    # <pgsh:TombstoneShape> as:summary
    Case(
        "pgsh:TombstoneShape → as:summary",
        WITHDRAWN,
        TOMBSTONE_AFTER,
        TOMBSTONE_AFTER
        + tombstone("oud-c", 'dct:title "Oud"@nl', why='"The page left the site."@en'),
        "in Dutch at least",
        "praktijk:oud-c",
    ),
    # <pgsh:CatalogRecordShape> dct:modified: the build gives the record its date; one written
    # by hand is a second one.
    Case(
        "pgsh:CatalogRecordShape → dct:modified",
        CATALOG,
        '    dct:identifier "practicegraph-catalogusrecord" ;\n',
        '    dct:identifier "practicegraph-catalogusrecord" ;\n    dct:modified "2025-01-01" ;\n',
        "exactly one modification date",
        "<http://localhost:8000/catalog#record>",
    ),
    # <pgsh:CatalogRecordShape> foaf:primaryTopic
    Case(
        "pgsh:CatalogRecordShape → foaf:primaryTopic",
        CATALOG,
        " ;\n    foaf:primaryTopic <id/dataset/practicegraph> .",
        " .",
        "exactly one primary topic",
        "<http://localhost:8000/catalog#record>",
    ),
    # <pgsh:DataServiceShape> dcat:endpointDescription
    Case(
        "pgsh:DataServiceShape → dcat:endpointDescription",
        CATALOG,
        "    dcat:endpointDescription <ldes/practices/latest> ;\n",
        "",
        "endpoint description",
        "<http://localhost:8000/catalog#ldes-latest>",
    ),
    # <pgsh:DataServiceShape> dcat:servesDataset
    Case(
        "pgsh:DataServiceShape → dcat:servesDataset",
        CATALOG,
        "<ldes/practices/by-municipality> ;\n    dcat:servesDataset <id/dataset/practicegraph>",
        "<ldes/practices/by-municipality> ;\n    dcat:servesDataset <id/profiel/praktijk>",
        "names the dataset it serves",
        "<http://localhost:8000/catalog#ldes-by-municipality>",
    ),
    # <pgsh:DistributionShape> dcat:downloadURL: the build writes the dumps' distributions; one
    # written by hand in data/catalog.ttl is validated as they are.
    Case(
        "pgsh:DistributionShape → dcat:downloadURL",
        CATALOG,
        "    dcat:servesDataset <id/dataset/practicegraph> .",
        "    dcat:servesDataset <id/dataset/practicegraph> .\n"
        '<catalog#download> a dcat:Distribution ; dct:identifier "download" ;\n'
        "    dct:rights <catalog#rights> ; dcat:accessURL <dumps/> ;\n"
        "    dcat:downloadURL <javascript:alert(1)> .",
        "download URL (dcat:downloadURL) is an http:// or https:// IRI",
        "<http://localhost:8000/catalog#download>",
        detail="A web address is an http:// or https:// IRI",
    ),
    # <pgsh:DistributionShape> dcat:byteSize
    Case(
        "pgsh:DistributionShape → dcat:byteSize",
        CATALOG,
        "    dcat:servesDataset <id/dataset/practicegraph> .",
        "    dcat:servesDataset <id/dataset/practicegraph> .\n"
        '<catalog#size> a dcat:Distribution ; dct:identifier "size" ;\n'
        '    dct:rights <catalog#rights> ; dcat:accessURL <dumps/> ; dcat:byteSize "12 MB" .',
        "DatatypeConstraintComponent",
        "<http://localhost:8000/catalog#size>",
    ),
    # <pgsh:MunicipalityShape> dct:isReplacedBy: a successor code the list does not hold.
    Case(
        "pgsh:MunicipalityShape → dct:isReplacedBy",
        MUNICIPALITIES,
        "11007,Borsbeek,Antwerpen,,2024-12-31,11002",
        "11007,Borsbeek,Antwerpen,,2024-12-31,11099",
        "at most one successor, itself a municipality",
        "gemeente:11007",
    ),
    # <pgsh:MunicipalityShape> dct:replaces: the build writes each predecessor from a row of the
    # list, a municipality; only a data file can name another.
    Case(
        "pgsh:MunicipalityShape → dct:replaces",
        "data/organisations.ttl",
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .',
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .\n'
        "<id/gemeente/11002> dct:replaces <id/organisatie/vvsg> .",
        "predecessors are municipalities",
        "gemeente:11002",
    ),
    # <pgsh:MunicipalityShape> schema:endDate: the list's valid_to is read as an xsd:date or
    # refused (SourceError), one per row; only a data file can give another.
    Case(
        "pgsh:MunicipalityShape → schema:endDate",
        "data/organisations.ttl",
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .',
        '"Publisher of the Samenleven practice database; changes via samenleven@vvsg.be."@en .\n'
        '<id/gemeente/11004> <http://schema.org/endDate> "31/12/2024" .',
        "at most one end date (xsd:date)",
        "gemeente:11004",
    ),
    # <pgsh:ProvinceShape> rdfs:label: a code listed twice gives its province two names.
    Case(
        "pgsh:ProvinceShape → rdfs:label",
        "data/reference/flemish-provinces.csv",
        "40000,Oost-Vlaanderen",
        "30000,Oost-Vlaanderen",
        "More than 1 values",
        "provincie:30000",
    ),
]


def break_file(project: Path, case: Case) -> None:
    path = project / case.file
    text = path.read_text(encoding="utf-8")
    if case.regex:
        changed, count = re.subn(
            case.old, case.new, text, count=0 if case.every else 1, flags=re.DOTALL
        )
    else:
        changed = text.replace(case.old, case.new, -1 if case.every else 1)
        count = text.count(case.old)
    assert count >= 1, f"the case's text is not in {case.file}: {case.old!r}"
    path.write_text(changed, encoding="utf-8")


def names(shape: str) -> set[str]:
    """The shapes a finding's shape text names, each whole: "pgsh:A / pgsh:B" both A and B,
    "pgsh:A → path" (an anonymous property shape of A) A. Whole names, not parts of them:
    pgsh:PracticeAbstract is not named by a pgsh:PracticeAbstractWanted finding."""
    return {shape} | {part.split(" → ")[0] for part in shape.split(" / ")}


def findings_for(project: Path) -> list[Finding]:
    return validate(BuildSettings(project_dir=project)).findings


def test_the_repository_is_valid_with_only_the_gaps_of_its_cut_off_pages(project: Path) -> None:
    findings = findings_for(project)
    assert beyond_the_repository(findings) == []
    assert {(f.shape, f.focus) for f in findings} == REPOSITORY_WARNINGS


def test_a_municipality_has_exactly_one_nis_code(project: Path) -> None:
    """The CSV gives one code per row; a data file that adds a second one is caught too."""
    extra = project / "data" / "extra.ttl"
    extra.write_text('<id/gemeente/11001> <http://purl.org/dc/terms/identifier> "11099" .\n')
    (finding,) = beyond_the_repository(findings_for(project))
    assert finding.focus == "gemeente:11001"
    assert finding.shape.startswith("pgsh:MunicipalityShape")
    assert "exactly one NIS code" in finding.message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_broken_file_gives_the_shapes_finding(project: Path, case: Case) -> None:
    break_file(project, case)
    findings = findings_for(project)
    matching = [f for f in findings if case.shape in names(f.shape) and f.focus == case.focus]
    assert matching, "\n".join(f"{f.shape}: {f.message}" for f in findings)
    finding = matching[0]
    assert finding.severity == case.severity
    assert case.message in finding.message
    assert not case.detail or any(case.detail in d for d in finding.details), finding.details
    assert finding.focus == case.focus
    assert finding.file == case.file
    assert finding.line is not None
    if case.file.endswith(".ttl"):
        line = (project / case.file).read_text(encoding="utf-8").splitlines()[finding.line - 1]
        assert not line.startswith((" ", "#")), (
            f"points at {line!r}, not at the node's subject line"
        )


def named_shapes() -> set[str]:
    shapes = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes += parse_turtle(path, BuildSettings().base)
    minted = Minted(BuildSettings().base)
    names = set()
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        names |= {s for s in shapes.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    names |= {s for s in shapes.subjects(SH.path, None) if isinstance(s, URIRef)}
    return {"pgsh:" + str(name).removeprefix(str(minted.shapes)) for name in names}


def test_every_named_shape_has_a_case() -> None:
    covered = {case.shape for case in CASES} | {shape for case in CASES for shape in case.also}
    covered |= {shape for shape, _focus in REPOSITORY_WARNINGS}  # the repository's own test
    assert named_shapes() - covered == set()


def test_shapes_nested_past_what_the_engines_follow_are_a_finding(project: Path) -> None:
    """pyshacl-turbo and pyshacl both stop on deeply nested shapes ("Validation path too deep");
    the build names it instead of crashing."""
    deep = project / "shapes" / "deep.ttl"
    deep.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<ns/shapes#Deep> a sh:NodeShape ; sh:targetClass skos:Concept ; sh:or (\n"
        "  [ sh:not [ sh:path skos:inScheme ; sh:in ( <id/a> <id/b> ) ] ]\n"
        "  [ sh:path [ sh:alternativePath ( skos:exactMatch skos:closeMatch ) ] ;\n"
        '    sh:qualifiedValueShape [ sh:pattern "^x" ] ; sh:qualifiedMinCount 1 ] ) .\n',
        encoding="utf-8",
    )
    (finding,) = findings_for(project)
    assert finding.is_violation
    assert (
        "SHACL's own shapes cannot check these shapes: Validation path too deep" in finding.message
    )
    assert "shapes/deep.ttl" in (finding.file or "")
