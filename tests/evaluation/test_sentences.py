"""Scoring on gold sentences: type recall, type + source + target recall, precision."""

import pytest

from eventwatch.evaluation.sentences import SentenceGoldError, evaluate_sentences, is_sentence_folder, load_sentences

GOLD = """published: 2025-09-17
sentences:
  - id: a-1
    text: "SEOUL — North Korea fired two ballistic missiles into the sea on Tuesday, Japan's defence ministry said."
    plover_type: MOBILIZE
    mode: missile-test
    source_actor: PRKMIL
    target_actor: null
    modality: asserted
  - id: a-2
    text: "The weather in Seoul was mild and dry on Tuesday, forecasters said."
    plover_type: CONSULT
    mode: null
    source_actor: KORGOV
    target_actor: USAGOV
    modality: asserted
"""


def test_a_sentence_folder_is_scored_per_sentence(tmp_path):
    (tmp_path / "mixed.yaml").write_text(GOLD, "utf-8")
    assert is_sentence_folder(tmp_path)
    report = evaluate_sentences(load_sentences(tmp_path))
    assert report.sentences == 2
    assert report.type_found == report.full_found == 1
    assert report.type_recall == report.full_recall == 0.5
    assert report.correct == 1 and report.predicted >= 1
    assert [gold.id for gold, _ in report.misses] == ["a-2"]
    assert report.as_dict()["per_type"]["MOBILIZE"] == {"sentences": 1, "type": 1, "full": 1}


def test_a_malformed_sentence_file_is_refused(tmp_path):
    (tmp_path / "bad.yaml").write_text("published: 2025-09-17\nsentences:\n  - {id: x, text: y}\n", "utf-8")
    with pytest.raises(SentenceGoldError, match="missing or bad field"):
        load_sentences(tmp_path)
    (tmp_path / "bad.yaml").write_text("published: Tuesday\nsentences: []\n", "utf-8")
    with pytest.raises(SentenceGoldError, match="published"):
        load_sentences(tmp_path)


def test_the_project_sentence_set_covers_every_type():
    from pathlib import Path

    from eventwatch.model import PLOVER_TYPES

    folder = Path(__file__).parents[1] / "gold" / "sentences"
    sentences = load_sentences(folder)
    assert len(sentences) >= 400
    for kind in PLOVER_TYPES:
        assert sum(kind in s.plover_types for s in sentences) >= 20, kind
    assert len({s.text for s in sentences}) == len(sentences)
