/* The view's state (centre, depth, border, filters, layout, size) lives in the URL and in the form. */
import { API } from "./config.js";

export const FILTERS = ["country", "kind", "label", "theme", "status", "massif", "tie_kind"];

/** The state read from the URL; `select` is the node to open once drawn (then dropped from the URL). */
export function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = {
    center: params.get("center") || "",
    depth: params.get("depth") || "1",
    border: params.get("border") || "",
    layout: params.get("layout") === "force" ? "force" : "geo",
    size: params.get("size") === "degree" ? "degree" : "population",
    unconnected: params.get("unconnected") ? "y" : "",
    select: params.get("select") || "",
  };
  FILTERS.forEach((name) => { state[name] = params.getAll(name); });
  return state;
}

/** The API's query for `state` (plus `extra` parameters). */
export function queryString(state, extra) {
  const params = new URLSearchParams();
  if (state.center) { params.set("center", state.center); params.set("depth", state.depth); }
  else if (state.border) params.set("border", state.border);
  FILTERS.forEach((name) => state[name].forEach((v) => params.append(name, v)));
  if (state.unconnected) params.set("unconnected", "y");
  Object.entries(extra || {}).forEach(([k, v]) => params.set(k, v));
  return params;
}

export function writeUrl(state, centreName) {
  const params = queryString(state);
  params.set("layout", state.layout);
  params.set("size", state.size);
  history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  syncControls(state, centreName);
  setExportLinks(state);
}

/** The form shows the state; `centreName` fills the visible name box of the centre, when the page has one. */
export function syncControls(state, centreName) {
  const form = document.getElementById("controls");
  form.elements.center.value = state.center;
  const nameBox = document.getElementById("center-name");
  if (nameBox && centreName !== undefined) nameBox.value = centreName;
  form.elements.depth.value = state.depth;
  form.elements.border.value = state.border;
  form.elements.layout.value = state.layout;
  form.elements.size.value = state.size;
  FILTERS.forEach((name) => form.querySelectorAll(`input[name="${name}"]`).forEach((box) => { box.checked = state[name].includes(box.value); }));
  form.querySelector('input[name="unconnected"]').checked = Boolean(state.unconnected);
}

/** Reads the submitted form into `state`. */
export function readControls(state, form) {
  state.center = form.elements.center.value.trim();
  state.depth = form.elements.depth.value;
  state.border = state.center ? "" : form.elements.border.value;
  state.layout = form.elements.layout.value;
  state.size = form.elements.size.value;
  FILTERS.forEach((name) => { state[name] = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value); });
  state.unconnected = form.querySelector('input[name="unconnected"]').checked ? "y" : "";
}

export function setExportLinks(state) {
  const formats = { "export-graphml": "graphml", "export-gexf": "gexf", "export-nodes": "nodes.csv", "export-edges": "edges.csv" };
  Object.entries(formats).forEach(([id, format]) => {
    // In the page's language: the CSV tables' headers and codes are phrased for the reader.
    document.getElementById(id).href = API + "?" + queryString(state, { format, lang: document.documentElement.lang }).toString();
  });
}
