// eventwatch dashboard: timeline, map, event table, event / actor / article pages, search.
// Article text and every other value from the store is untrusted: it is only ever inserted as text nodes.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const COLORS = ["#4e79a7", "#59a14f", "#8cd17d", "#b6992d", "#499894", "#86bcb6", "#f1ce63", "#a0cbe8",
  "#e15759", "#ff9d9a", "#d37295", "#fabfd2", "#b07aa1", "#f28e2b", "#9d7660", "#79706e"];
// Conflict and cooperation as the escalation index splits them (and "other": neutral, planned, denied), in every chart.
const SIDE_COLORS = { conflict: "#b22222", cooperation: "#2e7d32", other: "#a3a9b5" };
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
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    Object.assign(error, { status: response.status, body });  // which field was refused, suggestions
    throw error;
  }
  return body;
}

function routeParams() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  return { parts: path.split("/").filter(Boolean), query: new URLSearchParams(query || "") };
}

// --- overview: shared helpers (the timeline, map and table are in their own files) ---------------

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
      el("span", { class: "tag", id: "article-language", title: "language, told from the text" }, a.language || "en"),
      " · ",
      a.url ? originalLink(a.url, a.url) : "",
      a.duplicate_of ? el("span", {}, " · copy of ", link(`#/article/${a.duplicate_of}`, a.duplicate_of)) : ""),
    articleText(a.text, a.highlights.map((h) => [h.start, h.end, h.trigger_start, h.trigger_end])),
    el("h3", {}, `${a.events.length} events`),
    el("ul", {}, ...a.events.map((e) => el("li", {}, link(`#/event/${e.id}`, `${e.date} ${e.source || "—"} ${e.type} ${e.target || ""}`)))),
    el("h3", {}, "Related stories"),
    el("ul", {}, ...a.related.map((r) => el("li", {}, link(`#/article/${r.article_id}`, r.title || r.article_id),
      el("span", { class: "muted" }, ` ${r.shared_events} shared events${r.duplicate ? " · copy" : ""}`)))));
}

// The overview: facets, timeline and map are redrawn when the filters change, the table on every URL change, the
// escalation panel when its pair or dates change.
async function drawOverview(query) {
  setFormFromQuery(query);
  const chosen = filterParams(query);
  const params = apiFilters(chosen);
  const key = new URLSearchParams(params).toString();
  const views = key === state.filterKey ? [] : [loadFacets(params).then((f) => drawFacets(f, chosen)),
    drawTimeline(params), drawMap(params)];
  await Promise.all([...views, drawTable(params, tableState(query)), syncEscalation(query)]);
  state.filterKey = key;
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
    await drawOverview(query);
    document.body.dataset.ready = "1";
  } catch (error) {
    // A filter the server refuses (a URL edited by hand) is shown next to its field; the views stay as they were.
    if (error.status === 422 && !overview.hidden) { showRequestError(error); document.body.dataset.ready = "1"; return; }
    detail.hidden = false;
    detail.replaceChildren(el("p", { class: "error" }, `Could not load: ${error.message}`));
  }
}

function init() {
  initFilters();
  initTable();
  window.addEventListener("hashchange", route);
  route();
}

init();
