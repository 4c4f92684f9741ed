"""The dashboard's counts kept between requests (api/answers.py): reused while the store is unchanged, computed
again when it changed (at once, or after the allowed lag for another process's writes), dropped by a write through
the API, and bounded in number."""

from __future__ import annotations

import datetime as dt
import time

from fastapi.testclient import TestClient

from escalation_history import START, background, burst, store_events
from eventwatch.api import create_app
from eventwatch.api.answers import Answers

TOKEN = "answers-test-token"


def _counting(answers: Answers, key: str):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return (lambda: answers.get(key, compute)), calls


def test_an_answer_is_kept_until_the_store_changes(new_store) -> None:
    store = new_store()
    store_events(store, background(3, days=10))
    answers = Answers(store, stale_for=0)
    ask, calls = _counting(answers, "timeline")
    assert ask() == ask() == 1 and len(calls) == 1
    store_events(store, burst(START + dt.timedelta(days=5)))  # another writer adds events
    assert ask() == 2  # computed again: the store's generation moved


def test_another_writers_change_may_lag_by_the_allowed_seconds(new_store) -> None:
    store = new_store()
    store_events(store, background(4, days=10))
    answers = Answers(store, stale_for=3600)
    ask, _ = _counting(answers, "facets")
    assert ask() == 1
    store_events(store, burst(START + dt.timedelta(days=5)))
    assert ask() == 1  # within the allowed lag
    answers.clear()
    assert ask() == 2


def test_only_the_most_recently_used_answers_are_kept(new_store) -> None:
    answers = Answers(new_store(), kept=2)
    for key in ("a", "b", "a", "c"):
        answers.get(key, lambda key=key: key)
    assert list(answers._answers) == ["a", "c"]


def test_a_write_through_the_api_is_read_back_at_once(new_store) -> None:
    store = new_store()
    client = TestClient(create_app(store, token=TOKEN, rate_limit=0))
    before = client.get("/api/facets").json()
    text = ("SEOUL — North Korea fired two short-range ballistic missiles into the sea off its east coast on "
            "Thursday, South Korea's Joint Chiefs of Staff said.")
    response = client.post("/api/articles", json={"text": text, "url": "https://news.example.org/launch",
                                                  "published": "2026-03-05"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.json()["results"][0]["events"] > 0
    after = client.get("/api/facets").json()
    assert sum(f["events"] for f in after["type"]) > sum(f["events"] for f in before["type"])


def test_past_the_lag_the_old_answer_is_given_while_a_new_one_is_computed(new_store) -> None:
    store = new_store()
    store_events(store, background(5, days=10))
    answers = Answers(store, stale_for=0.05)
    ask, calls = _counting(answers, "map")
    assert ask() == 1
    store_events(store, burst(START + dt.timedelta(days=5)))
    time.sleep(0.1)  # past the allowed lag
    assert ask() == 1  # the old answer, at once ...
    deadline = time.monotonic() + 30
    while ask() != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ask() == 2 and len(calls) == 2  # ... and the new one computed meanwhile, once
