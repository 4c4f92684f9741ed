"""Sending one alert through one channel: console, JSON-lines file, webhook, e-mail.

Each send either returns (delivered) or raises ``DeliveryFailed``, saying whether a later attempt may succeed.
Every delivery carries a stable key (``alert id:channel``): receivers can drop a repeat, which can only happen
when a sender crashed after sending and before recording it (the JSON-lines channel checks its own file).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TextIO

import httpx

from eventwatch import __version__
from eventwatch.watch.spec import Channel, ConsoleChannel, EmailChannel, JsonlChannel, WebhookChannel

# Quick retries inside one attempt ride out a blip; longer outages are the alert run's persisted schedule.
WEBHOOK_TRIES = 3
WEBHOOK_PAUSE = 0.5  # seconds, doubled after each try
SIGNATURE_HEADER = "X-Eventwatch-Signature"
TIMESTAMP_HEADER = "X-Eventwatch-Timestamp"
DELIVERY_HEADER = "X-Eventwatch-Delivery"


class DeliveryFailed(Exception):
    def __init__(self, message: str, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


def send(channel: Channel, payload: dict[str, Any], key: str, *, resumed: bool = False,
         console: TextIO | None = None) -> None:
    if isinstance(channel, ConsoleChannel):
        subject, body = describe(payload)
        print(f"ALERT {subject}\n{_indent(body)}", file=console, flush=True)
    elif isinstance(channel, JsonlChannel):
        _append_jsonl(Path(channel.path), payload, key, resumed)
    elif isinstance(channel, WebhookChannel):
        _post(channel, payload, key)
    elif isinstance(channel, EmailChannel):
        _email(channel, payload, key)
    else:  # pragma: no cover - the spec's discriminated union admits nothing else
        raise DeliveryFailed(f"unknown channel {channel!r}", retryable=False)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 over 'timestamp.' + body, so a captured request cannot be
    replayed later with a fresh timestamp."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def describe(payload: dict[str, Any]) -> tuple[str, str]:
    """A one-line subject and a plain-text body, for the console and e-mail."""
    watch = payload.get("watch", "?")
    if payload.get("kind") == "summary":
        summary = payload["summary"]
        lines = [f"{summary['suppressed']} more events matched between {summary['since']} and {summary['until']}"
                 f" (more than {summary['limit']} alerts in an hour); by type: "
                 + ", ".join(f"{t} {n}" for t, n in summary["by_type"].items())]
        lines += ["  " + _event_line(e) for e in summary["events"]]
        return f"[{watch}] {summary['suppressed']} more matching events (summary)", "\n".join(lines)
    event = payload["event"]
    what = "reported by more outlets" if payload.get("kind") == "update" else "new event"
    subject = f"[{watch}] {_event_line(event)} ({what}, {event['num_sources']} source(s))"
    lines = [f"“{event['sentence']}”", f"event {event['id']}: {event.get('url') or ''}"]
    if event.get("place"):
        lines.append(f"place: {event['place']['name']} ({event['place']['lat']}, {event['place']['lon']})")
    lines += [f"- {r.get('outlet') or '?'} {r.get('published') or ''}: {r.get('url') or r.get('title') or ''}"
              for r in payload.get("reports", [])]
    return subject, "\n".join(lines)


def _event_line(event: dict[str, Any]) -> str:
    kind = event["type"] + (f"/{event['mode']}" if event.get("mode") else "")
    who = f"{event.get('source') or '?'} → {event.get('target') or '—'}"
    return f"{event['date']} {who} {kind} ({event['modality']}, intensity {event['intensity']:+.1f})"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _append_jsonl(path: Path, payload: dict[str, Any], key: str, resumed: bool) -> None:
    line = json.dumps({"delivery": key, **payload}, ensure_ascii=False, sort_keys=True)
    try:
        if resumed and path.exists() and _already_written(path, key):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise DeliveryFailed(f"cannot write {path}: {exc}") from exc


def _already_written(path: Path, key: str) -> bool:
    marker = json.dumps(key)
    with path.open(encoding="utf-8", errors="replace") as lines:
        return any(f'"delivery": {marker}' in line for line in lines)


def _post(channel: WebhookChannel, payload: dict[str, Any], key: str) -> None:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": f"eventwatch/{__version__}",
               DELIVERY_HEADER: key, TIMESTAMP_HEADER: timestamp}
    secret = os.environ.get(channel.secret_env) if channel.secret_env else channel.secret
    if channel.secret_env and not secret:
        raise DeliveryFailed(f"webhook secret variable {channel.secret_env} is not set", retryable=True)
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, timestamp, body)
    problem = ""
    with httpx.Client(timeout=channel.timeout, follow_redirects=False) as client:
        for attempt in range(WEBHOOK_TRIES):
            if attempt:
                time.sleep(WEBHOOK_PAUSE * 2 ** (attempt - 1))
            try:
                response = client.post(channel.url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.is_success:
                return
            problem = f"HTTP {response.status_code}"
            if response.status_code not in (408, 425, 429) and response.status_code < 500:
                # The receiver refuses this request as such (bad URL, auth): repeating it cannot help.
                raise DeliveryFailed(f"webhook {channel.url}: {problem}", retryable=False)
    raise DeliveryFailed(f"webhook {channel.url}: {problem} after {WEBHOOK_TRIES} tries")


def _email(channel: EmailChannel, payload: dict[str, Any], key: str) -> None:
    subject, body = describe(payload)
    message = EmailMessage()
    message["Subject"] = "eventwatch " + subject
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["Message-ID"] = f"<{key.replace(':', '.')}.{channel.sender.split('@', 1)[0]}@eventwatch>"
    message.set_content(body)
    try:
        with smtplib.SMTP(channel.smtp_host, channel.smtp_port, timeout=channel.timeout) as smtp:
            if channel.starttls:
                smtp.starttls()
            if channel.username:
                smtp.login(channel.username, os.environ.get(channel.password_env or "", ""))
            smtp.send_message(message)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError) as exc:
        raise DeliveryFailed(f"e-mail to {', '.join(channel.to)} refused: {exc}", retryable=False) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryFailed(f"e-mail via {channel.smtp_host}:{channel.smtp_port}: {exc}") from exc
