/* The graph drawn with WebGL (sigma.js): label rings, hover highlighting, suggestions dashed on a 2D layer. */
import Sigma from "sigma";
import { HairlineProgram, RingPointProgram, SegmentProgram, undrawn } from "./programs.js";
import { forEachTieOf, tieColourOf, tiesLayer, tiesOf } from "./ties.js";
import { PERCENT, SELECTED_COLOUR, SUGGESTION_COLOUR, VOCAB, t } from "./config.js";

const FADED = "#d5dbe3";
const TRANSPARENT = "rgba(0,0,0,0)";

/** A sigma renderer over `graph` in `container`; `view.selected`/`view.hovered` drive the highlighting. */
export function createRenderer(container, graph, view, settings = {}) {
  view.graph = graph; // the reducers read the current graph (main.js replaces it on each load)
  const font = getComputedStyle(document.body).fontFamily;
  // Sigma processes the graph as it starts; the first picture is drawn once the view is framed.
  const sigma = undrawn(() => new Sigma(graph, container, {
    nodeProgramClasses: { ring: RingPointProgram },
    defaultNodeType: "ring",
    edgeProgramClasses: { line: SegmentProgram, hairline: HairlineProgram },
    defaultEdgeType: "line",
    labelFont: font, labelSize: 12, labelWeight: "600", labelColor: { color: "#1b1b1b" },
    // The label grid keeps one label per cell, the biggest node's: names appear as one zooms in.
    labelDensity: 0.5, labelGridCellSize: 150, labelRenderedSizeThreshold: 4,
    // Sizes are in pixels at the zoom the view opened at (view.baseRatio); they grow as one zooms in.
    zoomToSizeRatioFunction: (ratio) => Math.sqrt(Math.min(1, ratio / (view.baseRatio || 1))),
    allowInvalidContainer: true, // printed, the live graph is hidden (the composed picture replaces it)
    enableEdgeEvents: true, zIndex: true, stagePadding: 24, minCameraRatio: 0.0002, maxCameraRatio: 50,
    nodeReducer: (node, data) => reduceNode(view.graph, view, node, data),
    edgeReducer: (edge, data) => reduceEdge(view.graph, view, edge, data),
    ...settings,
  }));
  labelsWithoutOverlap(sigma);
  view.tiesLayer = tiesLayer(sigma);
  drawSuggestionsLayer(sigma, view);
  bindTooltip(sigma, container);
  sigma.on("enterNode", ({ node }) => { const was = view.hovered; view.hovered = node; refreshAround(sigma, view, [was, node]); });
  sigma.on("leaveNode", () => { const was = view.hovered; view.hovered = null; refreshAround(sigma, view, [was]); });
  return sigma;
}

// How far off the frame a node's label may still start (sigma's own margins).
const LABEL_MARGIN = { x: 150, y: 50 };

/** Sigma's labels pass, with collisions settled. Sigma's label grid keeps one label per cell (the biggest
 * node's), but a long name (a Eurodistrict, an EGTC) runs over its neighbours' cells and their names. Here
 * the forced labels (the selected or hovered node, its neighbours, an ego view's centre) are drawn first,
 * always; then the grid's, biggest node first, each only where it overlaps no name already drawn.
 * It replaces sigma's renderLabels, reading the same fields (sigma 3.0.3, pinned in package.json). */
function labelsWithoutOverlap(sigma) {
  const widths = new Map(); // label -> its width in pixels, measured once
  sigma.renderLabels = function renderLabels() {
    if (!this.settings.renderLabels) return this;
    const { labelSize, labelFont, labelWeight, labelRenderedSizeThreshold, labelDensity } = this.settings;
    const context = this.canvasContexts.labels;
    context.font = `${labelWeight} ${labelSize}px ${labelFont}`;
    const cache = this.nodeDataCache;
    // Each candidate where it would be drawn; those off the frame, unnamed or too small dropped first.
    const place = (node) => {
      const data = cache[node];
      if (!data || data.hidden || !data.label) return null;
      const { x, y } = this.framedGraphToViewport(data);
      const size = this.scaleSize(data.size);
      if (!data.forceLabel && size < labelRenderedSizeThreshold) return null;
      if (x < -LABEL_MARGIN.x || x > this.width + LABEL_MARGIN.x || y < -LABEL_MARGIN.y || y > this.height + LABEL_MARGIN.y) return null;
      return { node, data, x, y, size };
    };
    const forced = [...this.nodesWithForcedLabels].map(place).filter(Boolean);
    const grid = this.labelGrid.getLabelsToDisplay(this.camera.getState().ratio, labelDensity)
      .map(place).filter(Boolean).sort((a, b) => b.size - a.size);
    const boxes = [];
    this.displayedNodeLabels = new Set();
    for (const { node, data, x, y, size } of [...forced, ...grid]) {
      if (this.displayedNodeLabels.has(node)) continue;
      if (!widths.has(data.label)) widths.set(data.label, context.measureText(data.label).width);
      // Where sigma's drawLabel writes it: from the disc's right, centred on its height (2 px of air around).
      const box = { left: x + size + 1, right: x + size + 5 + widths.get(data.label), top: y - labelSize / 2 - 2, bottom: y + labelSize / 2 + 2 };
      // (A forced name is drawn whatever it overlaps: no need to look.)
      if (!data.forceLabel && boxes.some((b) => b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom)) continue;
      boxes.push(box);
      this.displayedNodeLabels.add(node);
      const drawLabel = (this.nodePrograms[data.type] && this.nodePrograms[data.type].drawLabel) || this.settings.defaultDrawNodeLabel;
      drawLabel(context, { key: node, ...data, size, x, y }, this.settings);
    }
    return this;
  };
}

/** `node`'s neighbours in `graph` (through its edges and its kept ties), as a Set. */
export function neighboursOf(graph, node) {
  const around = new Set();
  if (!node || !graph.hasNode(node)) return around;
  graph.forEachNeighbor(node, (neighbour) => around.add(neighbour));
  const ties = tiesOf(graph);
  if (ties) forEachTieOf(ties, node, (tie, neighbour) => around.add(neighbour));
  return around;
}

/** The neighbours of the hovered or selected node, found once per focus (the reducers ask for each node). */
function focusNeighbours(view, graph, focus) {
  const known = view.around;
  if (!known || known.graph !== graph || known.focus !== focus) view.around = { graph, focus, set: neighboursOf(graph, focus) };
  return view.around.set;
}

/** Processed and drawn again after the hovered or selected node changed: everything for a small
 * network (the rest fades around a hovered node), only `nodes`, their neighbours and their edges for a
 * large one (`view.large`: hundreds of thousands of items take seconds to process; nothing fades; its
 * ties are not sigma's, and the focus's are drawn over them by the suggestions layer). */
export function refreshAround(sigma, view, nodes) {
  const graph = view.graph;
  if (!view.large) { sigma.refresh({ skipIndexation: true }); return; }
  const around = new Set(), edges = new Set();
  nodes.filter((node) => node && graph.hasNode(node)).forEach((node) => {
    around.add(node);
    neighboursOf(graph, node).forEach((neighbour) => around.add(neighbour));
    graph.forEachEdge(node, (edge) => edges.add(edge));
  });
  sigma.refresh({ partialGraph: { nodes: [...around], edges: [...edges] }, skipIndexation: true });
}

// Sigma hands the reducers a copy of the attributes: they change it in place (hundreds of thousands of
// copies fewer for a large network).
function reduceNode(graph, view, node, data) {
  const res = data;
  const focus = view.hovered || view.selected;
  if (node === view.selected || node === view.hovered) {
    res.forceLabel = true; res.highlighted = true; res.zIndex = 3;
  }
  if (node === view.selected) { res.borderColor = SELECTED_COLOUR; res.borderSize = 0.45; }
  if (focus && graph.hasNode(focus)) {
    if (focusNeighbours(view, graph, focus).has(node)) { res.forceLabel = true; res.zIndex = 2; }
    else if (node !== focus && view.hovered && !view.large) { res.color = FADED; res.borderColor = FADED; res.label = ""; res.zIndex = 0; }
  }
  if (view.centre === node) res.forceLabel = true;
  return res;
}

function reduceEdge(graph, view, edge, data) {
  const res = data;
  // Suggestions are drawn dashed by drawSuggestionsLayer; the WebGL edge stays, invisible, for hovering.
  if (data.suggested) res.color = TRANSPARENT;
  const focus = view.hovered || view.selected;
  if (focus && graph.hasNode(focus)) {
    if (graph.hasExtremity(edge, focus)) { res.size = (data.size || 1) * 2; res.zIndex = 1; }
    else if (view.hovered && !view.large) { res.color = data.suggested ? TRANSPARENT : FADED; }
  }
  return res;
}

/** The suggested counterparts as dashed lines with their score, on a 2D canvas above the edges. */
function drawSuggestionsLayer(sigma, view) {
  sigma.createCanvasContext("suggestions", { afterLayer: "ties" });
  sigma.resize(true); // a layer added after sigma's first resize: give it the container's size
  const context = sigma.getCanvases().suggestions.getContext("2d");
  const suggested = new WeakMap(); // graph -> its suggested edges (the graph is replaced, never edited)
  sigma.on("afterRender", () => {
    const { width, height } = sigma.getDimensions();
    context.clearRect(0, 0, width, height);
    const graph = sigma.getGraph();
    const focus = view.hovered;
    if (!suggested.has(graph)) suggested.set(graph, graph.filterEdges((edge, attributes) => attributes.suggested));
    const edges = suggested.get(graph);
    context.setLineDash([6, 4]);
    context.lineWidth = 2;
    context.font = `600 11px ${getComputedStyle(document.body).fontFamily}`;
    edges.forEach((edge) => {
      const [a, b] = graph.extremities(edge).map((node) => sigma.framedGraphToViewport(sigma.getNodeDisplayData(node)));
      const faded = focus && !graph.hasExtremity(edge, focus);
      context.strokeStyle = faded ? FADED : SUGGESTION_COLOUR;
      context.beginPath(); context.moveTo(a.x, a.y); context.lineTo(b.x, b.y); context.stroke();
      if (edges.length <= 40 && !faded) {  // a few suggestions: their score written on the line
        const text = PERCENT.format(graph.getEdgeAttribute(edge, "score"));
        const x = (a.x + b.x) / 2, y = (a.y + b.y) / 2;
        context.fillStyle = "rgba(255,255,255,.85)";
        context.fillRect(x - context.measureText(text).width / 2 - 2, y - 7, context.measureText(text).width + 4, 14);
        context.fillStyle = "#7a3d00"; context.textAlign = "center"; context.textBaseline = "middle";
        context.fillText(text, x, y);
      }
    });
    context.setLineDash([]);
    drawFocusTies(sigma, view, context);
  });
}

/** In a large view, the hovered or selected node's ties, thicker, over the hairlines (ties.js). */
function drawFocusTies(sigma, view, context) {
  const graph = sigma.getGraph(), ties = tiesOf(graph), focus = view.hovered || view.selected;
  view.focusTies = 0; // how many were drawn (the tests read it)
  if (!ties || !focus || !graph.hasNode(focus)) return;
  const at = (node) => sigma.framedGraphToViewport(sigma.getNodeDisplayData(node));
  const a = at(focus);
  context.lineWidth = 2.5;
  forEachTieOf(ties, focus, (tie, neighbour) => {
    const b = at(neighbour);
    context.strokeStyle = tieColourOf(ties, tie);
    context.beginPath(); context.moveTo(a.x, a.y); context.lineTo(b.x, b.y); context.stroke();
    view.focusTies += 1;
  });
}

/** Hovering an edge shows what it is (a tie's kinds, a suggestion's score) next to the pointer. */
function bindTooltip(sigma, container) {
  const tip = document.getElementById("graph-tooltip");
  sigma.on("enterEdge", ({ edge, event }) => {
    const graph = sigma.getGraph();
    const a = graph.getEdgeAttributes(edge);
    const [s, d] = graph.extremities(edge).map((n) => graph.getNodeAttribute(n, "label"));
    tip.textContent = `${s} – ${d} : ` + (a.suggested ? t("suggested_edge", { score: Math.round(a.score * 100) })
      : a.kinds.map((k) => VOCAB.tie_kinds[k] || k).join(", "));
    tip.hidden = false;
    Object.assign(tip.style, { left: `${event.x + 12}px`, top: `${event.y + 12}px` });
    container.style.cursor = "help";
  });
  sigma.on("leaveEdge", () => { tip.hidden = true; container.style.cursor = ""; });
}

/** Moves the camera so that the graph-coordinate box {minX, maxX, minY, maxY} fills the view. */
export function fitBox(sigma, box, animate) {
  const { width, height } = sigma.getDimensions();
  const centre = sigma.viewportToFramedGraph(sigma.graphToViewport({ x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 }));
  const a = sigma.graphToViewport({ x: box.minX, y: box.minY });
  const b = sigma.graphToViewport({ x: box.maxX, y: box.maxY });
  const margin = 40;
  const ratio = sigma.getCamera().getState().ratio *
    Math.max(Math.abs(b.x - a.x) / Math.max(width - 2 * margin, 50), Math.abs(b.y - a.y) / Math.max(height - 2 * margin, 50));
  const target = { x: centre.x, y: centre.y, ratio: Math.max(ratio, 1e-4), angle: 0 };
  if (animate) return sigma.getCamera().animate(target, { duration: 250 });
  sigma.getCamera().setState(target);
  return Promise.resolve();
}

/** The graph-coordinate extent of `nodes`, at least `minSpan` wide and high. */
export function extentOf(graph, nodes, minSpan) {
  if (!nodes.length) return null;
  const box = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  nodes.forEach((n) => {
    const { x, y } = graph.getNodeAttributes(n);
    box.minX = Math.min(box.minX, x); box.maxX = Math.max(box.maxX, x); box.minY = Math.min(box.minY, y); box.maxY = Math.max(box.maxY, y);
  });
  const grow = (lo, hi) => { const c = (box[lo] + box[hi]) / 2, half = Math.max(box[hi] - box[lo], minSpan) / 2; box[lo] = c - half; box[hi] = c + half; };
  grow("minX", "maxX"); grow("minY", "maxY");
  return box;
}
