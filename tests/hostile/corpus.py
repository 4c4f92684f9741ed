"""A corpus of hostile and broken inputs, generated into a folder at test time (nothing big is committed).

Each Case names the file it writes and what a run must make of it: how many articles are stored from it and
which skips (reason → count) it yields. Big files are streamed to disk in 1 MB chunks, so generating the
50 MB cases takes well under a second and never holds them in memory.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hostile import stories

MB = 1 << 20
BIG_BYTES = 50 * MB  # over the 10 MB file limit
# Invisible characters a scraper or a hostile page leaves in words: right-to-left and left-to-right marks, zero-width
# joiner / non-joiner / space, a directional isolate, a soft hyphen, a word joiner and an ASCII-smuggling tag char.
RLM, LRM, ZWJ, ZWNJ, ZWSP, RLI, PDI, SHY, WJ, TAG = (
    "\u200f", "\u200e", "\u200d", "\u200c", "\u200b", "\u2067", "\u2069", "\u00ad", "\u2060", "\U000e0041")
CYRILLIC_O = "\u043e"  # looks like Latin "o"


@dataclass(frozen=True)
class Case:
    name: str  # file (or folder entry) written under the corpus root
    write: Callable[[Path], None]
    stored: int = 0  # articles stored from it
    skips: dict[str, int] = field(default_factory=dict)  # skip reason → count

    @property
    def documents(self) -> int:
        return self.stored + sum(self.skips.values())


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _with_meta(text: str, published: str, url: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")
        meta = {"url": url, "published": published, "source": "Hostile Wire"}
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return write


def _stream(path: Path, head: bytes, chunk: bytes, total: int, tail: bytes = b"") -> None:
    """Write about ``total`` bytes: head, chunk repeated, tail; 1 MB at a time."""
    block = chunk * max(1, MB // len(chunk))
    with path.open("wb") as fh:
        fh.write(head)
        written = len(head)
        while written < total:
            fh.write(block)
            written += len(block)
        fh.write(tail)


SENTENCE = b"North Korea fired a ballistic missile into the sea on Monday, officials said. "


def _big_text(path: Path) -> None:
    _stream(path, b"SEOUL \xe2\x80\x94 ", SENTENCE, BIG_BYTES)


def _big_html(path: Path) -> None:
    _stream(path, b"<html><body><article>", b"<p>" + SENTENCE + b"</p>", BIG_BYTES, b"</article></body></html>")


def _big_jsonl_line(path: Path) -> None:
    """One 50 MB line between two good ones: the big line is skipped, the others are read."""
    good = json.dumps({"url": "https://hostile.example/jsonl/drones", "published": "2024-05-12",
                       "text": stories.DRONES})
    with path.open("wb") as fh:
        fh.write(good.encode() + b"\n")
    with path.open("ab") as fh:
        fh.write(b'{"text": "')
        block = SENTENCE * (MB // len(SENTENCE))
        for _ in range(BIG_BYTES // len(block)):
            fh.write(block)
        fh.write(b'"}\n')
        fh.write(json.dumps({"url": "https://hostile.example/jsonl/sanctions", "published": "2024-05-13",
                             "text": stories.SANCTIONS}).encode() + b"\n")


def _hundred_thousand_sentences(path: Path) -> None:
    """100,000 short sentences (about 6 MB, under the 10 MB file limit): analysing them would take minutes."""
    lines = [f"Officials said item {i} of the list was checked on Monday." for i in range(100_000)]
    path.write_text("SEOUL — " + " ".join(lines) + "\n", encoding="utf-8")
    path.with_name(path.stem + ".meta.json").write_text(json.dumps({"published": "2024-05-14"}), encoding="utf-8")


def _long_html(path: Path) -> None:
    """A page whose article text, once extracted, is over the analysis limit."""
    paragraphs = "".join(f"<p>Paragraph {i}: the committee reviewed another section of the report in detail "
                         f"and adjourned without a vote on the measure, officials said.</p>" for i in range(4000))
    path.write_text(f"<html><head><meta property='article:published_time' content='2024-05-14'></head><body>"
                    f"<article>{paragraphs}</article></body></html>", encoding="utf-8")


def _nested_html(path: Path) -> None:
    """The article's paragraphs under 5,000 nested <div>s, deeper than libxml2's limit of 256 levels."""
    body = "".join(f"<p>{p}</p>" for p in stories.JAPAN_PROTEST.split("\n\n"))
    depth = 5000
    path.write_text("<html><head><title>Japan protests to China over ships</title>"
                    "<meta property='article:published_time' content='2024-05-15'></head><body>"
                    + "<div>" * depth + body + "</div>" * depth + "</body></html>", encoding="utf-8")


def _script_style_only(path: Path) -> None:
    path.write_text("<html><head><style>body{color:red}</style><script>var story = 'North Korea fired a missile "
                    "on Monday, officials said.';</script></head><body><script>document.write(story)</script>"
                    "<style>.x{}</style><noscript></noscript></body></html>", encoding="utf-8")


def _unicode_tricks(text: str) -> str:
    """Invisible characters inside the words the coder needs: names, the verb, the weapon, the date."""
    return (text.replace("North Korea", f"{RLM}North{ZWJ} Kor{SHY}ea{LRM}", 1)
                .replace("fired", f"fi{ZWSP}red", 1)
                .replace("cruise missiles", f"cruise{WJ} {RLI}missiles{PDI}", 1)
                .replace("Saturday", f"Satur{ZWNJ}day{TAG}", 1))


def _homoglyph(text: str) -> str:
    return text.replace("North Korea", f"N{CYRILLIC_O}rth K{CYRILLIC_O}rea")


def _mixed_encoding(path: Path) -> None:
    """UTF-8 text (curly quotes, a dash) with one paragraph in windows-1252 bytes, as concatenating scrapes do."""
    path.write_bytes(stories.COUNCIL.encode("utf-8") + b"\n" + stories.COUNCIL_CP1252.encode("cp1252") + b"\n")
    meta = {"url": "https://hostile.example/mixed-encoding", "published": "2024-05-16"}
    path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _invalid_utf8(path: Path) -> None:
    """A UTF-8 story with stray bytes that are not UTF-8 at all (0xFF, a lone continuation byte)."""
    data = stories.TALKS.encode("utf-8").replace(b"energy", b"\xffenergy", 1).replace(b"trade", b"tra\x80de", 1)
    path.write_bytes(data)
    meta = {"url": "https://hostile.example/invalid-utf8", "published": "2024-05-17"}
    path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _bad_lines_jsonl(path: Path) -> None:
    lines = [
        json.dumps({"url": "https://hostile.example/jsonl/artillery", "published": "2024-05-10",
                    "text": stories.ARTILLERY}),
        '{"url": "https://hostile.example/jsonl/broken", "text": "cut off',  # invalid JSON
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no body at all"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": stories.DRONES, "published": "Monday"}),  # not a date
        json.dumps({"text": stories.DRONES, "published": "2024-02-30"}),  # no such day
        "\x00\x01\x02\x03" * 40,  # binary garbage on one line
        # A lone surrogate and a NUL in the metadata: JSON allows both, no database stores them.
        json.dumps({"url": "https://hostile.example/jsonl/talks\u0000", "title": "Talks \ud83d in Beijing",
                    "published": "2024-05-11", "text": stories.TALKS.replace("Beijing on", "Beijing \ud800on")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _warc(path: Path, cut: int | None, gz: bool) -> None:
    """Two HTTP responses; with ``cut``, the file ends ``cut`` bytes before the end of the second record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    site = f"https://hostile.example/{path.name}"
    pages = [(f"{site}/sanctions", stories.SANCTIONS, "2024-05-18"),
             (f"{site}/council", stories.COUNCIL.replace("Thursday", "Friday"), "2024-05-19")]
    for url, text, published in pages:
        html = (f"<html><head><meta property='article:published_time' content='{published}'></head><body><article>"
                + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</article></body></html>")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=http))
    data = buffer.getvalue()
    path.write_bytes(data[:-cut] if cut else data)


def _big_warc_record(path: Path) -> None:
    """One response whose 50 MB payload compresses to a few hundred kB: read only up to the limit."""
    payload = path.with_name("payload.tmp")
    _stream(payload, b"<html><body>", b"<p>" + SENTENCE + b"</p>", BIG_BYTES)
    with path.open("wb") as fh, payload.open("rb") as body:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://hostile.example/warc/huge", "response",
                                                      payload=body, http_headers=http))
    payload.unlink()


def _bad_sidecar(path: Path) -> None:
    path.write_text(stories.DRONES, encoding="utf-8")
    path.with_name(path.stem + ".meta.json").write_text("{not json", encoding="utf-8")


def cases() -> list[Case]:
    published = "2024-05-20"
    return [
        Case("empty.txt", _bytes(b""), skips={"empty": 1}),
        Case("blank.html", _text(" \n\t\n  \r\n"), skips={"empty": 1}),
        Case("binary.txt", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64), skips={"binary": 1}),
        Case("control-characters.txt", _bytes(bytes(range(1, 32)) * 200), skips={"binary": 1}),
        Case("huge-page.txt", _big_text, skips={"too-large": 1}),
        Case("huge-page.html", _big_html, skips={"too-large": 1}),
        Case("huge-line.jsonl", _big_jsonl_line, stored=2, skips={"too-large": 1}),
        Case("huge-record.warc.gz", _big_warc_record, skips={"too-large": 1}),
        Case("hundred-thousand-sentences.txt", _hundred_thousand_sentences, skips={"too-long": 1}),
        Case("long-article.html", _long_html, skips={"too-long": 1}),
        Case("deeply-nested.html", _nested_html, stored=1),
        Case("script-and-style-only.html", _script_style_only, skips={"no-body": 1}),
        Case("bad-lines.jsonl", _bad_lines_jsonl, stored=2,
             skips={"malformed-jsonl": 5, "empty": 1, "binary": 1}),
        Case("truncated.warc.gz", lambda p: _warc(p, cut=200, gz=True), stored=1, skips={"truncated-warc": 1}),
        Case("truncated.warc", lambda p: _warc(p, cut=300, gz=False), stored=1, skips={"truncated-warc": 1}),
        Case("not-a-warc.warc.gz", _bytes(gzip.compress(b"this is not a WARC file\n" * 10)[:-20]),
             skips={"truncated-warc": 1}),
        Case("monday-no-date.txt", _text(stories.MONDAY_ONLY), skips={"no-date": 1}),
        Case("invisible-characters.txt", _with_meta(_unicode_tricks(stories.CRUISE_MISSILES), published,
                                                    "https://hostile.example/invisible"), stored=1),
        Case("homoglyphs.txt", _with_meta(_homoglyph(stories.ICBM), "2024-05-23",
                                          "https://hostile.example/homoglyphs"), stored=1),
        Case("mixed-encoding.txt", _mixed_encoding, stored=1),
        Case("invalid-utf8.txt", _invalid_utf8, stored=1),
        Case("bad-sidecar.txt", _bad_sidecar, skips={"malformed-meta": 1}),
    ]


def build(root: Path) -> list[Case]:
    root.mkdir(parents=True, exist_ok=True)
    made = cases()
    for case in made:
        case.write(root / case.name)
    return made
