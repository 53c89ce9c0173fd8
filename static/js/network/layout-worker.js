/* ForceAtlas2 off the main thread: a bounded run (iterations and seconds), positions posted as it goes.
 *
 * The run works on ForceAtlas2's own typed arrays (graphology-layout-forceatlas2's `iterate`), filled
 * straight from the positions and tie pairs the page posts: no graphology graph is built here, and the
 * arrays (with each node's speed and convergence) persist from one batch of iterations to the next, as
 * in one uninterrupted run. (Its `assign` builds the arrays from a graph, and resets that state, at each call.) */
import forceAtlas2 from "graphology-layout-forceatlas2";
import DEFAULTS from "graphology-layout-forceatlas2/defaults.js";
import iterate from "graphology-layout-forceatlas2/iterate.js";

const MAX_ITERATIONS = 600;
const POST_EVERY_MS = 200;
const PPN = 10; // the library's numbers per node: x, y, dx, dy, old dx, old dy, mass, convergence, size, fixed
const PPE = 3; // per edge: source's offset, target's offset, weight

/** ForceAtlas2's node and edge arrays: every tie of weight 1, a node's mass 1 + its number of ties. */
function matrices(positions, edges, count) {
  const nodes = new Float32Array(count * PPN);
  for (let i = 0; i < count; i++) {
    const j = i * PPN;
    nodes[j] = positions[2 * i];
    nodes[j + 1] = positions[2 * i + 1];
    nodes[j + 6] = 1; // mass
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = 1; // size
  }
  const pairs = [];
  for (let e = 0; e < edges.length; e += 2) if (edges[e] !== edges[e + 1]) pairs.push(edges[e], edges[e + 1]);
  const ties = new Float32Array((pairs.length / 2) * PPE);
  for (let p = 0, j = 0; p < pairs.length; p += 2, j += PPE) {
    const source = pairs[p] * PPN, target = pairs[p + 1] * PPN;
    ties[j] = source; ties[j + 1] = target; ties[j + 2] = 1;
    nodes[source + 6] += 1;
    nodes[target + 6] += 1;
  }
  return { nodes, ties };
}

self.onmessage = ({ data }) => {
  const received = performance.now();
  const { positions, edges, count, seconds } = data;
  const { nodes, ties } = matrices(positions, edges, count);
  const settings = { ...DEFAULTS, ...forceAtlas2.inferSettings(count), gravity: 0.05, scalingRatio: 10, barnesHutOptimize: count > 2000 };
  const started = performance.now();
  // Iterations between checks of the clock: as many as fit in about 50 ms, measured on the first one (one
  // iteration of 6,000 nodes takes 30-100 ms on a busy 2-core machine, one of 100,000 most of a second),
  // so that the run ends within about 50 ms of its time bound.
  iterate(settings, nodes, ties);
  const first = performance.now() - started;
  const step = Math.max(1, Math.min(25, Math.floor(50 / Math.max(first, 0.1))));
  let iterations = 1;
  let posted = started;
  const read = () => {
    const xy = new Float64Array(count * 2);
    for (let i = 0; i < count; i++) { xy[2 * i] = nodes[i * PPN]; xy[2 * i + 1] = nodes[i * PPN + 1]; }
    return xy;
  };
  while (iterations < MAX_ITERATIONS && performance.now() - started < seconds * 1000) {
    for (let k = 0; k < step; k++) iterate(settings, nodes, ties);
    iterations += step;
    // Intermediate positions animate small graphs; on big ones redrawing would cost more than the layout.
    // At most every POST_EVERY_MS: each post is a redraw on the main thread, which shares the machine's cores.
    if (iterations < MAX_ITERATIONS && count <= 20000 && performance.now() - posted >= POST_EVERY_MS) {
      posted = performance.now();
      self.postMessage({ positions: read(), done: false });
    }
  }
  self.postMessage({ positions: read(), done: true, iterations, build: started - received, run: performance.now() - started });
};
