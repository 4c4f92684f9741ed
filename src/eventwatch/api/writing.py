"""Write routes (behind the API token): ingest articles sent as JSON or uploaded as files."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, HTTPException, Request, UploadFile

from eventwatch.api import models
from eventwatch.api.answers import Answers
from eventwatch.api.reading import AnswersDep, StoreDep
from eventwatch.errors import DocumentError, EventwatchError, StoreUnwritable
from eventwatch.ingest.page import decode_page, page_document
from eventwatch.model import RawDocument
from eventwatch.pipeline.run import IngestStopped, Outcome, alert_after_ingest, ingest_documents
from eventwatch.store import Store

log = logging.getLogger("eventwatch.api")

router = APIRouter()
MAX_ARTICLES = 100
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _ingest(store: Store, documents: list[RawDocument | DocumentError],
            answers: Answers) -> list[models.IngestResult]:
    """Each document through the ingest loop, reported as it ended; 507/503 when the store cannot be written.
    The counts kept for the dashboard are dropped: a client reads its own writes (api/answers.py)."""
    outcomes: list[Outcome] = []
    try:
        ingest_documents(documents, store, on_outcome=outcomes.append)
    except IngestStopped as exc:
        raise _unwritable(exc.cause, exc.summary.stored) from exc
    finally:
        answers.clear()
    return [_result(outcome) for outcome in outcomes]


def _result(outcome: Outcome) -> models.IngestResult:
    if outcome.skipped is not None:
        return models.IngestResult(article_id=None, stored=False,
                                   skipped=f"{outcome.skipped.reason}: {outcome.skipped}"[:300])
    return models.IngestResult(article_id=outcome.article_id, stored=outcome.stored,
                               duplicate_of=outcome.duplicate_of, events=outcome.events,
                               new_events=outcome.new_events,
                               not_coded=f"unsupported-language: {outcome.uncoded_language}"
                               if outcome.uncoded_language else None)


def _raw(item: models.NewArticle, origin: str) -> RawDocument:
    if (item.text is None) == (item.html is None):
        raise HTTPException(422, "give exactly one of text or html")
    content = item.text if item.text is not None else item.html
    return RawDocument(content or "", "text" if item.text is not None else "html", origin, url=item.url,
                       title=item.title, published=item.published, source=item.source)


@router.post("/articles", response_model=models.IngestReport, status_code=200,
             responses={401: {"model": models.Error}, 403: {"model": models.Error}, 422: {"model": models.Error},
                        503: {"model": models.Error}, 507: {"model": models.Error}},
             summary="Ingest one or more articles (JSON); needs the API token")
def ingest_json(store: StoreDep, answers: AnswersDep, request: Request, background: BackgroundTasks,
                articles: list[models.NewArticle] | models.NewArticle) -> models.IngestReport:
    items = articles if isinstance(articles, list) else [articles]
    if not 1 <= len(items) <= MAX_ARTICLES:
        raise HTTPException(422, f"send between 1 and {MAX_ARTICLES} articles per request")
    host = request.client.host if request.client else "api"
    results = _ingest(store, [_raw(item, f"api:{host}:{n}") for n, item in enumerate(items)], answers)
    background.add_task(_alert, store)
    return models.IngestReport(results=results)


@router.post("/articles/upload", response_model=models.IngestReport,
             responses={401: {"model": models.Error}, 403: {"model": models.Error}, 413: {"model": models.Error},
                        503: {"model": models.Error}, 507: {"model": models.Error}},
             summary="Ingest an uploaded .txt or .html page; needs the API token")
def ingest_upload(store: StoreDep, answers: AnswersDep, background: BackgroundTasks,
                  file: Annotated[UploadFile, File()],
                  url: str | None = None, source: str | None = None,
                  published: dt.date | None = None) -> models.IngestReport:
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"the upload is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    name = file.filename or "upload"
    html = name.lower().endswith((".html", ".htm"))
    origin = f"upload:{name}"
    try:
        content = decode_page(data, origin, "html" if html else "text")
    except DocumentError as exc:
        document: RawDocument | DocumentError = exc
    else:
        kind = "html" if html or content.lstrip()[:1] == "<" else "text"
        # What the page declares, read as for a file (no date at all: a no-date skip)
        document = page_document(content, kind, origin, url=url, published=published, source=source)
    report = models.IngestReport(results=_ingest(store, [document], answers))
    background.add_task(_alert, store)
    return report


def _unwritable(exc: StoreUnwritable, stored: int) -> HTTPException:
    """507 Insufficient Storage when the store's disk is full, else 503: the store cannot take writes now, and
    nothing the client sends will change that. The articles of the request before the failure are stored."""
    log.error("store cannot be written: %s", exc)
    status = 507 if exc.reason == "full" else 503
    return HTTPException(status, f"the store cannot be written ({exc.reason}): {exc}; "
                                 f"{stored} article(s) of this request were stored before it")


def _alert(store: Store) -> None:
    """After the response: alert on what the watches match in what was just stored (a no-op without watches)."""
    try:
        alert_after_ingest(store)
    except EventwatchError as exc:
        log.error("alerts after an API ingest: %s", exc)
