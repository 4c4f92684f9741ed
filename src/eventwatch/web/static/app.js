// eventwatch dashboard: timeline, map, event table, event / actor / article pages, search.
// Article text and every other value from the store is untrusted: it is only ever inserted as text nodes.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const COLORS = ["#4e79a7", "#59a14f", "#8cd17d", "#b6992d", "#499894", "#86bcb6", "#f1ce63", "#a0cbe8",
  "#e15759", "#ff9d9a", "#d37295", "#fabfd2", "#b07aa1", "#f28e2b", "#9d7660", "#79706e"];
// filterKey: the filters the timeline and map were last drawn for; a new page or sort redraws only the table.
const state = { map: null, markers: null, chart: null, filterKey: null };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function link(href, text) { return el("a", { href }, text); }

// A stored article URL as a link to the original only when it is http(s): a "javascript:" or "data:" URL in
// scraped metadata would otherwise run when clicked. Anything else is shown as plain text.
function originalLink(url, text) {
  let scheme = "";
  try { scheme = new URL(url).protocol; } catch (error) { scheme = ""; }
  if (scheme !== "http:" && scheme !== "https:") return el("span", { class: "unsafe-url" }, text === url ? url : "");
  return el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, text);
}

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  const response = await fetch(`/api/${path}${query.toString() ? "?" + query : ""}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function filters() {
  const form = new FormData(document.getElementById("filters"));
  const params = {};
  for (const [k, v] of form.entries()) if (v) params[k] = k === "actor" ? v.toUpperCase() : v;
  return params;
}

function routeParams() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  return { parts: path.split("/").filter(Boolean), query: new URLSearchParams(query || "") };
}

function setFormFromQuery(query) {
  const form = document.getElementById("filters");
  for (const input of form.elements) if (input.name) input.value = query.get(input.name) || "";
}

// --- overview: timeline, map, table -------------------------------------------------------------

async function drawTimeline(params) {
  const box = document.getElementById("timeline");
  const data = await api("timeline", { ...params, interval: "month" });
  const periods = [...new Set(data.buckets.map((b) => b.period))].sort();
  const index = new Map(periods.map((p, i) => [p, i]));
  const types = TYPES.filter((t) => data.buckets.some((b) => b.type === t));
  const counts = types.map(() => periods.map(() => 0));
  const intensity = periods.map(() => 0);
  for (const b of data.buckets) {
    counts[types.indexOf(b.type)][index.get(b.period)] += b.events;
    intensity[index.get(b.period)] += b.intensity;
  }
  // Stacked: each series is drawn as the running total of the types below it.
  const stacked = counts.map((_, i) => periods.map((__, j) => counts.slice(0, i + 1).reduce((s, c) => s + c[j], 0)));
  const xs = periods.map((p) => Date.parse(p) / 1000);
  box.replaceChildren();
  document.getElementById("timeline-note").textContent =
    `${data.buckets.reduce((s, b) => s + b.events, 0)} events per month, stacked by type; line: summed intensity`;
  if (!xs.length) { box.append(el("p", { class: "muted" }, "No events match.")); return; }
  // Drawn from the tallest total down, so each type's band shows above the ones below it.
  const order = types.map((_, i) => i).reverse();
  const series = [{}];
  for (const i of order) {
    const color = COLORS[TYPES.indexOf(types[i])];
    series.push({ label: types[i], stroke: color, fill: color + "99", value: (u, v, s, idx) => (idx === null ? "" : counts[i][idx]) });
  }
  series.push({ label: "intensity", stroke: "#222", width: 2, scale: "intensity" });
  const opts = { width: box.clientWidth || 600, height: 300, series,
    axes: [{}, { label: "events" }, { side: 1, scale: "intensity", label: "intensity", grid: { show: false } }],
    scales: { x: { time: true } } };
  state.chart = new uPlot(opts, [xs, ...order.map((i) => stacked[i]), intensity], box);
}

async function drawMap(params) {
  if (!state.map) {
    state.map = L.map("map", { worldCopyJump: true }).setView([30, 60], 2);
    const outlines = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
    L.geoJSON(topojson.feature(outlines, outlines.objects.countries), {
      style: { color: "#8a94a6", weight: 0.6, fillColor: "#dde2ea", fillOpacity: 1 },
    }).addTo(state.map);
    const tiles = new URLSearchParams(location.search).get("tiles");  // optional online tiles, off by default
    if (tiles) L.tileLayer(tiles, { maxZoom: 12 }).addTo(state.map);
    state.markers = L.layerGroup().addTo(state.map);
  }
  const data = await api("events.geojson", { ...params, limit: 2000 });
  state.markers.clearLayers();
  for (const f of data.features) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], { radius: 4 + Math.min(6, p.num_sources), weight: 1,
      color: COLORS[TYPES.indexOf(p.type)], fillOpacity: p.place_basis === "sentence" ? 0.8 : 0.3 });
    const popup = el("div", {}, el("strong", {}, `${p.source || "—"} ${p.type} ${p.target || ""}`), el("br"),
      `${p.date} · ${p.place} (${p.place_precision}, ${p.place_basis})`, el("br"), link(`#/event/${p.id}`, "open event"));
    marker.bindPopup(popup);
    marker.addTo(state.markers);
  }
  document.getElementById("map-note").textContent = `${data.features.length} placed events`;
}

function actorLink(code) { return code ? link(`#/actor/${encodeURIComponent(code)}`, code) : "—"; }

// Evidence with its trigger words marked (text only, split around the trigger).
function highlighted(sentence, trigger) {
  const span = el("span");
  const at = trigger ? sentence.indexOf(trigger) : -1;
  if (at < 0) { span.append(sentence); return span; }
  span.append(sentence.slice(0, at), el("mark", { class: "trigger" }, trigger), sentence.slice(at + trigger.length));
  return span;
}

// --- pages ----------------------------------------------------------------------------------------

// The article text with the given spans marked: [start, end, triggerStart, triggerEnd].
function articleText(text, spans) {
  const box = el("div", { class: "article-text", id: "article-text" });
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [start, end, tStart, tEnd] of sorted) {
    if (start < at) continue;  // overlapping evidence: the first one is shown
    box.append(text.slice(at, start));
    const mark = el("mark", { class: "evidence" });
    if (tStart >= start && tEnd <= end) {
      mark.append(text.slice(start, tStart), el("mark", { class: "trigger" }, text.slice(tStart, tEnd)), text.slice(tEnd, end));
    } else mark.append(text.slice(start, end));
    box.append(mark);
    at = end;
  }
  box.append(text.slice(at));
  return box;
}

async function showArticle(id) {
  const a = await api(`articles/${encodeURIComponent(id)}`);
  const detail = document.getElementById("detail");
  detail.replaceChildren(el("h2", {}, a.title || a.id),
    el("p", { class: "muted" }, `${a.published || "undated"} · ${a.outlet || a.source || ""} · `,
      a.url ? originalLink(a.url, a.url) : "",
      a.duplicate_of ? el("span", {}, " · copy of ", link(`#/article/${a.duplicate_of}`, a.duplicate_of)) : ""),
    articleText(a.text, a.highlights.map((h) => [h.start, h.end, h.trigger_start, h.trigger_end])),
    el("h3", {}, `${a.events.length} events`),
    el("ul", {}, ...a.events.map((e) => el("li", {}, link(`#/event/${e.id}`, `${e.date} ${e.source || "—"} ${e.type} ${e.target || ""}`)))),
    el("h3", {}, "Related stories"),
    el("ul", {}, ...a.related.map((r) => el("li", {}, link(`#/article/${r.article_id}`, r.title || r.article_id),
      el("span", { class: "muted" }, ` ${r.shared_events} shared events${r.duplicate ? " · copy" : ""}`)))));
}

async function showActor(code) {
  const detail = document.getElementById("detail");
  const [actors, asSource, asTarget, timeline] = await Promise.all([api("actors", { prefix: code, limit: 1 }),
    api("events", { source: code, limit: 100 }), api("events", { target: code, limit: 100 }),
    api("timeline", { actor: code, interval: "month" })]);
  const info = actors[0] || { code, name: null };
  const byType = {};
  for (const b of timeline.buckets) byType[b.type] = (byType[b.type] || 0) + b.events;
  const targets = {};
  for (const e of asSource.events) if (e.target) targets[e.target] = (targets[e.target] || 0) + 1;
  detail.replaceChildren(el("h2", { id: "actor-title" }, `${code}${info.name ? " — " + info.name : ""}`),
    el("p", {}, `${asSource.total} events as source, ${asTarget.total} as target`),
    el("h3", {}, "What it did"), el("ul", {}, ...Object.entries(byType).sort((a, b) => b[1] - a[1]).map(([t, n]) => el("li", {}, `${t}: ${n}`))),
    el("h3", {}, "To whom"), el("ul", {}, ...Object.entries(targets).sort((a, b) => b[1] - a[1]).map(([t, n]) => el("li", {}, actorLink(t), ` ${n}`))),
    el("h3", {}, "Over time (events per month)"),
    el("ul", {}, ...[...new Set(timeline.buckets.map((b) => b.period))].map((p) => el("li", {}, `${p}: ${timeline.buckets.filter((b) => b.period === p).reduce((s, b) => s + b.events, 0)}`))),
    el("h3", {}, "Latest events"),
    el("ul", {}, ...asSource.events.slice(0, 20).map((e) => el("li", {}, link(`#/event/${e.id}`, `${e.date} ${e.type} → ${e.target || "—"}`), ` ${e.evidence}`))));
}

// --- routing ----------------------------------------------------------------------------------------

async function route() {
  const { parts, query } = routeParams();
  document.body.dataset.ready = "0";
  const overview = document.getElementById("overview");
  const detail = document.getElementById("detail");
  try {
    if (parts[0] === "event" || parts[0] === "article" || parts[0] === "actor") {
      overview.hidden = true; detail.hidden = false;
      detail.replaceChildren(el("p", { class: "muted" }, "Loading…"));
      await ({ event: showEvent, article: showArticle, actor: showActor })[parts[0]](decodeURIComponent(parts[1] || ""));
      return;
    }
    overview.hidden = false; detail.hidden = true;
    setFormFromQuery(query);
    const params = filterParams(query);
    const key = new URLSearchParams(params).toString();
    const views = key === state.filterKey ? [] : [drawTimeline(params), drawMap(params)];
    await Promise.all([...views, drawTable(params, tableState(query))]);
    state.filterKey = key;
    document.body.dataset.ready = "1";
  } catch (error) {
    detail.hidden = false;
    detail.replaceChildren(el("p", { class: "error" }, `Could not load: ${error.message}`));
  }
}

function init() {
  const select = document.getElementById("filter-type");
  for (const t of TYPES) select.append(el("option", { value: t }, t));
  document.getElementById("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    // New filters start at the first page, keeping the table's sort and page size.
    const table = tableState(routeParams().query);
    const params = new URLSearchParams(filters());
    if (table.sort !== "-date") params.set("sort", table.sort);
    if (table.size !== 50) params.set("size", String(table.size));
    location.hash = "#/?" + params;
  });
  document.getElementById("clear").addEventListener("click", () => { location.hash = "#/"; });
  initTable();
  window.addEventListener("hashchange", route);
  route();
}

init();
