// eventwatch dashboard: the actor page (#/actor/CODE). Uses app.js's helpers (el, link, api, actorLink);
// store text goes in as text nodes only.
"use strict";

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
