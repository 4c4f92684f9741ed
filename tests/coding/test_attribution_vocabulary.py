"""One attribution vocabulary (data/attribution.yaml) read by the coder and the quote scanner: each verb is listed
once, in the group that says who reads it."""

from __future__ import annotations

from eventwatch.coding.lexicon import get_lexicon
from eventwatch.datafiles import data_mapping
from eventwatch.nlp.quotes import _words

VERB_GROUPS = ("reporting", "speech_acts", "beside_quotes", "citing")


def test_every_verb_and_form_is_listed_once() -> None:
    data = data_mapping("attribution.yaml")
    lemmas = [lemma for group in VERB_GROUPS for lemma in data[group]] + list(data["claims"])
    forms = [form for group in VERB_GROUPS for found in data[group].values() for form in found]
    assert len(lemmas) == len(set(lemmas))
    assert len(forms) == len(set(forms))


def test_each_reader_takes_the_groups_the_file_names_for_it() -> None:
    data = data_mapping("attribution.yaml")
    cues, words = get_lexicon().cues, _words()
    both = set(data["reporting"]) | set(data["citing"])
    assert both | set(data["claims"]) == cues.reporting
    assert not cues.reporting & (set(data["speech_acts"]) | set(data["beside_quotes"]))
    assert set(data["citing"]) <= cues.citing
    spoken = {form for group in ("reporting", "speech_acts", "beside_quotes") for found in data[group].values()
              for form in found}
    assert words.speech_verbs == spoken
    assert words.quoting_verbs == {form for found in data["citing"].values() for form in found}
    assert cues.introducing == {phrase.split()[0] for phrase in data["introducers"]}
