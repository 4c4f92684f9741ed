"""Read WARC and WARC.gz files of HTTP responses, as Common Crawl's CC-NEWS ships them (warcio).

Each HTTP 200 ``response`` record with an HTML or plain-text content type becomes a RawDocument: its URL is
the record's ``WARC-Target-URI``, its title and publication date are what the page itself declares (the
same reading as for a ``.html`` or ``.txt`` file), and its origin is ``"{path}#{offset} (fetched …)"``:
the byte offset of the record in the file (of its gzip member, for ``.warc.gz``), which is where
``warcio`` or ``zcat | tail -c`` will find it again, and the ``WARC-Date``. The WARC-Date is when the
crawler fetched the page, not when it was published, so it is never used as ``published``.

Records that are not responses (``warcinfo``, ``request``, ``metadata``, ``revisit``) are not documents
and are passed over silently, as a folder walk passes over ``.meta.json`` sidecars. Unusable responses
each yield a DocumentError: ``http-status`` (not 200, or no HTTP headers), ``content-type`` (not HTML or
text), ``too-large`` (payload over ``max_bytes``), ``empty``, ``binary`` or ``encoding``. A truncated or
corrupt file yields the records before the damage, then one DocumentError ``truncated-warc`` at the
offset where the damage begins, and stops; nothing here raises for bad input.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from eventwatch.errors import DocumentError
from eventwatch.ingest.decode import content_type
from eventwatch.ingest.page import read_page
from eventwatch.model import DocumentKind, RawDocument

WARC_SUFFIXES = (".warc", ".warc.gz")
# The media types worth reading as articles; anything else (images, PDFs, JSON, feeds) is skipped.
CONTENT_KINDS: dict[str, DocumentKind] = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
}
# Browsers read these labels as windows-1252 (WHATWG Encoding standard), and so do servers that send them:
# bytes 0x80–0x9F in such pages are curly quotes and dashes, never the C1 controls of ISO-8859-1.
_TAIL_SAMPLE = 4096

Item = RawDocument | DocumentError


def is_warc(path: Path) -> bool:
    """Whether the file name says WARC (``.warc`` or ``.warc.gz``; ARC files are not read)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path, max_bytes: int = 10_000_000) -> Iterator[Item]:
    """The documents of one WARC or WARC.gz file, in file order; ``max_bytes`` bounds one payload.

    Memory stays bounded by one payload whatever the file's size (CC-NEWS files are about 1 GB): records
    are streamed, and a payload over the limit is skipped after reading ``max_bytes + 1`` bytes of it.
    """
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield DocumentError(str(path), "unreadable", exc.strerror or str(exc))
        return
    with fh:
        if os.fstat(fh.fileno()).st_size == 0:
            yield DocumentError(str(path), "empty", "zero bytes")
            return
        yield from _records(path, fh, max_bytes)


def _records(path: Path, fh: IO[bytes], max_bytes: int) -> Iterator[Item]:
    records = ArchiveIterator(fh)
    end = 0  # where the last whole record ended: where damage, if any, begins
    try:
        for record in records:
            if record.format != "warc":
                # warcio also reads ARC, and takes lines of plain text for ARC headers: in a file named
                # .warc that is damage (or not a WARC at all), not a record.
                yield _truncated(path, _next_start(fh, end), f"not a WARC record ({record.format} format)")
                return
            # The payload is read before the offset is asked for: warcio finds the offset by reading the
            # record to its end, after which the payload is gone.
            found = _response(record, max_bytes) if record.rec_type == "response" else None
            offset = records.get_record_offset()
            if _cut_short(record):
                # warcio returns what there is of a record cut by the end of the file (or by a gzip member
                # that fails to inflate) without complaint; its declared length tells.
                yield _truncated(path, offset, "record shorter than its Content-Length")
                return
            end = offset + records.get_record_length()
            if found is not None:
                yield _item(found, _origin(path, offset, record))
    except Exception as exc:  # warcio raises assorted errors on damage: ArchiveLoadFailed, zlib.error,
        # EOFError, even AttributeError on a garbled header; any of them means the rest is unreadable.
        yield _truncated(path, _next_start(fh, end), f"{type(exc).__name__}: {str(exc).strip()[:200]}")
        return
    start = _next_start(fh, end)
    size = os.fstat(fh.fileno()).st_size
    if start < size:
        # A gzip member cut in its first bytes, or garbage after the last record, ends warcio's iteration
        # as if the file were complete.
        yield _truncated(path, start, f"{size - start} unreadable bytes after the last whole record")


def _response(record: Any, max_bytes: int) -> RawDocument | tuple[str, str]:
    """A document with a blank origin (filled in once the record's offset is known), or (reason, detail)."""
    http = record.http_headers
    if http is None:
        return "http-status", "no HTTP response headers"
    status = http.get_statuscode()
    if status != "200":
        return "http-status", f"HTTP {status}"
    media_type, charset = content_type(http.get_header("Content-Type"))
    media_type = media_type or ""
    kind = CONTENT_KINDS.get(media_type)
    if kind is None:
        return "content-type", media_type or "no Content-Type"
    # content_stream undoes chunked transfer and gzip/deflate content encoding; reading one byte past the
    # limit tells an oversized payload without holding it (a compressed bomb stops there too).
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return "too-large", f"payload over {max_bytes} bytes"
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None
    # What the page declares, read as for a .html/.txt file: <meta article:published_time>, <time>, a
    # "Published: …" line. That is the publication date when there is one; otherwise published stays None.
    try:
        return read_page(data, kind, "", charset=charset, blank="blank payload", url=url)
    except DocumentError as exc:
        return exc.reason, exc.detail


def _cut_short(record: Any) -> bool:
    # raw_stream is warcio's LimitReader over the record block; what it could not deliver is left in limit.
    return getattr(record.raw_stream, "limit", 0) > 0


def _next_start(fh: IO[bytes], end: int) -> int:
    """Where the record after ``end`` starts: past the blank lines that close a plain WARC record (warcio's
    record length leaves them out), so a damaged record is located at its first byte."""
    fh.seek(end)
    sample = fh.read(_TAIL_SAMPLE)
    return end + len(sample) - len(sample.lstrip(b"\r\n"))


def _origin(path: Path, offset: int, record: Any) -> str:
    fetched = (record.rec_headers.get_header("WARC-Date") or "").strip()
    return f"{path}#{offset}" + (f" (fetched {fetched})" if fetched else "")


def _item(found: RawDocument | tuple[str, str], origin: str) -> Item:
    if isinstance(found, RawDocument):
        return replace(found, origin=origin)
    reason, detail = found
    return DocumentError(origin, reason, detail)


def _truncated(path: Path, offset: int, detail: str) -> DocumentError:
    return DocumentError(f"{path}#{offset}", "truncated-warc", detail)

