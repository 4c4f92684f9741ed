"""Watch definitions: YAML with channel shorthand, validation errors, and which events a watch matches."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from eventwatch.store.records import EventRecord, PlaceRecord
from eventwatch.watch.spec import WatchError, load_watches, parse_watch

SUNAN = PlaceRecord("curated:sunan", "Sunan", "site", "site", "PRK", 39.2, 125.67)
EVENT = EventRecord(
    id=1, source_actor="PRKMIL", target_actor=None, plover_type="MOBILIZE", mode="missile-test", cameo_root="15",
    intensity=-6.5, modality="asserted", aggregate=False, quantity_text=None, quantity_value=None, quantity_unit=None,
    quantity_qualifier=None, date=dt.date(2024, 4, 1), date_precision="day", confidence=0.8, first_article_id="a",
    source_text="North Korea", target_text=None, article_id="a", sentence_index=0,
    sentence="North Korea fired two ballistic missiles from the Sunan area on Monday.", start=0, end=70,
    trigger_start=12, trigger_end=17, url="https://x", article_title="Missile launch", article_source="Wire",
    place=SUNAN)


def test_yaml_with_channel_shorthand(tmp_path):
    path = tmp_path / "watches.yaml"
    path.write_text("""
watches:
  - name: dprk-launches
    actors: [prk]
    types: [mobilize]
    modes: [missile-test]
    channels:
      - console
      - jsonl: alerts.jsonl
      - webhook: https://hooks.example.com/desk
        secret_env: DESK_SECRET
      - email: desk@example.org
        smtp: mail.example.org:587
        starttls: true
  - name: yellow-sea
    bbox: [119, 33, 127, 41]
    min_intensity: 5
""", encoding="utf-8")
    first, second = load_watches(path)
    assert first.actors == ["PRK"] and first.types == ["MOBILIZE"]
    assert [c.kind for c in first.channels] == ["console", "jsonl", "webhook", "email"]
    email = first.channels[3]
    assert (email.to, email.smtp_host, email.smtp_port, email.starttls) == (
        ["desk@example.org"], "mail.example.org", 587, True)
    assert [c.kind for c in second.channels] == ["console"]  # the default
    assert parse_watch(first.model_dump(mode="json")) == first  # what the store keeps reads back the same


@pytest.mark.parametrize(("data", "problem"), [
    ({"name": "x", "types": ["LAUNCH"]}, "not PLOVER types"),
    ({"name": "x", "actors": ["North Korea"]}, "not actor codes"),
    ({"name": "x", "bbox": [10, 50, 20, 40]}, "bbox"),
    ({"name": "x", "channels": [{"webhook": "ftp://x"}]}, "url"),
    ({"name": "x", "colour": "red"}, "colour"),
    ({"name": "../etc"}, "name"),
    ({"name": "x", "min_intensity": 11}, "min_intensity"),
])
def test_invalid_watches_are_refused_with_the_reason(data, problem):
    with pytest.raises(WatchError, match=problem):
        parse_watch(data)


def test_a_malformed_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("watches: {name: [", encoding="utf-8")
    with pytest.raises(WatchError, match="cannot read watches"):
        load_watches(path)


@pytest.mark.parametrize(("criteria", "expected"), [
    ({}, True),
    ({"actors": ["PRK"]}, True),
    ({"actors": ["KOR", "USA"]}, False),
    ({"targets": ["USA"]}, False),
    ({"types": ["MOBILIZE"], "modes": ["missile-test"]}, True),
    ({"types": ["ASSAULT"]}, False),
    ({"modalities": ["threatened"]}, False),
    ({"min_intensity": 6}, True),
    ({"min_intensity": 7}, False),
    ({"places": ["sunan"]}, True),
    ({"places": ["PRK"]}, True),
    ({"places": ["Yongbyon"]}, False),
    ({"bbox": [124, 38, 127, 40]}, True),
    ({"bbox": [130, 30, 140, 40]}, False),
    ({"bbox": [170, 30, 126, 40]}, True),  # across the antimeridian
    ({"keywords": ["ballistic missiles"]}, True),
    ({"keywords": ["missile launch"]}, True),  # the title counts too
    ({"keywords": ["missil"]}, False),  # whole words only
])
def test_matching(criteria, expected):
    assert parse_watch({"name": "w", **criteria}).matches(EVENT) is expected


def test_place_criteria_never_match_an_event_without_a_place():
    assert not parse_watch({"name": "w", "places": ["PRK"]}).matches(dataclasses.replace(EVENT, place=None))


@pytest.mark.parametrize(("modalities", "matched"), [
    (None, {"asserted"}),  # not said: what happened, not threats, plans, denials or "would"s
    (["threatened", "planned"], {"threatened", "planned"}),
    ("any", {"asserted", "planned", "threatened", "negated", "hypothetical"}),
    (["any"], {"asserted", "planned", "threatened", "negated", "hypothetical"}),
    ([], {"asserted", "planned", "threatened", "negated", "hypothetical"}),  # as stored by earlier versions
])
def test_a_watch_matches_asserted_events_unless_told_otherwise(modalities, matched):
    data = {"name": "w"} if modalities is None else {"name": "w", "modalities": modalities}
    spec = parse_watch(data)
    found = {m for m in ("asserted", "planned", "threatened", "negated", "hypothetical")
             if spec.matches(dataclasses.replace(EVENT, modality=m))}
    assert found == matched
    assert parse_watch(spec.model_dump(mode="json")) == spec  # the store keeps the choice, default included


def test_a_watch_file_that_does_not_say_gets_asserted(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("- name: quiet\n- name: loud\n  modalities: any\n", encoding="utf-8")
    quiet, loud = load_watches(path)
    assert quiet.modalities == ["asserted"] and loud.modalities == []
    with pytest.raises(WatchError, match="any for all"):
        parse_watch({"name": "w", "modalities": ["happened"]})
