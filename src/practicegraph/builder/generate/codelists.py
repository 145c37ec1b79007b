"""The IPDC-LPDC code lists "Thema" and "Doelgroep", as named graphs of the dataset.

Our target groups and policy domains map to them (skos:broadMatch, skos:closeMatch in the scheme
files), and the build gives every practice and initiative their values too. Loaded whole (they
are small) so that the labels of those values are in the dataset and on the pages.
"""

from __future__ import annotations

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.core.reading import parse_ntriples
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted

IPDC_CONCEPTS = "https://productencatalogus.data.vlaanderen.be/id/concept/"
LISTS = ("ipdc-thema", "ipdc-doelgroep")


def generate(settings: BuildSettings, minted: Minted) -> list[SourceGraph]:
    found = []
    for name in LISTS:
        path = settings.reference_dir / f"{name}.nt"
        relative = path.relative_to(settings.project_dir)
        graph = parse_ntriples(path)
        found.append(SourceGraph(minted.graph(f"reference/{name}"), "external", relative, graph))
    return found
