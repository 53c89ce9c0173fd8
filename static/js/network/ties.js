/* The ties of a large network, kept out of graphology and sigma's per-item processing.
 *
 * A view of 100,000 places and 300,000 ties spent two thirds of its opening in adding each tie to the
 * graphology graph (about 2 s) and having sigma process each one (reducer, attributes, program: about
 * 1.5 s), for ties that in a large view are drawn as hairlines and are neither hovered nor sorted. Here
 * they stay as the columns the server sent: each tie is a pair of node rows and a colour, in typed
 * arrays, drawn by one WebGL layer (one line per tie, from sigma's own node positions and camera matrix).
 * Suggestions (ego views only) stay sigma edges. The graph's nodes are still graphology's, so hovering,
 * labels and picking work as for any view; a node's ties are found through a compact adjacency (CSR). */
import { floatColor } from "sigma/utils";
import { drawing } from "./programs.js";

/** {rows: Uint32Array [source, target, ...], colours: Float32Array, keys: node key per row, count}. */
export function tiesFrom(keys, source, target, colourOf) {
  const count = source.length;
  const rows = new Uint32Array(count * 2);
  const colours = new Float32Array(count);
  const packed = new Map(); // a handful of colours: each parsed once
  for (let i = 0; i < count; i++) {
    rows[2 * i] = source[i];
    rows[2 * i + 1] = target[i];
    const css = colourOf(i);
    if (!packed.has(css)) packed.set(css, floatColor(css));
    colours[i] = packed.get(css);
  }
  return { rows, colours, keys, count, adjacency: null, rowOf: null };
}

/** The ties' adjacency, built on first use: for node row r, its ties are tie[offsets[r] .. offsets[r + 1]). */
function adjacency(ties) {
  if (ties.adjacency) return ties.adjacency;
  const n = ties.keys.length, { rows, count } = ties;
  const offsets = new Uint32Array(n + 1);
  for (let e = 0; e < 2 * count; e++) offsets[rows[e] + 1] += 1;
  for (let r = 0; r < n; r++) offsets[r + 1] += offsets[r];
  const fill = offsets.slice(0, n);
  const tie = new Uint32Array(2 * count);
  for (let e = 0; e < 2 * count; e++) tie[fill[rows[e]]++] = e >> 1;
  ties.adjacency = { offsets, tie };
  return ties.adjacency;
}

function rowOf(ties, node) {
  if (!ties.rowOf) ties.rowOf = new Map(ties.keys.map((key, row) => [key, row]));
  return ties.rowOf.get(node);
}

/** Calls fn(tie, neighbourKey) for each of `node`'s ties. */
export function forEachTieOf(ties, node, fn) {
  const row = rowOf(ties, node);
  if (row === undefined) return;
  const { offsets, tie } = adjacency(ties);
  for (let k = offsets[row]; k < offsets[row + 1]; k++) {
    const e = tie[k], a = ties.rows[2 * e], b = ties.rows[2 * e + 1];
    fn(e, ties.keys[a === row ? b : a]);
  }
}

/** The graph's ties as typed arrays, when the view keeps them so (a large view), else null. */
export const tiesOf = (graph) => (graph && graph.getAttribute("ties")) || null;

/** Calls fn(sourceKey, targetKey, {color, suggested}) for every edge drawn: graph edges and kept ties. */
export function forEachLine(graph, fn) {
  graph.forEachEdge((edge, a, source, target) => fn(source, target, a));
  const ties = tiesOf(graph);
  if (!ties) return;
  const { rows, keys, colours } = ties;
  const colourCache = new Map();
  for (let e = 0; e < ties.count; e++) {
    const colour = colours[e];
    if (!colourCache.has(colour)) colourCache.set(colour, { color: cssColour(colour), suggested: false });
    fn(keys[rows[2 * e]], keys[rows[2 * e + 1]], colourCache.get(colour));
  }
}

/** The CSS colour of tie `e`. */
export const tieColourOf = (ties, e) => cssColour(ties.colours[e]);

/** The CSS colour of a float-packed one (sigma's floatColor: RGBA bytes in a float's bits). */
function cssColour(packed) {
  const bytes = new Uint8Array(new Float32Array([packed]).buffer);
  return `rgb(${bytes[0]},${bytes[1]},${bytes[2]})`;
}

const VERTEX = /* glsl */ `
attribute vec2 a_position;
attribute vec4 a_color;
uniform mat3 u_matrix;
varying vec4 v_color;
void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1)).xy, 0, 1);
  v_color = a_color;
}
`;
const FRAGMENT = /* glsl */ `
precision mediump float;
varying vec4 v_color;
void main(void) { gl_FragColor = v_color; }
`;

function compile(gl) {
  const shader = (type, source) => {
    const s = gl.createShader(type);
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
    return s;
  };
  const program = gl.createProgram();
  gl.attachShader(program, shader(gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(program, shader(gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
  return program;
}

/** A WebGL layer of `sigma`, under its nodes, drawing the current graph's kept ties (tiesOf) as
 * one-pixel lines at each full frame. The vertices are written again only after sigma has processed
 * the graph (new positions); a frame only sets the camera's matrix. Returns {uploads, drawn} counters. */
export function tiesLayer(sigma, { afterLayer = "edges" } = {}) {
  const gl = sigma.createWebGLContext("ties", { afterLayer });
  const canvas = sigma.getCanvases().ties;
  const program = compile(gl);
  const position = gl.getAttribLocation(program, "a_position");
  const colour = gl.getAttribLocation(program, "a_color");
  const matrix = gl.getUniformLocation(program, "u_matrix");
  const buffer = gl.createBuffer();
  const state = { uploads: 0, drawn: 0, ties: null, stale: true };

  // Two vertices per tie: x, y (sigma's framed coordinates) and the colour's four bytes in a float.
  function upload(ties) {
    const { rows, keys, colours, count } = ties;
    const xy = new Float32Array(keys.length * 2);
    for (let r = 0; r < keys.length; r++) {
      const d = sigma.getNodeDisplayData(keys[r]);
      xy[2 * r] = d.x; xy[2 * r + 1] = d.y;
    }
    const vertices = new Float32Array(count * 6);
    for (let e = 0, v = 0; e < count; e++) {
      const a = rows[2 * e], b = rows[2 * e + 1], c = colours[e];
      vertices[v++] = xy[2 * a]; vertices[v++] = xy[2 * a + 1]; vertices[v++] = c;
      vertices[v++] = xy[2 * b]; vertices[v++] = xy[2 * b + 1]; vertices[v++] = c;
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, vertices, gl.STATIC_DRAW);
    state.uploads += 1;
  }

  function draw() {
    gl.clear(gl.COLOR_BUFFER_BIT);
    const ties = tiesOf(sigma.getGraph());
    if (ties !== state.ties) {
      state.ties = ties;
      state.stale = true;
      if (!ties) { gl.bindBuffer(gl.ARRAY_BUFFER, buffer); gl.bufferData(gl.ARRAY_BUFFER, 0, gl.STATIC_DRAW); } // (a small view now: its memory back)
    }
    if (!ties || !ties.count || drawing.held || !sigma.getGraph().order) return;
    if (state.stale) { upload(ties); state.stale = false; }
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.useProgram(program);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 12, 0);
    gl.enableVertexAttribArray(colour);
    gl.vertexAttribPointer(colour, 4, gl.UNSIGNED_BYTE, true, 12, 8);
    gl.uniformMatrix3fv(matrix, false, sigma.getRenderParams().matrix);
    gl.drawArrays(gl.LINES, 0, ties.count * 2);
    state.drawn += 1;
  }

  sigma.on("afterProcess", () => { state.stale = true; });
  sigma.on("afterRender", draw);
  return state;
}
