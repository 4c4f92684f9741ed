"""The trained English pipeline: which model loads, and a clear error when none can."""

from __future__ import annotations

import pytest

from eventwatch.errors import ModelError
from eventwatch.nlp import language


@pytest.fixture
def fresh_loader():
    language.get_nlp.cache_clear()
    yield
    language.get_nlp.cache_clear()


def test_the_trained_pipeline_tags_parses_lemmatizes_and_finds_entities():
    nlp = language.get_nlp()
    assert set(language.NEEDED_COMPONENTS) <= set(nlp.pipe_names)
    (doc,) = language.parse(["Azerbaijani troops fired mortars, killing two Armenian soldiers."])
    fired = doc[2]
    assert (fired.lemma_, fired.pos_, fired.dep_) == ("fire", "VERB", "ROOT")
    killing = next(t for t in doc if t.lower_ == "killing")
    assert killing.head.i == fired.i and killing.lemma_ == "kill"
    (named,) = language.find_entities([doc])
    assert any(e.label_ == "NORP" for e in named.ents)


def test_a_named_model_that_is_not_installed_fails_with_the_install_command(monkeypatch, fresh_loader):
    monkeypatch.setenv(language.MODEL_ENV, "en_core_web_nonexistent")
    with pytest.raises(ModelError) as caught:
        language.get_nlp()
    message = str(caught.value)
    assert "en_core_web_nonexistent" in message and language.INSTALL_COMMAND in message


def test_a_model_without_a_parser_is_refused(monkeypatch, fresh_loader, tmp_path):
    import spacy

    blank = spacy.blank("en")
    blank.to_disk(tmp_path / "blank")
    monkeypatch.setenv(language.MODEL_ENV, str(tmp_path / "blank"))
    with pytest.raises(ModelError, match="lacks the components"):
        language.get_nlp()


def test_the_official_package_is_preferred_when_installed():
    assert language.PREFERRED_MODELS[0] == "en_core_web_sm"
    assert language.model_name().startswith("en_core_web_sm")
