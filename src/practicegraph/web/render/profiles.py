"""Content negotiation by profile (W3C "Content Negotiation by Profile"): one resource, several
views of it, each a profile with its own IRI.

- `praktijk` (the default): our model, the whole document.
- `ipdc`: a practice or initiative as IPDC-LPDC consumers read a public service: the IPDC classes,
  titles and descriptions, the IPDC theme and target-audience values, dct:spatial, and contact
  points as schema:ContactPoint (m8g:hasContactPoint), nothing of our own vocabulary.
- `schema`: a practice or municipality in schema.org terms, for search engines and general
  JSON-LD tools (the description its HTML page embeds).

A client asks with `Accept-Profile: <iri>` (q-values count) or `?_profile={token or iri}`, and
`?_mediatype=` for the format; `?_profile=alt` lists the profiles and formats of a resource.
The answer names its profile (`Content-Profile`, `Link: <…>; rel="profile"`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import pyoxigraph
from fastapi import Request

from practicegraph.core import urls
from practicegraph.core.vocab import Minted
from practicegraph.web.render import ipdc_context, schema_org
from practicegraph.web.render.facts import Facts
from practicegraph.web.served_build import ServedBuild

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
IPDC = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#"
IPDC_CONCEPTS = "https://productencatalogus.data.vlaanderen.be/id/concept/"
M8G = "http://data.europa.eu/m8g/"
SCHEMA = "http://schema.org/"
VCARD_EMAIL = "http://www.w3.org/2006/vcard/ns#hasEmail"
ALT: Literal["alt"] = "alt"
ENTRY = re.compile(r"<([^>]+)>\s*(?:;\s*q\s*=\s*([0-9.]+))?")


@dataclass(frozen=True)
class Profile:
    token: str
    title: str
    classes: tuple[str, ...]
    """The classes (local names of ours) it has a view of; () for every resource."""

    def iri(self, minted: Minted) -> str:
        return str(minted.id("profiel", self.token))

    def applies(self, classes: set[str], minted: Minted) -> bool:
        return not self.classes or any(str(minted.pg[c]) in classes for c in self.classes)


PRAKTIJK = Profile("praktijk", "Het model van practicegraph, het hele document", ())
IPDC_PROFILE = Profile(
    "ipdc", "IPDC-LPDC: publieke dienstverlening", ("Practice", "LocalInitiative")
)
SCHEMA_PROFILE = Profile("schema", "schema.org", ("Practice", "Municipality"))
PROFILES = (PRAKTIJK, IPDC_PROFILE, SCHEMA_PROFILE)


def offered(classes: set[str], minted: Minted) -> list[Profile]:
    return [profile for profile in PROFILES if profile.applies(classes, minted)]


def requested(
    request: Request, choices: list[Profile], minted: Minted
) -> Profile | Literal["alt"] | None:
    """The profile asked for among those offered: by `_profile`, else by Accept-Profile (the
    highest q offered), else the default; None when what was asked for is not offered."""
    asked = request.query_params.get("_profile")
    if asked is not None:
        if asked == ALT:
            return ALT
        return next((p for p in choices if asked in (p.token, p.iri(minted))), None)
    header = request.headers.get("accept-profile")
    if not header:
        return PRAKTIJK
    for iri in ranked(header):
        found = next((p for p in choices if p.iri(minted) == iri), None)
        if found is not None:
            return found
    return None


def ranked(header: str) -> list[str]:
    """The profile IRIs of an Accept-Profile header, most wanted first (q=0: not wanted); an
    entry whose q is not a number counts as not sent, as a header that does not parse would."""
    weighted = []
    for iri, q in ENTRY.findall(header):
        try:
            weight = float(q or 1)
        except ValueError:
            continue
        if weight > 0:
            weighted.append((weight, iri))
    return [iri for _weight, iri in sorted(weighted, reverse=True)]


def view(
    profile: Profile, iri: str, found: list[pyoxigraph.Triple], published: ServedBuild
) -> list[pyoxigraph.Triple]:
    """The resource's document seen through the profile."""
    if profile is IPDC_PROFILE:
        return ipdc(found, published)
    if profile is SCHEMA_PROFILE:
        return as_triples(described(iri, found, published))
    return found


def context(profile: Profile, published: ServedBuild) -> tuple[dict[str, Any], str] | None:
    """The JSON-LD context a profile writes its documents with, and its URL, if not the
    dataset's: the ipdc profile speaks IPDC-LPDC's own names."""
    if profile is IPDC_PROFILE:
        return ipdc_context.DOCUMENT, published.base + urls.IPDC_CONTEXT
    return None


def described(iri: str, found: list[pyoxigraph.Triple], published: ServedBuild) -> dict[str, Any]:
    """The schema.org description, as JSON-LD with schema.org's context (what pages embed)."""
    kinds = {t.object.value for t in found if t.predicate.value == RDF_TYPE}  # type: ignore[union-attr]
    if str(published.minted.pg.Municipality) in kinds:
        return schema_org.municipality(iri, Facts(found), published)
    return schema_org.practice(iri, Facts(found), published)


def as_triples(described: dict[str, Any]) -> list[pyoxigraph.Triple]:
    """A schema.org JSON-LD description as triples, its context written out: never fetched."""
    document = {**described, "@context": {"@vocab": SCHEMA}}
    return [q.triple for q in pyoxigraph.parse(json.dumps(document), pyoxigraph.RdfFormat.JSON_LD)]


def _n(iri: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(iri)


def ipdc(found: list[pyoxigraph.Triple], published: ServedBuild) -> list[pyoxigraph.Triple]:
    """Practices and initiatives in IPDC-LPDC terms only, with the names of what they link to."""
    pg = published.minted.pg
    kinds = {
        str(pg.Practice): IPDC + "ConceptualPublicService",
        str(pg.LocalInitiative): IPDC + "InstancePublicService",
    }
    services = {
        t.subject: kinds[t.object.value]  # type: ignore[union-attr]
        for t in found
        if t.predicate.value == RDF_TYPE and t.object.value in kinds  # type: ignore[union-attr]
    }
    out = [pyoxigraph.Triple(s, _n(RDF_TYPE), _n(kind)) for s, kind in services.items()]
    named: set[Any] = set()
    contact_of = {
        t.object: t.subject
        for t in found
        if t.subject in services and t.predicate.value == "http://www.w3.org/ns/dcat#contactPoint"
    }
    for t in found:
        if t.subject in services and kept_in_ipdc(t, services):
            out.append(t)
            named.add(t.object)
        elif t.subject in contact_of and t.predicate.value == VCARD_EMAIL:
            point = t.subject
            address = t.object.value.removeprefix("mailto:")  # type: ignore[union-attr]
            out += [
                pyoxigraph.Triple(contact_of[point], _n(M8G + "hasContactPoint"), point),
                pyoxigraph.Triple(point, _n(RDF_TYPE), _n(SCHEMA + "ContactPoint")),
                pyoxigraph.Triple(point, _n(SCHEMA + "email"), pyoxigraph.Literal(address)),
            ]
    for t in found:
        if t.subject in named and t.subject not in services and t.predicate.value == SKOS_LABEL:
            out.append(t)
    return list(dict.fromkeys(out))


def kept_in_ipdc(triple: pyoxigraph.Triple, services: dict[Any, str]) -> bool:
    """Titles, descriptions, where, the concept of an instance, and the IPDC code-list values."""
    predicate, value = triple.predicate.value, triple.object
    if predicate == DCT + "source":
        return value in services
    if predicate in (DCT + "title", DCT + "description", DCT + "spatial"):
        return True
    coded = predicate in (IPDC + "targetAudience", M8G + "thematicArea")
    return (
        coded and isinstance(value, pyoxigraph.NamedNode) and value.value.startswith(IPDC_CONCEPTS)
    )


def alternatives(
    iri: str, url: str, choices: list[Profile], published: ServedBuild, media_types: list[str]
) -> list[pyoxigraph.Triple]:
    """`_profile=alt` as RDF: each representation of the resource, its profile and its format
    (the W3C ALTR vocabulary of the conneg-by-profile specification)."""
    altr = "http://www.w3.org/ns/dx/connegp/altr#"
    resource = _n(iri)
    address = published.base + url.removeprefix(published.root + "/")
    out = []
    for profile in choices:
        for media in media_types:
            node = _n(f"{address}?_profile={profile.token}&_mediatype={quote(media, safe='/')}")
            out += [
                pyoxigraph.Triple(resource, _n(altr + "hasRepresentation"), node),
                pyoxigraph.Triple(node, _n(RDF_TYPE), _n(altr + "Representation")),
                pyoxigraph.Triple(node, _n(DCT + "conformsTo"), _n(profile.iri(published.minted))),
                pyoxigraph.Triple(node, _n(DCT + "format"), pyoxigraph.Literal(media)),
            ]
    default = _n(f"{address}?_profile={PRAKTIJK.token}&_mediatype=text/turtle")
    out.append(pyoxigraph.Triple(resource, _n(altr + "hasDefaultRepresentation"), default))
    return out
