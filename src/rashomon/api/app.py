"""``create_app(store)``: the FastAPI application serving the HTTP API and the workbench pages.

The JSON API lives under ``/api`` (OpenAPI at ``/openapi.json``, readable at ``/api``); the pages
(``/events``, ``/actors``, …) render the same queries, each with a ``?format=json`` twin.
Every response carries the security headers of :mod:`rashomon.web.security`; request
bodies are capped; errors answer with a message that says how to fix the request.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon.api.routes import actors, articles, claims, events, ingest, overrides, records, search, sources
from rashomon.config import Config, IngestOptions
from rashomon.store import Store
from rashomon.web import STATIC_DIR
from rashomon.web import views as web
from rashomon.web.jobs import JobRunner
from rashomon.web.security import SECURITY_HEADERS, load_tokens

__all__ = ["DEFAULT_MAX_REQUEST_BYTES", "create_app"]

#: Largest request body accepted (bytes): room for a batch of uploads at the per-file limit.
DEFAULT_MAX_REQUEST_BYTES = 50_000_000

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _BodyTooLarge(Exception):
    pass


class LimitsAndHeaders:
    """ASGI middleware: refuse bodies over ``max_bytes`` (413) and add the security headers.

    The declared ``Content-Length`` is checked first; a body sent without one (chunked) is
    counted as it streams and cut off at the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _BodyTooLarge
            return message

        started = False

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.lower().encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k.lower().encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, counting_receive, secured_send)
        except _BodyTooLarge:
            if not started:
                await self._refuse(scope, receive, secured_send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {
                "error": f"request body over the {self.max_bytes / 1e6:g} MB limit; "
                "send fewer or smaller files per request",
                "status": 413,
            },
            status_code=413,
        )
        await response(scope, receive, send)


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api") or request.query_params.get("format") == "json":
        return False
    return "text/html" in request.headers.get("accept", "")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = f"{loc[0]} parameter {'.'.join(loc[1:])!r}" if len(loc) > 1 else "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) + " (fix the value and retry; parameters are listed at /api)"


def create_app(
    store: Store,
    tokens: Iterable[str] | None = None,
    config: Config | None = None,
    uploads_dir: str | Path | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
) -> FastAPI:
    """Build the application over ``store``.

    Args:
        store: The store to serve (reads on every request's own connection).
        tokens: Write tokens for ingest and overrides; ``None`` reads ``$RASHOMON_API_TOKENS``;
            with none at all the server is read-only.
        config: Pipeline configuration for articles added through the app (defaults if ``None``).
        uploads_dir: Where uploaded files are kept; by default an ``uploads`` folder next to a
            SQLite store, else one in the system's temporary folder.
        max_request_bytes: Largest request body accepted (413 above it).
    """
    if uploads_dir is None:
        url = Path(store.url) if "://" not in store.url and store.url not in ("", ":memory:") else None
        uploads_dir = url.parent / "uploads" if url else Path(tempfile.gettempdir()) / "rashomon-uploads"
    jobs = JobRunner(store, config, Path(uploads_dir))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()

    app = FastAPI(
        title="Rashomon",
        version="0.1.0",
        description="Sourced records from conflicting news accounts: events, actors, claims, sources.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load their code from a CDN; the workbench's own /api page renders
        # this document offline instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.tokens = load_tokens(tokens)
    app.state.jobs = jobs
    app.state.max_file_bytes = (config.ingest if config else IngestOptions()).max_bytes
    for module in (articles, events, actors, claims, sources, search, records, ingest, overrides):
        app.include_router(module.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(LimitsAndHeaders, max_bytes=max_request_bytes)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            data = {"status": exc.status_code, "error": exc.detail}
            return web.render(request, "error.html", data, status=exc.status_code)
        return JSONResponse(
            {"error": exc.detail, "status": exc.status_code},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        if _wants_html(request):
            return web.render(request, "error.html", {"status": 422, "error": message}, status=422)
        return JSONResponse({"error": message, "status": 422, "detail": exc.errors()}, status_code=422)

    return app
