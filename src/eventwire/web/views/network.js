// Network view: who acts on whom under the filters (/network, aggregated server-side). Node size =
// events, edge width = events from actor to recipient, edge colour = the edge's dominant quad class.
// Layout: a small deterministic force simulation (start on a circle, fixed number of steps).
import { api, currentFilters, navigate } from "../app.js";
import { h, svg, QUAD, QUAD_COLOR } from "../dom.js";

const W = 1100, H = 640;

function layout(nodes, edges) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => ({ x: W / 2 + 250 * Math.cos((2 * Math.PI * i) / n),
    y: H / 2 + 230 * Math.sin((2 * Math.PI * i) / n) }));
  const index = new Map(nodes.map((node, i) => [node.name, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]);
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    const force = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
      const d2 = Math.max(dx * dx + dy * dy, 100), f = 16000 / d2;
      force[i].x += dx * f / Math.sqrt(d2); force[i].y += dy * f / Math.sqrt(d2);
      force[j].x -= dx * f / Math.sqrt(d2); force[j].y -= dy * f / Math.sqrt(d2);
    }
    for (const [a, b] of links) {
      const dx = pos[b].x - pos[a].x, dy = pos[b].y - pos[a].y, d = Math.max(Math.hypot(dx, dy), 1);
      const f = (d - 170) * 0.02;
      force[a].x += dx / d * f * 10; force[a].y += dy / d * f * 10;
      force[b].x -= dx / d * f * 10; force[b].y -= dy / d * f * 10;
    }
    for (let i = 0; i < n; i++) {
      force[i].x += (W / 2 - pos[i].x) * 0.01; force[i].y += (H / 2 - pos[i].y) * 0.01;
      const len = Math.hypot(force[i].x, force[i].y) || 1, move = Math.min(len, 12 * cool + 0.5);
      pos[i].x = Math.min(W - 70, Math.max(70, pos[i].x + force[i].x / len * move));
      pos[i].y = Math.min(H - 24, Math.max(24, pos[i].y + force[i].y / len * move));
    }
  }
  return { pos, index };
}

export async function renderNetwork(root) {
  const data = await api("/network", new URLSearchParams([...currentFilters(), ["top", "30"]]));
  if (!data.edges.length) { root.append(h("p", { class: "empty" }, "No actor → recipient pairs match these filters.")); return; }
  const { pos, index } = layout(data.nodes, data.edges);
  const maxEdge = Math.max(...data.edges.map((e) => e.events));
  const maxNode = Math.max(...data.nodes.map((nd) => nd.events));
  const radius = (nd) => 5 + 14 * Math.sqrt(nd.events / maxNode);
  const defs = svg("defs", {}, ...Object.entries(QUAD_COLOR).map(([q, c]) =>
    svg("marker", { id: `arrow-${q}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9,
      markerUnits: "userSpaceOnUse",
      orient: "auto-start-reverse" }, svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: c }))));
  const graph = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", id: "network", role: "img",
    "aria-label": "actor network" }, defs);
  for (const e of data.edges) {
    const a = pos[index.get(e.source)], b = pos[index.get(e.target)];
    const r = radius(data.nodes[index.get(e.target)]);
    const d = Math.max(Math.hypot(b.x - a.x, b.y - a.y), 1);
    const tx = b.x - (b.x - a.x) / d * (r + 2), ty = b.y - (b.y - a.y) / d * (r + 2);
    const q = String(e.quad_class);
    graph.append(svg("line", { class: "edge", x1: a.x, y1: a.y, x2: tx, y2: ty, stroke: QUAD_COLOR[q],
      "stroke-width": 1 + 6 * (e.events / maxEdge), "marker-end": `url(#arrow-${q})` },
    svg("title", {}, `${e.source} → ${e.target}: ${e.events} events (${Object.entries(e.quad)
      .map(([k, n]) => `${QUAD[k]} ${n}`).join(", ")})`)));
  }
  for (const nd of data.nodes) {
    const p = pos[index.get(nd.name)];
    graph.append(svg("g", { class: "node", transform: `translate(${p.x},${p.y})`,
      onclick: () => navigate("events", { actor: nd.name, cursor: null }) },
    svg("circle", { r: radius(nd) }), svg("text", { y: -radius(nd) - 3, "text-anchor": "middle" }, nd.name),
    svg("title", {}, `${nd.name}: ${nd.events} events (click to filter)`)));
  }
  root.append(h("p", { class: "muted" }, `${data.nodes.length} busiest participants, ${data.edges.length} actor → recipient pairs. Click a node to list its events.`),
    graph, h("div", { class: "legend" }, ...Object.entries(QUAD).map(([k, label]) =>
      h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: QUAD_COLOR[k] } }), `${k} ${label}`))));
}
