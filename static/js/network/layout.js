/* Where the nodes go: their places (spread apart when they would overlap), or ForceAtlas2 in a worker
 * seeded by geography; and what each view opens on (its framing). */
import { LAYOUT_WORKER } from "./config.js";
import { geoPosition } from "./data.js";
import { extentOf } from "./render.js";
import { forEachLine, tiesOf } from "./ties.js";

// Mainland France and its neighbours; the overseas insets (Guiana, Saint-Martin) have their own buttons.
export const REGIONS = {
  mainland: { west: -10, east: 20, south: 40, north: 56 },
  guiana: { west: -55, east: -51, south: 1.5, north: 6.5 },
  saint_martin: { west: -63.3, east: -62.8, south: 17.8, north: 18.3 },
};
const MIN_SPAN = 0.25; // graph units (~25 km at these latitudes): the tightest framing of a small view
const SPREAD_PX = 9; // points closer than this at the fitted zoom are spread apart
const SPREAD_MAX_NODES = 15000;
// ForceAtlas2's time budget below 20,000 nodes: the run starts from geography, so ~35 iterations settle it, and
// the whole network (6,600 places) is laid out and usable within 2 s.
const FORCE_SECONDS = 0.9;

export function nodesIn(graph, region) {
  return graph.filterNodes((node, a) => {
    if (!a.located) return false;
    const { lat, lon } = a.place;
    return lat >= region.south && lat <= region.north && lon >= region.west && lon <= region.east;
  });
}

/** The nodes a view opens on: the whole network opens on mainland France, other views on all their places. */
export function framingNodes(graph, data, region) {
  if (region) return nodesIn(graph, REGIONS[region]);
  const located = graph.filterNodes((node, a) => a.located);
  if (data.view === "whole") {
    const mainland = nodesIn(graph, REGIONS.mainland);
    if (mainland.length) return mainland;
  }
  return located.length ? located : graph.nodes();
}

export function framingBox(graph, nodes, region) {
  const box = extentOf(graph, nodes, MIN_SPAN);
  if (box || !region) return box;
  const r = REGIONS[region];
  const a = geoPosition({ lat: r.south, lon: r.west }), b = geoPosition({ lat: r.north, lon: r.east });
  return { minX: a.x, maxX: b.x, minY: a.y, maxY: b.y };
}

/** Places every node at its place, then pushes apart the points closer than SPREAD_PX at the framing's
 * zoom (a few relaxation passes over a grid, in id order: the same view always looks the same). */
export function placeGeographically(graph, box, width, height) {
  graph.updateEachNodeAttributes((node, a) => ({ ...a, x: a.geoX, y: a.geoY }));
  if (!box) return;
  const unitsPerPx = Math.max((box.maxX - box.minX) / Math.max(width - 100, 50), (box.maxY - box.minY) / Math.max(height - 100, 50));
  const d = SPREAD_PX * unitsPerPx;
  // Beyond a few thousand places the opening view is a density map anyway: zooming in separates them.
  if (graph.order > SPREAD_MAX_NODES) return;
  const points = graph.filterNodes((node, a) => a.located).sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1))
    .map((node) => ({ node, ...graph.getNodeAttributes(node) }));
  for (let pass = 0; pass < 8; pass++) {
    const cells = new Map();
    points.forEach((p) => {
      const key = Math.floor(p.x / d) + ":" + Math.floor(p.y / d);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(p);
    });
    let moved = false;
    points.forEach((p, i) => {
      const ci = Math.floor(p.x / d), cj = Math.floor(p.y / d);
      for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) {
        (cells.get(ci + di + ":" + (cj + dj)) || []).forEach((q) => {
          if (q === p) return;
          let dx = q.x - p.x, dy = q.y - p.y, dist = Math.hypot(dx, dy);
          if (dist >= d) return;
          if (dist < d * 1e-3) { const angle = (i * 2.399963) % (2 * Math.PI); dx = Math.cos(angle); dy = Math.sin(angle); dist = 1; }
          const push = (d * 1.02 - Math.hypot(q.x - p.x, q.y - p.y)) / 2;
          p.x -= (dx / dist) * push; p.y -= (dy / dist) * push;
          q.x += (dx / dist) * push; q.y += (dy / dist) * push;
          moved = true;
        });
      }
    });
    if (!moved) break;
  }
  points.forEach((p) => graph.mergeNodeAttributes(p.node, { x: p.x, y: p.y }));
}

let worker = null;
let spare = null; // a worker started ahead (prepareForceLayout): its script is loaded while the data comes

/** Start the layout's worker now, so that loading its script overlaps the view's fetch. */
export function prepareForceLayout() {
  if (!spare) spare = new Worker(LAYOUT_WORKER, { type: "module" });
}

/** ForceAtlas2 in a worker (same-origin file, layout-worker.js), seeded by the geographic positions.
 * `onStep` gets intermediate positions; resolves when the bounded run ends. */
export function runForceLayout(graph, onStep) {
  if (worker) worker.terminate();
  const nodes = graph.nodes();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const positions = new Float64Array(nodes.length * 2);
  // Seeded by geography, rescaled to FA2's scale (a few tens of units between neighbours).
  const box = extentOf(graph, nodes, 1e-6) || { minX: 0, maxX: 1, minY: 0, maxY: 1 };
  const scale = (Math.sqrt(nodes.length) * 40) / Math.max(box.maxX - box.minX, box.maxY - box.minY);
  nodes.forEach((n, i) => {
    const a = graph.getNodeAttributes(n);
    positions[2 * i] = (a.geoX - box.minX) * scale;
    positions[2 * i + 1] = (a.geoY - box.minY) * scale;
  });
  const ties = tiesOf(graph);
  const edges = new Uint32Array((graph.size + (ties ? ties.count : 0)) * 2);
  let e = 0;
  forEachLine(graph, (source, target, attributes) => {
    if (attributes.suggested) return; // suggestions are not ties: they do not pull
    edges[e++] = index.get(source); edges[e++] = index.get(target);
  });
  // One graph event for all the nodes (not one per node, which sigma would each handle).
  const apply = (xy) => graph.updateEachNodeAttributes((n, a) => {
    const i = index.get(n);
    a.x = xy[2 * i]; a.y = xy[2 * i + 1];
    return a;
  }, { attributes: ["x", "y"] });
  apply(positions);
  return new Promise((resolve, reject) => {
    worker = spare || new Worker(LAYOUT_WORKER, { type: "module" });
    spare = null;
    worker.onmessage = ({ data }) => {
      apply(data.positions);
      if (data.done) { worker.terminate(); worker = null; resolve(data); } else onStep();
    };
    worker.onerror = (error) => { worker = null; reject(error); };
    worker.postMessage({ positions, edges: edges.subarray(0, e), count: nodes.length, seconds: nodes.length > 20000 ? 2.5 : FORCE_SECONDS });
  });
}

export function stopForceLayout() {
  if (worker) { worker.terminate(); worker = null; }
}
