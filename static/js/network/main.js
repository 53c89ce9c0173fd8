/* Passerelle graph views: ego, border and whole network, on a MapLibre base map or as a force-directed
 * graph, drawn with WebGL by sigma.js. The state lives in the URL; the data comes from GET /api/v1/graph;
 * the tables below the graph are its text equivalent. */
import { REFUSAL, VOCAB, t } from "./config.js";
import { buildGraph, edgeCounts, edgeTotal, fetchView, nodeSize } from "./data.js";
import { createBasemap, syncMap } from "./basemap.js";
import { smoothMotion } from "./motion.js";
import { undrawn } from "./programs.js";
import { tiesOf } from "./ties.js";
import { bindControlsToggle, bindLegendToggle, drawLegend, legendEntries } from "./legend.js";
import { framingBox, framingNodes, placeGeographically, prepareForceLayout, runForceLayout, stopForceLayout } from "./layout.js";
import { drawTables, openPanel } from "./panel.js";
import { createRenderer, extentOf, fitBox, neighboursOf, refreshAround } from "./render.js";
import { readControls, readState, setExportLinks, syncControls, writeUrl } from "./state.js";
import { bindPrint, exportPng, exportSvg } from "./export.js";

const t0 = performance.now();
const state = readState();
let pendingSelect = state.select;
const view = { selected: null, hovered: null, centre: null, graph: null, large: false };
const network = (window.passerelleNetwork = {
  state, graph: null, sigma: null, map: null, data: null, timings: {}, ready: null, view, motion: null,
  largeFrom: { nodes: 30000, edges: 50000 }, // the sizes from which a view is drawn as a large one
  /** The nodes whose name is drawn now (sigma's label grid, plus the forced ones). */
  labelledNodes: () => (network.sigma ? [...network.sigma.getNodeDisplayedLabels()] : []),
  /** A node's neighbours in the view, through its edges and its kept ties. */
  neighbours: (node) => (network.graph ? [...neighboursOf(network.graph, String(node))] : []),
  /** The nodes and edges drawn (a large view's ties are kept out of the graph: ties.js). */
  counts: () => ({ nodes: network.graph ? network.graph.order : 0,
    edges: network.graph ? network.graph.size + (tiesOf(network.graph) || { count: 0 }).count : 0 }),
});
// The columnar payload once the server offers it (GET /api/v1/graph?format=columnar); the list form otherwise.
const COLUMNAR = document.querySelector("script[data-api]").dataset.columnar === "y";

const setStatus = (text) => { document.getElementById("status").textContent = text; };
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

function title(data) {
  if (data.view === "ego") {
    const centre = data.nodes.find((n) => String(n.id) === String(data.center));
    return t("title_ego", { name: centre ? centre.name : "", depth: data.depth });
  }
  if (data.view === "border") return t("title_border", { border: VOCAB.borders[data.border] || data.border });
  return t("title_whole");
}

function centreName() {
  const centre = network.data && network.data.nodes.find((n) => String(n.id) === String(state.center));
  return centre ? centre.name : undefined;
}

function showMap(visible) {
  const element = document.getElementById("basemap");
  const wasHidden = element.hidden;
  element.hidden = !visible;
  if (visible && network.map) {
    if (wasHidden) network.map.resize(); // it had no size while hidden
    syncMap(network.map, network.sigma);
  }
}

/** Places, spread where they overlap, for the framing the view opens on (measured on the places themselves). */
function placeForView(graph) {
  const nodes = framingNodes(graph, network.data);
  graph.updateEachNodeAttributes((node, a) => ({ ...a, x: a.geoX, y: a.geoY }));
  const box = framingBox(graph, nodes);
  const container = document.getElementById("graph");
  const started = performance.now();
  placeGeographically(graph, box, container.clientWidth, container.clientHeight);
  network.timings.spread = performance.now() - started;
  return framingBox(graph, nodes); // the spread points, all in the frame
}

/** Geographic layout: the map shown, the camera on what the view is about. `box`: already placed (a new load). */
function layOutGeographically(box) {
  const { graph, sigma } = network;
  if (!box) { box = placeForView(graph); sigma.refresh(); }
  showMap(true);
  frameOn(box);
  updateInsets();
}

async function layOutByForces() {
  const { sigma, graph } = network;
  showMap(false);
  const fit = () => {
    sigma.refresh();
    frameOn(extentOf(graph, graph.nodes(), 1e-6));
  };
  // The worker posts positions faster than a frame is drawn: one refresh per frame, never one per message
  // (a synchronous refresh per message kept the main thread busy long after the layout had finished).
  let pending = false;
  const step = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fit(); });
  };
  const result = runForceLayout(graph, step);
  fit();
  const { iterations, build, run } = await result;
  network.timings.forceAtlas2 = { iterations, build, run };
  fit();
  updateInsets();
}

/** The camera on `box` (graph coordinates); sizes are relative to this zoom. */
function frameOn(box) {
  if (!box) return;
  const { sigma } = network;
  fitBox(sigma, box);
  const state = sigma.getCamera().getState();
  view.baseRatio = state.ratio;
  view.fitted = { box, state };
}

function updateInsets() {
  document.getElementById("insets").hidden = !(network.data && network.data.view === "whole" && state.layout === "geo");
}

async function applyLayout(placed) {
  const started = performance.now();
  delete network.timings.layout;
  if (state.layout === "geo") { stopForceLayout(); layOutGeographically(placed); } else await layOutByForces();
  network.timings.layout = performance.now() - started;
}

/** A network too big to draw at every frame without a GPU (see motion.js, programs.js and ties.js). */
const isLarge = (data) => data.nodes.length > network.largeFrom.nodes || edgeTotal(data) > network.largeFrom.edges;
/** Hundreds of thousands of ties: kept out of sigma (ties.js), drawn as hairlines, not hoverable; nodes in
 * the data's order (sigma would sort every node by zIndex at each processing). */
const sizeSettings = (large) => ({ defaultEdgeType: large ? "hairline" : "line", enableEdgeEvents: !large, zIndex: !large });

function ensureRenderer(graph, large) {
  view.large = large;
  view.around = null; // the previous graph's focus, which would keep that graph alive
  if (network.sigma) {
    view.graph = graph;
    Object.entries(sizeSettings(large)).forEach(([key, value]) => network.sigma.setSetting(key, value));
    undrawn(() => network.sigma.setGraph(graph)); // drawn once framed on the new view, not at the old camera
    return;
  }
  const started = performance.now();
  network.sigma = createRenderer(document.getElementById("graph"), graph, view, sizeSettings(large));
  network.timings.renderer = performance.now() - started;
  network.sigma.on("clickNode", ({ node }) => select(node));
  network.sigma.on("clickStage", () => { const was = view.selected; view.selected = null; refreshAround(network.sigma, view, [was]); });
  const followMap = () => { if (network.map && state.layout === "geo") syncMap(network.map, network.sigma); };
  network.sigma.on("afterRender", followMap);
  network.motion = smoothMotion(network.sigma, {
    isLarge: () => view.large,
    mapCanvas: () => (network.map && state.layout === "geo" && !document.getElementById("basemap").hidden ? network.map.getCanvas() : null),
    syncMap: () => { if (network.map && state.layout === "geo") { followMap(); network.map.redraw(); } },
  });
  const mapStarted = performance.now();
  network.map = createBasemap(document.getElementById("basemap"));
  network.timings.map = performance.now() - mapStarted;
  network.map.ready.then(() => { syncMap(network.map, network.sigma); document.body.dataset.mapReady = "true"; })
    .catch(() => { document.body.dataset.mapReady = "error"; });
}

function select(node) {
  const was = view.selected;
  view.selected = node;
  refreshAround(network.sigma, view, [was, node]);
  return openPanel(network, node, state);
}

function focusNode(id) {
  const node = String(id);
  if (!network.graph || !network.graph.hasNode(node)) return false;
  const camera = network.sigma.getCamera();
  const { x, y } = network.sigma.getNodeDisplayData(node);
  camera.animate({ x, y, ratio: Math.min(camera.getState().ratio, 0.3) }, { duration: 200 });
  select(node);
  return true;
}

async function load() {
  setStatus(t("network_loading"));
  document.body.dataset.graphReady = "false";
  const started = performance.now();
  try {
    if (state.layout === "force") prepareForceLayout();
    const { ok, body } = await fetchView(state, COLUMNAR);
    network.timings.fetch = performance.now() - started;
    if (!ok) {
      setStatus(body.error ? body.error.message : t("error"));
      network.data = { nodes: [], edges: [] };
      network.graph = buildGraph(network.data, state);
      view.large = false;
      if (network.sigma) { view.graph = network.graph; network.sigma.setGraph(network.graph); }
      drawTables(network.data);
      document.body.dataset.graphReady = "error";
      return;
    }
    network.data = body;
    const building = performance.now();
    const large = isLarge(body);
    network.graph = buildGraph(body, state, large);
    network.timings.build = performance.now() - building;
    view.selected = null;
    view.centre = state.center ? String(state.center) : null;
    // Placed before sigma first indexes the graph: one full refresh, not two.
    const placed = state.layout === "geo" ? placeForView(network.graph) : null;
    ensureRenderer(network.graph, large);
    const entries = legendEntries(body, state.size);
    network.legend = entries;
    drawLegend(entries);
    document.getElementById("view-title").textContent = title(body);
    syncControls(state, centreName());
    const laidOut = applyLayout(placed);
    network.timings.firstPaint = (await nextFrame()) - t0;
    await laidOut; // the geographic layout is done before the first frame; the force layout runs on
    if (state.layout === "force") await nextFrame();
    network.timings.interactive = performance.now() - t0;
    const { ties, suggestions } = edgeCounts(body);
    setStatus(t(suggestions ? "drawn_with_suggestions" : "drawn", { organisations: body.nodes.length, ties, suggestions }));
    await drawTables(body); // once the graph is interactive: thousands of rows would delay it
    reframeIfUntouched(); // the page grew (a scrollbar may have narrowed the frame)
    network.timings.total = performance.now() - t0;
    if (pendingSelect) { const id = pendingSelect; pendingSelect = ""; state.select = ""; focusNode(id); writeUrl(state, centreName()); }
    document.body.dataset.graphReady = "true";
  } catch (error) {
    setStatus(t("network_failed"));
    document.body.dataset.graphReady = "error";
    throw error;
  }
}

/* ---- controls ---- */

document.getElementById("controls").addEventListener("submit", (event) => {
  event.preventDefault();
  readControls(state, event.target);
  writeUrl(state);
  network.ready = load();
});
["layout", "size"].forEach((name) => document.getElementById(name).addEventListener("change", (event) => {
  state[name] = event.target.value;
  writeUrl(state, centreName());
  if (!network.data || !network.graph) return;
  if (name === "size") {
    const byId = new Map(network.data.nodes.map((n) => [String(n.id), n]));
    network.graph.updateEachNodeAttributes((node, a) => ({ ...a, size: nodeSize(byId.get(node), state.size) }));
    network.legend = legendEntries(network.data, state.size);
    drawLegend(network.legend);
  } else {
    document.body.dataset.graphReady = "false";
    network.ready = applyLayout().then(() => { document.body.dataset.graphReady = "true"; });
  }
}));
document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const wanted = document.getElementById("search-input").value.trim().toLowerCase();
  const nodes = network.data ? network.data.nodes : [];
  const found = nodes.find((n) => n.name.toLowerCase() === wanted) || nodes.find((n) => n.name.toLowerCase().includes(wanted));
  setStatus(found && focusNode(found.id) ? t("centred", { name: found.name }) : t("not_found"));
});
document.getElementById("nodes-table").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-focus]");
  if (button) focusNode(button.dataset.focus);
});
document.getElementById("insets").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-region]");
  if (!button || !network.graph) return;
  const region = button.dataset.region;
  const box = framingBox(network.graph, framingNodes(network.graph, network.data, region === "mainland" ? null : region), region === "mainland" ? null : region);
  if (box) fitBox(network.sigma, box, true);
});
const current = () => ({ entries: network.legend || [], title: document.getElementById("view-title").textContent });
document.getElementById("export-png").addEventListener("click", () => exportPng(network, current().entries, current().title));
document.getElementById("export-svg").addEventListener("click", () => exportSvg(network, current().entries, current().title));
bindPrint(network, current);
bindLegendToggle();
bindControlsToggle();
/** A view the reader has not moved yet is framed again (after the frame changed size). */
function reframeIfUntouched() {
  const { sigma } = network, fitted = view.fitted;
  if (!sigma || !fitted) return;
  const state = sigma.getCamera().getState();
  if (["x", "y", "ratio"].every((k) => Math.abs(state[k] - fitted.state[k]) < 1e-9)) frameOn(fitted.box);
}

// The frame changes size (a scrollbar appears once the tables are there, the window turns): sigma and
// the map follow.
new ResizeObserver(() => {
  const { sigma, map } = network;
  if (!sigma) return;
  sigma.resize();
  sigma.refresh({ skipIndexation: true }); // sigma's matrices for the new size, which fitBox reads
  if (map) map.resize();
  reframeIfUntouched();
}).observe(document.getElementById("graph"));

syncControls(state);
setExportLinks(state);
if (REFUSAL) { // the whole network, for someone who may not see it: say why, ask nothing
  setStatus(REFUSAL + " " + t("refusal_hint"));
  document.body.dataset.graphReady = "denied";
  network.ready = Promise.resolve();
} else {
  network.ready = load();
}
