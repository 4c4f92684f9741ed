// eventwatch dashboard: the event page (id, actors as links, a small map of its place, quotes, reporter, every
// report of it with its evidence marked in the article). Loaded before app.js as a plain script; it uses app.js's
// helpers (el, link, api, actorLink, highlighted, originalLink, articleText), which exist when it runs.
// Every value from the store is untrusted and only ever inserted as text.
"use strict";

// A place known only as a country sits at the country's centroid: drawn as a wide dashed ring and said in words,
// so it never reads as a precise point.
function eventMap(e) {
  if (e.lat === null || e.lat === undefined || e.lon === null || e.lon === undefined) return null;
  const box = el("div", { id: "event-map", class: "event-map" });
  const countryLevel = e.place_precision === "country";
  const note = el("p", { class: countryLevel ? "place-note" : "muted", id: "event-place-note" },
    countryLevel ? `Country-level place: ${e.place} (only the country is known; the mark is its centre)`
      : `${e.place} (${e.place_precision}, ${e.place_basis})`);
  return el("div", {}, box, note);
}

// Leaflet needs its box in the document to size itself: called once the page is in place.
function drawEventMap(e) {
  const box = document.getElementById("event-map");
  if (!box) return;
  const countryLevel = e.place_precision === "country";
  const map = L.map(box, { scrollWheelZoom: false }).setView([e.lat, e.lon], countryLevel ? 3 : 5);
  fetch("/static/vendor/world-atlas/countries-110m.json").then((r) => r.json()).then((outlines) => {
    L.geoJSON(topojson.feature(outlines, outlines.objects.countries), {
      style: { color: "#8a94a6", weight: 0.6, fillColor: "#dde2ea", fillOpacity: 1 },
    }).addTo(map).bringToBack();
  });
  const color = COLORS[TYPES.indexOf(e.type)] || "#333";
  const mark = countryLevel
    ? L.circle([e.lat, e.lon], { radius: 400_000, color, dashArray: "6 6", fillOpacity: 0.1, className: "country-place" })
    : L.circleMarker([e.lat, e.lon], { radius: 7, color, fillOpacity: 0.8, className: "precise-place" });
  mark.addTo(map);
}

function reporter(e) {
  if (!e.reported_by && !e.reported_by_text) return null;
  return el("p", { id: "event-reporter" }, "Reported by ",
    e.reported_by ? actorLink(e.reported_by) : "", e.reported_by_text ? ` (“${e.reported_by_text}”)` : "",
    e.reported_via ? ` via ${e.reported_via}` : "", e.claim ? ` · claim: ${e.claim}` : "");
}

// The same quote reported by two articles is stored once per article: shown once.
function uniqueQuotes(e) {
  const seen = new Map();
  for (const q of e.quotes) seen.set(JSON.stringify([q.text, q.speaker, q.speaker_text]), q);
  return [...seen.values()];
}

function quotes(e) {
  if (!e.quotes.length) return [];
  return [el("h3", {}, "Quotes"), el("div", { id: "event-quotes" }, ...uniqueQuotes(e).map((q) => el("blockquote", {},
    `“${q.text}” — `, q.speaker ? actorLink(q.speaker) : (q.speaker_text || "unattributed"),
    q.speaker && q.speaker_text ? ` (${q.speaker_text})` : "")))];
}

// One entry per article that reports the event, the one whose text is shown below marked as such.
function reports(e, shown) {
  const byArticle = new Map();
  for (const m of e.mentions) if (!byArticle.has(m.article_id)) byArticle.set(m.article_id, m);
  return el("ul", { class: "mentions", id: "event-reports" }, ...[...byArticle.values()].map((m) => el("li", {},
    el("span", { class: "tag" }, m.outlet || "—"), `${m.published || ""} `,
    link(`#/article/${m.article_id}`, m.article_title || m.article_id),
    m.url ? el("span", {}, " · ", originalLink(m.url, "original")) : "",
    m.article_id === shown ? el("span", { class: "muted" }, " · shown below") : "",
    ...e.mentions.filter((n) => n.article_id === m.article_id).map((n) => el("div", {},
      highlighted(n.sentence, n.sentence.slice(n.trigger_start - n.start, n.trigger_end - n.start)))))));
}

async function showEvent(id) {
  const e = await api(`events/${encodeURIComponent(id)}`);
  const detail = document.getElementById("detail");
  const first = e.mentions[0];
  const parts = [el("p", { class: "muted" }, "Event ", el("span", { class: "event-id", id: "event-id" }, `#${e.id}`)),
    el("h2", { id: "event-title" }, actorLink(e.source), ` ${e.type}${e.mode ? "/" + e.mode : ""} → `, actorLink(e.target)),
    el("p", {}, `${e.date} · ${e.modality}${e.aggregate ? " · aggregate" : ""} · intensity ${e.intensity}`,
      e.quantity ? ` · ${e.quantity}` : ""),
    reporter(e), eventMap(e),
    el("p", { class: "muted" }, `${e.num_mentions} mentions in ${e.num_articles} articles from ${e.num_sources} sources`),
    ...quotes(e),
    el("h3", {}, "Reports"), reports(e, first ? first.article_id : null)];
  if (first) {
    const article = await api(`articles/${encodeURIComponent(first.article_id)}`);
    parts.push(el("h3", {}, `Evidence in “${article.title || article.id}”`),
      articleText(article.text, e.mentions.filter((m) => m.article_id === article.id)
        .map((m) => [m.start, m.end, m.trigger_start, m.trigger_end])));
  }
  detail.replaceChildren(...parts.filter((p) => p !== null));
  drawEventMap(e);
}
