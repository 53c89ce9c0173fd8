/* The base map: MapLibre (WebGL) under the graph, its style built here from world-atlas (Natural Earth)
 * countries shipped in node_modules; no tiles, no glyphs, nothing fetched from another origin. */
import { Map as MapLibreMap, setWorkerUrl } from "maplibre-gl";
import { feature, mesh } from "topojson-client";
import { BASEMAP, MAP_WORKER } from "./config.js";
import { graphToLngLat } from "./data.js";

setWorkerUrl(MAP_WORKER); // same origin: CSP's script-src 'self' covers it

const EMPTY = { type: "FeatureCollection", features: [] };

function style() {
  return {
    version: 8,
    sources: {
      land: { type: "geojson", data: EMPTY },
      borders: { type: "geojson", data: EMPTY },
      coast: { type: "geojson", data: EMPTY },
    },
    // No text layer: the places' names are the graph's labels (sigma, in the page's own fonts).
    layers: [
      { id: "water", type: "background", paint: { "background-color": "#cfe2f3" } },
      { id: "land", type: "fill", source: "land", paint: { "fill-color": "#f5f2ea", "fill-antialias": true } },
      { id: "coast", type: "line", source: "coast", paint: { "line-color": "#8fb0cf", "line-width": 0.8 } },
      { id: "borders", type: "line", source: "borders", paint: { "line-color": "#7d8598", "line-width": 1.3, "line-dasharray": [3, 1.5] } },
    ],
  };
}

/** The map in `container`, not interactive (sigma handles the pointer and moves the map). */
export function createBasemap(container) {
  const map = new MapLibreMap({
    container, style: style(), interactive: false, attributionControl: false, renderWorldCopies: false,
    minZoom: -2, maxZoom: 22, fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true }, // the PNG export reads the map's pixels
  });
  const loaded = new Promise((resolve) => map.once("load", resolve));
  const topology = fetch(BASEMAP).then((r) => r.json());
  map.ready = Promise.all([loaded, topology]).then(([, world]) => {
    const countries = world.objects.countries;
    map.getSource("land").setData(feature(world, countries));
    map.getSource("borders").setData(mesh(world, countries, (a, b) => a !== b));
    map.getSource("coast").setData(mesh(world, countries, (a, b) => a === b));
    map.countries = feature(world, countries); // for the SVG export's vector base map
    return new Promise((resolve) => map.once("idle", resolve));
  });
  return map;
}

/** Moves the map under sigma's camera: the viewport's centre, and one graph unit = 2^zoom pixels. */
export function syncMap(map, sigma) {
  const { width, height } = sigma.getDimensions();
  if (!width || !height) return;
  // The camera's state now: while a moved picture stands in for the graph (motion.js), sigma's matrix is
  // the last drawn frame's.
  const now = { cameraState: sigma.getCamera().getState() };
  const centre = sigma.viewportToGraph({ x: width / 2, y: height / 2 }, now);
  const a = sigma.graphToViewport(centre, now);
  const b = sigma.graphToViewport({ x: centre.x + 1, y: centre.y }, now);
  const zoom = Math.log2(Math.hypot(b.x - a.x, b.y - a.y));
  const lngLat = graphToLngLat(centre);
  map.jumpTo({ center: [Math.max(-180, Math.min(180, lngLat.lng)), Math.max(-85, Math.min(85, lngLat.lat))], zoom });
}
