/* Smooth pan and zoom over a large network.
 *
 * On a machine without a GPU (WebGL on SwiftShader), drawing 100,000 nodes and 300,000 ties takes about a
 * second, and the base map about 0.1 s: far from the 33 ms a frame has at 30 frames per second. While
 * the camera moves over a large network, the last full picture (base map and graph, composed into one
 * canvas) is moved and scaled with a CSS transform, as a map viewer moves its tiles; nothing is drawn
 * again. Once the camera has been still for SETTLE_MS, the full picture is drawn at the new position:
 * sharp, with the names of the places now in view, and the picking layer that hovering reads.
 *
 * So does any network whose full frames take longer than FRAME_BUDGET_MS (the base map alone takes
 * about 0.1 s without a GPU); with a GPU, small networks are drawn in full at every frame. */
import { drawing, isMoving } from "./programs.js";

export const SETTLE_MS = 120;
// A frame at 25 frames per second: a network whose full frames take longer moves as a picture.
export const FRAME_BUDGET_MS = 40;

/** Installs the motion path on `sigma`. `isLarge()` says whether the current graph always takes it (other
 * graphs take it when their last full frame missed `budgetMs`); `mapCanvas()` is the base map's canvas
 * when it is shown (else null); `syncMap()` moves the map under the camera. Returns the motion's state:
 * `frames` drawn in full or moved, `budgetMs`, and `settled()`. */
export function smoothMotion(sigma, { isLarge, mapCanvas, syncMap }) {
  const container = sigma.getContainer();
  const layers = () => [...container.children].filter((c) => c.tagName === "CANVAS" && c !== picture && c !== sigma.getCanvases().mouse);
  // The picture moved while the camera moves: the graph as last drawn over the map; below the mouse layer.
  const picture = document.createElement("canvas");
  picture.className = "motion-picture";
  picture.setAttribute("aria-hidden", "true");
  Object.assign(picture.style, { position: "absolute", inset: "0", width: "100%", height: "100%", transformOrigin: "0 0", display: "none", willChange: "transform" });
  container.insertBefore(picture, sigma.getCanvases().mouse);
  const drawnGraph = document.createElement("canvas"); // the graph's layers, copied after each full frame
  const fullRender = sigma.render.bind(sigma);
  const motion = {
    drawn: null, shown: null, moving: false, lastMove: -Infinity, timer: null, frames: { full: 0, moved: 0 },
    copied: false, // the graph's layers of the last full frame are in drawnGraph
    lastFullMs: 0, // from the last full frame's start to the next frame
    budgetMs: FRAME_BUDGET_MS,
    settleMs: SETTLE_MS,
  };
  // A network drawn in full more slowly than the budget allows (or a large one) moves as a picture.
  const costly = () => isLarge() || motion.lastFullMs > motion.budgetMs;

  /** Sigma's layers, one over the other, as just drawn (WebGL buffers are readable until the task ends). */
  function copyGraph() {
    const canvases = layers();
    if (!canvases.length) return;
    drawnGraph.width = canvases[0].width;
    drawnGraph.height = canvases[0].height;
    const context = drawnGraph.getContext("2d");
    canvases.forEach((canvas) => context.drawImage(canvas, 0, 0, drawnGraph.width, drawnGraph.height));
  }

  /** The picture the motion starts from: the map (in step with the drawn graph by now) under the graph. */
  function compose() {
    picture.width = drawnGraph.width;
    picture.height = drawnGraph.height;
    const context = picture.getContext("2d");
    const map = mapCanvas();
    if (map) context.drawImage(map, 0, 0, picture.width, picture.height);
    context.drawImage(drawnGraph, 0, 0);
  }

  function show(moving) {
    picture.style.display = moving ? "block" : "none";
    const visibility = moving ? "hidden" : "";
    layers().forEach((canvas) => { canvas.style.visibility = visibility; });
    const map = mapCanvas();
    if (map) map.style.visibility = visibility;
  }

  /** The transform that takes the picture drawn at `motion.drawn` to where the camera shows it now. */
  function transformFromDrawn() {
    const { width, height } = sigma.getDimensions();
    // Sigma's own matrix is the last drawn frame's: both camera states are given.
    motion.shown = { ...sigma.getCamera().getState() };
    const from = { cameraState: motion.drawn }, to = { cameraState: motion.shown };
    const a = sigma.framedGraphToViewport(sigma.viewportToFramedGraph({ x: 0, y: 0 }, from), to);
    const b = sigma.framedGraphToViewport(sigma.viewportToFramedGraph({ x: width, y: height }, from), to);
    return `translate(${a.x}px, ${a.y}px) scale(${(b.x - a.x) / width})`;
  }

  sigma.render = function render() {
    const now = performance.now();
    const moving = isMoving(sigma);
    if (moving) motion.lastMove = now;
    if (costly() && motion.copied && (moving || now - motion.lastMove < motion.settleMs)) {
      if (sigma.renderFrame) { cancelAnimationFrame(sigma.renderFrame); sigma.renderFrame = null; }
      if (!motion.moving) { compose(); show(true); motion.moving = true; }
      picture.style.transform = transformFromDrawn();
      motion.frames.moved += 1;
      clearTimeout(motion.timer);
      motion.timer = setTimeout(() => sigma.scheduleRender(), Math.max(motion.settleMs - (now - motion.lastMove), 0) + 5);
      return sigma;
    }
    return drawInFull(now);
  };

  function drawInFull(started) {
    clearTimeout(motion.timer);
    fullRender(); // its afterRender moves the map (main.js)
    motion.drawn = { ...sigma.getCamera().getState() };
    motion.frames.full += 1;
    motion.copied = costly();
    if (motion.copied) copyGraph(); // waits for the GPU: counted in the frame's time below
    requestAnimationFrame(() => { motion.lastFullMs = performance.now() - started; });
    if (motion.moving) {
      motion.moving = false;
      syncMap();
      show(false);
    }
    return sigma;
  }

  // The picking layer (which node is under the pointer) is the last full frame's: while the picture is
  // moved, nothing is hovered, and a click first draws the frame in full, then picks in it.
  const pick = sigma.getNodeAtPosition.bind(sigma);
  sigma.getNodeAtPosition = (position) => (motion.moving ? null : pick(position));
  container.addEventListener("click", () => {
    if (!motion.moving) return;
    drawing.picking = true;
    try { drawInFull(performance.now()); } finally { drawing.picking = false; }
  }, true);
  /** True when the screen shows the full picture at the camera's position. */
  motion.settled = () => !motion.moving;
  return motion;
}
