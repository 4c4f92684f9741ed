// eventwatch dashboard: the timeline panel (GET /api/timeline?interval=auto). Bars of day-dated events per
// day/week/month, stacked by PLOVER type; beneath, conflict and cooperation per period; then the events dated
// only to the week, month or year, listed rather than drawn on a day they do not have. Uses app.js's helpers
// (el, link, api, TYPES, COLORS); store text goes in as text nodes only.
"use strict";

const INTERVAL_WORDS = { day: "per day", week: "per week (Monday to Sunday)", month: "per month", year: "per year" };
const PRECISION_WORDS = { week: "week", month: "month", year: "year" };
const timelineState = { charts: [] };

async function drawTimeline(params) {
  const box = document.getElementById("timeline");
  const data = await api("timeline", { ...params, interval: "auto" });
  const drawn = data.bars.reduce((sum, bar) => sum + bar.events, 0);
  document.getElementById("timeline-note").textContent =
    `${drawn} day-dated events ${INTERVAL_WORDS[data.interval] || data.interval}, stacked by type`;
  for (const chart of timelineState.charts) chart.destroy();
  timelineState.charts = [];
  box.replaceChildren();
  if (data.bars.length) {
    const typesBox = el("div", { id: "timeline-types" });
    const sidesBox = el("div", { id: "timeline-sides" });
    box.append(typesBox, el("h3", { class: "timeline-sides-title" }, "Conflict and cooperation (summed intensity)"),
      sidesBox);
    timelineState.charts = [typesChart(typesBox, data.bars), sidesChart(sidesBox, data.bars)];
  } else {
    box.append(el("p", { class: "muted" }, "No day-dated events match."));
  }
  box.append(coarseNote(data));
}

// Bars sit on integer positions (0..n-1) and the axis names them: every period is equally wide, whatever
// its length in days, and a single bar still has a width.
function periodAxis(bars) {
  return { space: 70, incrs: [1, 2, 3, 4, 6, 12, 24, 52, 104, 260, 520],
    values: (u, splits) => splits.map((i) => (Number.isInteger(i) && bars[i] ? bars[i].label.replace("week of ", "") : "")) };
}

function periodSeries(bars) {
  // No x value in the legend until a bar is hovered (uPlot's default would read "--").
  return { label: "period", value: (u, v, s, idx) => (idx === null || idx === undefined || !bars[idx] ? "" : bars[idx].label) };
}

function chartOptions(box, bars, height, series, yAxis) {
  const n = bars.length;
  return { width: box.clientWidth || 600, height, series, legend: { live: true },
    cursor: { sync: { key: "timeline" }, points: { show: false }, y: false, drag: { x: false, y: false } },
    scales: { x: { time: false, range: () => [-0.5, n - 0.5] } },
    axes: [periodAxis(bars), yAxis] };
}

function barPaths() { return uPlot.paths.bars({ size: [0.8, 60], align: 0 }); }

// Stacked: each type is drawn as the running total of the types below it, tallest first, so each shorter
// total is painted over it; the legend shows the type's own count.
function typesChart(box, bars) {
  const present = TYPES.filter((t) => bars.some((b) => b.by_type[t]));
  const running = bars.map(() => 0);
  const stacked = present.map((t) => bars.map((b, j) => (running[j] += b.by_type[t] || 0)));
  const series = [periodSeries(bars)];
  const columns = [bars.map((_, i) => i)];
  for (let i = present.length - 1; i >= 0; i -= 1) {
    const type = present[i];
    const color = COLORS[TYPES.indexOf(type)];
    series.push({ label: type, stroke: color, fill: color, width: 0, paths: barPaths(), points: { show: false },
      value: (u, v, s, idx) => (idx === null || idx === undefined ? "" : bars[idx].by_type[type] || 0) });
    columns.push(stacked[i]);
  }
  const opts = chartOptions(box, bars, 260, series, { label: "events" });
  return new uPlot(opts, columns, box);
}

// Cooperation rises above the axis and conflict hangs below it, so the two never hide each other.
function sidesChart(box, bars) {
  const side = (name) => ({ label: name, stroke: SIDE_COLORS[name], fill: SIDE_COLORS[name], width: 0,
    paths: barPaths(), points: { show: false },
    value: (u, v, s, idx) => (idx === null || idx === undefined ? "" : bars[idx][name]) });
  const series = [periodSeries(bars), side("cooperation"), side("conflict")];
  const yAxis = { label: "intensity", space: 18, values: (u, splits) => splits.map((v) => String(Math.abs(v))) };
  const opts = chartOptions(box, bars, 150, series, yAxis);
  return new uPlot(opts, [bars.map((_, i) => i), bars.map((b) => b.cooperation), bars.map((b) => -b.conflict)], box);
}

function coarseNote(data) {
  const total = Object.values(data.coarse).reduce((sum, n) => sum + n, 0);
  const note = el("div", { id: "timeline-coarse", class: "coarse-note" });
  if (!total) return note;
  const kinds = Object.keys(PRECISION_WORDS).filter((p) => data.coarse[p]).map((p) => `${data.coarse[p]} to the ${PRECISION_WORDS[p]}`);
  note.append(el("p", {}, `${total} event${total === 1 ? "" : "s"} dated only to the week, month or year, not drawn`,
    ` (${kinds.join(", ")}):`));
  const list = el("ul", { class: "coarse-events" }, ...data.coarse_events.map((e) => el("li", {},
    link(`#/event/${e.id}`, `${e.date} ${e.source || "—"} ${e.type} ${e.target || ""}`.trim()))));
  if (total > data.coarse_events.length) list.append(el("li", { class: "muted" }, `and ${total - data.coarse_events.length} more`));
  note.append(list);
  return note;
}

// Charts follow the panel's width; a resize only re-lays out the canvases, it does not ask the server again.
window.addEventListener("resize", () => {
  for (const chart of timelineState.charts) {
    const width = chart.root.parentElement ? chart.root.parentElement.clientWidth : 0;
    if (width && width !== chart.width) chart.setSize({ width, height: chart.height });
  }
});
