// Map view: event locations (aggregated server-side by /places) on an offline Natural Earth basemap
// (world-atlas countries-110m, vendored), clustered, coloured by the place's most frequent event type,
// sized and outlined by precision (site/city: small solid; admin areas: larger; country: hollow ring).
import { api, currentFilters, navigate } from "../app.js";
import { h, TYPE_COLOR, TYPES_IN_ORDER } from "../dom.js";

let basemap = null;
const PRECISION = { site: "p-site", city: "p-city", admin2: "p-admin", admin1: "p-admin", country: "p-country",
  region: "p-region" };

async function countries() {
  if (!basemap) {
    const response = await fetch("vendor/world-atlas/countries-110m.json");
    const topology = await response.json();
    const world = window.topojson.feature(topology, topology.objects.countries);
    world.features = world.features.filter((f) => f.id !== "010"); // Antarctica: a ring along the map's edge
    for (const f of world.features) unwrap(f.geometry);
    basemap = world;
  }
  return basemap;
}

// Rings that cross the antimeridian (Russia's far east, Fiji) jump from +180 to -180; shifting their
// western longitudes by 360 keeps them in one piece instead of a line drawn across the whole map.
function unwrap(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const crosses = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
      if (crosses) for (const p of ring) if (p[0] < 0) p[0] += 360;
    }
  }
}

// A CSS class per PLOVER type (from the fixed list only), which sets the marker's colour variable.
function typeClass(type) {
  return TYPE_COLOR[type] ? `t-${type}` : "t-other";
}

function dominant(types) {
  let best = null;
  for (const [type, n] of Object.entries(types)) if (!best || n > types[best]) best = type;
  return best;
}

function popup(place) {
  const list = h("ul", {}, Object.entries(place.types).sort((a, b) => b[1] - a[1])
    .map(([type, n]) => h("li", {}, `${type}: ${n}`)));
  const filter = place.geonameid != null ? String(place.geonameid) : place.name;
  return h("div", { class: "popup" },
    h("strong", {}, place.name || "(unnamed place)"),
    h("div", { class: "muted" }, `${place.country || ""} · precision: ${place.feature || "unknown"}`),
    h("div", {}, `${place.events} event${place.events === 1 ? "" : "s"}`), list,
    h("button", { type: "button", onclick: () => navigate("events", { place: filter, cursor: null }) },
      "Show these events"));
}

export async function renderMap(root) {
  const [data, world] = await Promise.all([api("/places", currentFilters()), countries()]);
  const box = h("div", { id: "map", class: "map" });
  const legend = h("div", { class: "legend" }, h("strong", {}, "Most frequent type"),
    ...TYPES_IN_ORDER.map((t) => h("span", { class: "legend-item" },
      h("span", { class: "swatch", style: { background: TYPE_COLOR[t] } }), t)),
    h("span", { class: "legend-item" }, "Precision: ", h("span", { class: "marker-dot p-site demo" }), "site/city ",
      h("span", { class: "marker-dot p-admin demo" }), "admin area ", h("span", { class: "marker-dot p-country demo" }),
      "country"));
  root.append(box, legend, h("p", { class: "muted", id: "map-count" },
    data.places.length >= 2000 ? "The 2,000 busiest locations under the filters." : `${data.places.length} locations under the filters.`));
  requestAnimationFrame(() => draw(box, data.places, world));
}

function draw(box, places, world) {
  const map = window.L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true })
    .setView([20, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  window.L.geoJSON(world, { style: { color: "#9e9e9e", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1 },
    interactive: false }).addTo(map);
  // A cluster shows the events (not locations) it holds and the colour of its most frequent type.
  const clusters = window.L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40,
    iconCreateFunction: (cluster) => {
      const types = {};
      let events = 0;
      for (const child of cluster.getAllChildMarkers()) {
        events += child.options.events;
        for (const [t, n] of Object.entries(child.options.types)) types[t] = (types[t] || 0) + n;
      }
      const type = dominant(types);
      const size = events < 100 ? 34 : events < 10000 ? 42 : 50;
      return window.L.divIcon({ html: `<div><span>${Number(events).toLocaleString("en")}</span></div>`,
        className: `type-cluster ${typeClass(type)}`, iconSize: window.L.point(size, size) });
    } });
  const bounds = [];
  for (const place of places) {
    const type = dominant(place.types);
    const icon = window.L.divIcon({ className: `marker-dot ${PRECISION[place.feature] || "p-region"} ${typeClass(type)}`,
      iconSize: null, html: "" });
    const marker = window.L.marker([place.lat, place.lon], { icon, title: place.name || "", keyboard: false,
      events: place.events, types: place.types });
    marker.bindPopup(() => popup(place));
    clusters.addLayer(marker);
    bounds.push([place.lat, place.lon]);
  }
  map.addLayer(clusters);
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 6, padding: [20, 20] });
  box.dataset.markers = String(places.length);
}
