// Events view: one server-side page of events under the filters, cursor paging, CSV/GeoJSON links.
import { api, currentFilters, navigate } from "../app.js";
import { h, dateText, names, typeColor } from "../dom.js";

const PAGE = 50;

export async function renderTable(root, url) {
  const params = currentFilters();
  params.set("limit", String(PAGE));
  const cursor = url.get("cursor");
  if (cursor) params.set("cursor", cursor);
  const page = await api("/events", params);
  root.append(eventsTable(page.events), pager(url, page.next), downloads());
}

export function eventsTable(rows) {
  if (!rows.length) return h("p", { class: "empty" }, "No events match these filters.");
  const head = h("tr", {}, ["date", "type", "actors", "recipients", "where", "factuality", "conf.", "evidence"]
    .map((c) => h("th", { scope: "col" }, c)));
  const body = h("tbody", {});
  for (const row of rows) {
    const open = () => navigate("article", { id: row.article_id, event: row.id, cursor: null });
    const where = row.location_name
      ? [row.location_name, h("span", { class: "precision", title: "precision of the location" },
          row.location_feature || "?")]
      : "";
    body.append(h("tr", { class: "event-row", "data-id": row.id, tabindex: "0", onclick: open,
      onkeydown: (e) => { if (e.key === "Enter") open(); } },
      h("td", { class: "date" }, dateText(row)),
      h("td", {}, h("span", { class: "type-chip", style: { background: typeColor(row.type) } }, row.type)),
      h("td", {}, names(row.actors)),
      h("td", {}, names(row.recipients)),
      h("td", {}, where),
      h("td", {}, row.factuality),
      h("td", { class: "num" }, row.confidence != null ? row.confidence.toFixed(2) : ""),
      h("td", { class: "evidence" }, row.text || "")));
  }
  return h("table", { class: "events" }, h("thead", {}, head), body);
}

function pager(url, next) {
  const box = h("div", { class: "pager" });
  const back = url.get("cursor");
  if (back) box.append(h("button", { type: "button", onclick: () => history.back() }, "← Previous page"));
  if (next) {
    box.append(h("button", { type: "button", id: "next-page",
      onclick: () => navigate("events", { cursor: next }) }, "Next page →"));
  }
  return box;
}

function downloads() {
  const params = currentFilters();
  params.set("limit", "1000");
  const csv = new URLSearchParams(params); csv.set("format", "csv");
  const geo = new URLSearchParams(params); geo.set("format", "geojson");
  return h("p", { class: "downloads" }, "Download (first 1,000; follow the Link header for more): ",
    h("a", { href: `/events?${csv}` }, "CSV"), " · ", h("a", { href: `/events?${geo}` }, "GeoJSON"),
    " · ", h("a", { href: `/events?${params}` }, "JSON"));
}
