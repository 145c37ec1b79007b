"""The OpenAPI document, with an operation id per operation as the specification requires.

FastAPI gives every method of a route the route's one id (a GET and HEAD route: twice the same,
with a warning); here each operation's id ends with its own method instead."""

from __future__ import annotations

import re
import warnings
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

METHOD_SUFFIX = re.compile(r"_(get|head|post|put|patch|delete|options)$")


def document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Duplicate Operation ID", UserWarning)
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
        for item in schema.get("paths", {}).values():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    stem = METHOD_SUFFIX.sub("", operation["operationId"])
                    operation["operationId"] = f"{stem}_{method}"
        app.openapi_schema = schema
    return app.openapi_schema


def install(app: FastAPI) -> None:
    app.openapi = lambda: document(app)  # type: ignore[method-assign]
