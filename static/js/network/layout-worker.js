/* ForceAtlas2 off the main thread: a bounded run (iterations and seconds), positions posted as it goes. */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

const MAX_ITERATIONS = 600;
const STEP = 25;

self.onmessage = ({ data }) => {
  const { positions, edges, count, seconds } = data;
  const graph = new Graph({ type: "undirected", multi: true });
  for (let i = 0; i < count; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1], size: 1 });
  for (let e = 0; e < edges.length; e += 2) if (edges[e] !== edges[e + 1]) graph.addEdge(edges[e], edges[e + 1]);
  const settings = { ...forceAtlas2.inferSettings(graph), gravity: 0.05, scalingRatio: 10, barnesHutOptimize: count > 2000 };
  const started = performance.now();
  let iterations = 0;
  const read = () => {
    const xy = new Float64Array(count * 2);
    graph.forEachNode((node, a) => { xy[2 * node] = a.x; xy[2 * node + 1] = a.y; });
    return xy;
  };
  while (iterations < MAX_ITERATIONS && performance.now() - started < seconds * 1000) {
    forceAtlas2.assign(graph, { iterations: STEP, settings });
    iterations += STEP;
    if (iterations < MAX_ITERATIONS) self.postMessage({ positions: read(), done: false });
  }
  self.postMessage({ positions: read(), done: true, iterations });
};
