// Article view: the text with every coded span highlighted (events, actors, places, times, quotes,
// warnings); click a span to see its coded records; the article's events are listed beside it.
// The text is split at every span boundary and each piece is a text node: nothing is parsed as HTML.
import { api, navigate } from "../app.js";
import { h, clear, dateText, names, typeColor } from "../dom.js";

const KINDS = ["event", "quote", "actor", "place", "time", "warning"];

function segments(text, annotations) {
  const cuts = new Set([0, text.length]);
  for (const a of annotations) { cuts.add(Math.max(0, a.start)); cuts.add(Math.min(text.length, a.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i], end = points[i + 1];
    out.push({ start, end, covering: annotations.filter((a) => a.start <= start && a.end >= end) });
  }
  return out;
}

function recordList(record) {
  const list = h("dl", { class: "record" });
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) continue;
    let shown = value;
    if (Array.isArray(value) && value.length && typeof value[0] === "object") shown = names(value);
    else if (typeof value === "object") shown = JSON.stringify(value);
    list.append(h("dt", {}, key), h("dd", {}, String(shown)));
  }
  return list;
}

export async function renderArticle(root, url) {
  const id = url.get("id");
  if (!id) { root.append(h("p", { class: "error" }, "No article id in the address.")); return; }
  const data = await api(`/articles/${encodeURIComponent(id)}`);
  const art = data.article;
  const focusId = url.get("event");
  const detail = h("div", { class: "detail", id: "detail" }, h("p", { class: "muted" }, "Click a highlighted span to see what was coded."));
  const textBox = h("div", { class: "article-text", id: "article-text" });
  const show = (covering, first = null) => {
    clear(detail);
    const order = (a) => (a.id === first ? -1 : a.end - a.start); // the chosen record, then innermost first
    for (const a of [...covering].sort((x, y) => order(x) - order(y))) {
      detail.append(h("section", { class: `ann-card ann-${a.kind}` }, h("h3", {}, `${a.kind}: ${a.label}`),
        h("p", { class: "muted" }, `characters ${a.start}–${a.end}`), recordList(a.record)));
    }
  };
  for (const seg of segments(art.text, data.annotations)) {
    const piece = art.text.slice(seg.start, seg.end);
    if (!seg.covering.length) { textBox.append(piece); continue; }
    const kinds = [...new Set(seg.covering.map((a) => a.kind))];
    const focus = seg.covering.some((a) => a.kind === "event" && a.id === focusId);
    const span = h("span", { class: [...kinds.map((k) => `ann-${k}`), focus ? "focus" : ""].join(" ").trim(),
      title: seg.covering.map((a) => `${a.kind}: ${a.label}`).join("\n"),
      "data-ids": seg.covering.map((a) => a.id).join(" "), tabindex: "0",
      onclick: () => show(seg.covering), onkeydown: (e) => { if (e.key === "Enter") show(seg.covering); } }, piece);
    textBox.append(span);
  }
  const legend = h("div", { class: "legend" }, ...KINDS.map((k) => h("span", { class: `legend-item ann-${k}` }, k)));
  const events = h("ol", { class: "article-events" }, data.events.map((row) => h("li", {
    class: row.id === focusId ? "focus" : "", "data-id": row.id },
  h("button", { type: "button", class: "link", onclick: () => navigate("article", { id, event: row.id }) },
    h("span", { class: "type-chip", style: { background: typeColor(row.type) } }, row.type), " ",
    `${row.factuality} · ${dateText(row)}`),
  h("div", { class: "muted" }, `${names(row.actors) || "?"} → ${names(row.recipients) || "?"}`,
    row.location_name ? ` · ${row.location_name} (${row.location_feature || "?"})` : ""))));
  const meta = h("p", { class: "muted" }, [art.source, art.published, art.id].filter(Boolean).join(" · "), " ",
    art.url && /^https?:\/\//.test(art.url) ? h("a", { href: art.url, rel: "noopener noreferrer" }, "source") : "");
  root.append(h("button", { type: "button", class: "back", onclick: () => history.back() }, "← Back"),
    h("h2", { id: "article-title" }, art.title || art.id), meta, legend,
    h("div", { class: "article-layout" }, textBox, h("aside", {}, detail, h("h3", {}, `Events (${data.events.length})`), events)));
  if (focusId) {
    const focused = data.annotations.find((a) => a.kind === "event" && a.id === focusId);
    if (focused) show(data.annotations.filter((a) => a.start < focused.end && a.end > focused.start &&
      (a.id === focusId || a.kind !== "event")), focusId);
    requestAnimationFrame(() => { const el = textBox.querySelector(".focus"); if (el) el.scrollIntoView({ block: "center" }); });
  }
}
