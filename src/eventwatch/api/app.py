"""The FastAPI application: JSON errors, token-protected writes, request limits, security headers, the read
routes and the dashboard files."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from importlib import resources
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from eventwatch import __version__
from eventwatch.actor_names import ActorNameError
from eventwatch.api import actors, escalation, facets, reading, writing
from eventwatch.api.answers import Answers, warm
from eventwatch.api.auth import Authenticator
from eventwatch.api.headers import SecurityHeaders, add_docs, check_origin
from eventwatch.api.limits import DEFAULT_MAX_BODY, BodySizeLimit, RateLimiter, RateLimits
from eventwatch.errors import EventwatchError, StoreError
from eventwatch.store import Store, open_store
from eventwatch.store.event_query import EventFilter
from eventwatch.store.location import DB_ENV as DB_ENV  # what serve --workers sets for the workers
from eventwatch.store.location import default_location, require_store

log = logging.getLogger("eventwatch.api")
TOKEN_ENV = "EVENTWATCH_API_TOKEN"
SETTINGS_ENV = "EVENTWATCH_SERVE_SETTINGS"  # serve --workers: the limits and CORS, as JSON
_bearer = HTTPBearer(auto_error=False)


class EventwatchAPI(FastAPI):
    """FastAPI with the security headers outside everything, even the handler of unexpected errors (which
    Starlette puts outside all other middleware), so that a 500 carries them too."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(db: str | Store, token: str | None = None, *, max_body: int = DEFAULT_MAX_BODY,
               rate_limit: int | None = None, write_rate_limit: int | None = None,
               cors_origins: Sequence[str] = ()) -> FastAPI:
    """The app over a store (a path/URL, or an open Store).

    Writes need a stored token (``eventwatch token create``) or ``token`` (else $EVENTWATCH_API_TOKEN); with
    neither they answer 403. ``max_body``: largest request body in bytes. ``rate_limit``/``write_rate_limit``:
    requests per minute per client (None: $EVENTWATCH_RATE_LIMIT for reads, else the defaults; reads 0 turns
    limiting off). ``cors_origins``: web origins allowed to call the API from a browser (none by default).
    """
    limits = RateLimits.resolve(rate_limit, write_rate_limit)
    origins = [check_origin(origin) for origin in cors_origins]
    store = db if isinstance(db, Store) else open_store(db)
    auth = Authenticator(store, token if token is not None else os.environ.get(TOKEN_ENV))

    app = EventwatchAPI(title="eventwatch", version=__version__, docs_url=None, redoc_url=None,
                        swagger_ui_oauth2_redirect_url=None,
                        description="Coded, dated, source-linked news events: query, map, timeline, ingest.")
    app.state.store = store
    app.state.auth = auth
    app.state.answers = Answers(store)
    app.router.on_startup.append(lambda: _warm_home(app))

    def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        auth.require(credentials.credentials if credentials is not None else None)

    app.include_router(reading.router, prefix="/api")
    app.include_router(escalation.router, prefix="/api")
    app.include_router(facets.router, prefix="/api")
    app.include_router(actors.router, prefix="/api")
    app.include_router(writing.router, prefix="/api", dependencies=[Depends(require_token)])
    _errors(app)
    add_docs(app)
    _dashboard(app)
    # Added innermost first: the body limit sits inside the rate limiter, which sits inside CORS, so that a
    # browser on an allowed origin can read a 429 or 413.
    app.add_middleware(BodySizeLimit, max_bytes=max_body)
    if limits is not None:
        app.add_middleware(RateLimiter, limits=limits, known_token=auth.known)
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    return app


def _warm_home(app: FastAPI) -> None:
    """The dashboard home's counts over the whole store, computed as the server starts (api/answers.py); the
    arguments are those the home page asks with (facets, timeline.js, map.js)."""
    store, answers, everything = app.state.store, app.state.answers, EventFilter()
    warm([lambda: facets.get_facets(store, answers, everything),
          lambda: reading.get_timeline(store, answers, everything, "auto"),
          lambda: reading.events_geojson(store, answers, everything, limit=2000, countries="totals")])


def app_from_environment() -> FastAPI:
    """The app over $EVENTWATCH_DB (else events.db, as for every command): uvicorn's worker processes build their
    own app (and store connection) from an import string, so settings reach them through the environment. Like
    `eventwatch serve`, it refuses a SQLite store that does not exist rather than serve a new, empty one."""
    settings = json.loads(os.environ.get(SETTINGS_ENV) or "{}")
    location = default_location()
    require_store(location)
    return create_app(location, **settings)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                    for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "detail": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(ActorNameError)
    async def unknown_actor(_request: Request, exc: ActorNameError) -> JSONResponse:
        suggestions = [{"code": s.code, "name": s.name, "kind": s.kind} for s in exc.suggestions]
        return JSONResponse({"error": str(exc), "suggestions": suggestions}, status_code=422)

    @app.exception_handler(ValueError)
    async def bad_value(_request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_down(_request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return JSONResponse({"error": "the event store is unavailable"}, status_code=503)

    @app.exception_handler(EventwatchError)
    async def bad_input(_request: Request, exc: EventwatchError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"error": "internal error"}, status_code=500)


def _dashboard(app: FastAPI) -> None:
    web = resources.files("eventwatch").joinpath("web")
    static = str(web.joinpath("static"))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(web.joinpath("index.html")), media_type="text/html")
