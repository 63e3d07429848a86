// DOM helpers. h() sets attributes with setAttribute and children as text nodes: store data is never
// parsed as HTML, so a "<script>" in an article stays text. Event handlers are passed as functions (on*).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "style" && typeof value === "object") Object.assign(el.style, value); // CSSOM: CSP-safe
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}

// Quad classes and their colours; each PLOVER type gets a shade of its quad class's colour.
export const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
export const QUAD_COLOR = { 1: "#2e7d32", 2: "#1565c0", 3: "#ef8f00", 4: "#c62828" };
export const TYPE_QUAD = { AGREE: 1, CONSULT: 1, SUPPORT: 1, CONCEDE: 1, COOPERATE: 2, AID: 2, RETREAT: 2,
  REQUEST: 3, ACCUSE: 3, REJECT: 3, THREATEN: 3, PROTEST: 4, SANCTION: 4, MOBILIZE: 4, COERCE: 4, ASSAULT: 4 };
export const TYPE_COLOR = {
  AGREE: "#1b5e20", CONSULT: "#43a047", SUPPORT: "#66bb6a", CONCEDE: "#9ccc65",
  COOPERATE: "#0d47a1", AID: "#1e88e5", RETREAT: "#64b5f6",
  REQUEST: "#e65100", ACCUSE: "#fb8c00", REJECT: "#ffb300", THREATEN: "#f4511e",
  PROTEST: "#ad1457", SANCTION: "#6a1b9a", MOBILIZE: "#8d6e63", COERCE: "#d84315", ASSAULT: "#b71c1c",
};

export function typeColor(type) {
  return TYPE_COLOR[type] || "#616161";
}

export function names(entities) {
  return (entities || []).map((e) => {
    const tag = [e.country, e.sector].filter(Boolean).join("/");
    return tag ? `${e.name} (${tag})` : e.name;
  }).join("; ");
}

export function dateText(row) {
  const start = row.date_start, end = row.date_end;
  if (!start) return row.article_published ? `${row.article_published} (published)` : "";
  return start === end || !end ? start : `${start} – ${end}`;
}

export const TYPES_IN_ORDER = Object.keys(TYPE_COLOR);
