#!/usr/bin/env python3
"""Validate the eventwatch gold evaluation corpus.

Usage:  python tests/gold/validate_gold.py [GOLD_DIR]   (default: the directory of this script)

Checks, for every split directory (dev/, heldout/):
  * every article NNN has NNN.txt, NNN.meta.json and NNN.gold.yaml (and no orphan files);
  * meta.json parses and has url/title/published/source, published is a valid YYYY-MM-DD date;
  * gold.yaml has `entities` (name + code) and `events`;
  * every event has exactly the required fields (plus optional `aggregate`), with valid values:
    PLOVER type(s) from the 16 v2.0 types, precision, modality, actor codes matching ^[A-Z]{3,12}$,
    a date whose format matches its precision;
  * the evidence string occurs verbatim in the article text;
  * consistency rules of the gold conventions (THREATEN <-> threatened, asserted/negated events
    not dated after publication, aggregate is boolean).
Exit status 0 when clean, 1 otherwise. Standard library + PyYAML only.
"""
import datetime as dt
import json
import re
import sys
from pathlib import Path

import yaml

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
PRECISIONS = {"day", "week", "month", "year"}
MODALITIES = {"asserted", "planned", "threatened", "negated", "hypothetical"}
REQUIRED = ["source_actor", "target_actor", "plover_type", "mode", "date", "date_precision",
            "place", "quantity", "modality", "reported_by", "evidence"]
OPTIONAL = {"aggregate"}
CODE_RE = re.compile(r"^[A-Z]{3,12}$")
DATE_RE = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "week": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
SPLITS = ["dev", "heldout"]


def norm_date(value):
    """YAML turns 2024-03-18 into a date and 2022 into an int; bring all back to strings."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


def check_code(value, field, errs, where, nullable):
    if value is None:
        if not nullable:
            errs.append(f"{where}: {field} must not be null")
        return
    if not isinstance(value, str) or not CODE_RE.match(value):
        errs.append(f"{where}: {field} {value!r} does not match ^[A-Z]{{3,12}}$")


def parse_date(date, prec):
    """Return (first_day, last_day) of the period a gold date denotes."""
    if prec in ("day", "week"):
        d = dt.date.fromisoformat(date)
        return (d, d + dt.timedelta(days=6)) if prec == "week" else (d, d)
    if prec == "month":
        y, m = map(int, date.split("-"))
        first = dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    y = int(date)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def check_event(ev, i, txt, pub, errs, where_art):
    where = f"{where_art} event {i}"
    if not isinstance(ev, dict):
        errs.append(f"{where}: not a mapping")
        return
    missing = [k for k in REQUIRED if k not in ev]
    extra = [k for k in ev if k not in REQUIRED and k not in OPTIONAL]
    if missing:
        errs.append(f"{where}: missing fields {missing}")
    if extra:
        errs.append(f"{where}: unknown fields {extra}")
    check_code(ev.get("source_actor"), "source_actor", errs, where, nullable=False)
    check_code(ev.get("target_actor"), "target_actor", errs, where, nullable=True)
    check_code(ev.get("reported_by"), "reported_by", errs, where, nullable=True)

    types = ev.get("plover_type")
    types = types if isinstance(types, list) else [types]
    if not types or any(t not in PLOVER_TYPES for t in types):
        errs.append(f"{where}: invalid plover_type {ev.get('plover_type')!r}")
    mode = ev.get("mode")
    if mode is not None and (not isinstance(mode, str) or not mode.strip()):
        errs.append(f"{where}: mode must be a non-empty string or null")

    prec = ev.get("date_precision")
    date = norm_date(ev.get("date"))
    if prec not in PRECISIONS:
        errs.append(f"{where}: invalid date_precision {prec!r}")
    elif not isinstance(date, str) or not DATE_RE[prec].match(date):
        errs.append(f"{where}: date {date!r} does not match precision {prec}")
    else:
        try:
            first, _last = parse_date(date, prec)
            if prec == "week" and first.weekday() != 0:
                errs.append(f"{where}: week date {date} is not a Monday")
        except ValueError as exc:
            errs.append(f"{where}: invalid date {date!r}: {exc}")
            first = None
        mod = ev.get("modality")
        if first and pub and mod in ("asserted", "negated") and first > pub:
            errs.append(f"{where}: {mod} event dated {date} after publication {pub}")

    mod = ev.get("modality")
    if mod not in MODALITIES:
        errs.append(f"{where}: invalid modality {mod!r}")
    if types == ["THREATEN"] and mod != "threatened":
        errs.append(f"{where}: THREATEN event must have modality 'threatened'")
    if mod == "threatened" and "THREATEN" not in types:
        errs.append(f"{where}: modality 'threatened' only for THREATEN events")

    for fld in ("place", "quantity"):
        v = ev.get(fld)
        if v is not None and (not isinstance(v, str) or not v.strip()):
            errs.append(f"{where}: {fld} must be a non-empty string or null")
    if "aggregate" in ev and not isinstance(ev["aggregate"], bool):
        errs.append(f"{where}: aggregate must be a boolean")
    if ev.get("aggregate") and not ev.get("quantity"):
        errs.append(f"{where}: aggregate event needs a quantity")

    evidence = ev.get("evidence")
    if not isinstance(evidence, str) or not evidence.strip():
        errs.append(f"{where}: evidence missing or empty")
    elif evidence not in txt:
        errs.append(f"{where}: evidence not found verbatim in text: {evidence[:80]!r}")


def check_article(split_dir, num, errs, stats):
    where = f"{split_dir.name}/{num}"
    txt_p, meta_p, gold_p = (split_dir / f"{num}{ext}" for ext in (".txt", ".meta.json", ".gold.yaml"))
    for p in (txt_p, meta_p, gold_p):
        if not p.is_file():
            errs.append(f"{where}: missing {p.name}")
    if not all(p.is_file() for p in (txt_p, meta_p, gold_p)):
        return
    txt = txt_p.read_text(encoding="utf-8")
    pub = None
    try:
        meta = json.loads(meta_p.read_text(encoding="utf-8"))
        for k in ("url", "title", "published", "source"):
            if not isinstance(meta.get(k), str) or not meta.get(k):
                errs.append(f"{where}: meta field {k!r} missing or empty")
        if isinstance(meta.get("published"), str):
            if not re.match(r"^\d{4}-\d{2}-\d{2}$", meta["published"]):
                errs.append(f"{where}: published {meta['published']!r} is not YYYY-MM-DD")
            else:
                pub = dt.date.fromisoformat(meta["published"])
    except (json.JSONDecodeError, ValueError) as exc:
        errs.append(f"{where}: bad meta.json: {exc}")
    try:
        gold = yaml.safe_load(gold_p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        errs.append(f"{where}: bad gold.yaml: {exc}")
        return
    if not isinstance(gold, dict) or set(gold) != {"entities", "events"}:
        errs.append(f"{where}: gold.yaml must have exactly the keys entities, events")
        return
    for j, ent in enumerate(gold.get("entities") or []):
        if not isinstance(ent, dict) or not ent.get("name"):
            errs.append(f"{where}: entity {j} lacks a name")
            continue
        check_code(ent.get("code"), "entity code", errs, f"{where} entity {j}", nullable=False)
    events = gold.get("events") or []
    if not isinstance(events, list):
        errs.append(f"{where}: events must be a list")
        return
    for i, ev in enumerate(events):
        check_event(ev, i, txt, pub, errs, where)
        if isinstance(ev, dict):
            t = ev.get("plover_type")
            for tt in (t if isinstance(t, list) else [t]):
                stats["types"][split_dir.name][tt] = stats["types"][split_dir.name].get(tt, 0) + 1
    stats["events"][split_dir.name] += len(events)
    stats["articles"][split_dir.name] += 1
    words = len(txt.split())
    stats["words"].append((where, words))


def main(argv):
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    errs = []
    stats = {"articles": {s: 0 for s in SPLITS}, "events": {s: 0 for s in SPLITS},
             "types": {s: {} for s in SPLITS}, "words": []}
    for split in SPLITS:
        d = root / split
        if not d.is_dir():
            errs.append(f"missing split directory {d}")
            continue
        nums = set()
        for p in d.iterdir():
            m = re.match(r"^([a-z]?\d{2,3})\.(txt|meta\.json|gold\.yaml)$", p.name)
            if not m:
                errs.append(f"{split}: unexpected file {p.name}")
                continue
            nums.add(m.group(1))
        for num in sorted(nums):
            check_article(d, num, errs, stats)
    for e in errs:
        print("ERROR", e)
    for split in SPLITS:
        print(f"{split}: {stats['articles'][split]} articles, {stats['events'][split]} events")
        for t, n in sorted(stats["types"][split].items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print(f"    {t:<10} {n}")
    print("OK" if not errs else f"{len(errs)} error(s)")
    return 0 if not errs else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
