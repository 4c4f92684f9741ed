"""What a watch asks for and where its alerts go, and whether a stored event answers it.

A watch is written in YAML (``watches: [...]``) or built by ``eventwatch watch add``; both become a
``WatchSpec``. Every given criterion must hold; within a list, any value will do ("actors: [PRK, RUS]" is
North Korea or Russia acting).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from eventwatch.errors import EventwatchError
from eventwatch.model import MODALITIES, PLOVER_TYPES
from eventwatch.store.records import EventRecord

_CODE = re.compile(r"^[A-Z0-9]{2,15}$")
# A watch that does not say matches what happened: a threat, a plan, a denial or a "would" is not an alert
# unless asked for. ANY_MODALITY ("any") asks for all of them; it is stored as an empty list.
DEFAULT_MODALITIES = ("asserted",)
ANY_MODALITY = "any"


class WatchError(EventwatchError):
    """A watch definition is invalid (a bad YAML file or bad options)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConsoleChannel(_Strict):
    kind: Literal["console"] = "console"


class JsonlChannel(_Strict):
    """Appends one JSON object per alert to a file (made if missing)."""

    kind: Literal["jsonl"] = "jsonl"
    path: str = Field(min_length=1)


class WebhookChannel(_Strict):
    """POSTs the alert as JSON, signed with HMAC-SHA256 when a secret is configured.

    ``secret_env`` names an environment variable holding the secret; prefer it to ``secret``, which is kept in
    the store in clear text (the store is not a secret store)."""

    kind: Literal["webhook"] = "webhook"
    url: str = Field(pattern=r"^https?://\S+$", max_length=2048)
    secret_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    secret: str | None = None
    timeout: float = Field(default=10.0, gt=0, le=120)


class EmailChannel(_Strict):
    """Sends a plain-text e-mail over SMTP (STARTTLS and login when configured; the password from the
    environment variable ``password_env``)."""

    kind: Literal["email"] = "email"
    to: list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]] = Field(min_length=1)
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    sender: str = Field(default="eventwatch@localhost", pattern=r"^[^@\s]+@[^@\s]+$")
    starttls: bool = False
    username: str | None = None
    password_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    timeout: float = Field(default=30.0, gt=0, le=300)


Channel = Annotated[ConsoleChannel | JsonlChannel | WebhookChannel | EmailChannel, Field(discriminator="kind")]


class WatchSpec(_Strict):
    """``actors`` are who acts (source codes, as prefixes: PRK matches PRKMIL); ``targets`` whom it is done to.
    ``places`` are place-name substrings or three-letter country codes of the event's place; ``bbox`` is west,
    south, east, north in degrees. ``min_intensity`` is a magnitude on the 0–10 scale, conflict or
    cooperation. ``keywords`` are words or phrases of the evidence sentence or the title (any of them).
    ``modalities`` are ``asserted`` unless given ("any", or an empty list, for every modality).
    ``on_update``: alert again when more outlets report an alerted event. More than ``max_alerts_per_hour``
    alerts in an hour are held back and sent as one summary."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    actors: list[str] = []
    targets: list[str] = []
    types: list[str] = []
    modes: list[str] = []
    modalities: list[str] = list(DEFAULT_MODALITIES)
    places: list[str] = []
    bbox: tuple[float, float, float, float] | None = None
    min_intensity: float | None = Field(default=None, ge=0, le=10)
    keywords: list[str] = []
    on_update: bool = True
    max_alerts_per_hour: int = Field(default=20, ge=1, le=10_000)
    channels: list[Channel] = Field(default_factory=lambda: [ConsoleChannel()], min_length=1)

    @field_validator("actors", "targets")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        codes = [v.strip().upper() for v in values]
        bad = [c for c in codes if not _CODE.match(c)]
        if bad:
            raise ValueError(f"not actor codes: {', '.join(bad)}")
        return codes

    @field_validator("types")
    @classmethod
    def _types(cls, values: list[str]) -> list[str]:
        return _one_of([v.strip().upper() for v in values], PLOVER_TYPES, "PLOVER types")

    @field_validator("modalities", mode="before")
    @classmethod
    def _any_modality(cls, value: Any) -> Any:
        if value == ANY_MODALITY or (isinstance(value, list) and ANY_MODALITY in value):
            return []
        return value

    @field_validator("modalities")
    @classmethod
    def _modalities(cls, values: list[str]) -> list[str]:
        return _one_of(values, MODALITIES, f"modalities ({ANY_MODALITY} for all)")

    @field_validator("modes", "places", "keywords")
    @classmethod
    def _words(cls, values: list[str]) -> list[str]:
        words = [v.strip() for v in values]
        if any(not w or len(w) > 200 for w in words):
            raise ValueError("entries must be non-empty and at most 200 characters")
        return words

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, box: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
        if box is not None:
            west, south, east, north = box
            if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
                raise ValueError("bbox is west,south,east,north with longitudes in ±180 and latitudes in ±90")
        return box

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and "channels" in data:
            data = {**data, "channels": [_channel(c) for c in data["channels"] or []]}
        return data

    def matches(self, event: EventRecord) -> bool:
        """Whether the stored event answers this watch (every given criterion holds)."""
        if self.actors and not _code_in(event.source_actor, self.actors):
            return False
        if self.targets and not _code_in(event.target_actor, self.targets):
            return False
        if self.types and event.plover_type not in self.types:
            return False
        if self.modes and event.mode not in self.modes:
            return False
        if self.modalities and event.modality not in self.modalities:
            return False
        if self.min_intensity is not None and abs(event.intensity) < self.min_intensity:
            return False
        if (self.places or self.bbox) and not self._place_matches(event):
            return False
        return not self.keywords or self._keywords_match(event)

    def _place_matches(self, event: EventRecord) -> bool:
        place = event.place
        if place is None:
            return False
        if self.places and not any(
                place.name.casefold().find(p.casefold()) >= 0 or (len(p) == 3 and place.country == p.upper())
                for p in self.places):
            return False
        if self.bbox is not None:
            west, south, east, north = self.bbox
            inside_lon = west <= place.lon <= east if west <= east else (place.lon >= west or place.lon <= east)
            return south <= place.lat <= north and inside_lon
        return True

    def _keywords_match(self, event: EventRecord) -> bool:
        text = f"{event.sentence}\n{event.article_title or ''}"
        return any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text, re.IGNORECASE) for k in self.keywords)


def _one_of(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValueError(f"not {what}: {', '.join(bad)} (one of {', '.join(allowed)})")
    return values


def _code_in(code: str | None, prefixes: list[str]) -> bool:
    return code is not None and any(code.startswith(p) for p in prefixes)


def _channel(value: Any) -> Any:
    """YAML shorthand → channel: 'console', {jsonl: PATH}, {webhook: URL, secret_env: X},
    {email: ADDRESS or [ADDRESSES], smtp: 'host:port', ...}; the explicit {kind: ..., ...} form passes."""
    if value == "console":
        return {"kind": "console"}
    if not isinstance(value, dict) or "kind" in value:
        return value
    rest = dict(value)
    if "jsonl" in rest:
        return {"kind": "jsonl", "path": rest.pop("jsonl"), **rest}
    if "webhook" in rest:
        return {"kind": "webhook", "url": rest.pop("webhook"), **rest}
    if "email" in rest:
        to = rest.pop("email")
        smtp = rest.pop("smtp", None)
        if smtp is not None:
            host, _, port = str(smtp).rpartition(":")
            rest.update({"smtp_host": host or str(smtp), "smtp_port": int(port) if port.isdigit() else 25})
        return {"kind": "email", "to": [to] if isinstance(to, str) else to, **rest}
    return value


def parse_watch(data: dict[str, Any]) -> WatchSpec:
    try:
        return WatchSpec.model_validate(data)
    except ValidationError as exc:
        name = data.get("name", "?") if isinstance(data, dict) else "?"
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'watch'}: {e['msg']}" for e in exc.errors())
        raise WatchError(f"watch {name}: {problems}") from None


def load_watches(path: Path) -> list[WatchSpec]:
    """The watches of a YAML file: a list, or a mapping with a ``watches`` list."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WatchError(f"{path}: cannot read watches: {exc}") from None
    if isinstance(data, dict):
        data = data.get("watches")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise WatchError(f"{path}: expected a list of watches (or 'watches:' with a list)")
    specs = [parse_watch(item) for item in data]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise WatchError(f"{path}: watch names must be unique")
    return specs
