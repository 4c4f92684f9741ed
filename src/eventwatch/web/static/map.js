// eventwatch dashboard: the map panel (GET /api/events.geojson?countries=totals) on offline country outlines.
// Events placed in a city or site are clustered points; events placed only at a country are one hatched country
// shape each, shaded by their count, because a point at the country's centre would look as precise as a city.
// Uses app.js's helpers (el, link, api, TYPES, COLORS); store text goes in as text nodes only, and Leaflet's
// popups, tooltips and icons get DOM nodes, never HTML strings.
"use strict";

const MAP_LIMIT = 2000;  // newest precise events drawn; the page's ?map_limit= lowers it (tests, slow machines)
const SVG = "http://www.w3.org/2000/svg";
const mapView = { ready: null, outlines: null, countries: null, clusters: null, legend: null };

function mapLimit() {
  const asked = Number.parseInt(new URLSearchParams(location.search).get("map_limit"), 10);
  return asked > 0 && asked < MAP_LIMIT ? asked : MAP_LIMIT;
}

function count(n) { return Number(n).toLocaleString("en"); }

async function drawMap(params) {
  mapView.ready = mapView.ready || createMap();  // once, even when a second filter comes before the outlines
  await mapView.ready;
  const data = await api("events.geojson", { ...params, limit: mapLimit(), countries: "totals" });
  drawCountryTotals(data.countries, params);
  drawPoints(data.features);
  mapView.legend.replaceChildren(...legendItems(data));
  document.getElementById("map-note").textContent = mapNote(data);
}

async function createMap() {
  // maxZoom: the clusters need one, and with outlines alone there are no tiles to give it.
  state.map = L.map("map", { worldCopyJump: true, maxZoom: 10 }).setView([30, 60], 2);
  const atlas = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
  mapView.outlines = topojson.feature(atlas, atlas.objects.countries).features;
  L.geoJSON(mapView.outlines, {
    style: { color: "#8a94a6", weight: 0.6, fillColor: "#dde2ea", fillOpacity: 1 },
  }).addTo(state.map);
  const tiles = new URLSearchParams(location.search).get("tiles");  // optional online tiles, off by default
  if (tiles) L.tileLayer(tiles, { maxZoom: 12 }).addTo(state.map);
  addHatchPattern();
  mapView.countries = L.layerGroup().addTo(state.map);
  mapView.clusters = L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false,
    maxClusterRadius: 40 }).addTo(state.map);
  mapView.legend = addLegend();
}

// The hatch that fills a country known only as a whole (style.css can only reference it, so it is built here).
function addHatchPattern() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "map-defs");
  svg.setAttribute("aria-hidden", "true");
  const pattern = document.createElementNS(SVG, "pattern");
  for (const [k, v] of Object.entries({ id: "country-hatch", width: "6", height: "6",
    patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" })) pattern.setAttribute(k, v);
  const line = document.createElementNS(SVG, "rect");
  for (const [k, v] of Object.entries({ width: "2.5", height: "6", fill: "#5b3a87" })) line.setAttribute(k, v);
  pattern.append(line);
  svg.append(pattern);
  document.getElementById("map").after(svg);
}

function clusterIcon(cluster) {
  const n = cluster.getChildCount();
  const size = n < 10 ? 28 : n < 100 ? 34 : 40;
  return L.divIcon({ html: el("span", {}, count(n)), className: "event-cluster", iconSize: L.point(size, size) });
}

function drawPoints(features) {
  mapView.clusters.clearLayers();
  mapView.clusters.addLayers(features.map((f) => {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const named = p.place_basis === "sentence";
    const marker = L.circleMarker([lat, lon], { radius: 4 + Math.min(6, p.num_sources), weight: 1,
      color: COLORS[TYPES.indexOf(p.type)], opacity: named ? 1 : 0.6, fillOpacity: named ? 0.85 : 0.25,
      className: named ? "event-point named-place" : "event-point inferred-place" });
    return marker.bindPopup(el("div", {}, el("strong", {}, `${p.source || "—"} ${p.type} ${p.target || ""}`),
      el("br"), `${p.date} · ${p.place} (${p.place_precision}, ${p.place_basis})`, el("br"),
      link(`#/event/${p.id}`, "open event")));
  }));
}

// Each country's total as its outline, hatched, more opaque the more events; a dashed ring at the country's
// point where the 1:110m atlas has no shape for it (small states, codes without an ISO number).
function drawCountryTotals(countries, params) {
  mapView.countries.clearLayers();
  const most = Math.max(1, ...countries.map((c) => c.events));
  for (const c of countries) {
    const shape = mapView.outlines.find((o) => c.country_numeric && o.id === c.country_numeric);
    const shade = 0.15 + 0.75 * Math.log1p(c.events) / Math.log1p(most);
    const layer = shape
      ? L.geoJSON(shape, { style: { color: "#5b3a87", weight: 1.2, dashArray: "4 3", fillOpacity: shade,
        className: "country-total" } })
      : L.circle([c.lat, c.lon], { radius: 300_000, color: "#5b3a87", weight: 1.5, dashArray: "6 6",
        fillOpacity: shade, className: "country-total country-mark" });
    layer.bindTooltip(el("span", {}, countrySentence(c)), { sticky: true });
    layer.bindPopup(countryPopup(c, params, shape ? "the whole country is hatched" : "the dashed ring marks it"));
    layer.addTo(mapView.countries);
    if (!shape) L.marker([c.lat, c.lon], { interactive: false, icon: L.divIcon({ className: "country-mark-label",
      html: el("span", {}, `${c.name}: ${count(c.events)} (country only)`), iconSize: null }) })
      .addTo(mapView.countries);
  }
}

function countrySentence(c) {
  return `${c.name} — ${count(c.events)} event${c.events === 1 ? "" : "s"} placed only at the country`;
}

function countryPopup(c, params, drawn) {
  const query = new URLSearchParams({ ...params, ...(c.country ? { country: c.country } : { place: c.name }) });
  return el("div", { class: "country-popup" }, el("strong", {}, countrySentence(c)), el("br"),
    el("span", { class: "muted" }, `(no city or site is known for them: ${drawn})`), el("br"),
    link(`#/?${query}`, `show events in ${c.name}`));
}

function addLegend() {
  const box = el("details", { class: "map-legend", id: "map-legend", open: "" });
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legend.addTo(state.map);
  return box;
}

function swatch(kind, color) {
  const mark = el("span", { class: `swatch ${kind}` });
  if (color) { mark.style.borderColor = color; mark.style.backgroundColor = color; }
  return mark;
}

// Only the types on the map now, in the PLOVER order of the type filter.
function legendItems(data) {
  const present = new Set(data.features.map((f) => f.properties.type));
  const types = TYPES.filter((t) => present.has(t));
  return [el("summary", {}, "Legend"),
    el("ul", { class: "legend-types" }, ...types.map((t) => el("li", { dataset: { type: t } },
      swatch("type", COLORS[TYPES.indexOf(t)]), t))),
    el("ul", { class: "legend-kinds" },
      el("li", {}, swatch("named"), "solid: place named in the sentence"),
      el("li", {}, swatch("inferred"), "faint: place inferred (dateline, actor's country…)"),
      el("li", {}, swatch("country"), "hatched country: placed only at the country (darker = more)"),
      el("li", {}, swatch("cluster"), "number: nearby events, click to zoom in"))];
}

function mapNote(data) {
  const countryEvents = data.countries.reduce((sum, c) => sum + c.events, 0);
  const parts = [`${count(data.total)}${data.total_is_capped ? " or more" : ""} placed events`];
  if (countryEvents) parts.push(`${count(countryEvents)} of them only at a country (hatched)`);
  if (data.capped) {
    parts.push(`showing the newest ${count(data.features.length)} of ${count(data.points_total)}` +
      `${data.points_total_is_capped ? " or more" : ""} with a finer place`);
  }
  return parts.join(" · ");
}
