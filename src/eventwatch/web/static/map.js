// eventwatch dashboard: the map panel (GET /api/events.geojson) on offline country outlines. Uses app.js's
// helpers (el, link, api, TYPES, COLORS); store text goes in as text nodes only.
"use strict";

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
