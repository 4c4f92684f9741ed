"""The hook for coders of other languages (lang/): a listed language is coded by its package; one whose optional
libraries are missing is skipped with a reason naming the extra; an unlisted one is stored, not coded."""

from __future__ import annotations

import datetime as dt
import sys
import types

from eventwatch import lang
from eventwatch.errors import DocumentError
from eventwatch.model import Event, Evidence, RawDocument
from eventwatch.pipeline.stages import processed
from eventwatch.text.article import build_article

FRENCH = ("SÉOUL — La Corée du Nord a tiré jeudi un missile balistique de courte portée vers la mer de l'Est, a "
          "indiqué l'état-major sud-coréen, qui a condamné un tir contraire aux résolutions de l'ONU.")


def _doc() -> RawDocument:
    return RawDocument(content=FRENCH, kind="text", origin="fr.txt", published=dt.date(2026, 3, 5))


def test_a_listed_language_whose_extra_is_missing_is_skipped_naming_it(monkeypatch) -> None:
    monkeypatch.setitem(lang.CODERS, "fr", ("eventwatch.lang.no_such_package", "fr"))
    result = processed(_doc())
    assert isinstance(result, DocumentError) and result.reason == "missing-extra"
    assert "pip install 'eventwatch[fr]'" in str(result)


def test_a_listed_language_is_coded_by_its_package(monkeypatch) -> None:
    article = build_article(_doc())
    sentence = article.sentences[0]
    evidence = Evidence(sentence.text, 0, sentence.start, sentence.end, sentence.start + 22, sentence.start + 26,
                        None)
    event = Event(source_actor="PRK", target_actor=None, plover_type="MOBILIZE", mode="missile-test",
                  cameo_root="15", intensity=-6.5, modality="asserted", date=dt.date(2026, 3, 5),
                  date_precision="day", evidence=evidence)
    package = types.ModuleType("eventwatch_test_fr")
    package.code_article = lambda a: lang.Coded([event])
    monkeypatch.setitem(sys.modules, "eventwatch_test_fr", package)
    monkeypatch.setitem(lang.CODERS, "fr", ("eventwatch_test_fr", "fr"))
    result = processed(_doc())
    assert not isinstance(result, DocumentError)
    assert result.coded and result.events == [event]


def test_an_unlisted_language_is_stored_not_coded() -> None:
    assert "fr" not in lang.CODERS
    result = processed(_doc())
    assert not isinstance(result, DocumentError) and not result.coded and result.events == []
