"""A local, fault-injecting RSS farm for the live-polling latency benchmark: feed i on its own loopback host
127.1.{i // 250}.{i % 250 + 1}, one threading HTTP server on 0.0.0.0:PORT in a child process routing by Host. Items
appear at seeded random times; some hosts hang, some answer 503 for pages, some pages hang or are 404 for a while.
``GET /_stats`` (any Host) returns request counts. ``python benchmarks/feed_farm.py`` starts a small farm by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import http.client
import json
import multiprocessing as mp
import os
import random
import signal
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class FarmPlan:
    feeds: int = 500
    items: int = 300  # items appearing during the run, over all feeds
    duration: float = 300.0  # items appear at uniform random times in [warmup, warmup + duration)
    warmup: float = 20.0  # no item appears before this
    initial_items: int = 2  # items each feed already has at time 0
    hung_hosts: int = 5  # every request to these hosts hangs
    failing_hosts: int = 5  # feed and robots fine, every page answers 503
    hung_pages: int = 5  # on healthy hosts: one page each that hangs forever
    late_pages: int = 10  # pages that answer 404 for `late_for` seconds after their item appears
    late_for: float = 8.0
    seed: int = 7


@dataclass(frozen=True)
class PlannedItem:
    feed_url: str
    page_url: str
    appear_at: float  # seconds after farm start
    fault: str  # "" | "hung-host" | "failing-host" | "hung-page" | "late"


def feed_host(i: int) -> str:
    return f"127.1.{i // 250}.{i % 250 + 1}"


def _fault_hosts(plan: FarmPlan) -> tuple[set[int], set[int]]:
    picked = random.Random(plan.seed).sample(range(plan.feeds), min(plan.feeds, plan.hung_hosts + plan.failing_hosts))
    return set(picked[:plan.hung_hosts]), set(picked[plan.hung_hosts:])


def plan_items(plan: FarmPlan, port: int) -> list[PlannedItem]:
    """Every item of the run (initial ones first, then by appear time); deterministic from plan.seed."""
    hung, failing = _fault_hosts(plan)
    rng = random.Random(plan.seed + 1)
    host_fault = {**dict.fromkeys(hung, "hung-host"), **dict.fromkeys(failing, "failing-host")}
    raw: list[list[Any]] = [[f, n, 0.0, host_fault.get(f, "")] for f in range(plan.feeds)
                            for n in range(1, plan.initial_items + 1)]
    counter = [plan.initial_items] * plan.feeds
    for at in sorted(plan.warmup + rng.random() * plan.duration for _ in range(plan.items)):
        f = rng.randrange(plan.feeds)
        counter[f] += 1
        raw.append([f, counter[f], at, host_fault.get(f, "")])
    healthy = [r for r in raw if not r[3]]
    rng.shuffle(healthy)
    healthy.sort(key=lambda r: r[2] == 0)  # stable: items that appear during the run first, then initial ones
    taken: set[int] = set()  # one hung page per host
    for r in healthy:
        if r[0] not in taken and len(taken) < plan.hung_pages:
            taken.add(r[0])
            r[3] = "hung-page"
    for r in [r for r in healthy if not r[3] and r[2] > 0][:plan.late_pages]:
        r[3] = "late"
    return [PlannedItem(f"http://{feed_host(f)}:{port}/feed.rss", f"http://{feed_host(f)}:{port}/news/{f}-{n}.html",
                        at, fault) for f, n, at, fault in raw]


# --- Page text: invented wire copy. TEMPLATES: dateline|A|B|city|headline|lead ("" = drawn at random); word pools
# below: name=value;value;… sections separated by ~ (countries: name|capital|dateline).
TEMPLATES = [t.split("|") for t in [
    "SEOUL|North Korea|South Korea|Seoul|North Korea fires {n1} ballistic missiles into the sea|North Korea fired "
    "{n1} short-range ballistic missiles into the sea off its east coast on {day}, South Korea's military said.",
    "KYIV, Ukraine|Russia|Ukraine|Kyiv|Russia attacks {ua} with {n2} drones overnight|Russia launched {n2} drones and"
    " {n1} missiles at {ua} overnight, Ukraine's air force said on {day}.",
    "MANILA|China|the Philippines|Manila|Chinese ships fire water cannon at Philippine vessel|Chinese coast guard "
    "ships fired water cannon at a Philippine supply vessel near {shoal} on {day}, the Philippine coast guard said.",
    "TAIPEI, Taiwan|China|Taiwan|Taipei|Taiwan detects {n2} Chinese military aircraft|Taiwan's defense ministry said "
    "on {day} it had detected {n2} Chinese military aircraft and {n1} warships around the island.",
    "JERUSALEM|Israel|Hamas|Jerusalem|Israeli strikes kill {n2} in Gaza|Israeli airstrikes killed at least {n2} "
    "people across the Gaza Strip on {day}, the territory's health ministry said.",
    "GOMA, Congo|M23 rebels|Congo|Goma|Rebels seize {town} in eastern Congo|M23 rebels seized the town of {town} in "
    "eastern Congo on {day} after {n1} days of fighting with the army, residents said.",
    "UNITED NATIONS|the United Nations|Mali|New York|UN council condemns attack on peacekeepers|The United Nations "
    "Security Council condemned on {day} an attack that killed {n1} peacekeepers in northern Mali.",
    "||||{A} and {B} sign defense pact|{A} and {B} signed a defense agreement on {day} that allows their forces to "
    "train on each other's territory.",
    "||||Police arrest {n2} protesters in {city}|Police arrested {n2} protesters in {city} on {day} after "
    "demonstrators blocked roads outside parliament to demand the government's resignation.",
    "||||{A} and {B} foreign ministers agree to {agree}|The foreign ministers of {A} and {B} met in {city} on {day} "
    "and agreed to {agree}.",
    "||||{A} expels {n1} diplomats from {B}|{A} expelled {n1} diplomats from {B} on {day}, accusing them of espionage"
    " and giving them 72 hours to leave the country.",
    "||||Thousands march in {city} against {grievance}|Thousands of people marched through {city} on {day} to protest"
    " against {grievance}.",
    "||||{A} sanctions {n1} officials from {B}|{A} imposed sanctions on {n1} officials from {B} on {day} over what it"
    " called {charge}.",
    "||||{A} recalls ambassador to {B}|{A} recalled its ambassador to {B} on {day} in protest over {charge}.",
    "||||Security forces fire tear gas at protesters in {city}|Security forces fired tear gas at protesters in {city}"
    " on {day} as thousands rallied against {grievance}.",
    "||||{A} and {B} to resume talks on {topic}|{A} and {B} agreed on {day} to resume talks on {topic} after a pause "
    "of {n1} months.",
    "||||{A} pledges {n2} million dollars to {B}|The president of {A} met the prime minister of {B} in {city} on "
    "{day} and pledged {n2} million dollars in aid for {topic}.",
    "||||{A} accuses {B} of violating its airspace|{A} accused {B} on {day} of violating its airspace with a military"
    " aircraft and summoned the ambassador of {B}.",
    "||||Court jails {n1} opposition activists in {city}|A court in {city} sentenced {n1} opposition activists to "
    "prison terms of up to {n3} years on {day} on charges of plotting to overthrow the government.",
    "||||{A} sends {n2} more troops to border with {B}|{A} deployed {n2} additional troops to its border with {B} on "
    "{day}, the defense ministry said.",
    "||||Dock workers strike in {city}|Dock workers in {city} went on strike on {day}, demanding higher wages and "
    "halting operations at the country's main port for the first time in {n3} years.",
    "||||{A} threatens to cut ties with {B}|{A} threatened on {day} to cut diplomatic ties with {B} unless it "
    "{demand}.",
    "||||{A} and {B} hold joint naval drills|{A} and {B} held joint naval exercises in {sea} on {day}, involving {n1}"
    " warships and {n2} sailors.",
    "||||{A} declares emergency in {city} after deadly clashes|The government of {A} declared a state of emergency in"
    " {city} on {day} after clashes between police and protesters left {n1} people dead.",
]]
_TEXT = (
    "countries=Japan|Tokyo|TOKYO;the Philippines|Manila|MANILA;India|New Delhi|NEW DELHI;China|Beijing|BEIJING;South "
    "Korea|Seoul|SEOUL;Vietnam|Hanoi|HANOI, Vietnam;Indonesia|Jakarta|JAKARTA, Indonesia;Australia|Canberra|CANBERRA, "
    "Australia;Germany|Berlin|BERLIN;France|Paris|PARIS;Poland|Warsaw|WARSAW;Turkey|Ankara|ANKARA, "
    "Turkey;Egypt|Cairo|CAIRO;Kenya|Nairobi|NAIROBI, Kenya;Brazil|Brasilia|BRASILIA;Mexico|Mexico City|MEXICO "
    "CITY;Pakistan|Islamabad|ISLAMABAD;Iran|Tehran|TEHRAN, Iran;Nigeria|Abuja|ABUJA, Nigeria;Serbia|Belgrade|BELGRADE,"
    " Serbia;Thailand|Bangkok|BANGKOK;Argentina|Buenos Aires|BUENOS "
    "AIRES~ua=Kyiv;Kharkiv;Odesa;Dnipro;Lviv;Zaporizhzhia~shoal=Second Thomas Shoal;Scarborough Shoal;Sabina "
    "Shoal~town=Rubaya;Masisi;Sake;Minova;Walikale;Nyiragongo~sea=the South China Sea;the Arabian Sea;the Java "
    "Sea~agree=expand trade and reopen direct flights;set up a hotline between their militaries;hold annual security "
    "talks;ease visa rules for students and business travelers~grievance=rising fuel prices;a new tax on imported "
    "goods;alleged fraud in last month's election;a proposed law restricting foreign-funded groups;cuts to "
    "pensions~charge=a campaign of cyberattacks on its ministries;the detention of its citizens;interference in its "
    "elections;the seizure of a cargo ship~topic=a free trade deal;water sharing;border demarcation;reconstruction "
    "after last year's floods~demand=withdrew its troops from the disputed border area;released the detained "
    "journalists;stopped funding armed groups across the frontier~month=January;February;March;April;May;June;July;Aug"
    "ust;September;October;November;December~ord=second;third;fourth;fifth;sixth;seventh;eighth;ninth;tenth;eleventh;t"
    "welfth~speaker=a spokesperson for {A};a senior official in {city};an adviser to the government in {city};a senior"
    " diplomat from {A};a spokesperson for the foreign ministry in {city};a military officer in {city}~quote=We will "
    "not accept any threat to our sovereignty;This is a serious violation and it will have consequences;Our door "
    "remains open to dialogue, but our patience is not unlimited;We are watching the situation closely and are ready "
    "to respond;Today's step shows what cooperation can achieve;Those responsible will be held to account;Nobody "
    "should mistake restraint for weakness;We owe it to our citizens to keep this region stable;The facts speak for "
    "themselves~tail=told reporters in {city} on {day};said in a statement posted online late on {day};said at a news "
    "conference, adding that {n3} senior officials had been briefed;told state television;wrote on social media "
    "shortly after {n5} in the evening;said after a closed-door meeting that lasted {n1} hours~who=Analysts in "
    "{city2};Diplomats in {city2};Opposition lawmakers in {city};A former ambassador to {B};Security experts;Business "
    "groups in {city};Regional officials;A researcher at a university in {city2};Several Western "
    "diplomats;Commentators on state television~verb=said that;warned that;argued that;told reporters that;wrote in a "
    "commentary that;said privately that~claim=the episode was likely to deepen tensions between {A} and {B};the move "
    "would complicate talks planned for {month};the government had little room to compromise before elections due in "
    "{n1} months;economic ties worth about {n2} billion dollars a year could suffer;{A} was testing how far it could "
    "go;the decision reflected pressure from hardliners at home;both sides would try to contain the dispute before the"
    " summit in {city2};the timing, {n3} days before a key vote, was no accident;{B} was unlikely to back down "
    "quickly~when=Since {year};Since {month} {year};Over the past {n3} months;For most of the last decade;In recent "
    "years;Since talks in {city2} stalled in {year}~fact=relations between {A} and {B} have swung between cooperation "
    "and confrontation;more than {n2} people have been displaced by unrest in the region, according to aid groups;the "
    "two governments have signed {n1} agreements that were never put into force;officials have met {n3} times without "
    "a breakthrough;protests over living costs have spread to at least {n1} provinces;both militaries have stepped up "
    "patrols along the frontier~detail=It was the {ord} such episode this year, according to a tally kept by local "
    "media.;The move came {n3} days after officials from {A} and {B} traded accusations at a regional meeting in "
    "{city2}.;Officials in {city} said further details would be released within {n4} hours.;Shares in {city} fell "
    "{n1}.{n4} percent in early trading as investors weighed the news.;State television showed footage it said had "
    "been recorded about {n4} kilometers from {city}.;The European Union urged restraint and called on both sides to "
    "settle their differences through dialogue.;{B} did not immediately comment, but state media in {B} carried a "
    "brief report.;Washington said it was in close contact with its partners and would not comment on intelligence "
    "matters.~closing=A spokesperson for {B} said a fuller response would follow after consultations.;The {ord} round "
    "of talks is due to take place in {city2} before the end of {month}.;Police said {n3} people were being questioned"
    " and that roads around {city} would remain closed.;Further announcements are expected after a cabinet meeting on "
    "{month} {n3}.;Parliament in {city} is due to debate the matter on {month} {n6}, a spokesperson said.")
POOLS = {k: v.split(";") for k, v in (section.split("=", 1) for section in _TEXT.split("~"))}
COUNTRIES = [c.split("|") for c in POOLS.pop("countries")]


def article(seed: int, feed: int, n: int, published: dt.datetime) -> tuple[str, str, list[str]]:
    """(headline, dateline, paragraphs) of item n of a feed; deterministic for the arguments."""
    rng = random.Random(f"{seed}/{feed}-{n}")
    dateline, a, b, city, headline, lead = rng.choice(TEMPLATES)
    if not a:
        (a, city, dateline), (b, _, _) = rng.sample(COUNTRIES, 2)
    slots: dict[str, Any] = {k: rng.choice(v) for k, v in POOLS.items()}
    slots.update(A=a, B=b, city=city, city2=rng.choice([c[1] for c in COUNTRIES if c[1] != city]),
                 day=published.strftime("%A"), n1=rng.randint(2, 9), n2=rng.randint(12, 480), n3=rng.randint(3, 60),
                 n4=rng.randint(10, 99), n5=rng.randint(1, 11), n6=rng.randint(1, 28), year=rng.randint(2009, 2022))
    draw = {k: iter(rng.sample(POOLS[k], len(POOLS[k]))) for k in ("detail", "who", "claim", "when", "fact")}

    def say(*parts: str) -> str:  # one sentence, slots filled, capitalised
        text = " ".join(parts).format(**slots)
        return (text[:1].upper() + text[1:]).replace(" ,", ",")

    analyses = [say(next(draw["who"]), rng.choice(POOLS["verb"]), next(draw["claim"]) + ".") for _ in range(2)]
    contexts = [say(next(draw["when"]) + ",", next(draw["fact"]) + ".") for _ in range(2)]
    paras = [" ".join([say(lead), say(next(draw["detail"]))] + [say(next(draw["detail"]))] * (rng.random() < .5)),
             " ".join([analyses[0], say(next(draw["detail"]))][:: rng.choice((1, -1))]),
             say(f"\u201c{slots['quote']},\u201d {slots['speaker']} {slots['tail']}.") + " " + contexts[0]]
    if rng.random() < 0.6:
        paras.append(analyses[1] + " " + contexts[1])
    paras.append(say(slots["closing"]))
    return say(headline), dateline, paras


def page_html(seed: int, feed: int, n: int, published: dt.datetime) -> tuple[str, str]:
    title, dateline, paras = article(seed, feed, n, published)
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in [f"{dateline} \u2014 {paras[0]}", *paras[1:]])
    iso = published.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    esc = html.escape(title)
    return title, (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc} | Wire {feed}</title>\n'
                   f'<meta property="og:title" content="{esc}">\n<meta property="article:published_time" '
                   f'content="{iso}"></head>\n<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>\n'
                   f'<article><h1>{esc}</h1>\n{body}</article>\n<aside><p>Source link</p><h2>You May Also Like</h2>'
                   '<ul><li><a href="/more">Markets steady ahead of central bank decision</a></li><li><a href="/more">'
                   "Heat wave grips the region for a fifth day</a></li></ul></aside></body></html>\n")


# --- Server (child process) -------------------------------------------------------------------------------------
class _State:
    def __init__(self, plan: FarmPlan, port: int, started: float) -> None:
        self.plan, self.started, self.lock, self.counts = plan, started, threading.Lock(), Counter[str]()
        self.hung_hosts, self.failing_hosts = _fault_hosts(plan)
        self.host_feed = {feed_host(i): i for i in range(plan.feeds)}
        self.feeds: dict[int, list[tuple[float, int, PlannedItem, str]]] = defaultdict(list)
        self.pages: dict[tuple[int, str], tuple[PlannedItem, bytes]] = {}
        self.start_http = formatdate(started, usegmt=True)
        for item in plan_items(plan, port):
            path = urlsplit(item.page_url).path
            feed, n = (int(x) for x in path.rsplit("/", 1)[1].removesuffix(".html").split("-"))
            title, text = page_html(plan.seed, feed, n, dt.datetime.fromtimestamp(started + item.appear_at, dt.UTC))
            self.feeds[feed].append((item.appear_at, n, item, title))
            self.pages[(feed, path)] = (item, text.encode())
        for entries in self.feeds.values():
            entries.sort(key=lambda e: (e[0], e[1]), reverse=True)

    def count(self, kind: str) -> None:
        with self.lock:
            self.counts[kind] += 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    state: _State

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client went away: not worth a trace
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version, sys_version = "FeedFarm/1.0", ""
    timeout = 600  # idle keep-alive connections are closed after this
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, kind: str, body: bytes, ctype: str = "text/plain; charset=utf-8",
              headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.server.state.count(kind)
        try:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", "0" if code == 304 else str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if code != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _not_modified(self, etag: str, last_modified: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return inm.strip() == "*" or etag in [t.strip().removeprefix("W/") for t in inm.split(",")]
        return self.headers.get("If-Modified-Since", "").strip() == last_modified

    def do_GET(self) -> None:
        st = self.server.state
        path = urlsplit(self.path).path
        feed = st.host_feed.get((self.headers.get("Host") or "").rsplit(":", 1)[0].strip().lower(), -1)
        now, page = time.time() - st.started, st.pages.get((feed, path))
        if path == "/_stats":
            self._send(200, "", json.dumps({k: v for k, v in st.counts.items() if k}).encode(), "application/json")
        elif feed < 0:
            self._send(404, "unknown-host", b"unknown host\n")
        elif feed in st.hung_hosts or (page and page[0].fault == "hung-page" and page[0].appear_at <= now):
            st.count("hung")  # accept, read the request, never answer
            threading.Event().wait(600)
            self.close_connection = True
        elif path == "/robots.txt":
            lm, etag = st.start_http, '"robots-1"'
            kind, code = ("robots-304", 304) if self._not_modified(etag, lm) else ("robots-200", 200)
            self._send(code, kind, b"User-agent: *\nAllow: /\n", headers=(("ETag", etag), ("Last-Modified", lm)))
        elif path == "/feed.rss":
            visible = [e for e in st.feeds[feed] if e[0] <= now][:20]
            etag = '"' + hashlib.sha1("\n".join(e[2].page_url for e in visible).encode()).hexdigest()[:20] + '"'
            lm = formatdate(st.started + visible[0][0], usegmt=True) if visible else st.start_http
            hdrs = (("ETag", etag), ("Last-Modified", lm), ("Cache-Control", "max-age=0"))
            if self._not_modified(etag, lm):
                self._send(304, "feed-304", b"", headers=hdrs)
                return
            entries = "".join(
                f"<item><title>{html.escape(title)}</title><link>{e.page_url}</link><guid isPermaLink=\"true\">"
                f"{e.page_url}</guid><pubDate>{formatdate(st.started + at, usegmt=True)}</pubDate></item>\n"
                for at, _, e, title in visible)
            body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire {feed:03d} '
                    f"World News</title><link>http://{feed_host(feed)}/</link><description>Wire copy</description>"
                    f"<lastBuildDate>{lm}</lastBuildDate>\n{entries}</channel></rss>\n")
            self._send(200, "feed-200", body.encode(), "application/rss+xml; charset=utf-8", hdrs)
        elif page is None or now < page[0].appear_at or (page[0].fault == "late" and
                                                          now < page[0].appear_at + st.plan.late_for):
            self._send(404, "page-404", b"not found\n")
        elif feed in st.failing_hosts:
            self._send(503, "page-503", b"service unavailable\n")
        else:
            self._send(200, "page-200", page[1], "text/html; charset=utf-8")


def _serve(plan: FarmPlan, port: int, conn: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which then terminates us
    if parent := mp.parent_process():  # and if the parent dies without doing so (SIGKILL, SIGTERM), stop as well
        threading.Thread(target=lambda: (parent.join(), os._exit(0)), daemon=True).start()
    try:
        server = _Server(("0.0.0.0", port), _Handler)
        started = time.time()
        server.state = _State(plan, server.server_address[1], started)
    except Exception as exc:
        conn.send(("error", repr(exc)))
        return
    conn.send(("ok", server.server_address[1], started))
    server.serve_forever(poll_interval=0.5)


class FeedFarm:
    """Runs the farm in a child process while the ``with`` block lasts; the farm's clock starts at started_at."""

    def __init__(self, plan: FarmPlan, port: int | None = None) -> None:
        self.plan, self.port, self.started_at = plan, port or 0, 0.0
        self._process: Any = None

    def __enter__(self) -> FeedFarm:
        ctx = mp.get_context("spawn")
        receiver, sender = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_serve, args=(self.plan, self.port, sender), daemon=True)
        self._process.start()
        sender.close()
        reply: tuple[Any, ...] = ("error", "it died (spawn: is the caller's main code under `if __name__ == ...`?)")
        with contextlib.suppress(EOFError):
            reply = receiver.recv() if receiver.poll(60) else ("error", "no answer within 60 s")
        if reply[0] != "ok":
            self.__exit__()
            raise RuntimeError(f"feed farm failed to start: {reply[1]}")
        _, self.port, self.started_at = reply
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None:
            self._process.terminate()  # hung handlers die with the process
            self._process.join(10)
            self._process = None

    def feed_urls(self) -> list[str]:
        return [f"http://{feed_host(i)}:{self.port}/feed.rss" for i in range(self.plan.feeds)]

    def items(self) -> list[PlannedItem]:
        return plan_items(self.plan, self.port)

    def stats(self) -> dict[str, int]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)  # not urllib: no proxy from the env
        conn.request("GET", "/_stats")
        return json.loads(conn.getresponse().read())


if __name__ == "__main__":
    with FeedFarm(FarmPlan(feeds=20, items=10, duration=20, warmup=5)) as farm:
        print(f"farm on port {farm.port}; feeds:", *farm.feed_urls()[:3], sep="\n  ")
        print("items appearing during the run:", *(f"{i.appear_at:5.1f}s {i.fault or 'ok':12} {i.page_url}"
                                                   for i in farm.items() if i.appear_at), sep="\n  ")
        print(f"stats: curl http://127.0.0.1:{farm.port}/_stats   (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(10**6)
