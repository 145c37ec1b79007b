"""Requests for a few exact paths handed to their handler without the router: the SPARQL
endpoint's, whose light queries take less time to answer than FastAPI takes to find their route
(each included router is tried in turn, then again to handle the request) and to run it.

A handler is the very function the app's route for the path calls, given the same Request; it
stays registered there too (the OpenAPI description lists it, and a request this layer does not
take, another method or `/sparql/`, gets the router's answer, 405 or a redirect). An exception
the app has a handler for is answered by that handler, as the route would have it answered;
any other goes up to the server error middleware, as from the route. It sits inside every
middleware of ours, so that what they do (the log line, the security and CORS headers, the
refusal of malformed requests) is done to these answers as to any other.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

Handler = Callable[[Request], Awaitable[Response]]
ErrorHandler = Callable[[Request, Exception], Any]


class Direct:
    def __init__(
        self,
        app: ASGIApp,
        routes: Mapping[tuple[str, str], Handler],
        errors: Mapping[Any, ErrorHandler],
    ) -> None:
        """`routes`: the handler of each (method, path); `errors`: the app's exception handlers,
        by exception class (read at each failure: handlers added later count)."""
        self.app = app
        self.routes = routes
        self.errors = errors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = (
            self.routes.get((scope["method"], scope["path"]))
            if scope["type"] == "http" and not scope.get("root_path")
            else None
        )
        if handler is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive, send)
        try:
            response = await handler(request)
        except Exception as error:
            answer = self.handler_for(error)
            if answer is None:
                raise
            response = answer(request, error)
            if inspect.isawaitable(response):
                response = await response
        await response(scope, receive, send)

    def handler_for(self, error: Exception) -> ErrorHandler | None:
        """The app's handler for the error's class or its nearest base, as Starlette finds it."""
        for kind in type(error).__mro__:
            if kind in self.errors:
                return self.errors[kind]
        return None
