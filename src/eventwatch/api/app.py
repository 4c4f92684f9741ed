"""The FastAPI application: JSON errors, token-protected writes, the read routes and the dashboard files."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from importlib import resources
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwatch import __version__
from eventwatch.api import reading, writing
from eventwatch.errors import EventwatchError, StoreError
from eventwatch.store import Store, open_store

log = logging.getLogger("eventwatch.api")
TOKEN_ENV = "EVENTWATCH_API_TOKEN"
DB_ENV = "EVENTWATCH_DB"  # read by app_from_environment, the factory each uvicorn worker process calls
_bearer = HTTPBearer(auto_error=False)


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def create_app(db: str | Store, token: str | None = None) -> FastAPI:
    """The app over a store (a path/URL, or an open Store). Write routes need ``token`` (or $EVENTWATCH_API_TOKEN);
    without one they answer 403."""
    store = db if isinstance(db, Store) else open_store(db)
    secret = token if token is not None else os.environ.get(TOKEN_ENV)
    expected = _digest(secret) if secret else None  # only the digest is kept

    app = FastAPI(title="eventwatch", version=__version__,
                  description="Coded, dated, source-linked news events: query, map, timeline, ingest.")
    app.state.store = store

    def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        if expected is None:
            raise HTTPException(403, "writing is disabled: start the server with an API token")
        if credentials is None or not hmac.compare_digest(_digest(credentials.credentials), expected):
            raise HTTPException(401, "a valid API token is required (Authorization: Bearer …)")

    app.include_router(reading.router, prefix="/api")
    app.include_router(writing.router, prefix="/api", dependencies=[Depends(require_token)])
    _errors(app)
    _dashboard(app)
    return app


def app_from_environment() -> FastAPI:
    """The app over $EVENTWATCH_DB: uvicorn's worker processes build their own app (and store connection) from
    an import string, so settings reach them through the environment."""
    return create_app(os.environ[DB_ENV])


def _errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                    for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "detail": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

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


def _dashboard(app: FastAPI) -> None:
    web = resources.files("eventwatch").joinpath("web")
    static = str(web.joinpath("static"))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(web.joinpath("index.html")), media_type="text/html")
