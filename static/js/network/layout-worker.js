/* ForceAtlas2 off the main thread: a bounded run (iterations and seconds), positions posted as it goes. */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

const MAX_ITERATIONS = 600;
const POST_EVERY_MS = 200;

self.onmessage = ({ data }) => {
  const received = performance.now();
  const { positions, edges, count, seconds } = data;
  const graph = new Graph({ type: "undirected", multi: true });
  for (let i = 0; i < count; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1], size: 1 });
  for (let e = 0; e < edges.length; e += 2) if (edges[e] !== edges[e + 1]) graph.addEdge(edges[e], edges[e + 1]);
  const settings = { ...forceAtlas2.inferSettings(graph), gravity: 0.05, scalingRatio: 10, barnesHutOptimize: count > 2000 };
  const started = performance.now();
  // Iterations between checks of the clock: as many as fit in about 50 ms, measured on the first one (one
  // iteration of 6,000 nodes takes 30-100 ms on a busy 2-core machine, one of 100,000 most of a second),
  // so that the run ends within about 50 ms of its time bound.
  forceAtlas2.assign(graph, { iterations: 1, settings });
  const first = performance.now() - started;
  const step = Math.max(1, Math.min(25, Math.floor(50 / Math.max(first, 0.1))));
  let iterations = 1;
  let posted = started;
  const read = () => {
    const xy = new Float64Array(count * 2);
    graph.forEachNode((node, a) => { xy[2 * node] = a.x; xy[2 * node + 1] = a.y; });
    return xy;
  };
  while (iterations < MAX_ITERATIONS && performance.now() - started < seconds * 1000) {
    forceAtlas2.assign(graph, { iterations: step, settings });
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
