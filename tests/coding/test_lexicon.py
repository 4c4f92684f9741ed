"""The trigger lexicon: its coverage of PLOVER, its validation, and its matching on lemmas."""

import pytest
import yaml

from eventwatch.coding.lexicon import build_lexicon, get_lexicon
from eventwatch.errors import DictionaryError
from eventwatch.model import PLOVER_TYPES

CUES = {"reporting": ["say"], "light": ["hold"], "irregular": {"hold": ["held"]}}


def test_every_plover_type_has_at_least_25_triggers_and_600_in_all():
    lexicon = get_lexicon()
    entries = [e for found in lexicon.entries.values() for e in found]
    assert len(entries) >= 600
    for kind in PLOVER_TYPES:
        assert sum(e.type == kind for e in entries) >= 25, kind


def test_a_weapon_word_alone_is_never_a_trigger():
    lexicon = get_lexicon()
    for word in ("missile", "rocket", "drone", "weapon", "bomb"):
        assert not lexicon.candidates(word, "noun"), word


def test_unknown_types_and_classes_are_refused():
    with pytest.raises(DictionaryError, match="unknown PLOVER type"):
        build_lexicon({"entries": [{"lemma": "fire", "pos": "verb", "type": "SHOOT"}]}, CUES)
    with pytest.raises(DictionaryError, match="needs names no class"):
        build_lexicon({"entries": [{"lemma": "fire", "pos": "verb", "type": "ASSAULT", "needs": "guns"}]}, CUES)
    with pytest.raises(DictionaryError, match="pos must be"):
        build_lexicon({"entries": [{"lemma": "fire", "pos": "adverb", "type": "ASSAULT"}]}, CUES)


def test_type_defaults_apply_and_specific_readings_come_first():
    data = yaml.safe_load("""
classes: {missile: [missile, rocket]}
types: {THREATEN: {modality: threatened}}
entries:
  - {lemma: fire, pos: verb, type: MOBILIZE}
  - {lemma: fire, pos: verb, type: ASSAULT, preps: [at]}
  - {lemma: fire, pos: verb, type: MOBILIZE, mode: missile-test, needs: missile}
  - {lemma: warn, pos: verb, type: THREATEN}
  - {lemma: call on, pos: verb, type: REQUEST}
  - {lemma: call, pos: verb, type: CONSULT}
""")
    lexicon = build_lexicon(data, CUES)
    assert [e.type for e in lexicon.candidates("fire", "verb")] == ["ASSAULT", "MOBILIZE", "MOBILIZE"]
    assert lexicon.candidates("warn", "verb")[0].modality == "threatened"
    assert [e.lemma for e in lexicon.candidates("call", "verb")] == ["call on", "call"]


def test_surface_forms_select_sentences_and_repair_odd_lemmas():
    lexicon = get_lexicon()
    assert lexicon.may_hold_event(["troops", "staged", "drills"])
    assert not lexicon.may_hold_event(["the", "weather", "was", "mild"])
    # The model lemmatizes "staged" as "stag"; the lexicon's own forms find the verb it inflects.
    assert lexicon.candidates("stag", "verb", "staged") == lexicon.candidates("stage", "verb")
