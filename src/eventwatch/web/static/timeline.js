// eventwatch dashboard: the timeline panel (GET /api/timeline). Uses app.js's helpers (el, api, TYPES, COLORS);
// store text goes in as text nodes only.
"use strict";

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
