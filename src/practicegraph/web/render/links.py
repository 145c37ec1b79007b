"""Which addresses a page makes a link of: http(s) and mailto: only. The shapes refuse other
schemes in the data (pgsh:WebAddress); this is the second line of defence, so that a
javascript: or data: IRI that reached a store some other way is shown as text, never as an
href a browser follows."""

from __future__ import annotations

SCHEMES = frozenset({"http", "https", "mailto"})


def linkable(iri: str) -> bool:
    """Whether the IRI's scheme is one a page may link to; an allow-list, so that a scheme a
    browser reads past white space (" javascript:", "java\tscript:") is refused too."""
    scheme, colon, _rest = iri.partition(":")
    return bool(colon) and scheme.lower() in SCHEMES
