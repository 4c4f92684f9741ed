"""Text stage: clean a raw page into an article body and segment it into paragraphs and sentences."""

from eventwatch.text.article import build_article, content_hash
from eventwatch.text.clean import CleanText, clean
from eventwatch.text.segment import Segmentation, match_dateline, segment

__all__ = ["CleanText", "Segmentation", "build_article", "clean", "content_hash", "match_dateline", "segment"]
