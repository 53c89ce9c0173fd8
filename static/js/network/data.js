/* The view's data: GET /api/v1/graph (columnar or list JSON), turned into one graphology graph. */
import Graph from "graphology";
import { MercatorCoordinate } from "maplibre-gl";
import { API, COUNTRY_COLOURS, LABEL_COLOURS, SUGGESTION_COLOUR, TIE_COLOURS } from "./config.js";
import { queryString } from "./state.js";
import { tiesFrom } from "./ties.js";

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

/** The columnar payload ({nodes: {id: [...], ...}, edges: {source: [index], ...}}) in the list form: nodes
 * as objects; edges as objects only when first read (`data.edges`: the tables, the panel), since a large
 * view draws its ties from the columns (`data.edgeColumns`) and 300,000 objects would delay its opening. */
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
  const { edges: e, ...rest } = body;
  let edges = null;
  const data = { ...rest, nodes, edgeColumns: e, indexed: true }; // indexed: every edge's ends are nodes of the view
  Object.defineProperty(data, "edges", {
    enumerable: true,
    get() {
      edges = edges || e.source.map((source, i) => edgeAt(data, i));
      return edges;
    },
  });
  return data;
}

/** Edge `i` of the view as an object of the list form (from the columns when the view has them). */
export function edgeAt(data, i) {
  const e = data.edgeColumns;
  if (!e) return data.edges[i];
  const ids = data.nodes;
  return {
    id: e.id ? e.id[i] : i, source: ids[e.source[i]].id, target: ids[e.target[i]].id, kinds: (e.kinds && e.kinds[i]) || [],
    since: e.since ? e.since[i] : null, suggested: Boolean(e.suggested && e.suggested[i]), score: e.score ? e.score[i] : null,
  };
}

/** The view's edges in either form, by row: {n, source(i) and target(i) (node ids as the data has them),
 * kind(i) (the first kind: its colour), suggested(i), touching(id) (a test of row i: does the edge end at
 * node `id`?)}; the columns are read without an object per edge, and compared by node row, not by id. */
function edgeRows(data) {
  const e = data.edgeColumns;
  if (!e) {
    const list = data.edges;
    const touching = (id) => (i) => String(list[i].source) === String(id) || String(list[i].target) === String(id);
    return { n: list.length, source: (i) => list[i].source, target: (i) => list[i].target,
      kind: (i) => (list[i].kinds || [])[0], suggested: (i) => Boolean(list[i].suggested), touching };
  }
  const nodes = data.nodes;
  const touching = (id) => {
    const row = nodes.findIndex((x) => String(x.id) === String(id));
    return (i) => e.source[i] === row || e.target[i] === row;
  };
  return { n: e.source.length, source: (i) => nodes[e.source[i]].id, target: (i) => nodes[e.target[i]].id,
    kind: (i) => ((e.kinds && e.kinds[i]) || [])[0], suggested: (i) => Boolean(e.suggested && e.suggested[i]), touching };
}

/** How many edges the view has (either form). */
export const edgeTotal = (data) => edgeRows(data).n;

/** {ties, suggestions}: how many edges of the view are ties and how many suggestions. */
export function edgeCounts(data) {
  const { n, suggested } = edgeRows(data);
  let suggestions = 0;
  for (let i = 0; i < n; i++) if (suggested(i)) suggestions += 1;
  return { ties: n - suggestions, suggestions };
}

/** The view's ties that touch node `id`, as objects. */
export function tiesOfNode(data, id) {
  const { n, suggested, touching } = edgeRows(data);
  const touches = touching(id);
  const found = [];
  for (let i = 0; i < n; i++) if (touches(i) && !suggested(i)) found.push(edgeAt(data, i));
  return found;
}

/** The number of ties in the view per node id (suggestions left out). */
export function tiesPerNode(data) {
  const counts = new Map();
  const add = (id) => counts.set(id, (counts.get(id) || 0) + 1);
  const { n, source, target, suggested } = edgeRows(data);
  for (let i = 0; i < n; i++) if (!suggested(i)) { add(source(i)); add(target(i)); }
  return counts;
}

/** The kinds of tie in the view (each tie's first: its colour), sorted. */
export function tieKinds(data) {
  const { n, kind, suggested } = edgeRows(data);
  const kinds = new Set();
  for (let i = 0; i < n; i++) if (!suggested(i) && kind(i)) kinds.add(kind(i));
  return [...kinds].sort();
}

const tieColour = (kinds) => TIE_COLOURS[(kinds || [])[0]] || "#5a6b82";

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

/** One graph for both layouts: x/y are the current layout's, geoX/geoY the places' projection. With
 * `keepTies` (a large view in the columnar form), the ties are not graph edges but typed arrays kept as the
 * graph's attribute "ties" (ties.js), drawn by their own layer; suggestions stay edges. */
export function buildGraph(data, state, keepTies = false) {
  keepTies = keepTies && Boolean(data.edgeColumns);
  // Ties are one edge per pair (the server's graph is simple); a suggestion may double a tie (ego views
  // only): a multigraph then, a simple one otherwise (cheaper to build: no multi-edge index).
  const suggested = edgeCounts(data).suggestions > 0;
  const graph = new Graph({ type: "undirected", multi: suggested, allowSelfLoops: false });
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
  if (keepTies) {
    const e = data.edgeColumns, keys = data.nodes.map((n) => String(n.id));
    const ties = [];
    for (let i = 0; i < e.source.length; i++) if (!(e.suggested && e.suggested[i]) && e.source[i] !== e.target[i]) ties.push(i);
    const pick = (column) => (ties.length === e.source.length ? column : ties.map((i) => column[i]));
    graph.setAttribute("ties", tiesFrom(keys, pick(e.source), pick(e.target), (k) => tieColour(e.kinds && e.kinds[ties[k]])));
    // The suggestions (a large ego view's) stay edges, made from their own rows only.
    for (let i = 0; i < e.source.length; i++) if (e.suggested && e.suggested[i]) addEdge(graph, edgeAt(data, i), i, () => true);
    return graph;
  }
  // The columnar form names ends by their row: they are nodes of the view, no need to look them up.
  const known = data.indexed ? () => true : (node) => graph.hasNode(node);
  data.edges.forEach((e, i) => addEdge(graph, e, i, known));
  return graph;
}

function addEdge(graph, e, i, known) {
  const source = String(e.source), target = String(e.target);
  if (source === target || !known(source) || !known(target)) return;
  graph.addEdgeWithKey("e" + (e.id ?? i), source, target, {
    suggested: Boolean(e.suggested), score: e.score, kinds: e.kinds || [],
    color: e.suggested ? SUGGESTION_COLOUR : tieColour(e.kinds),
    size: e.suggested ? 1.5 : 1.6,
  });
}
