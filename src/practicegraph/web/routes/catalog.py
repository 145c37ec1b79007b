"""Documents the build wrote about itself: the DCAT-AP Vlaanderen catalog and the VoID
description, at fixed paths, with or without a format suffix."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from practicegraph.core import urls
from practicegraph.web.render import responses
from practicegraph.web.render.documents import Documents


def router(documents: Documents) -> APIRouter:
    routes = APIRouter(tags=["resources"])
    published = documents.published
    root = published.root

    def description(name: str, path: str) -> Callable[[Request], Response]:
        """A document the build wrote about itself, at a fixed path, with or without suffix."""

        def serve(request: Request) -> Response:
            stem, suffix_media = responses.split_suffix(request.url.path.removeprefix(root + "/"))
            if stem != path:
                return PlainTextResponse("Not Found: no such format", status_code=404)
            return documents.answer(
                request,
                published.base + path,
                published.url(path),
                suffix_media,
                lambda: published.descriptions.get(name, []),
                False,
                True,
            )

        return serve

    for name, path, summary in (
        (
            "catalog",
            urls.CATALOG,
            "The DCAT-AP Vlaanderen catalog: dataset, distributions, services",
        ),
        ("void", urls.VOID, "The VoID description: statistics, partitions, linksets"),
    ):
        for route in (urls.route(path), urls.route(f"{path}.{{suffix}}")):
            routes.add_api_route(
                route,
                description(name, path),
                methods=["GET", "HEAD"],
                summary=summary,
                include_in_schema=not route.endswith("}"),
            )

    return routes
