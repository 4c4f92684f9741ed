"""Alerts through the real store: once per change across restarts, updates when more outlets report,
rate-limited storms summarised, a crash mid-send not duplicated, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from watch_helpers import LAUNCH, TALKS, article, demo, lines, save

from eventwatch.store import open_store
from eventwatch.store import watches as state
from eventwatch.watch.alerts import CLAIM_LEASE, run_alerts
from eventwatch.watch.spec import parse_watch

START = dt.date(2024, 4, 1)


def watch(store, tmp_path, name="launches", **criteria):
    spec = parse_watch({"name": name, "actors": ["PRK"], "types": ["MOBILIZE"],
                        "channels": [{"jsonl": str(tmp_path / f"{name}.jsonl")}], **criteria})
    return state.add_watch(store, spec.name, spec.model_dump(mode="json"))[0]


def test_a_matching_event_alerts_once_across_restarts(new_store, tmp_path):
    store = new_store()
    watch(store, tmp_path)
    save(store, article(LAUNCH, START))
    save(store, article(TALKS, START))  # no North Korean launch: no alert
    run = run_alerts(store)
    assert (run.alerts, run.delivered, run.failed) == (1, 1, 0)
    sent = lines(tmp_path / "launches.jsonl")
    assert len(sent) == 1
    event = sent[0]["event"]
    assert (event["source"][:3], event["type"], event["date"]) == ("PRK", "MOBILIZE", str(START))
    assert "short-range ballistic missile" in event["sentence"]
    assert sent[0]["reports"][0]["outlet"] == "Harbour Wire"

    # A restart: a new process opens the same store and runs again; nothing is sent twice.
    url = store.url if new_store.backend == "sqlite" else store.engine.url.render_as_string(hide_password=False)
    store.close()
    with open_store(url) as reopened:
        again = run_alerts(reopened)
        assert (again.alerts, again.delivered) == (0, 0)
        save(reopened, article(LAUNCH, START + dt.timedelta(days=3)))
        assert run_alerts(reopened).alerts == 1
    assert len(lines(tmp_path / "launches.jsonl")) == 2


def test_more_outlets_reporting_an_alerted_event_alert_again_unless_told_not_to(new_store, tmp_path):
    store = new_store()
    watch(store, tmp_path, "updates", modes=["missile-test"])
    watch(store, tmp_path, "once", modes=["missile-test"], on_update=False)
    save(store, demo("01-nk-srbm-launch"))
    run_alerts(store)
    first = {e["event"]["id"]: e["event"]["num_sources"] for e in lines(tmp_path / "updates.jsonl")}
    save(store, demo("19-nk-srbm-launch-second-outlet"))  # another outlet's report of the same launch
    run_alerts(store)
    updates = [e for e in lines(tmp_path / "updates.jsonl") if e["kind"] == "update"]
    assert updates, "the second outlet's report should raise an update"
    for update in updates:
        assert update["event"]["id"] in first
        assert update["event"]["num_sources"] > first[update["event"]["id"]]
        assert {r["outlet"] for r in update["reports"]} >= {"Example News Wire", "Tokyo Ledger"}
    assert all(e["kind"] == "new" for e in lines(tmp_path / "once.jsonl"))
    assert run_alerts(store).alerts == 0


def test_events_stored_before_the_watch_existed_do_not_alert(new_store, tmp_path):
    store = new_store()
    save(store, article(LAUNCH, START))
    watch(store, tmp_path)
    assert run_alerts(store).alerts == 0
    save(store, article(LAUNCH, START + dt.timedelta(days=1)))
    assert run_alerts(store).alerts == 1


def test_an_alert_storm_is_rate_limited_and_summarised(new_store, tmp_path):
    store = new_store()
    watch(store, tmp_path, max_alerts_per_hour=3)
    for day in range(8):
        save(store, article(LAUNCH, START + dt.timedelta(days=day), n=day))
    now = dt.datetime.now(dt.UTC)
    run = run_alerts(store, now=now)
    assert (run.alerts, run.suppressed, run.summaries) == (3, 5, 1)
    sent = lines(tmp_path / "launches.jsonl")
    assert [e["kind"] for e in sent] == ["new"] * 3 + ["summary"]
    summary = sent[-1]["summary"]
    assert summary["suppressed"] == 5 and summary["by_type"] == {"MOBILIZE": 5}
    assert len(summary["events"]) == 5
    assert run_alerts(store, now=now).summaries == 0  # the suppressed alerts are summarised once

    # An hour later the watch may alert again.
    save(store, article(LAUNCH, START + dt.timedelta(days=20), n=20))
    later = run_alerts(store, now=now + dt.timedelta(hours=1, minutes=1))
    assert (later.alerts, later.suppressed) == (1, 0)


def test_a_crash_mid_send_is_finished_by_the_next_run_without_a_duplicate(new_store, tmp_path):
    store = new_store()
    watch(store, tmp_path)
    save(store, article(LAUNCH, START))
    now = dt.datetime.now(dt.UTC)
    run_alerts(store, now=now, deliver=False)
    claimed = state.claim_due(store, now, CLAIM_LEASE)
    assert len(claimed) == 1
    # The sender wrote the line, then died before recording the delivery.
    from eventwatch.watch.channels import send
    from eventwatch.watch.spec import WatchSpec

    due = claimed[0]
    key = f"{due.delivery.alert_id}:{due.delivery.channel}"
    send(WatchSpec.model_validate(due.spec).channels[0], {"alert_id": due.delivery.alert_id, **due.payload}, key)
    assert run_alerts(store, now=now).delivered == 0  # still claimed by the dead sender
    resumed = run_alerts(store, now=now + CLAIM_LEASE + dt.timedelta(seconds=1))
    assert resumed.delivered == 1
    assert len(lines(tmp_path / "launches.jsonl")) == 1
    assert [d.status for a in state.list_alerts(store) for d in a.deliveries] == ["delivered"]


def test_two_runs_never_claim_the_same_delivery(new_store, tmp_path):
    store = new_store()
    watch(store, tmp_path)
    save(store, article(LAUNCH, START))
    now = dt.datetime.now(dt.UTC)
    run_alerts(store, now=now, deliver=False)
    first = state.claim_due(store, now, CLAIM_LEASE)
    second = state.claim_due(store, now, CLAIM_LEASE)
    assert len(first) == 1 and second == []


def test_removing_the_last_watch_empties_the_outbox(new_store, tmp_path):
    store = new_store()
    watch(store, tmp_path)
    save(store, article(LAUNCH, START))
    assert state.pending_changes(store)
    assert state.remove_watch(store, "launches")
    assert state.pending_changes(store) == []
    save(store, article(LAUNCH, START + dt.timedelta(days=1)))
    assert state.pending_changes(store) == []  # nobody watching: nothing queued


def test_alert_runs_at_the_same_time_send_each_alert_once(new_store, tmp_path):
    """Two ingests finishing together both run the alerts: the unique alert key and the delivery claim keep
    every alert to one line."""
    import threading

    store = new_store()
    watch(store, tmp_path)
    for day in range(6):
        save(store, article(LAUNCH, START + dt.timedelta(days=day), n=day))
    runs, errors = [], []

    def go():
        try:
            runs.append(run_alerts(store))
        except Exception as exc:  # reported below: a failed run must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sent = lines(tmp_path / "launches.jsonl")
    assert len(sent) == 6 == len({e["event"]["id"] for e in sent})
    assert sum(r.delivered for r in runs) == 6
