"""One described resource as an answer in the negotiated format: RDF in the chosen format, a page
laid out for people (practices, municipalities), or the generic page of every other resource."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph
from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates

from practicegraph.core.document_kinds import PAGE_SIZE, Growing, growing_shapes
from practicegraph.core.formats import JSON_LD, RDF_MEDIA
from practicegraph.finder.search import PracticeIndex
from practicegraph.store.base import Store, classes, named
from practicegraph.web.render import pages, profiles, responses, schema_org
from practicegraph.web.render.facts import Facts
from practicegraph.web.render.successors import Successor, successors
from practicegraph.web.render.view import RDF_TYPE, PageBuilder
from practicegraph.web.served_build import ServedBuild

AS = "https://www.w3.org/ns/activitystreams#"
TYPE = pyoxigraph.NamedNode(RDF_TYPE)


def offered_media() -> list[str]:
    return [responses.HTML, *(media.media_type for media in RDF_MEDIA)]


TOMBSTONE = pyoxigraph.NamedNode(AS + "Tombstone")
DCT_TITLE = "http://purl.org/dc/terms/title"
Triples = Callable[[], list[pyoxigraph.Triple]]
"""The resource's triples, asked for only once the format is known to be acceptable."""


@dataclass(frozen=True)
class Documents:
    """What every route that answers with a resource's description shares."""

    published: ServedBuild
    store: Store
    templates: Jinja2Templates
    index: PracticeIndex
    incoming_limit: int
    page_size: int = PAGE_SIZE

    @cached_property
    def shapes(self) -> dict[str, Growing]:
        return growing_shapes(self.published.minted)

    @cached_property
    def successors(self) -> dict[str, Successor]:
        """Read on first use: a remote store answers only once the app has started."""
        return successors(self.store, self.published)

    def special_page(
        self, iri: str, found: list[pyoxigraph.Triple], typed: set[str]
    ) -> tuple[str, dict[str, object]] | None:
        """Practices and municipalities (by the classes `typed`) get pages laid out for people;
        the rest a table."""
        pg = self.published.minted.pg
        if str(pg.Practice) in typed:
            facts = Facts(found)
            context = pages.practice_page(iri, facts, self.successors, self.published)
            context["schema_org"] = schema_org.practice(iri, facts, self.published)
            return "practice.html", context
        if str(pg.Municipality) in typed:
            context = pages.municipality_page(iri, found, self.store, self.published, self.index)
            context["schema_org"] = schema_org.municipality(iri, Facts(found), self.published)
            return "municipality.html", context
        return None

    def description_page(self, iri: str, page: int = 1) -> tuple[list[pyoxigraph.Triple], bool]:
        """The resource's document (document_shapes), and whether a next page exists."""
        return self.store.description_page(iri, self.shapes, page, self.page_size)

    def tombstone(self, iri: str, found: list[pyoxigraph.Triple]) -> dict[str, object] | None:
        """What a withdrawn IRI's tombstone says (title, when, why), or None if it is not one."""
        node = named(iri)
        if node is None or pyoxigraph.Triple(node, TYPE, TOMBSTONE) not in found:
            return None  # compared in pyoxigraph, without a Python term made for each triple
        mine = [t for t in found if t.subject == node]
        texts = [(t.predicate.value, t.object) for t in mine]
        literals = [(p, o) for p, o in texts if isinstance(o, pyoxigraph.Literal)]
        reasons = {o.language: o.value for p, o in literals if p == AS + "summary"}
        title = next((o.value for p, o in literals if p == DCT_TITLE), iri)
        deleted = next((o.value for p, o in literals if p == AS + "deleted"), None)
        reason = reasons.get("nl") or next(iter(reasons.values()), None)
        return {"title": title, "deleted": deleted, "reason": reason}

    def answer(
        self,
        request: Request,
        iri: str,
        url: str,
        suffix_media: str | None,
        triples: Triples,
        with_incoming: bool,
        every_subject: bool = False,
        for_people: Triples | None = None,
    ) -> Response:
        """The description of `iri`, published at `url`; with `every_subject` the generic page
        shows every subject of the triples, else the resource and its hash IRIs. `for_people`:
        the fewer triples a page needs, where it needs fewer (no page shows a document's parts
        that grow; describing them was half a municipality page's time)."""
        chosen = responses.negotiate(request, suffix_media)
        if chosen is None:
            return responses.not_acceptable(url)
        found = triples() if chosen.rdf is not None or for_people is None else for_people()
        gone = self.tombstone(iri, found)
        if chosen.rdf is not None and not found:
            return responses.not_found_rdf(iri, chosen, self.published, url)
        if chosen.rdf is not None and gone is not None:
            return responses.rdf_response(found, chosen, self.published, url, 410, iri)
        if gone is not None:
            tombstone = gone | {"root": self.published.root, "iri": iri}
            return responses.html_response(
                self.templates, request, "gone.html", tombstone, url, chosen, 410
            )
        if not found:
            context: dict[str, object] = {
                "root": self.published.root,
                "title": "Niet gevonden",
                "message": f"{iri} is niet beschreven in deze dataset.",
            }
            return responses.html_response(
                self.templates, request, "error.html", context, url, chosen, 404
            )
        return self.profiled(request, iri, url, chosen, found, with_incoming, every_subject)

    def profiled(
        self,
        request: Request,
        iri: str,
        url: str,
        chosen: responses.Format,
        found: list[pyoxigraph.Triple],
        with_incoming: bool,
        every_subject: bool,
    ) -> Response:
        """The document in the profile asked for (profiles.py), saying which it is."""
        minted = self.published.minted
        typed = classes(iri, found)
        choices = profiles.offered(typed, minted)
        profile = profiles.requested(request, choices, minted)
        if profile is None:
            offered = ", ".join(f"<{p.iri(minted)}> ({p.token})" for p in choices)
            return PlainTextResponse(
                f"406 Not Acceptable: this resource is offered in the profiles {offered}\n",
                status_code=406,
                headers={"Vary": "Accept, Accept-Profile"},
            )
        if profile == profiles.ALT:
            listed = profiles.alternatives(iri, url, choices, self.published, offered_media())
            if chosen.rdf is not None:
                answer = responses.rdf_response(listed, chosen, self.published, url)
            else:
                table = self.table(iri, listed, False, False)
                answer = self.html(request, "resource.html", table, url, chosen)
        elif profile is profiles.SCHEMA_PROFILE and chosen.rdf is JSON_LD:
            described = profiles.described(iri, found, self.published)
            answer = JSONResponse(described, media_type="application/ld+json")
            answer.headers["Link"] = responses.alternates(url)
        elif chosen.rdf is not None:
            shown = profiles.view(profile, iri, found, self.published)
            own = profiles.context(profile, self.published)
            answer = responses.rdf_response(shown, chosen, self.published, url, 200, iri, own)
        elif profile is not profiles.PRAKTIJK:
            shown = profiles.view(profile, iri, found, self.published)
            answer = self.html(
                request, "resource.html", self.table(iri, shown, False, False), url, chosen
            )
        else:
            page = self.page(iri, found, typed, with_incoming, every_subject)
            answer = self.html(request, *page, url, chosen)
        answer.headers["Vary"] = "Accept, Accept-Profile"
        if profile != profiles.ALT:
            answer.headers["Content-Profile"] = f"<{profile.iri(minted)}>"
            answer.headers.append("Link", f'<{profile.iri(minted)}>; rel="profile"')
        return answer

    def page(
        self,
        iri: str,
        found: list[pyoxigraph.Triple],
        typed: set[str],
        with_incoming: bool,
        every_subject: bool,
    ) -> tuple[str, dict[str, object]]:
        """The template and context of the default profile's page: laid out for people where
        the class has one."""
        special = self.special_page(iri, found, typed)
        if special is not None:
            return special
        return "resource.html", self.table(iri, found, with_incoming, every_subject)

    def table(
        self, iri: str, found: list[pyoxigraph.Triple], with_incoming: bool, every_subject: bool
    ) -> dict[str, object]:
        """The generic page: a section per subject, then what links to the resource."""
        limit = self.incoming_limit
        incoming = self.store.incoming(iri, limit) if with_incoming else []
        page = PageBuilder(found + incoming, self.published)
        subjects = sorted(
            {t.subject.value for t in found if isinstance(t.subject, pyoxigraph.NamedNode)}
        )
        members = [s for s in subjects if s != iri and (every_subject or s.startswith(iri + "#"))]
        sections = [page.section(s) for s in ([iri] if iri in subjects else []) + members]
        return {
            "title": sections[0].title if sections else iri,
            "sections": sections,
            "incoming": page.incoming(iri, incoming),
            "incoming_limit": limit,
        }

    def html(
        self,
        request: Request,
        name: str,
        context: dict[str, object],
        url: str,
        chosen: responses.Format,
    ) -> Response:
        """A template rendered with what every resource page has: the root, the formats."""
        context = context | {"root": self.published.root, "formats": responses.formats(url)}
        return responses.html_response(self.templates, request, name, context, url, chosen)
