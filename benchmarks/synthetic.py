"""Synthetic practices, valid against the shapes, with realistic text lengths, at any scale.

`python -m benchmarks.synthetic TARGET_DIR --triples 100000` copies the project's ontology,
shapes and reference data into TARGET_DIR and writes enough practices to reach about that many
triples. Deterministic for a seed. tests/system/test_synthetic.py builds a small one with full SHACL
validation, so the generator cannot drift from the shapes.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "data/sources/practice-opvoedingsondersteuning.txt"
REFERENCE_DATE = "2024-12-31"
TRIPLES_PER_PRACTICE = 261
"""What one generated practice adds to a build, on average, with what the build derives for it
(IPDC values, dct:spatial): measured, see tests/system/test_synthetic.py."""

HEADER = """@prefix pg: <ns/praktijk#> .
@prefix praktijk: <id/praktijk/> .
@prefix initiatief: <id/initiatief/> .
@prefix gemeente: <id/gemeente/> .
@prefix bron: <id/bron/> .
@prefix categorie: <id/concept/categorie/> .
@prefix doelgroep: <id/concept/doelgroep/> .
@prefix beleidsdomein: <id/concept/beleidsdomein/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ipdc: <https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#> .
@prefix m8g: <http://data.europa.eu/m8g/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CATEGORIES = ["toegankelijke-dienstverlening", "onthaalbeleid", "visie-organisatie-en-samenwerking"]
TARGET_GROUPS = [
    "anderstalige-ouders-met-jonge-kinderen",
    "kwetsbare-gezinnen",
    "nieuwkomers",
    "partners-lokaal-integratiebeleid",
    "alle-inwoners",
    "vrijwilligers",
]
POLICY_DOMAINS = [
    "kinderopvang",
    "taal",
    "werk",
    "gezin",
    "integratie",
    "oefenkans-nederlands",
    "armoedebestrijding",
]


def words() -> list[str]:
    """Dutch words of the seed page, so texts read (and search) like real ones."""
    text = SEED_PAGE.read_text(encoding="utf-8")
    return [w for w in re.findall(r"[A-Za-zÀ-ÿ'’\-]+", text) if len(w) > 1]


def municipalities() -> list[str]:
    """NIS codes valid on the reference date."""
    with (ROOT / "data/reference/flemish-municipalities.csv").open(encoding="utf-8") as handle:
        return [
            row["nis_code"]
            for row in csv.DictReader(handle)
            if (row["valid_from"] or "0000") <= REFERENCE_DATE <= (row["valid_to"] or "9999")
        ]


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@nl'


@dataclass
class Generator:
    rng: random.Random
    vocabulary: list[str]
    codes: list[str]

    def sentence(self, low: int, high: int) -> str:
        chosen = self.rng.choices(self.vocabulary, k=self.rng.randint(low, high))
        return " ".join(chosen).capitalize() + "."

    def text(self, sentences: int) -> str:
        return " ".join(self.sentence(8, 22) for _ in range(sentences))

    def listing(self, count: int) -> str:
        return "( " + " ".join(literal(self.sentence(5, 18)) for _ in range(count)) + " )"

    def practice(self, number: int) -> str:
        rng = self.rng
        key = f"synthetisch-{number:06d}"
        title = f"{self.sentence(2, 5)[:-1]} {number}"
        groups = rng.sample(TARGET_GROUPS, rng.randint(1, 3))
        domains = rng.sample(POLICY_DOMAINS, rng.randint(2, 5))
        lines = [
            f"praktijk:{key} a pg:Practice ;",
            f'    dct:identifier "{key}" ;',
            f"    dct:title {literal(title)} ;",
            f"    dct:abstract {literal(self.text(3))} ;",
            f'    schema:image [ a schema:ImageObject ; schema:name "{key}.jpg" ] ;',
            f"    dct:type categorie:{rng.choice(CATEGORIES)} ;",
            f"    pg:goals {self.listing(rng.randint(2, 6))} ;",
            "    ipdc:targetAudience " + " , ".join(f"doelgroep:{g}" for g in groups) + " ;",
            f"    dct:description {literal(self.text(6))} ;",
            f"    pg:successFactors {self.listing(rng.randint(2, 6))} ;",
            f"    pg:challenges {self.listing(rng.randint(1, 4))} ;",
            "    m8g:thematicArea " + " , ".join(f"beleidsdomein:{d}" for d in domains) + " ;",
            f'    pg:referenceDate "{REFERENCE_DATE}"^^xsd:date ;',
            f"    prov:wasDerivedFrom bron:{key} .",
            "",
            f"bron:{key} a pg:SourcePage ;",
            f"    dct:title {literal('Synthetische bronpagina ' + str(number))} ;",
            f'    dct:identifier "synthetic/{key}" .',
        ]
        for position in range(1, rng.randint(8, 20) + 1):
            codes = rng.sample(self.codes, rng.choice((1, 1, 1, 2, 4)))
            lines += [
                "",
                f"initiatief:{key}-{position} a pg:LocalInitiative ;",
                f"    dct:source praktijk:{key} ;",
                f"    schema:position {position} ;",
                f"    dct:title {literal(self.sentence(2, 6)[:-1])} ;",
                f"    dct:description {literal(self.text(rng.randint(1, 5)))} ;",
                "    pg:municipality " + " , ".join(f"gemeente:{c}" for c in codes) + " ;",
            ]
            if rng.random() < 0.5:
                lines.append(
                    f"    dcat:contactPoint [ a vcard:Kind ; vcard:hasEmail <mailto:info{position}@{key}.be> ] ;"
                )
            lines[-1] = lines[-1][:-2] + " ."
        return HEADER + "\n" + "\n".join(lines) + "\n"


def generate(target: Path, practices: int, seed: int = 1) -> list[Path]:
    """Copy ontology, shapes and data (with the seed practice) into target; add practices."""
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True)
    folder = target / "data" / "practices"
    generator = Generator(random.Random(seed), words(), municipalities())
    written = []
    for number in range(1, practices + 1):
        path = folder / f"synthetisch-{number:06d}.ttl"
        path.write_text(generator.practice(number), encoding="utf-8")
        written.append(path)
    return written


def practices_for(triples: int) -> int:
    """How many practices reach about `triples` triples, above the ~2,600 the project has."""
    return max(1, (triples - 2600) // TRIPLES_PER_PRACTICE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    count = practices_for(arguments.triples)
    generate(arguments.target, count, arguments.seed)
    print(f"{count} practices written to {arguments.target / 'data/practices'}")


if __name__ == "__main__":
    main()
