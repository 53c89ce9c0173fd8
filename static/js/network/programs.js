/* WebGL programs for sigma without instanced drawing.
 *
 * Sigma's own node-circle, node-border and edge-rectangle programs draw one instance per item
 * (drawArraysInstanced). On a machine without a GPU, Chromium's WebGL runs on SwiftShader, where an
 * instanced draw costs about 60 µs per instance: 6.6 s for 100,000 nodes, 14 s for 300,000 edges. The
 * same pictures drawn from plain vertex arrays (one point per node, six vertices or one line per edge)
 * take a tenth of that. The programs below draw what the instanced ones drew: a disc with a ring
 * (the ANCT label's colour), and an edge of the given thickness with a feathered edge.
 *
 * While the camera moves, none of them draws the picking layer (the colour-coded ids sigma reads to
 * find the node under the pointer): nothing is hovered during a pan, and the frame after the move,
 * drawn at rest, draws it again. That halves the cost of a moving frame. */
import { EdgeLineProgram, EdgeProgram, NodeProgram } from "sigma/rendering";
import { floatColor } from "sigma/utils";

const { FLOAT, UNSIGNED_BYTE, POINTS, TRIANGLES } = WebGLRenderingContext;

/** True while the camera animates or the pointer pans or zooms: the frame is one of a move. */
export function isMoving(renderer) {
  const captor = renderer.getMouseCaptor();
  return renderer.getCamera().isAnimated() || captor.isMoving || Boolean(captor.draggedEvents) || Boolean(captor.currentWheelDirection);
}

/** While `held`, nothing is drawn: the frame sigma draws as it starts, at its default camera, which the
 * view replaces at once with its own framing (render.js). */
export const drawing = { held: false, picking: false }; // picking: draw the picking layer even while moving

/** `fn()` with nothing drawn (sigma processes a graph it is given, then draws it at the old camera). */
export function undrawn(fn) {
  drawing.held = true;
  try { return fn(); } finally { drawing.held = false; }
}

/** `Base` whose frames skip the picking layer while the camera moves. */
function pickingAtRest(Base) {
  return class extends Base {
    render(params) {
      if (drawing.held) return undefined;
      if (!this.pickProgram || drawing.picking || !isMoving(this.renderer)) return super.render(params);
      if (this.hasNothingToRender()) return undefined;
      this.normalProgram.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
      this.bindProgram(this.normalProgram);
      this.renderProgram(params, this.normalProgram);
      this.unbindProgram(this.normalProgram);
      return undefined;
    }
  };
}

const RING_VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec4 a_borderColor;
attribute vec2 a_position;
attribute float a_size;
attribute float a_border;

uniform float u_sizeRatio;
uniform float u_pixelRatio;
uniform mat3 u_matrix;

varying vec4 v_color;
varying vec4 v_borderColor;
varying float v_ring;
varying float v_feather;

const float bias = 255.0 / 254.0;

void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1)).xy, 0, 1);
  gl_PointSize = a_size / u_sizeRatio * u_pixelRatio * 2.0;
  // In gl_PointCoord units (the disc's radius is 0.5): one pixel, and the ring's inner edge.
  v_feather = (0.5 / a_size) * u_sizeRatio;
  v_ring = 0.5 * a_border;
  #ifdef PICKING_MODE
  v_color = a_id;
  v_borderColor = a_id;
  #else
  v_color = a_color;
  v_borderColor = a_borderColor;
  #endif
  v_color.a *= bias;
  v_borderColor.a *= bias;
}
`;

const RING_FRAGMENT = /* glsl */ `
precision mediump float;

varying vec4 v_color;
varying vec4 v_borderColor;
varying float v_ring;
varying float v_feather;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);

void main(void) {
  // How far inside the disc this pixel is, from its rim.
  float inside = 0.5 - length(gl_PointCoord - vec2(0.5, 0.5));
  if (inside <= 0.0) discard;
  #ifdef PICKING_MODE
  gl_FragColor = v_color;
  #else
  vec4 color = inside > v_ring ? v_color : v_borderColor;
  gl_FragColor = mix(transparent, color, min(inside / v_feather, 1.0));
  #endif
}
`;

/** A disc of `color` with a ring of `borderColor`, `borderSize` of the radius wide: one point per node. */
export class RingPointProgram extends pickingAtRest(NodeProgram) {
  getDefinition() {
    return {
      VERTICES: 1,
      VERTEX_SHADER_SOURCE: RING_VERTEX,
      FRAGMENT_SHADER_SOURCE: RING_FRAGMENT,
      METHOD: POINTS,
      UNIFORMS: ["u_sizeRatio", "u_pixelRatio", "u_matrix"],
      ATTRIBUTES: [
        { name: "a_position", size: 2, type: FLOAT },
        { name: "a_size", size: 1, type: FLOAT },
        { name: "a_border", size: 1, type: FLOAT },
        { name: "a_color", size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: "a_borderColor", size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: "a_id", size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
    };
  }

  processVisibleItem(nodeIndex, startIndex, data) {
    const array = this.array;
    array[startIndex] = data.x;
    array[startIndex + 1] = data.y;
    array[startIndex + 2] = data.size;
    array[startIndex + 3] = Math.min(Math.max(data.borderSize ?? 0.12, 0), 1);
    array[startIndex + 4] = floatColor(data.color);
    array[startIndex + 5] = floatColor(data.borderColor || data.color);
    array[startIndex + 6] = nodeIndex;
  }

  setUniforms({ sizeRatio, pixelRatio, matrix }, { gl, uniformLocations }) {
    gl.uniform1f(uniformLocations.u_pixelRatio, pixelRatio);
    gl.uniform1f(uniformLocations.u_sizeRatio, sizeRatio);
    gl.uniformMatrix3fv(uniformLocations.u_matrix, false, matrix);
  }
}

const SEGMENT_VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_position;
attribute vec2 a_normal;

uniform mat3 u_matrix;
uniform float u_zoomRatio;
uniform float u_sizeRatio;
uniform float u_pixelRatio;
uniform float u_correctionRatio;
uniform float u_minEdgeThickness;
uniform float u_feather;

varying vec4 v_color;
varying vec2 v_normal;
varying float v_thickness;
varying float v_feather;

const float bias = 255.0 / 254.0;

void main() {
  // As sigma's edge-rectangle program, with the vertex's own end and side in its attributes.
  float normalLength = length(a_normal);
  vec2 unitNormal = a_normal / normalLength;
  float pixelsThickness = max(normalLength, u_minEdgeThickness * u_sizeRatio);
  float webGLThickness = pixelsThickness * u_correctionRatio / u_sizeRatio;
  gl_Position = vec4((u_matrix * vec3(a_position + unitNormal * webGLThickness, 1)).xy, 0, 1);
  v_thickness = webGLThickness / u_zoomRatio;
  v_normal = unitNormal;
  v_feather = u_feather * u_correctionRatio / u_zoomRatio / u_pixelRatio * 2.0;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}
`;

const SEGMENT_FRAGMENT = /* glsl */ `
precision mediump float;

varying vec4 v_color;
varying vec2 v_normal;
varying float v_thickness;
varying float v_feather;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);

void main(void) {
  #ifdef PICKING_MODE
  gl_FragColor = v_color;
  #else
  float dist = length(v_normal) * v_thickness;
  gl_FragColor = mix(v_color, transparent, smoothstep(v_thickness - v_feather, v_thickness, dist));
  #endif
}
`;

// Each edge is two triangles: (end, side) for its six vertices.
const CORNERS = [[0, 1], [0, -1], [1, 1], [1, 1], [0, -1], [1, -1]];

/** An edge `size` pixels thick with a feathered rim: six vertices per edge. */
export class SegmentProgram extends pickingAtRest(EdgeProgram) {
  getDefinition() {
    return {
      VERTICES: 6,
      VERTEX_SHADER_SOURCE: SEGMENT_VERTEX,
      FRAGMENT_SHADER_SOURCE: SEGMENT_FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS: ["u_matrix", "u_zoomRatio", "u_sizeRatio", "u_correctionRatio", "u_pixelRatio", "u_feather", "u_minEdgeThickness"],
      ATTRIBUTES: [
        { name: "a_position", size: 2, type: FLOAT },
        { name: "a_normal", size: 2, type: FLOAT },
        { name: "a_color", size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: "a_id", size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
    };
  }

  processVisibleItem(edgeIndex, startIndex, sourceData, targetData, data) {
    const thickness = data.size || 1;
    const dx = targetData.x - sourceData.x, dy = targetData.y - sourceData.y;
    const squared = dx * dx + dy * dy;
    let n1 = 0, n2 = 0;
    if (squared) {
      const inverse = 1 / Math.sqrt(squared);
      n1 = -dy * inverse * thickness;
      n2 = dx * inverse * thickness;
    }
    const color = floatColor(data.color);
    const array = this.array;
    for (const [end, side] of CORNERS) {
      const point = end ? targetData : sourceData;
      array[startIndex++] = point.x;
      array[startIndex++] = point.y;
      array[startIndex++] = n1 * side;
      array[startIndex++] = n2 * side;
      array[startIndex++] = color;
      array[startIndex++] = edgeIndex;
    }
  }

  setUniforms(params, { gl, uniformLocations }) {
    gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
    gl.uniform1f(uniformLocations.u_zoomRatio, params.zoomRatio);
    gl.uniform1f(uniformLocations.u_sizeRatio, params.sizeRatio);
    gl.uniform1f(uniformLocations.u_correctionRatio, params.correctionRatio);
    gl.uniform1f(uniformLocations.u_pixelRatio, params.pixelRatio);
    gl.uniform1f(uniformLocations.u_feather, params.antiAliasingFeather);
    gl.uniform1f(uniformLocations.u_minEdgeThickness, params.minEdgeThickness);
  }
}

/** One-pixel lines, for networks with hundreds of thousands of ties (two vertices per edge). */
export const HairlineProgram = pickingAtRest(EdgeLineProgram);
