// eventwatch dashboard: the actor page (#/actor/CODE): its proper name, what it did and what was done to it per
// month (GET /api/actors/CODE, split into the escalation index's conflict and cooperation sides), its main
// counterparts with an escalation summary per pair (GET /api/actors/CODE/escalation/OTHER, asked row by row: each
// reads a pair's history), and its latest events. Uses app.js's helpers (el, link, api, actorLink); store text
// goes in as text nodes only.
"use strict";

const SIDE_ORDER = ["conflict", "cooperation", "other"];  // bottom to top of each bar
const actorCharts = [];

function actorHeading(a) {
  const title = el("h2", { id: "actor-title" }, a.name === a.code ? a.code : `${a.name} (${a.code})`);
  const about = el("p", { class: "muted", id: "actor-about" }, a.kind === "role" ? `${a.role_label || a.role} of ` : a.kind);
  if (a.kind === "role") about.append(link(`#/actor/${encodeURIComponent(a.country)}`, a.country_name || a.country));
  else if (a.kind === "organisation" && a.country && a.country !== a.code) {
    about.append(" within ", link(`#/actor/${encodeURIComponent(a.country)}`, a.country_name || a.country));
  }
  const parts = [title, about];
  if (a.includes.length) parts.push(el("p", { class: "muted" }, `Dictionary names coded ${a.code}: ${a.includes.join("; ")}`));
  return parts;
}

function actorSummary(a) {
  return el("p", { id: "actor-summary" }, el("strong", {}, `${a.as_source}`), " events as source (what it did",
    a.without_target ? `; ${a.without_target} naming no target` : "", "), ",
    el("strong", {}, `${a.as_target}`), " events as target (done to it) · ",
    link(`#/?actor=${encodeURIComponent(a.code)}`, "all its events in the table"));
}

// Stacked bars in uPlot: series k holds the sum of the sides up to k, drawn tallest first so each shorter sum
// paints over it; the legend shows the side's own count, not the running sum.
function sideChart(box, periods, sides, yLabel, interval) {
  const xs = periods.map((p) => Date.parse(p) / 1000);
  // The legend names the bar's period (2022-01, or 2022), not the first day the API dates it by.
  const periodOf = (u, v) => (v === null || v === undefined ? "–"
    : new Date(v * 1000).toISOString().slice(0, interval === "year" ? 4 : 7));
  // An empty sum is null, not 0: uPlot would draw a zero-height bar's outline as a line along the axis.
  const sums = SIDE_ORDER.map((_, k) => xs.map((_, i) => SIDE_ORDER.slice(0, k + 1).reduce((s, side) => s + sides[side][i], 0) || null));
  const bars = uPlot.paths.bars({ size: [0.8, 40] });
  const series = [{ label: interval, value: periodOf }, ...[...SIDE_ORDER].reverse().map((side) => ({ label: side, fill: SIDE_COLORS[side],
    stroke: SIDE_COLORS[side], paths: bars, points: { show: false },
    value: (u, v, s, i) => (i === null || i === undefined ? "–" : sides[side][i]) }))];
  const pad = 16 * 86400;  // half a month each side, so the first and last bars are not cut in half
  const opts = { width: Math.max(300, box.clientWidth || 800), height: 200, series,
    scales: { x: { time: true, range: (u, lo, hi) => [lo - pad, hi + pad] },
      y: { range: (u, lo, hi) => [0, Math.max(1, hi)] } },  // from 0: with empty months null, 1 could be the floor
    axes: [{}, { label: yLabel, size: 50 }] };
  actorCharts.push(new uPlot(opts, [xs, ...[...sums].reverse()], box));
}

function drawActorCharts(a) {
  while (actorCharts.length) actorCharts.pop().destroy();
  const per = a.interval === "year" ? "year" : "month";
  if (!a.periods.length) return;
  sideChart(document.getElementById("actor-chart-did"), a.periods, a.did, `events per ${per}`, per);
  sideChart(document.getElementById("actor-chart-done-to"), a.periods, a.done_to, `events per ${per}`, per);
}

function chartPanel(a) {
  if (!a.periods.length) return el("p", { class: "muted" }, "No events yet.");
  return el("div", { class: "actor-charts" },
    el("h3", {}, `What ${a.code} did`), el("div", { id: "actor-chart-did", class: "actor-chart" }),
    el("h3", {}, `What was done to ${a.code}`), el("div", { id: "actor-chart-done-to", class: "actor-chart" }),
    el("p", { class: "muted" }, "Conflict and cooperation as the escalation index counts them: events that happened " +
      "or were threatened, by the sign of their intensity; other: neutral, planned, denied or hypothetical. " +
      "An event dated only to a year is counted in its January."));
}

function counterpartRow(c) {
  const page = link(`#/actor/${encodeURIComponent(c.code)}`, c.name);
  page.className = "counterpart-link";
  return el("tr", { class: "counterpart", dataset: { code: c.code } },
    el("td", {}, page, el("span", { class: "muted" }, ` ${c.code}`)),
    el("td", { class: "num" }, `${c.by_actor}`), el("td", { class: "num" }, `${c.to_actor}`),
    el("td", { class: "pair-escalation muted" }, "…"));
}

function counterpartTable(a) {
  if (!a.counterparts.length) return el("p", { class: "muted" }, "No counterparts: no event names another actor.");
  return el("div", { class: "table-scroll" }, el("table", { id: "actor-counterparts" },
    el("thead", {}, el("tr", {}, el("th", {}, "counterpart"), el("th", { class: "num" }, `${a.code} → it`),
      el("th", { class: "num" }, `it → ${a.code}`), el("th", {}, "escalation (both directions)"))),
    el("tbody", {}, ...a.counterparts.map(counterpartRow))));
}

// One pair's summary in words: the level of its last 30 days and its spikes over the index's year.
function escalationSummary(s) {
  const cell = el("span", {}, `last ${s.recent_days} days to ${s.until}: `,
    el("span", { class: "side-conflict" }, `conflict ${s.recent_conflict}`), ", ",
    el("span", { class: "side-cooperation" }, `cooperation ${s.recent_cooperation}`), "; ");
  if (!s.spikes) cell.append(`no spikes since ${s.since}`);
  else {
    cell.append(`${s.spikes} spike${s.spikes > 1 ? "s" : ""} since ${s.since} (${s.conflict_spikes} conflict), last `,
      el("span", { class: `side-${s.last_spike.side}` }, `${s.last_spike.date} ${s.last_spike.side}`));
  }
  return cell;
}

// Asked one pair at a time: each summary reads the pair's history, and the page is already usable meanwhile.
async function fillEscalations(a) {
  for (const row of document.querySelectorAll("#actor-counterparts tr.counterpart")) {
    const cell = row.querySelector(".pair-escalation");
    try {
      const summary = await api(`actors/${encodeURIComponent(a.code)}/escalation/${encodeURIComponent(row.dataset.code)}`);
      const pair = new URLSearchParams({ esc: a.code, esc_target: row.dataset.code });
      cell.replaceChildren(escalationSummary(summary), " ",
        el("a", { href: `#/?${pair}`, class: "escalation-link" }, "chart"));
      cell.classList.remove("muted");
    } catch (error) {
      cell.textContent = `not available: ${error.message}`;
    }
  }
}

function latestList(id, heading, page, other) {
  const items = page.events.map((e) => el("li", {}, link(`#/event/${e.id}`, e.date), ` ${e.type}${e.mode ? "/" + e.mode : ""} `,
    other(e), el("span", { class: "muted actor-evidence" }, ` ${e.evidence}`)));
  return el("div", {}, el("h3", {}, heading),
    el("ul", { id, class: "actor-latest" }, ...(items.length ? items : [el("li", { class: "muted" }, "none")])));
}

async function showActor(code) {
  const detail = document.getElementById("detail");
  const path = `actors/${encodeURIComponent(code.toUpperCase())}`;
  const [a, did, doneTo] = await Promise.all([api(path), api("events", { source: code, limit: 10 }),
    api("events", { target: code, limit: 10 })]);
  const page = el("div", { id: "actor-page" }, ...actorHeading(a), actorSummary(a), chartPanel(a),
    el("h3", {}, "Main counterparts"), counterpartTable(a),
    el("div", { class: "actor-latest-lists" },
      latestList("actor-latest-did", "Latest it did", did, (e) => el("span", {}, "→ ", actorLink(e.target))),
      latestList("actor-latest-done-to", "Latest done to it", doneTo, (e) => el("span", {}, "by ", actorLink(e.source)))));
  detail.replaceChildren(page);
  drawActorCharts(a);  // uPlot sizes itself from its box: once the page is in the document
  page.dataset.ready = "1";
  await fillEscalations(a);
  page.dataset.escalations = "1";
}
