// eventwatch dashboard: the filters in the header — actor autocomplete, date range and its presets, type and
// modality facets with counts, and a bad value shown next to its field. Loaded before app.js; uses its helpers
// (el, api, routeParams) at run time. Store text goes in as text nodes only.
"use strict";

// Presets are kept in the URL as `last=30d`, not as a date, so a shared "last 30 days" link stays the last 30 days.
const DATE_PRESETS = { "7d": ["last 7 days", 7], "30d": ["last 30 days", 30], "90d": ["last 90 days", 90],
  "1y": ["last 12 months", 365] };
const FACET_NAMES = ["type", "modality"];
const filterState = { facetsKey: null, facets: null, suggestTimer: null };

// The filters as the form holds them (the URL's keys; `last` is still a preset, not a date).
function filters() {
  const form = new FormData(document.getElementById("filters"));
  const params = {};
  for (const [k, v] of form.entries()) if (v && String(v).trim()) params[k] = String(v).trim();
  if (params.last) delete params.since;  // the preset decides the start
  return params;
}

function isoDay(date) { return date.toISOString().slice(0, 10); }

// The filters as the API takes them: a preset becomes its first day, counted back from today.
function apiFilters(params) {
  const out = { ...params };
  if (out.last) {
    const preset = DATE_PRESETS[out.last];
    if (preset) out.since = isoDay(new Date(Date.now() - preset[1] * 86_400_000));
    delete out.last;
  }
  return out;
}

function setFormFromQuery(query) {
  const form = document.getElementById("filters");
  for (const input of form.elements) if (input.name) input.value = query.get(input.name) || "";
  const since = apiFilters({ last: query.get("last") || "" }).since;
  if (since) form.elements.since.value = since;
  clearFieldErrors();
}

// --- a bad value next to its field --------------------------------------------------------------------

function clearFieldErrors() {
  for (const note of document.querySelectorAll(".field-error")) note.remove();
  for (const input of document.querySelectorAll("#filters [aria-invalid]")) input.removeAttribute("aria-invalid");
}

function showFieldError(name, message, suggestions = []) {
  const form = document.getElementById("filters");
  const input = form.elements[name] && form.elements[name].type !== "hidden" ? form.elements[name]
    : document.getElementById("apply");
  if (input !== document.getElementById("apply")) input.setAttribute("aria-invalid", "true");
  const note = el("span", { class: "field-error", role: "alert", dataset: { field: name } }, message);
  for (const s of suggestions) {
    const pick = el("button", { type: "button", class: "suggestion" }, `${s.name} (${s.code})`);
    pick.addEventListener("click", () => { form.elements.actor.value = s.code; form.requestSubmit(); });
    note.append(" ", pick);
  }
  input.after(note);
}

// Which field a refused request was about: FastAPI names it ("query.since"); an unknown actor name comes with
// suggestions; anything else is shown beside the Filter button.
function showRequestError(error) {
  const body = error.body || {};
  if (Array.isArray(body.detail) && body.detail.length) {
    for (const problem of body.detail) showFieldError(String(problem.where || "").replace(/^query\./, ""), problem.problem);
  } else if (body.suggestions) {
    showFieldError("actor", body.error, body.suggestions.slice(0, 5));
  } else showFieldError("", error.message);
}

// Checks the browser can make before asking the server.
function localProblems(params) {
  const problems = [];
  if (params.since && params.until && params.since > params.until) problems.push(["until", "must not be before since"]);
  return problems;
}

// --- facets ----------------------------------------------------------------------------------------

async function loadFacets(params) {
  const key = new URLSearchParams(params).toString();
  if (key !== filterState.facetsKey) {
    filterState.facets = await api("facets", params);
    filterState.facetsKey = key;
  }
  return filterState.facets;
}

function drawFacets(facets, chosen) {
  for (const name of FACET_NAMES) {
    const box = document.getElementById(`facet-${name}`);
    const chips = facets[name].map((f) => {
      const chip = el("button", { type: "button", class: "chip", "aria-pressed": String(chosen[name] === f.value),
        dataset: { value: f.value } }, f.value, " ", el("span", { class: "count" }, f.events.toLocaleString("en")));
      chip.addEventListener("click", () => chooseFacet(name, chosen[name] === f.value ? "" : f.value));
      return chip;
    });
    box.replaceChildren(el("span", { class: "facet-name" }, name), ...(chips.length ? chips
      : [el("span", { class: "muted" }, "none")]));
  }
}

function chooseFacet(name, value) {
  document.getElementById("filters").elements[name].value = value;
  document.getElementById("filters").requestSubmit();
}

// --- actor autocomplete -------------------------------------------------------------------------------

async function suggestActors(text) {
  const list = document.getElementById("actor-suggestions");
  if (text.trim().length < 2) { list.replaceChildren(); return; }
  try {
    const actors = await api("actors", { q: text.trim(), limit: 12 });
    list.replaceChildren(...actors.map((a) => el("option", { value: a.code },
      `${a.name || a.code} · ${(a.as_source + a.as_target).toLocaleString("en")} events`)));
  } catch (error) { list.replaceChildren(); }  // a half-typed name may be refused; the submit will say why
}

function initActorSuggestions() {
  const input = document.getElementById("filter-actor");
  input.addEventListener("input", () => {
    clearTimeout(filterState.suggestTimer);
    filterState.suggestTimer = setTimeout(() => suggestActors(input.value), 150);
  });
}

// --- the form ----------------------------------------------------------------------------------------

function initDatePresets() {
  const form = document.getElementById("filters");
  const presets = document.getElementById("date-preset");
  for (const [value, [label]] of Object.entries(DATE_PRESETS)) presets.append(el("option", { value }, label));
  presets.addEventListener("change", () => {
    if (presets.value) form.elements.until.value = "";
    else form.elements.since.value = "";
    form.requestSubmit();
  });
  form.elements.since.addEventListener("change", () => { presets.value = ""; });
}

// A new filter is checked (by the browser, then by the server through the facets it needs anyway) before the URL
// changes: a bad value is shown next to its field and every view stays as it was.
async function submitFilters(ev) {
  ev.preventDefault();
  clearFieldErrors();
  const chosen = filters();
  const problems = localProblems(apiFilters(chosen));
  if (problems.length) { for (const [field, message] of problems) showFieldError(field, message); return; }
  try { await loadFacets(apiFilters(chosen)); } catch (error) {
    if (error.status === 422) { showRequestError(error); return; }
  }
  const params = new URLSearchParams(chosen);
  const kept = routeParams().query;  // the table's sort and size and the escalation pair; a new filter starts at page 1
  for (const key of [...TABLE_KEYS, ...ESCALATION_KEYS]) if (key !== "page" && kept.get(key)) params.set(key, kept.get(key));
  location.hash = "#/?" + params;
}

function initFilters() {
  const form = document.getElementById("filters");
  form.addEventListener("submit", submitFilters);
  document.getElementById("clear").addEventListener("click", () => { location.hash = "#/"; });
  initActorSuggestions();
  initDatePresets();
}
