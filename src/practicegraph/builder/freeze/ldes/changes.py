"""What changed, for people: each practice added, updated, moved or withdrawn, with its time and
title, made from the event stream's members and the redirects (core.changes writes them into
the build for the page /wijzigingen and its Atom feed)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph

from practicegraph.builder.freeze.ldes.history import Member
from practicegraph.core.changes import Change
from practicegraph.core.redirects import Redirect

TITLE = "http://purl.org/dc/terms/title"


def title_of(member: Member) -> str:
    """The Dutch title a version carries ('' for a delete)."""
    for quad in pyoxigraph.parse(member.ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES):
        value = quad.object
        if quad.predicate.value != TITLE or not isinstance(value, pyoxigraph.Literal):
            continue
        if value.language == "nl":
            return str(value.value)
    return ""


def changes(members: Iterable[Member], redirects: list[Redirect], practices: str) -> list[Change]:
    """The changes to practices (entities under `practices`), newest first. A practice whose key
    changed (a redirect) is moved, not withdrawn and added again."""
    moved = {r.old: r.new for r in redirects}
    targets = set(moved.values())
    titles: dict[str, str] = {}
    found: list[Change] = []
    for member in members:
        entity = member.entity
        if not entity.startswith(practices):
            continue
        if member.kind == "delete":
            kind = "moved" if entity in moved else "withdrawn"
            title = titles.get(entity, "")
            found.append(Change(member.time, kind, entity, title, member.iri, moved.get(entity)))
            continue
        title = title_of(member)
        if entity not in titles and entity not in targets:
            found.append(Change(member.time, "added", entity, title, member.iri))
        elif entity in titles:
            found.append(Change(member.time, "updated", entity, title, member.iri))
        titles[entity] = title
    return sorted(found, key=lambda change: change.time, reverse=True)
