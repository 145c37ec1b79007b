"""The event stream's by-municipality view: which places a member's version names."""

from __future__ import annotations

from practicegraph.builder.freeze.ldes.history import Member
from practicegraph.builder.freeze.ldes.views import by_place

PLACE = "https://example.org/ns/praktijk#municipality"
GENT, AALST, ELSEWHERE = (f"https://example.org/id/gemeente/{n}" for n in (44021, 41002, 11002))


def version(name: str, lines: list[str], at: str) -> Member:
    entity = f"https://example.org/id/initiatief/{name}"
    iri = f"{entity}/version/{at}"
    text = "".join(line.replace("SELF", f"<{iri}>") for line in lines)
    return Member(iri, entity, at, "version", "d", text)


def test_a_version_goes_under_each_place_it_names_on_itself_only() -> None:
    member = version(
        "a",
        [
            f"SELF <{PLACE}> <{GENT}> .\n",
            f"<https://example.org/other> <{PLACE}> <{ELSEWHERE}> .\n",
            f'SELF <https://example.org/p> "x> <{PLACE}> <{ELSEWHERE}> ." .\n',
            f"SELF <{PLACE}> <{AALST}> .",  # the last line, no line end
        ],
        "1",
    )
    assert by_place([member], PLACE) == {AALST: [member], GENT: [member]}


def test_a_delete_goes_where_the_last_version_was() -> None:
    first = version("a", [f"SELF <{PLACE}> <{GENT}> .\n"], "1")
    gone = Member(f"{first.entity}/version/2", first.entity, "2", "delete", "", "")
    assert by_place([first, gone], PLACE) == {GENT: [first, gone]}
