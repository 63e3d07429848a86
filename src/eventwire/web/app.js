// eventwire web UI: one page, views chosen by ?view=, filters in the query string (shareable URLs).
// All data goes into the page as text nodes (see h() in dom.js): nothing from the store is parsed as HTML.
import { h, clear } from "./dom.js";
import { renderTable } from "./views/table.js";
import { renderMap } from "./views/map.js";
import { renderTimeline } from "./views/timeline.js";
import { renderNetwork } from "./views/network.js";
import { renderArticle } from "./views/article.js";

export const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
export const FILTERS = ["type", "quad_class", "factuality", "actor", "country", "actor_country",
  "recipient_country", "place", "since", "until", "q", "min_confidence"];
const VIEWS = { events: renderTable, map: renderMap, timeline: renderTimeline, network: renderNetwork,
  article: renderArticle };

/** The filters in the page's URL, as URLSearchParams holding only filter keys. */
export function currentFilters() {
  const url = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const key of FILTERS) {
    const value = url.get(key);
    if (value) out.set(key, value);
  }
  return out;
}

/** GET an API path; throws an Error with the problem's detail on a non-2xx answer. */
export async function api(path, params) {
  const url = params && [...params].length ? `${path}?${params}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

/** Go to a view with the given extra parameters, keeping the filters; pushes a history entry. */
export function navigate(view, extra = {}, filters = currentFilters()) {
  const params = new URLSearchParams(filters);
  params.set("view", view);
  for (const [k, v] of Object.entries(extra)) {
    if (v === null || v === undefined || v === "") params.delete(k); else params.set(k, v);
  }
  history.pushState(null, "", `?${params}`);
  syncForm();
  render();
}

/** Change filters (an object of key -> value or "") and stay on the current view. */
export function setFilters(changes) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") params.delete(k); else params.set(k, String(v));
  }
  params.delete("cursor");
  history.pushState(null, "", `?${params}`);
  syncForm();
  render();
}

function syncForm() {
  const form = document.getElementById("filters");
  const url = new URLSearchParams(location.search);
  for (const key of FILTERS) {
    const field = form.elements.namedItem(key);
    if (field) field.value = url.get(key) || "";
  }
}

function setupForm() {
  const select = document.getElementById("f-type");
  for (const type of TYPES) select.append(h("option", { value: type }, type));
  const form = document.getElementById("filters");
  let timer = null;
  const apply = () => {
    const changes = {};
    for (const key of FILTERS) {
      const field = form.elements.namedItem(key);
      if (field) changes[key] = field.value.trim();
    }
    const view = new URLSearchParams(location.search).get("view");
    if (view === "article") changes.view = "events";
    setFilters(changes);
  };
  form.addEventListener("change", apply);
  form.addEventListener("input", (event) => {
    if (event.target.tagName !== "INPUT" || event.target.type === "date") return;
    clearTimeout(timer);
    timer = setTimeout(apply, 400);
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    const changes = {};
    for (const key of FILTERS) changes[key] = "";
    setFilters(changes);
  });
}

let generation = 0;

/** Draw the view the URL names. A newer render makes an older one's late results be dropped. */
export async function render() {
  const mine = ++generation;
  const url = new URLSearchParams(location.search);
  const view = VIEWS[url.get("view")] ? url.get("view") : "events";
  for (const link of document.querySelectorAll("#views a")) {
    link.classList.toggle("active", link.dataset.view === view);
    link.href = `?${new URLSearchParams([...currentFilters(), ["view", link.dataset.view]])}`;
  }
  const main = document.getElementById("main");
  clear(main);
  main.dataset.view = view;
  main.append(h("p", { class: "loading" }, "Loading…"));
  const summary = document.getElementById("summary");
  try {
    if (view !== "article") {
      const stats = await api("/stats", new URLSearchParams([...currentFilters(), ["by", "type"], ["top", "3"]]));
      if (mine !== generation) return;
      summary.textContent = `${stats.total.toLocaleString("en")} events match` +
        (stats.by_type.length ? `; most: ${stats.by_type.map((t) => `${t.value} ${t.n}`).join(", ")}` : "");
    } else {
      summary.textContent = "";
    }
    const content = h("div", { class: `view view-${view}` });
    await VIEWS[view](content, url, () => mine !== generation);
    if (mine !== generation) return;
    clear(main);
    main.append(content);
    main.dataset.ready = "true";
  } catch (error) {
    if (mine !== generation) return;
    clear(main);
    main.append(h("p", { class: "error", role: "alert" }, `Could not load: ${error.message}`));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupForm();
  syncForm();
  for (const link of document.querySelectorAll("#views a")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      navigate(link.dataset.view, { id: null, event: null, cursor: null });
    });
  }
  window.addEventListener("popstate", () => { syncForm(); render(); });
  render();
});
