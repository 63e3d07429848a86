// Timeline view: events per day (per week or month over long spans), stacked by quad class or type,
// from /stats (aggregated server-side). Drag across the chart to filter to that date range.
import { api, currentFilters, setFilters } from "../app.js";
import { h, svg, QUAD, QUAD_COLOR, TYPE_COLOR } from "../dom.js";
import { eventsTable } from "./table.js";

const W = 960, H = 260, M = { left: 48, right: 12, top: 12, bottom: 34 };
const DAY = 86400000;

function bucketOf(span) {
  if (span > 3 * 365) return "month";
  if (span > 120) return "week";
  return "day";
}

function bucketStart(iso, size) {
  const d = new Date(`${iso}T00:00:00Z`);
  if (size === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (size === "week") return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY;
  return d.getTime();
}

function bucketEnd(start, size) {
  if (size === "month") { const d = new Date(start); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY; }
  return start + (size === "week" ? 6 : 0) * DAY;
}

const iso = (t) => new Date(t).toISOString().slice(0, 10);

export async function renderTimeline(root, url) {
  const split = url.get("split") === "type" ? "type" : "quad_class";
  const params = currentFilters();
  params.set("by", "day"); params.set("split", split);
  const [stats, page] = await Promise.all([
    api("/stats", params), api("/events", new URLSearchParams([...currentFilters(), ["limit", "20"]]))]);
  const days = stats.by_day;
  const controls = h("div", { class: "controls" }, "Stack by ",
    h("select", { id: "split", onchange: (e) => setFilters({ split: e.target.value }) },
      h("option", { value: "quad_class", selected: split === "quad_class" }, "quad class"),
      h("option", { value: "type", selected: split === "type" }, "type")),
    " · drag across the chart to filter to a date range",
    (url.get("since") || url.get("until"))
      ? h("button", { type: "button", onclick: () => setFilters({ since: "", until: "" }) }, "Clear dates") : "");
  root.append(controls);
  if (!days.length) { root.append(h("p", { class: "empty" }, "No dated events match these filters.")); return; }
  root.append(chart(days, split), legend(split), h("h2", {}, "Latest matching events"), eventsTable(page.events));
}

function chart(days, split) {
  const first = new Date(`${days[0].day}T00:00:00Z`).getTime();
  const last = new Date(`${days[days.length - 1].day}T00:00:00Z`).getTime();
  const size = bucketOf((last - first) / DAY);
  const buckets = new Map();
  for (const d of days) {
    const key = bucketStart(d.day, size);
    const b = buckets.get(key) || { start: key, total: 0, counts: {} };
    b.total += d.total;
    for (const [k, n] of Object.entries(d.counts || {})) b.counts[k] = (b.counts[k] || 0) + n;
    buckets.set(key, b);
  }
  const lo = bucketStart(days[0].day, size), hi = bucketEnd(bucketStart(days[days.length - 1].day, size), size) + DAY;
  const max = Math.max(...[...buckets.values()].map((b) => b.total));
  const x = (t) => M.left + ((t - lo) / (hi - lo)) * (W - M.left - M.right);
  const y = (n) => H - M.bottom - (n / max) * (H - M.top - M.bottom);
  const keys = split === "type" ? Object.keys(TYPE_COLOR) : ["1", "2", "3", "4"];
  const color = (k) => (split === "type" ? TYPE_COLOR[k] : QUAD_COLOR[k]) || "#757575";
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img",
    "aria-label": `events per ${size}` });
  root.append(svg("text", { x: 4, y: M.top + 8, class: "axis" }, `${max}`),
    svg("text", { x: 4, y: H - M.bottom, class: "axis" }, "0"),
    svg("line", { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: "axis-line" }));
  for (const b of buckets.values()) {
    const left = x(b.start), width = Math.max(1, x(bucketEnd(b.start, size) + DAY) - left - 0.5);
    let base = 0;
    for (const k of keys) {
      const n = b.counts[k] || 0;
      if (!n) continue;
      root.append(svg("rect", { class: "bar", x: left, width, y: y(base + n), height: y(base) - y(base + n),
        fill: color(k) }, svg("title", {}, `${iso(b.start)}${size === "day" ? "" : ` (${size})`}: ${n} ${split === "type" ? k : QUAD[k]}`)));
      base += n;
    }
  }
  for (let i = 0; i <= 4; i++) {
    const t = lo + ((hi - lo) * i) / 4;
    root.append(svg("text", { x: x(t), y: H - 12, class: "axis", "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" },
      iso(t)));
  }
  brush(root, (a, b) => {
    const toTime = (px) => lo + ((px - M.left) / (W - M.left - M.right)) * (hi - lo);
    const since = iso(Math.max(lo, toTime(Math.min(a, b))));
    const until = iso(Math.min(hi - DAY, toTime(Math.max(a, b))));
    setFilters({ since, until });
  });
  return h("div", { class: "chart", id: "timeline", "data-buckets": String(buckets.size), "data-size": size }, root);
}

function brush(root, done) {
  const band = svg("rect", { class: "brush", x: 0, y: M.top, width: 0, height: H - M.top - M.bottom });
  root.append(band);
  let startX = null;
  const local = (event) => {
    const box = root.getBoundingClientRect();
    return Math.min(W - M.right, Math.max(M.left, ((event.clientX - box.left) / box.width) * W));
  };
  root.addEventListener("pointerdown", (event) => {
    startX = local(event);
    root.setPointerCapture(event.pointerId);
    band.setAttribute("x", startX); band.setAttribute("width", 0);
  });
  root.addEventListener("pointermove", (event) => {
    if (startX === null) return;
    const now = local(event);
    band.setAttribute("x", Math.min(startX, now)); band.setAttribute("width", Math.abs(now - startX));
  });
  root.addEventListener("pointerup", (event) => {
    if (startX === null) return;
    const end = local(event), begin = startX;
    startX = null;
    if (Math.abs(end - begin) > 3) done(begin, end);
  });
}

function legend(split) {
  const entries = split === "type" ? Object.entries(TYPE_COLOR).map(([k, c]) => [k, c])
    : Object.entries(QUAD).map(([k, label]) => [`${k} ${label}`, QUAD_COLOR[k]]);
  return h("div", { class: "legend" }, ...entries.map(([label, c]) => h("span", { class: "legend-item" },
    h("span", { class: "swatch", style: { background: c } }), label)));
}
