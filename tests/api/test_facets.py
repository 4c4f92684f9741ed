"""GET /api/facets: the type and modality choices of the dashboard's filters, with the events each would give."""

from __future__ import annotations


def _total(client, **params) -> int:
    page = client.get("/api/events", params={**params, "limit": 1}).json()
    assert not page["total_is_capped"]
    return page["total"]


def test_facet_counts_are_what_the_events_endpoint_counts(client):
    facets = client.get("/api/facets", params={"actor": "RUS"}).json()
    assert facets["type"], "the demo has events with RUS"
    for entry in facets["type"]:
        assert entry["events"] == _total(client, actor="RUS", type=entry["value"])
    for entry in facets["modality"]:
        assert entry["events"] == _total(client, actor="RUS", modality=entry["value"])
    assert sum(e["events"] for e in facets["type"]) == _total(client, actor="RUS")
    counts = [e["events"] for e in facets["type"]]
    assert counts == sorted(counts, reverse=True)


def test_a_facet_ignores_its_own_filter_but_not_the_others(client):
    chosen = client.get("/api/facets", params={"type": "ASSAULT"}).json()
    unfiltered = client.get("/api/facets").json()
    # With a type chosen, the type facet still offers every type (the alternatives to the choice) ...
    assert chosen["type"] == unfiltered["type"]
    # ... while the modality facet counts only the chosen type's events.
    assert sum(e["events"] for e in chosen["modality"]) == _total(client, type="ASSAULT")


def test_facets_refuse_a_bad_filter_as_the_events_endpoint_does(client):
    response = client.get("/api/facets", params={"type": "BOMBARD"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["where"] == "query.type"
    assert client.get("/api/facets", params={"actor": "Nowhereland"}).status_code == 422
