"""Running the pipeline on a test text (importable by any test: tests/ is on sys.path via its conftest)."""

import datetime as dt

from eventwatch.model import RawDocument
from eventwatch.pipeline.stages import Result, process


def run_text(text: str, published: str, url: str = "https://news.example.com/test") -> Result:
    raw = RawDocument(text, "text", "test", url=url, title="test", published=dt.date.fromisoformat(published))
    return process(raw)


def summary(result: Result) -> set[tuple]:
    """(source, type, mode, target, date label, modality) of every coded event."""
    return {(e.source_actor, e.plover_type, e.mode, e.target_actor, e.date_label, e.modality) for e in result.events}


def demo_articles(folder) -> int:
    """How many articles the bundled demo folder holds: its pages (English, and since issue 19 Korean and Russian
    ones) and its JSON Lines feed's items."""
    pages = [*folder.glob("*.txt"), *folder.glob("*.html")]
    return len(pages) + len((folder / "feed.jsonl").read_text(encoding="utf-8").splitlines())
