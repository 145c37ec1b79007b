"""The shipped example SPARQL queries: read from queries/*.rq with their titles and descriptions.

Each file starts with `# key: value` lines (title, title@en, description, description@en; any
number of `# parameter:` lines, see parameters.py) and writes our own IRIs relative
(`<ns/praktijk#>`), so one file works under any base: our endpoint resolves them against its
own IRI, and `text_for` adds a BASE line for any other engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from practicegraph.core.reading import SourceError
from practicegraph.store.guard import answers_with_triples, values_block
from practicegraph.web.parameters import Parameter, declared

HEADER = re.compile(r"#\s*(title|title@en|description|description@en)\s*:\s*(.*\S)\s*$")
REQUIRED = ("title", "title@en", "description", "description@en")


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    title_en: str
    description: str
    description_en: str
    text: str
    parameters: tuple[Parameter, ...] = ()

    @property
    def gives_triples(self) -> bool:
        """CONSTRUCT or DESCRIBE: answered in RDF formats, not as a table."""
        return answers_with_triples(self.text)

    def text_for(self, base: str) -> str:
        """The query with a BASE line, for engines that do not resolve against their own IRI."""
        return f"BASE <{base}>\n{self.text}"


def parse(path: Path) -> Example:
    """One example query file; a missing header line is an error naming the file."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = HEADER.fullmatch(line)
        if match:
            header[match.group(1)] = match.group(2)
        try:
            parameter = declared(line)
        except ValueError as error:
            raise SourceError(path, number, str(error)) from error
        if parameter is not None:
            if values_block(text, parameter.name) is None:
                message = f"parameter {parameter.name} without a VALUES ?{parameter.name} block"
                raise SourceError(path, number, message)
            parameters.append(parameter)
    missing = [key for key in REQUIRED if key not in header]
    if missing:
        raise SourceError(path, 1, f"example query without '# {missing[0]}:' line")
    return Example(
        path.stem,
        header["title"],
        header["title@en"],
        header["description"],
        header["description@en"],
        text,
        tuple(parameters),
    )


def load(folder: Path) -> list[Example]:
    """Every example query of the folder, by file name."""
    return [parse(path) for path in sorted(folder.glob("*.rq"))]
