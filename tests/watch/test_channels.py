"""Delivery channels against real servers on loopback: a webhook receiver that fails on demand, and an SMTP
server (aiosmtpd); plus the retry schedule of the alert run when a webhook keeps failing."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from watch_helpers import LAUNCH, article, save

from eventwatch.store import open_store
from eventwatch.store import watches as state
from eventwatch.watch import channels
from eventwatch.watch.alerts import MAX_ATTEMPTS, backoff, run_alerts
from eventwatch.watch.channels import DeliveryFailed, send, sign
from eventwatch.watch.spec import EmailChannel, WebhookChannel, parse_watch

PAYLOAD = {"watch": "w", "kind": "new", "event": {
    "id": 7, "date": "2024-04-01", "source": "PRKMIL", "target": None, "type": "MOBILIZE", "mode": "missile-test",
    "modality": "asserted", "intensity": -6.5, "num_sources": 2, "sentence": "North Korea fired a missile.",
    "url": "https://wire.example.com/a", "place": None}, "reports": [{"outlet": "Wire", "url": "https://x"}]}


class Receiver:
    """A webhook endpoint answering the next statuses in turn (then 200), recording every request."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(statuses: list[int]) -> Receiver:
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(channels, "WEBHOOK_PAUSE", 0.01)


def test_webhook_retries_a_blip_and_signs_the_body(receiver, monkeypatch):
    hook = receiver([503, 500])
    monkeypatch.setenv("HOOK_SECRET", "s3cret")
    send(WebhookChannel(url=hook.url, secret_env="HOOK_SECRET"), PAYLOAD, "12:0")
    assert len(hook.requests) == 3
    headers, body = hook.requests[-1]
    assert json.loads(body) == PAYLOAD
    assert headers["X-Eventwatch-Delivery"] == "12:0"
    assert headers["X-Eventwatch-Signature"] == sign("s3cret", headers["X-Eventwatch-Timestamp"], body)
    assert headers["X-Eventwatch-Signature"] != sign("other", headers["X-Eventwatch-Timestamp"], body)


def test_webhook_refusal_is_not_retried(receiver):
    hook = receiver([404])
    with pytest.raises(DeliveryFailed) as failed:
        send(WebhookChannel(url=hook.url), PAYLOAD, "1:0")
    assert not failed.value.retryable and "404" in str(failed.value)
    assert len(hook.requests) == 1


def test_webhook_that_keeps_failing_is_retried_with_backoff_then_reported(new_store, receiver, tmp_path):
    store = new_store()
    hook = receiver([500] * 1000)
    spec = parse_watch({"name": "hook", "actors": ["PRK"], "channels": [{"webhook": hook.url}]})
    state.add_watch(store, spec.name, spec.model_dump(mode="json"))
    save(store, article(LAUNCH, dt.date(2024, 4, 1)))
    now = dt.datetime.now(dt.UTC)
    run = run_alerts(store, now=now)
    assert (run.alerts, run.delivered, run.retrying) == (1, 0, 1)
    assert run_alerts(store, now=now + dt.timedelta(seconds=30)).retrying == 0  # not due yet: backoff holds
    moment = now
    for attempt in range(2, MAX_ATTEMPTS + 1):
        moment += backoff(attempt - 1)
        run = run_alerts(store, now=moment)
        assert run.retrying + run.failed == 1
    assert run.failed == 1 and "HTTP 500" in run.errors[0]
    assert len(hook.requests) == MAX_ATTEMPTS * channels.WEBHOOK_TRIES
    failed = state.list_alerts(store, status="failed")
    assert len(failed) == 1 and failed[0].deliveries[0].attempts == MAX_ATTEMPTS
    assert run_alerts(store, now=moment + dt.timedelta(days=1)).delivered == 0  # failed stays failed

    # The receiver is fixed; `alerts retry` queues the failure again and it goes through.
    hook.statuses.clear()
    assert state.retry_failed(store, moment) == 1
    assert run_alerts(store, now=moment).delivered == 1


def test_a_webhook_down_across_a_restart_is_delivered_once_it_recovers(new_store, receiver):
    store = new_store()
    hook = receiver([500] * channels.WEBHOOK_TRIES)  # the first attempt fails, the next succeeds
    spec = parse_watch({"name": "hook", "actors": ["PRK"], "channels": [{"webhook": hook.url}]})
    state.add_watch(store, spec.name, spec.model_dump(mode="json"))
    save(store, article(LAUNCH, dt.date(2024, 4, 1)))
    now = dt.datetime.now(dt.UTC)
    assert run_alerts(store, now=now).retrying == 1
    url = store.url if new_store.backend == "sqlite" else store.engine.url.render_as_string(hide_password=False)
    store.close()
    with open_store(url) as restarted:
        assert run_alerts(restarted, now=now + backoff(1)).delivered == 1
        assert run_alerts(restarted, now=now + dt.timedelta(days=1)).delivered == 0
    delivered = [r for r in hook.requests if r[0]["X-Eventwatch-Delivery"]]
    assert len(delivered) == channels.WEBHOOK_TRIES + 1
    assert len({r[0]["X-Eventwatch-Delivery"] for r in delivered}) == 1  # one alert, one key throughout


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, _server, _session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_email_goes_through_a_local_smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        send(EmailChannel(to=["desk@example.org"], smtp_host="127.0.0.1", smtp_port=controller.port,
                          sender="alerts@example.org"), PAYLOAD, "5:1")
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    message = message_from_bytes(inbox.messages[0])
    assert message["To"] == "desk@example.org"
    assert "PRKMIL" in message["Subject"] and "MOBILIZE/missile-test" in message["Subject"]
    assert "North Korea fired a missile." in message.get_payload(decode=True).decode("utf-8")


def test_email_server_down_is_a_retryable_failure():
    with pytest.raises(DeliveryFailed) as failed:
        send(EmailChannel(to=["desk@example.org"], smtp_host="127.0.0.1", smtp_port=free_port(), timeout=2),
             PAYLOAD, "5:1")
    assert failed.value.retryable
