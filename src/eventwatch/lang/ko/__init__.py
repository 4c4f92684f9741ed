"""Korean: Kiwi (kiwipiepy) morphology and case particles, onto the same events as the English coder
(``pip install 'eventwatch[ko]'``)."""

from eventwatch.lang.ko.coder import code_article

__all__ = ["code_article"]
