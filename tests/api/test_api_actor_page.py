"""Issue 18, item 5: `GET /api/actors/{code}`, the actor page's data: the code's proper name (the dictionary's, else
pycountry's; never a person's), counts and monthly series in both directions, counterparts counted both ways, and a
404 for a code nothing knows; `GET /api/actors/{code}/escalation/{other}` agrees with `/api/escalation`."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pycountry
import pytest

from eventwatch.actor_codes import country_of
from eventwatch.actor_names import actor_names
from eventwatch.actor_titles import ROLE_LABELS, actor_title
from eventwatch.escalation.index import COUNTED_MODALITIES


def dictionary_name(code: str, kind: str) -> str:
    return next(a.name for a in actor_names() if a.code == code and a.kind == kind)


def all_events(client, **params) -> list[dict]:
    page = client.get("/api/events", params={"limit": 500, **params}).json()
    assert page["total"] <= 500  # the demo store: one page holds them all
    return page["events"]


def actor(client, code: str) -> dict:
    response = client.get(f"/api/actors/{code}")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_country_is_named_by_the_dictionary_not_pycountrys_formal_name(client) -> None:
    body = actor(client, "PRK")
    assert body["name"] == dictionary_name("PRK", "country") and body["kind"] == "country"
    assert body["name"] != pycountry.countries.get(alpha_3="PRK").name


@pytest.mark.parametrize(("code", "country", "role"), [("PRKGOV", "PRK", "GOV"), ("USAMIL", "USA", "MIL")])
def test_a_role_code_is_its_country_and_role(client, code: str, country: str, role: str) -> None:
    body = actor(client, code)
    assert body["name"] == f"{dictionary_name(country, 'country')} — {ROLE_LABELS[role]}"
    assert (body["kind"], body["country"], body["role"]) == ("role", country, role)


def test_an_organisation_code_is_the_organisations_name(client) -> None:
    body = actor(client, "IGOUNO")
    assert body["name"] == dictionary_name("IGOUNO", "organisation") and body["kind"] == "organisation"
    wfp = actor_title("IGOUNOWFP")  # an agency: its own name, and the body it belongs to
    assert wfp.name == dictionary_name("IGOUNOWFP", "organisation") and wfp.country_name == body["name"]


def test_a_code_outside_the_dictionary_gets_pycountrys_name() -> None:
    listed = {a.code for a in actor_names() if a.kind == "country"}
    extra = next(c for c in pycountry.countries if c.alpha_3 not in listed)
    assert actor_title(extra.alpha_3).name == (getattr(extra, "common_name", None) or extra.name)


def test_no_person_ever_titles_a_code(client) -> None:
    people = [a for a in actor_names() if a.kind == "person"]
    assert people
    for person in people:
        assert person.name not in actor_title(person.code).name, person
    # The store keeps the first name coded PRKGOV (a person in the demo); the page must not show it.
    stored = {a["code"]: a["name"] for a in client.get("/api/actors", params={"limit": 1000}).json()}
    person_names = {p.name for p in people}
    coded_by_people = [code for code, name in stored.items() if name in person_names]
    assert coded_by_people
    for code in coded_by_people:
        assert stored[code] not in actor(client, code)["name"]


def expected_counterparts(code: str, did: list[dict], done_to: list[dict]) -> tuple[Counter, Counter]:
    by_actor, to_actor = Counter(), Counter()
    for events, other_side, counts in ((did, "target", by_actor), (done_to, "source", to_actor)):
        for e in events:
            other = e[other_side]
            if other and not other.startswith(code):
                counts[other if country_of(other) == country_of(code) else country_of(other)] += 1
    return by_actor, to_actor


@pytest.mark.parametrize("code", ["PRK", "PRKGOV", "USA"])
def test_counterparts_are_counted_in_both_directions(client, code: str) -> None:
    body = actor(client, code)
    did, done_to = all_events(client, source=code), all_events(client, target=code)
    assert (body["as_source"], body["as_target"]) == (len(did), len(done_to))
    by_actor, to_actor = expected_counterparts(code, did, done_to)
    listed = {c["code"]: (c["by_actor"], c["to_actor"]) for c in body["counterparts"]}
    assert listed == {k: (by_actor[k], to_actor[k]) for k in listed}
    totals = [sum(pair) for pair in listed.values()]
    assert totals == sorted(totals, reverse=True) and len(listed) == min(10, len(set(by_actor) | set(to_actor)))
    assert any(by and to for by, to in listed.values())  # both directions, not one counted twice
    for c in body["counterparts"]:
        assert c["name"] == actor_title(c["code"]).name


def test_the_series_split_as_the_escalation_index_does(client) -> None:
    body = actor(client, "PRK")
    did = all_events(client, source="PRK")
    acts = [e for e in did if e["modality"] in COUNTED_MODALITIES]
    assert sum(body["did"]["conflict"]) == sum(1 for e in acts if e["intensity"] < 0)
    assert sum(body["did"]["cooperation"]) == sum(1 for e in acts if e["intensity"] > 0)
    assert sum(map(sum, body["did"].values())) == body["as_source"]
    assert len(body["periods"]) == len(body["did"]["conflict"]) == len(body["done_to"]["other"])
    months = [(int(p[:4]), int(p[5:7])) for p in body["periods"]]
    assert all((y2 * 12 + m2) - (y1 * 12 + m1) == 1 for (y1, m1), (y2, m2) in pairwise(months))
    yearly = client.get("/api/actors/PRK", params={"interval": "year"}).json()
    assert all(p.endswith("-01-01") for p in yearly["periods"]) and sum(yearly["did"]["conflict"]) == sum(
        body["did"]["conflict"])


def test_unknown_codes_are_404_but_a_known_quiet_one_is_not(client) -> None:
    stored = {a["code"] for a in client.get("/api/actors", params={"limit": 1000}).json()}
    unknown = next(c for c in ("QQX", "ZZQ", "XQZ") if pycountry.countries.get(alpha_3=c) is None)
    response = client.get(f"/api/actors/{unknown}")
    assert response.status_code == 404 and unknown in response.json()["error"]
    quiet = next(a.code for a in actor_names() if a.kind == "country" and not any(s.startswith(a.code) for s in stored))
    body = actor(client, quiet)
    assert body["name"] == dictionary_name(quiet, "country") and body["as_source"] == body["as_target"] == 0
    assert client.get("/api/actors/P<script>").status_code == 422


def test_the_pair_summary_agrees_with_the_escalation_index(client) -> None:
    summary = client.get("/api/actors/PRK/escalation/USA").json()
    full = client.get("/api/escalation", params={"actor": "PRK", "target": "USA"}).json()
    assert (summary["since"], summary["until"]) == (full["since"], full["until"])
    assert summary["spikes"] == len(full["spikes"])
    recent = full["days"][-summary["recent_days"]:]
    assert summary["recent_conflict"] == pytest.approx(sum(d["conflict"] for d in recent))
    assert summary["recent_cooperation"] == pytest.approx(sum(d["cooperation"] for d in recent))
    assert summary["recent_conflict"] + summary["recent_cooperation"] > 0  # the demo's pair is active then


def test_the_actor_page_is_the_same_on_every_backend(new_store, demo_db) -> None:
    from pathlib import Path

    from fastapi.testclient import TestClient

    from eventwatch.api import create_app
    from eventwatch.pipeline.run import ingest_paths

    store = new_store("actors")
    ingest_paths([Path(__file__).parents[2] / "src/eventwatch/data/demo"], store)
    client = TestClient(create_app(store, rate_limit=0))
    reference = TestClient(create_app(str(demo_db), rate_limit=0))  # the same corpus, stored through the CLI
    for path in ("/api/actors/PRK", "/api/actors/PRKGOV?interval=year", "/api/actors/PRK/escalation/KOR"):
        expected = reference.get(path).json()
        assert client.get(path).json() == expected and expected
