"""Read articles from files and folders: .txt, .html/.htm, .jsonl (one article per line) and .warc/.warc.gz
(HTTP responses, see ingest/warc.py).

Readers never raise for a bad document: they yield a DocumentError with a stable reason key
("empty", "binary", "too-large", "encoding", "malformed-jsonl", "malformed-meta", "unreadable",
"unsupported", and for WARC files "http-status", "content-type", "truncated-warc") so a run can skip it and
count why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from eventwatch.errors import DocumentError
from eventwatch.ingest.decode import UndecodableError, decode_bytes
from eventwatch.ingest.page import decode_page, page_document
from eventwatch.ingest.pubdate import parse_iso_date
from eventwatch.ingest.warc import is_warc, iter_warc
from eventwatch.model import DocumentKind, RawDocument

KINDS: dict[str, DocumentKind] = {".txt": "text", ".html": "html", ".htm": "html"}
JSONL = ".jsonl"
# Companions of articles, not articles: metadata sidecars and gold annotations.
COMPANION_SUFFIXES = (".meta.json", ".gold.yaml")
META_FIELDS = ("url", "title", "published", "source")
MAX_SIDECAR_BYTES = 1_000_000

Item = RawDocument | DocumentError


def iter_documents(
    path: Path, published: dt.date | None = None, url: str | None = None, max_bytes: int = 10_000_000
) -> Iterator[Item]:
    """Documents under ``path`` (a file, or a folder walked recursively in sorted order).

    ``published`` is the date of every document that has none of its own (a sidecar's, a JSONL record's, the
    page's meta tags or "Published: …" line, a WARC record's): a folder of undated scraped pages can be dated
    without hiding the dates the dated ones state. ``url`` overrides the documents' own; it is meant for a
    single file. ``max_bytes`` bounds one file (for .jsonl: one line; for a WARC: one record's payload, since a
    CC-NEWS file holds thousands of pages in about 1 GB).
    """
    path = Path(path)
    if path.is_dir():
        for file in _walk(path):
            yield from _read(file, published, url, max_bytes)
    elif path.is_file():
        if _is_article(path):
            yield from _read(path, published, url, max_bytes)
        else:
            yield DocumentError(str(path), "unsupported", f"not an article file: {path.name}")
    else:
        yield DocumentError(str(path), "unreadable", "no such file or directory")


def documents_in(paths: Iterable[Path], published: dt.date | None = None,
                 url: str | None = None) -> Iterator[Item]:
    """The documents of each path given on a command line, in turn; "not-found" for a path that does not exist."""
    for path in paths:
        if not path.exists():
            yield DocumentError(str(path), "not-found")
            continue
        yield from iter_documents(path, published=published, url=url)


def _is_article(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith((".", "readme")) or name.endswith(COMPANION_SUFFIXES):
        return False
    return path.suffix.lower() in KINDS or path.suffix.lower() == JSONL or is_warc(path)


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]  # .git, .cache, editor folders
        files.extend(Path(dirpath, name) for name in filenames)
    # Sorting on path components keeps the order stable across platforms and file systems.
    return sorted((f for f in files if _is_article(f)), key=lambda f: f.relative_to(root).parts)


def _read(path: Path, published: dt.date | None, url: str | None, max_bytes: int) -> Iterator[Item]:
    if is_warc(path):
        for item in iter_warc(path, max_bytes):
            if isinstance(item, RawDocument) and (published or url):
                item = replace(item, published=item.published or published, url=url or item.url)
            yield item
        return
    if path.suffix.lower() == JSONL:
        yield from _read_jsonl(path, published, url, max_bytes)
        return
    origin = str(path)
    kind = KINDS[path.suffix.lower()]
    data = _read_bytes(path, max_bytes)
    if isinstance(data, DocumentError):
        yield data
        return
    try:
        content = decode_page(data, origin, kind)
    except DocumentError as exc:
        yield exc
        return
    meta = _sidecar(path)
    if isinstance(meta, DocumentError):
        yield meta
        return
    yield _document(origin, content, kind, meta, published, url)


def _read_bytes(path: Path, max_bytes: int) -> bytes | DocumentError:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return DocumentError(origin, "too-large", f"{size} bytes > {max_bytes}")
        if size == 0:
            return DocumentError(origin, "empty", "zero bytes")
        return path.read_bytes()
    except OSError as exc:
        return DocumentError(origin, "unreadable", exc.strerror or str(exc))


def _document(
    origin: str, content: str, kind: DocumentKind, meta: dict[str, Any],
    published: dt.date | None, url: str | None,
) -> RawDocument:
    """Fill metadata from, in order of precedence: the sidecar/record, the page itself, then the arguments (the
    URL argument comes first: it names this one file)."""
    document = page_document(content, kind, origin, url=url or meta.get("url"), title=meta.get("title"),
                             published=meta.get("published"), source=meta.get("source"))
    return replace(document, published=published) if document.published is None and published else document


def _sidecar(path: Path) -> dict[str, Any] | DocumentError:
    """Metadata from X.meta.json (or X.txt.meta.json) beside X.txt; {} when there is none."""
    for candidate in (path.with_name(path.stem + ".meta.json"), path.with_name(path.name + ".meta.json")):
        if not candidate.is_file():
            continue
        origin = str(path)
        try:
            if candidate.stat().st_size > MAX_SIDECAR_BYTES:
                return DocumentError(origin, "malformed-meta", f"{candidate.name} is too large")
            data = json.loads(candidate.read_bytes().decode("utf-8-sig"))
        except OSError as exc:
            return DocumentError(origin, "unreadable", f"{candidate.name}: {exc.strerror or exc}")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return DocumentError(origin, "malformed-meta", f"{candidate.name}: {exc}")
        meta = _metadata(data)
        if isinstance(meta, str):
            return DocumentError(origin, "malformed-meta", f"{candidate.name}: {meta}")
        return meta
    return {}


def _metadata(data: object) -> dict[str, Any] | str:
    """The known metadata fields of a JSON object, validated; an error message when invalid."""
    if not isinstance(data, dict):
        return "not a JSON object"
    meta: dict[str, Any] = {}
    for key in META_FIELDS:
        value = data.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            return f"'{key}' must be a string"
        if key == "published":
            try:
                meta[key] = parse_iso_date(value)
            except ValueError:
                return f"bad published date {value!r}"
        else:
            meta[key] = value.strip()
    return meta


def _read_jsonl(path: Path, published: dt.date | None, url: str | None, max_bytes: int) -> Iterator[Item]:
    records = 0
    try:
        with path.open("rb") as fh:
            for lineno, line in _lines(fh, max_bytes):
                origin = f"{path}:{lineno}"
                if line is None:
                    yield DocumentError(origin, "too-large", f"line longer than {max_bytes} bytes")
                    continue
                if not line.strip():
                    continue
                records += 1
                yield _record(origin, line, published, url)
    except OSError as exc:
        yield DocumentError(str(path), "unreadable", exc.strerror or str(exc))
        return
    if records == 0:
        yield DocumentError(str(path), "empty", "no records")


def _lines(fh: Any, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) pairs; None instead of bytes for a line over max_bytes, which is
    skipped without ever being held in memory whole."""
    lineno = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (chunk := fh.readline(1 << 20)) and not chunk.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, line


def _record(origin: str, line: bytes, published: dt.date | None, url: str | None) -> Item:
    try:
        text = decode_bytes(line.strip())
    except UndecodableError as exc:
        return DocumentError(origin, exc.reason, exc.detail)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return DocumentError(origin, "malformed-jsonl", f"invalid JSON: {exc.msg}")
    if not isinstance(data, dict):
        return DocumentError(origin, "malformed-jsonl", "a line must be a JSON object")
    meta = _metadata(data)
    if isinstance(meta, str):
        return DocumentError(origin, "malformed-jsonl", meta)
    body_text, body_html = data.get("text"), data.get("html")
    if isinstance(body_text, str) and body_text.strip():
        return _document(origin, body_text, "text", meta, published, url)
    if isinstance(body_html, str) and body_html.strip():
        return _document(origin, body_html, "html", meta, published, url)
    if isinstance(body_text, str) or isinstance(body_html, str):
        return DocumentError(origin, "empty", "'text'/'html' is blank")
    return DocumentError(origin, "malformed-jsonl", "needs a 'text' or 'html' string")
