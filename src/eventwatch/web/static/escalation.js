// eventwatch dashboard: the escalation panel (GET /api/escalation): daily conflict and cooperation of an
// actor or pair, the level a day needs to be a spike, the spikes with the events that drove them, records.
// Uses el, link, api and filters from app.js. Store text goes in as text nodes only.
"use strict";

// The panel's pair lives in the URL beside the filters (#/?esc=PRK&esc_target=USA&esc_directed=1), so a view of
// it can be bookmarked; `drawnKey` is the pair and dates last drawn, so a new page of the table does not redraw it.
const ESCALATION_KEYS = ["esc", "esc_target", "esc_directed"];
const escalationState = { chart: null, drawnKey: null };

function escalationParams() {
  const form = new FormData(document.getElementById("escalation-form"));
  const dates = filters();  // the header's since/until, when set, bound the series
  const params = { actor: (form.get("actor") || "").trim().toUpperCase(),
    target: (form.get("target") || "").trim().toUpperCase(), since: dates.since, until: dates.until };
  if (form.get("directed") && params.target) params.directed = "true";
  return params;
}

// uPlot series: the totals as lines, the spike levels dashed, and the spikes as big points.
function escalationChart(box, data) {
  const xs = data.days.map((d) => Date.parse(d.date) / 1000);
  const level = (side) => data.days.map((d) => (d[`${side}_baseline`] ? d[`${side}_baseline`].spike_level : null));
  const marks = (side) => {
    const spiky = new Set(data.spikes.filter((s) => s.side === side).map((s) => s.date));
    return data.days.map((d) => (spiky.has(d.date) ? d[side] : null));
  };
  const noLine = () => null;
  const series = [{},
    { label: "conflict", stroke: "#b22222", width: 1.5 },
    { label: "cooperation", stroke: "#2e7d32", width: 1.5 },
    { label: "conflict spike level", stroke: "#b2222266", dash: [4, 4] },
    { label: "cooperation spike level", stroke: "#2e7d3266", dash: [4, 4] },
    { label: "conflict spike", stroke: "#b22222", paths: noLine, points: { show: true, size: 11, fill: "#b22222" } },
    { label: "cooperation spike", stroke: "#2e7d32", paths: noLine, points: { show: true, size: 11, fill: "#2e7d32" } }];
  const opts = { width: box.clientWidth || 900, height: 260, series, scales: { x: { time: true } },
    axes: [{}, { label: "intensity per day" }] };
  if (escalationState.chart) escalationState.chart.destroy();
  box.replaceChildren();
  escalationState.chart = new uPlot(opts, [xs, data.days.map((d) => d.conflict), data.days.map((d) => d.cooperation),
    level("conflict"), level("cooperation"), marks("conflict"), marks("cooperation")], box);
}

function spikeItem(spike) {
  const b = spike.baseline;
  const drivers = el("ul", {}, ...spike.drivers.map((d) => el("li", { class: "driver" },
    link(`#/event/${d.id}`, `${d.source || "—"} → ${d.target || "—"} ${d.type}${d.mode ? "/" + d.mode : ""}`),
    ` ${d.modality}, ${d.intensity > 0 ? "+" : ""}${d.intensity} (${Math.round(d.share * 100)}%)`,
    d.url ? el("span", {}, " · ", el("a", { href: d.url, rel: "noopener noreferrer", target: "_blank" }, "source")) : "",
    d.evidence ? el("span", { class: "driver-evidence" }, `“${d.evidence}”`) : "")));
  if (spike.more_drivers) drivers.append(el("li", { class: "muted" }, `and ${spike.more_drivers} more events`));
  return el("li", { class: "spike" }, el("span", { class: `side-${spike.side}` }, `${spike.date} ${spike.side}`),
    ` ${spike.value} (usual ${b.median}, z ${b.z})`, drivers);
}

async function drawEscalation() {
  const params = escalationParams();
  const panel = document.getElementById("escalation");
  const note = document.getElementById("escalation-note");
  const spikes = document.getElementById("escalation-spikes");
  const records = document.getElementById("escalation-records");
  panel.dataset.ready = "0";
  if (!params.actor) {
    note.textContent = "enter an actor code (and optionally the other side of a pair)";
    return;
  }
  try {
    const data = await api("escalation", params);
    note.textContent = `${data.scope}, ${data.since} … ${data.until}; spike: robust z ≥ ${data.threshold} over ` +
      `${data.window} days` + (Object.keys(data.undated_to_day).length
      ? `; ${Object.values(data.undated_to_day).reduce((a, b) => a + b, 0)} events not dated to a day` : "");
    escalationChart(document.getElementById("escalation-chart"), data);
    spikes.replaceChildren(...(data.spikes.length ? data.spikes.map(spikeItem) : [el("li", { class: "muted" }, "none")]));
    records.replaceChildren(...(data.records.length ? data.records.map((r) => el("li", { class: "record" }, r.description))
      : [el("li", { class: "muted" }, "none")]));
  } catch (error) {
    note.textContent = `Could not load: ${error.message}`;
    spikes.replaceChildren();
    records.replaceChildren();
  }
  panel.dataset.ready = "1";
}

// Called by the router on every overview URL: the form shows the URL's pair, drawn when it or the dates changed.
async function syncEscalation(query) {
  const form = document.getElementById("escalation-form");
  form.elements.actor.value = query.get("esc") || "";
  form.elements.target.value = query.get("esc_target") || "";
  form.elements.directed.checked = query.get("esc_directed") === "1";
  const key = JSON.stringify(escalationParams());
  if (key === escalationState.drawnKey) return;
  escalationState.drawnKey = key;
  await drawEscalation();
}

document.getElementById("escalation-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const form = new FormData(ev.target);
  const params = new URLSearchParams(routeParams().query);
  const values = { esc: (form.get("actor") || "").trim().toUpperCase(),
    esc_target: (form.get("target") || "").trim().toUpperCase(), esc_directed: form.get("directed") ? "1" : "" };
  for (const key of ESCALATION_KEYS) { if (values[key]) params.set(key, values[key]); else params.delete(key); }
  location.hash = "#/?" + params;
});
