"""Bytes → str for scraped files: UTF-8 (with or without BOM), then charset detection, then give up."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# More than this share of control / replacement characters means the file is not text.
MAX_NON_TEXT_RATIO = 0.05
_SAMPLE_CHARS = 20_000
# C0/C1 controls other than whitespace, and the replacement character.
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
# Between equally plausible single-byte guesses, news in Western languages is far more often
# Windows-1252 than its Central European or Baltic siblings, and cp1252 is a superset of latin-1.
_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


# A well-formed UTF-8 sequence of two to four bytes: bytes in a single-byte encoding rarely form one by chance.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_STRAY_BYTES = "eventwatch-cp1252"


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    # The five bytes cp1252 leaves undefined become C1 controls (latin-1), which the cleaner removes.
    stray = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in stray), exc.end


codecs.register_error(_STRAY_BYTES, _as_cp1252)


class UndecodableError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason  # "binary" or "encoding"
        self.detail = detail


def decode_bytes(data: bytes, html: bool = False) -> str:
    """Decode a document; raises UndecodableError("binary" | "encoding", detail)."""
    text = _decode(data, html)
    if _looks_binary(text):
        raise UndecodableError("binary", "mostly control characters")
    return text


def _decode(data: bytes, html: bool) -> str:
    for bom, codec in _BOMS:
        # UTF-16/32 text is full of NUL bytes, so the BOM must be honoured before the NUL test.
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UndecodableError("encoding", f"invalid {codec}: {exc.reason}") from exc
    if b"\x00" in data:
        raise UndecodableError("binary", "contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _DECLARED_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    if _UTF8_MULTIBYTE.search(data):
        # Mostly UTF-8 with stray bytes: a scrape that glued a windows-1252 paragraph to UTF-8 ones, or a
        # few corrupt bytes. Detection over the whole file would pick one single-byte codec and garble every
        # UTF-8 dash and quote ("—" as "â€”"); instead each stray byte alone is read as windows-1252.
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors=_STRAY_BYTES)
    guess = _guess(data)
    if guess is None:
        raise UndecodableError("encoding", "not UTF-8 and no plausible encoding detected")
    return guess


def _guess(data: bytes) -> str | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    lowest = min(m.chaos for m in matches)
    tied = {m.encoding: m for m in matches if m.chaos <= lowest + 1e-9}
    for name in _PREFERRED:
        if name in tied:
            return str(tied[name])
    return str(min(matches, key=lambda m: m.chaos))


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return False
    return len(_NON_TEXT.findall(sample)) / len(sample) > MAX_NON_TEXT_RATIO


# Bytes with a declared charset (an HTTP Content-Type header), as the web and WARC readers get them.
_WIDE_CODECS = ("utf-16", "utf-32")  # not ASCII-compatible: valid UTF-8 says nothing against them
# WHATWG decodes these labels as windows-1252; servers that send them mostly mean it (curly quotes at 0x93).
_AS_CP1252 = frozenset({"iso8859-1", "ascii"})


def content_type(value: str | None) -> tuple[str | None, str | None]:
    """'text/html; charset="UTF-8"' → ('text/html', 'UTF-8'); (None, None) when absent."""
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower() or None, charset


def decode_body(data: bytes, charset: str | None, html: bool) -> str:
    """Bytes → text: the declared charset, unless the bytes prove it wrong.

    Valid UTF-8 with non-ASCII bytes is practically never meant as Latin-1, so it wins over a declared
    single-byte charset (pages saved as UTF-8 behind a server that says iso-8859-1). A declared charset the
    bytes do not decode in (UTF-8 declared, windows-1252 sent) falls back to decode_bytes: meta charset, then
    detection. Raises UndecodableError.
    """
    try:
        codec = codecs.lookup(charset).name if charset else None
    except LookupError:
        codec = None
    if codec is None or codec == "utf-8":
        return decode_bytes(data, html=html)
    if not codec.startswith(_WIDE_CODECS):
        try:
            data.decode("utf-8")
            return decode_bytes(data, html=html)
        except UnicodeDecodeError:
            pass
    for candidate in ("cp1252", codec) if codec in _AS_CP1252 else (codec,):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        # decode_bytes owns the "is this text at all" test; its input here is our decoding as UTF-8.
        return decode_bytes(text.encode("utf-8"))
    return decode_bytes(data, html=html)
