/* The view's data: GET /api/v1/graph (columnar or list JSON), turned into one graphology graph. */
import Graph from "graphology";
import { MercatorCoordinate } from "maplibre-gl";
import { API, COUNTRY_COLOURS, LABEL_COLOURS, SUGGESTION_COLOUR, TIE_COLOURS } from "./config.js";
import { queryString } from "./state.js";

// Graph coordinates are Web Mercator in 512-pixel tiles at zoom 0, as MapLibre's: at map zoom z one
// graph unit is 2^z screen pixels, which is what keeps the map and the graph aligned (basemap.js).
export const TILE = 512;

/** Fetches the view; resolves to {ok, body} with body in the list form ({nodes: [...], edges: [...]}). */
export async function fetchView(state, columnar) {
  const query = queryString(state, columnar ? { format: "columnar" } : {});
  const response = await fetch(API + "?" + query.toString(), { headers: { Accept: "application/json" } });
  const body = await response.json();
  return { ok: response.ok, body: response.ok ? toListForm(body) : body };
}

/** The columnar payload ({nodes: {id: [...], ...}, edges: {source: [index], ...}}) as lists of objects. */
export function toListForm(body) {
  if (Array.isArray(body.nodes)) return body;
  const columns = body.nodes;
  const ids = columns.id;
  const nodes = ids.map((id, i) => {
    const node = {};
    Object.keys(columns).forEach((key) => { node[key] = columns[key][i]; });
    node.labels = node.labels || [];
    return node;
  });
  const e = body.edges;
  const edges = e.source.map((source, i) => ({
    id: e.id ? e.id[i] : i, source: ids[source], target: ids[e.target[i]], kinds: (e.kinds && e.kinds[i]) || [],
    since: e.since ? e.since[i] : null, suggested: Boolean(e.suggested && e.suggested[i]), score: e.score ? e.score[i] : null,
  }));
  return { ...body, nodes, edges, indexed: true }; // indexed: every edge's ends are nodes of the view
}

export function geoPosition(node) {
  if (node.lat == null || node.lon == null) return null;
  const m = MercatorCoordinate.fromLngLat([node.lon, Math.max(-85, Math.min(85, node.lat))]);
  return { x: m.x * TILE, y: (1 - m.y) * TILE }; // sigma's y grows upwards, Mercator's downwards
}

export function graphToLngLat(point) {
  return new MercatorCoordinate(point.x / TILE, 1 - point.y / TILE).toLngLat();
}

export function nodeSize(node, by) {
  if (by === "degree") return 2.5 + 1.6 * Math.sqrt(node.degree || 0);
  if (node.kind === "cross_border_structure") return 7;
  return node.population ? 1.5 + Math.log10(node.population) : 3;
}

/** One graph for both layouts: x/y are the current layout's, geoX/geoY the places' projection. */
export function buildGraph(data, state) {
  // Ties are one edge per pair (the server's graph is simple); a suggestion may double a tie (ego views
  // only): a multigraph then, a simple one otherwise (cheaper to build: no multi-edge index).
  const graph = new Graph({ type: "undirected", multi: data.edges.some((e) => e.suggested), allowSelfLoops: false });
  data.nodes.forEach((n) => {
    const p = geoPosition(n) || { x: 0, y: 0 };
    graph.addNode(String(n.id), {
      label: n.name, x: p.x, y: p.y, geoX: p.x, geoY: p.y, located: n.lat != null, place: { lat: n.lat, lon: n.lon },
      size: nodeSize(n, state.size), color: COUNTRY_COLOURS[n.country] || "#555555",
      type: "ring", borderColor: n.labels && n.labels.length ? LABEL_COLOURS[n.labels[0]] : "#ffffff",
      borderSize: n.labels && n.labels.length ? 0.35 : 0.12,
      country: n.country, kind: n.kind, zIndex: n.kind === "cross_border_structure" ? 0 : 1,
    });
  });
  // The columnar form names ends by their row: they are nodes of the view, no need to look them up.
  const known = data.indexed ? () => true : (node) => graph.hasNode(node);
  data.edges.forEach((e, i) => {
    const source = String(e.source), target = String(e.target);
    if (source === target || !known(source) || !known(target)) return;
    graph.addEdgeWithKey("e" + (e.id ?? i), source, target, {
      suggested: Boolean(e.suggested), score: e.score, kinds: e.kinds || [],
      color: e.suggested ? SUGGESTION_COLOUR : TIE_COLOURS[(e.kinds || [])[0]] || "#5a6b82",
      size: e.suggested ? 1.5 : 1.6,
    });
  });
  return graph;
}
