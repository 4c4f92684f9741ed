"""The flat shape of a stored event: one dict of plain values per event, the shape of `eventwatch events
--format json`, of the API's events and of the exports' rows (which add fields after these).

Beside the records it flattens and free of any output library, so that the API and the exports need not import
the terminal renderer (cli/render.py) to get it.
"""

from __future__ import annotations

from typing import Any

from eventwatch.store.records import EventRecord


def event_rows(records: list[EventRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id, "date": r.date_label, "precision": r.date_precision, "source": r.source_actor,
            "type": r.plover_type, "mode": r.mode, "target": r.target_actor, "modality": r.modality,
            "intensity": r.intensity, "cameo_root": r.cameo_root, "quantity": r.quantity_text,
            "quantity_value": r.quantity_value, "aggregate": r.aggregate,
            "reported_by": r.reported_by, "reported_by_text": r.reported_by_text, "reported_via": r.reported_via,
            "claim": r.claim, "confidence": r.confidence,
            "place": r.place.name if r.place else None, "place_id": r.place.id if r.place else None,
            "place_precision": r.place.precision if r.place else None,
            "place_country": r.place.country if r.place else None,
            "lat": r.place.lat if r.place else None, "lon": r.place.lon if r.place else None,
            "place_basis": r.place_basis, "place_text": r.place_text,
            "quotes": [{"text": q.text, "speaker": q.speaker, "speaker_text": q.speaker_text, "kind": q.kind}
                       for q in r.quotes],
            "num_mentions": r.num_mentions, "num_articles": r.num_articles, "num_sources": r.num_sources,
            "first_seen": r.first_seen.isoformat() if r.first_seen else None,
            "last_seen": r.last_seen.isoformat() if r.last_seen else None,
            "article_id": r.article_id, "url": r.url, "evidence": r.sentence, "start": r.start, "end": r.end,
            "trigger": r.sentence[r.trigger_start - r.start:r.trigger_end - r.start],
        }
        for r in records
    ]
