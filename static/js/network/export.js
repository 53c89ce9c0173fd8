/* Pictures worth sharing: PNG and SVG of the view as seen (map, graph, names), with its title, legend,
 * date and sources; the same picture replaces the live canvases when the page is printed. */
import { LOCALE, t } from "./config.js";
import { forEachLine } from "./ties.js";

const HEADER = 56, LINE = 20, PAD = 16;
const DATE = () => new Intl.DateTimeFormat(LOCALE, { dateStyle: "long" }).format(new Date());

function font(size, weight) { return `${weight || 400} ${size}px ${getComputedStyle(document.body).fontFamily}`; }

/** `text` cut into lines no wider than `width` in the context's current font. */
function wrap(context, text, width) {
  const lines = [""];
  text.split(" ").forEach((word) => {
    const line = lines[lines.length - 1];
    const candidate = line ? line + " " + word : word;
    if (line && context.measureText(candidate).width > width) lines.push(word);
    else lines[lines.length - 1] = candidate;
  });
  return lines;
}

function creditLines(width) {
  const probe = document.createElement("canvas").getContext("2d");
  probe.font = font(11);
  return wrap(probe, t("export_credits", { date: DATE() }), width - 2 * PAD);
}

/** Lays the legend's entries out in rows within `width`: [{entry, x, y}], and the height used. */
function legendLayout(context, entries, width) {
  context.font = font(13);
  let x = PAD, y = 0;
  const placed = entries.map((entry) => {
    const w = 24 + context.measureText(entry.text).width + 18;
    if (x + w > width - PAD && x > PAD) { x = PAD; y += LINE; }
    const item = { entry, x, y };
    x += w;
    return item;
  });
  return { placed, height: y + LINE };
}

function drawMark(context, { mark, colour }, x, y) {
  context.save();
  if (mark === "dot") { context.fillStyle = colour; context.beginPath(); context.arc(x + 7, y, 6, 0, 2 * Math.PI); context.fill(); }
  if (mark === "ring") { context.strokeStyle = colour; context.lineWidth = 3; context.beginPath(); context.arc(x + 7, y, 5, 0, 2 * Math.PI); context.stroke(); }
  if (mark === "line" || mark === "dash") {
    context.strokeStyle = colour; context.lineWidth = 2.5; if (mark === "dash") context.setLineDash([5, 3]);
    context.beginPath(); context.moveTo(x, y); context.lineTo(x + 18, y); context.stroke();
  }
  context.restore();
}

/** The composed picture on a canvas (2× for sharpness). */
export function composeCanvas(network, entries, title) {
  const { sigma, map } = network;
  const { width, height } = sigma.getDimensions();
  const probe = document.createElement("canvas").getContext("2d");
  const legend = legendLayout(probe, entries, width);
  const credits = creditLines(width);
  const total = HEADER + height + PAD + legend.height + (credits.length + 1) * LINE + PAD;
  const canvas = document.createElement("canvas");
  canvas.width = width * 2; canvas.height = total * 2;
  const context = canvas.getContext("2d");
  context.scale(2, 2);
  context.fillStyle = "#ffffff"; context.fillRect(0, 0, width, total);
  context.fillStyle = "#1b1b1b"; context.font = font(20, 700); context.textBaseline = "middle";
  context.fillText(title, PAD, HEADER / 2);
  context.font = font(13); context.textAlign = "right"; context.fillText(DATE(), width - PAD, HEADER / 2); context.textAlign = "left";
  if (network.state.layout === "geo" && map) {
    map.redraw();
    context.drawImage(map.getCanvas(), 0, HEADER, width, height);
  } else { context.fillStyle = "#f7fbff"; context.fillRect(0, HEADER, width, height); }
  sigma.refresh(); // drawn now, read in the same task: WebGL buffers are still there
  sigma.getContainer().querySelectorAll("canvas").forEach((layer) => {
    if (!layer.classList.contains("sigma-mouse")) context.drawImage(layer, 0, HEADER, width, height);
  });
  context.strokeStyle = "#c9d1dc"; context.strokeRect(0.5, HEADER + 0.5, width - 1, height - 1);
  const top = HEADER + height + PAD + LINE / 2;
  legend.placed.forEach(({ entry, x, y }) => {
    drawMark(context, entry, x, top + y);
    context.fillStyle = "#1b1b1b"; context.font = font(13); context.fillText(entry.text, x + (entry.mark ? 24 : 0), top + y);
  });
  context.fillStyle = "#4a4a4a"; context.font = font(11);
  credits.forEach((line, i) => context.fillText(line, PAD, top + legend.height + LINE / 2 + i * LINE * 0.8));
  return canvas;
}

function download(href, filename) {
  const link = document.createElement("a");
  link.href = href; link.download = filename;
  document.body.append(link); link.click(); link.remove();
}

export function exportPng(network, entries, title) {
  composeCanvas(network, entries, title).toBlob((blob) => {
    const url = URL.createObjectURL(blob);
    download(url, "passerelle-reseau.png");
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }, "image/png");
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([k, v]) => element.setAttribute(k, String(v)));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The view as SVG: the base map as an embedded picture, the graph, names, legend, title, date and sources as vectors. */
export function buildSvg(network, entries, title) {
  const { sigma, map, graph } = network;
  const { width, height } = sigma.getDimensions();
  const probe = document.createElement("canvas").getContext("2d");
  const legend = legendLayout(probe, entries, width);
  const credits = creditLines(width);
  const total = HEADER + height + PAD + legend.height + (credits.length + 1) * LINE + PAD;
  const family = getComputedStyle(document.body).fontFamily.replace(/"/g, "'");
  const svg = s("svg", { xmlns: SVG, width, height: total, viewBox: `0 0 ${width} ${total}`, "font-family": family });
  svg.append(s("rect", { width, height: total, fill: "#ffffff" }));
  svg.append(s("text", { x: PAD, y: HEADER / 2 + 7, "font-size": 20, "font-weight": 700, fill: "#1b1b1b" }, title));
  svg.append(s("text", { x: width - PAD, y: HEADER / 2 + 5, "font-size": 13, "text-anchor": "end" }, DATE()));
  const frame = s("svg", { x: 0, y: HEADER, width, height, viewBox: `0 0 ${width} ${height}` });
  if (network.state.layout === "geo" && map) {
    map.redraw();
    frame.append(s("image", { width, height, href: map.getCanvas().toDataURL("image/png") }));
  }
  const at = (node) => sigma.framedGraphToViewport(sigma.getNodeDisplayData(node));
  const edges = s("g", { "stroke-linecap": "round" });
  forEachLine(graph, (source, target, a) => {
    const p = at(source), q = at(target);
    edges.append(s("line", { x1: p.x.toFixed(1), y1: p.y.toFixed(1), x2: q.x.toFixed(1), y2: q.y.toFixed(1), stroke: a.color,
      "stroke-width": a.suggested ? 2 : 1.6, ...(a.suggested ? { "stroke-dasharray": "6 4" } : {}) }));
  });
  const nodes = s("g", {});
  const labels = s("g", { "font-size": 12, "font-weight": 600, fill: "#1b1b1b" });
  const shown = sigma.getNodeDisplayedLabels();
  graph.forEachNode((node, a) => {
    const p = at(node), r = sigma.scaleSize(sigma.getNodeDisplayData(node).size);
    if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) return;
    nodes.append(s("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1), fill: a.color, stroke: a.borderColor,
      "stroke-width": Math.max(1, r * a.borderSize).toFixed(1) }));
    if (shown.has(node)) labels.append(s("text", { x: (p.x + r + 3).toFixed(1), y: (p.y + 4).toFixed(1) }, a.label));
  });
  frame.append(edges, nodes, labels);
  svg.append(frame, s("rect", { x: 0.5, y: HEADER + 0.5, width: width - 1, height: height - 1, fill: "none", stroke: "#c9d1dc" }));
  const top = HEADER + height + PAD + LINE / 2;
  const key = s("g", { "font-size": 13, class: "legend" });
  legend.placed.forEach(({ entry, x, y }) => {
    const cy = top + y;
    if (entry.mark === "dot") key.append(s("circle", { cx: x + 7, cy, r: 6, fill: entry.colour }));
    if (entry.mark === "ring") key.append(s("circle", { cx: x + 7, cy, r: 5, fill: "none", stroke: entry.colour, "stroke-width": 3 }));
    if (entry.mark === "line" || entry.mark === "dash") {
      key.append(s("line", { x1: x, y1: cy, x2: x + 18, y2: cy, stroke: entry.colour, "stroke-width": 2.5, ...(entry.mark === "dash" ? { "stroke-dasharray": "5 3" } : {}) }));
    }
    key.append(s("text", { x: x + (entry.mark ? 24 : 0), y: cy + 4 }, entry.text));
  });
  svg.append(key, ...credits.map((line, i) =>
    s("text", { x: PAD, y: top + legend.height + LINE / 2 + 4 + i * LINE * 0.8, "font-size": 11, fill: "#4a4a4a" }, line)));
  return svg;
}

export function exportSvg(network, entries, title) {
  const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(buildSvg(network, entries, title));
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  download(url, "passerelle-reseau.svg");
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Printing (or "print to PDF") shows the composed picture instead of the live canvases. */
export function bindPrint(network, current) {
  const image = document.getElementById("print-picture");
  window.addEventListener("beforeprint", () => {
    if (!network.sigma) return;
    const { entries, title } = current();
    image.src = composeCanvas(network, entries, title).toDataURL("image/png");
  });
}
