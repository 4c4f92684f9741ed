// eventwatch dashboard: the event table (sortable columns, page size, pages, downloads of the current filter).
// Loaded before app.js as a plain script (the CSP allows only same-origin script files); it uses app.js's helpers
// (el, api, actorLink, highlighted), which exist by the time any of these functions runs.
"use strict";

// The table's own state lives in the URL next to the filters (#/?actor=PRK&sort=-intensity&page=3&size=100), so a
// page of the table can be bookmarked; these keys are not filters and are never sent as such.
const TABLE_KEYS = ["sort", "page", "size"];
const PAGE_SIZES = [25, 50, 100];
const SORTABLE = ["date", "intensity", "mentions"];

function tableState(query) {
  const sort = query.get("sort") || "-date";
  const size = Number(query.get("size"));
  return {
    sort: SORTABLE.includes(sort.replace(/^-/, "")) ? sort : "-date",
    size: PAGE_SIZES.includes(size) ? size : 50,
    page: Math.max(1, Math.floor(Number(query.get("page")) || 1)),
  };
}

// The filters of a hash query: everything but the table's and the escalation panel's own keys.
function filterParams(query) {
  const params = {};
  for (const [k, v] of query.entries()) {
    if (!TABLE_KEYS.includes(k) && !ESCALATION_KEYS.includes(k) && v) params[k] = v;
  }
  return params;
}

// Go to the overview with the same filters and escalation pair and the given table state (defaults are left out
// of the URL).
function setTableState(changes) {
  const { query } = routeParams();
  const next = { ...tableState(query), ...changes };
  const params = new URLSearchParams(query);
  for (const key of TABLE_KEYS) params.delete(key);
  if (next.sort !== "-date") params.set("sort", next.sort);
  if (next.size !== 50) params.set("size", String(next.size));
  if (next.page > 1) params.set("page", String(next.page));
  location.hash = "#/?" + params;
}

function downloadUrl(format, filters) {
  const query = new URLSearchParams(filters).toString();
  return `/api/events.${format}${query ? "?" + query : ""}`;
}

async function drawTable(filters, table) {
  const data = await api("events", { ...filters, limit: table.size, offset: (table.page - 1) * table.size,
    sort: table.sort });
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...data.events.map((e) => {
    const row = el("tr", { class: "event-row", dataset: { id: e.id } },
      el("td", {}, e.date), el("td", {}, actorLink(e.source)), el("td", {}, `${e.type}${e.mode ? "/" + e.mode : ""}`),
      el("td", {}, actorLink(e.target)), el("td", {}, e.place || ""), el("td", { class: "num" }, e.intensity),
      el("td", { class: "num" }, `${e.num_mentions}/${e.num_sources}`),
      el("td", { class: "evidence" }, highlighted(e.evidence, e.trigger)));
    row.addEventListener("click", (ev) => { if (ev.target.tagName !== "A") location.hash = `#/event/${e.id}`; });
    return row;
  }));
  document.getElementById("table-note").textContent =
    `${data.total}${data.total_is_capped ? "+" : ""} events${data.events.length ? `, ${data.offset + 1}–${data.offset + data.events.length}` : ""}`;
  document.getElementById("prev").disabled = table.page === 1;
  document.getElementById("next").disabled = data.events.length < table.size;
  document.getElementById("page-size").value = String(table.size);
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    const key = th.dataset.sort;
    th.setAttribute("aria-sort", table.sort === key ? "ascending" : table.sort === "-" + key ? "descending" : "none");
  }
  document.getElementById("download-csv").href = downloadUrl("csv", filters);
  document.getElementById("download-jsonl").href = downloadUrl("jsonl", filters);
}

function initTable() {
  const sizes = document.getElementById("page-size");
  for (const n of PAGE_SIZES) sizes.append(el("option", { value: String(n) }, `${n} per page`));
  sizes.addEventListener("change", () => setTableState({ size: Number(sizes.value), page: 1 }));
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    // Newest / largest first on the first click, as an analyst looks for those; a second click reverses it.
    th.querySelector("button").addEventListener("click", () => {
      const current = tableState(routeParams().query).sort;
      setTableState({ sort: current === "-" + th.dataset.sort ? th.dataset.sort : "-" + th.dataset.sort, page: 1 });
    });
  }
  document.getElementById("prev").addEventListener("click", () => {
    setTableState({ page: Math.max(1, tableState(routeParams().query).page - 1) });
  });
  document.getElementById("next").addEventListener("click", () => {
    setTableState({ page: tableState(routeParams().query).page + 1 });
  });
}
