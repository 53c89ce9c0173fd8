/* Passerelle graph views: ego, border and whole network, on a map or as a force-directed graph.
 * The view's state (centre, depth, border, filters, layout, size) lives in the URL; the data comes
 * from GET /api/v1/graph with the same parameters; the tables below the graph are its text equivalent. */
(function () {
  "use strict";

  const script = document.currentScript;
  const API = script.dataset.api;
  const ORGANISATION_API = script.dataset.organisationApi;
  const ORGANISATION_PAGE = script.dataset.organisationPage;
  const PARTNERSHIP = script.dataset.partnership;
  const REQUEST = script.dataset.request;
  const BASEMAP = script.dataset.basemap;
  const REFUSAL = script.dataset.refusal;
  const VOCAB = JSON.parse(document.getElementById("vocabularies").textContent);
  // The page's words, translated by the server's catalog (templates/network/explore.html): none are written here.
  const STRINGS = JSON.parse(document.getElementById("ui-strings").textContent);
  const t = (key, params) => STRINGS[key].replace(/\{(\w+)\}/g, (_, name) => (params && name in params ? String(params[name]) : ""));
  const LOCALE = document.documentElement.lang || "fr";
  const PERCENT = new Intl.NumberFormat(LOCALE, { style: "percent" }); // "60 %" in French, "60%" in English
  const FILTERS = ["country", "kind", "label", "theme", "status", "massif", "tie_kind"];
  const WORLD = 16384; // Web Mercator world width in model units (zoom level 6)

  const COUNTRY_COLOURS = {
    FR: "#1f4e9c", BE: "#c0392b", LU: "#16a085", DE: "#4d4d4d", CH: "#d35400", IT: "#27ae60",
    MC: "#8e44ad", ES: "#b7950b", AD: "#7f8c8d", BR: "#2e86c1", SR: "#a93226", SX: "#d4ac0d",
  };
  const KIND_SHAPES = {
    commune: "ellipse", grouping: "round-rectangle", region: "diamond", state: "octagon",
    cross_border_structure: "star", public_body: "triangle", association: "round-triangle", other: "rectangle",
  };
  const LABEL_COLOURS = { pvd: "#7a2e8e", va: "#1e6b34", am: "#8a4b08" };

  let pendingSelect = "";
  const state = readState();
  const network = (window.passerelleNetwork = { state, cy: null, data: null, timings: {}, ready: null });
  const t0 = performance.now();

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const s = {
      center: params.get("center") || "",
      depth: params.get("depth") || "1",
      border: params.get("border") || "",
      layout: params.get("layout") === "force" ? "force" : "geo",
      size: params.get("size") === "degree" ? "degree" : "population",
      unconnected: params.get("unconnected") ? "y" : "",
    };
    // ?select=<id>: the node to open once the view is drawn (the header's link to one's own town), then dropped.
    pendingSelect = params.get("select") || "";
    FILTERS.forEach((name) => { s[name] = params.getAll(name); });
    return s;
  }

  function queryString(extra) {
    const params = new URLSearchParams();
    if (state.center) { params.set("center", state.center); params.set("depth", state.depth); }
    else if (state.border) params.set("border", state.border);
    FILTERS.forEach((name) => state[name].forEach((v) => params.append(name, v)));
    if (state.unconnected) params.set("unconnected", "y");
    Object.entries(extra || {}).forEach(([k, v]) => params.set(k, v));
    return params;
  }

  function writeUrl() {
    const params = queryString();
    params.set("layout", state.layout);
    params.set("size", state.size);
    history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    syncControls();
    setExportLinks();
  }

  function syncControls() {
    const form = document.getElementById("controls");
    form.center.value = state.center;
    form.depth.value = state.depth;
    form.border.value = state.border;
    form.layout.value = state.layout;
    form.size.value = state.size;
    FILTERS.forEach((name) => form.querySelectorAll(`input[name="${name}"]`).forEach((box) => { box.checked = state[name].includes(box.value); }));
    form.querySelector('input[name="unconnected"]').checked = Boolean(state.unconnected);
  }

  function setExportLinks() {
    const formats = { "export-graphml": "graphml", "export-gexf": "gexf", "export-nodes": "nodes.csv", "export-edges": "edges.csv" };
    Object.entries(formats).forEach(([id, format]) => {
      // In the page's language: the CSV tables' headers and codes are phrased for the reader.
      document.getElementById(id).href = API + "?" + queryString({ format, lang: document.documentElement.lang }).toString();
    });
  }

  function setStatus(text) { document.getElementById("status").textContent = text; }

  function project(lat, lon) {
    const x = ((lon + 180) / 360) * WORLD;
    const s = Math.sin((lat * Math.PI) / 180);
    const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * WORLD;
    return { x, y };
  }

  /* The geographic layout scales each view so that its extent spans ~1,200 model units: nodes keep
   * a readable size once the view is fitted, whatever the view's size on the globe. */
  const VIEW_SPAN = 1200;
  let geoFrame = { x: 0, y: 0, k: 1 };

  function frameFor(nodes) {
    const points = nodes.filter((n) => n.lat != null).map((n) => project(n.lat, n.lon));
    if (!points.length) return { x: 0, y: 0, k: 1 };
    const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
    const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 0.05);
    return { x: Math.min(...xs), y: Math.min(...ys), k: VIEW_SPAN / extent };
  }

  function toView(p) { return { x: (p.x - geoFrame.x) * geoFrame.k, y: (p.y - geoFrame.y) * geoFrame.k }; }

  /* ---- drawing ---- */

  function nodeSize(node) {
    if (state.size === "degree") return 14 + 6 * Math.sqrt(node.degree || 0);
    if (node.kind === "cross_border_structure") return 30;
    return node.population ? 8 + 5 * Math.log10(node.population) : 12;
  }

  function elements(data) {
    const nodes = data.nodes.map((n) => ({
      group: "nodes",
      data: {
        id: String(n.id), name: n.name, country: n.country, kind: n.kind, size: nodeSize(n),
        colour: COUNTRY_COLOURS[n.country] || "#555", shape: KIND_SHAPES[n.kind] || "ellipse",
        ring: n.labels.length ? LABEL_COLOURS[n.labels[0]] : "#ffffff", ringWidth: n.labels.length ? 4 : 1,
        centre: String(n.id) === state.center ? 1 : 0,
      },
      position: n.lat != null ? toView(project(n.lat, n.lon)) : { x: 0, y: 0 },
    }));
    const edges = data.edges.map((e) => ({
      group: "edges",
      data: { id: "e" + e.id, source: String(e.source), target: String(e.target), suggested: e.suggested ? 1 : 0,
              label: e.suggested ? PERCENT.format(e.score) : "" },
    }));
    return nodes.concat(edges);
  }

  const STYLE = [
    { selector: "node", style: {
      "background-color": "data(colour)", shape: "data(shape)", width: "data(size)", height: "data(size)",
      "border-color": "data(ring)", "border-width": "data(ringWidth)", label: "", "font-size": 10,
      "text-valign": "top", "text-margin-y": -3, "min-zoomed-font-size": 8 } },
    { selector: 'node[kind = "cross_border_structure"]', style: { "z-index": 1 } },
    { selector: 'node[kind != "cross_border_structure"]', style: { "z-index": 10 } },
    { selector: "node[centre = 1]", style: { label: "data(name)", "border-color": "#ffbf47", "border-width": 5 } },
    { selector: "node:selected", style: { label: "data(name)", "border-color": "#ffbf47", "border-width": 5 } },
    { selector: "edge", style: { width: 1.5, "line-color": "#5a6b82", "curve-style": "straight", opacity: 0.8 } },
    { selector: "edge[suggested = 1]", style: { "line-style": "dashed", "line-color": "#b35900", width: 2, label: "data(label)",
      "font-size": 9, color: "#7a3d00", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
  ];

  function drawLegend(data) {
    const countries = [...new Set(data.nodes.map((n) => n.country))].sort();
    const kinds = [...new Set(data.nodes.map((n) => n.kind))].sort();
    // Built with elements and CSSOM styles: CSP (style-src 'self') blocks style="" attributes in markup.
    const entry = (text, swatch) => {
      const span = document.createElement("span");
      if (swatch) span.append(swatch);
      span.append(text);
      return span;
    };
    const swatch = (styles, className) => {
      const i = document.createElement("i");
      if (className) i.className = className;
      Object.assign(i.style, styles);
      return i;
    };
    const parts = countries.map((c) => entry(VOCAB.countries[c] || c, swatch({ background: COUNTRY_COLOURS[c] || "#555" })));
    parts.push(...kinds.map((k) => entry(`${shapeGlyph(KIND_SHAPES[k])} ${VOCAB.kinds[k] || k}`)));
    parts.push(...Object.entries(LABEL_COLOURS).map(([l, colour]) =>
      entry(VOCAB.labels[l], swatch({ background: "#fff", border: `3px solid ${colour}` }))));
    parts.push(entry(t("legend_suggested"), swatch({}, "dash")));
    parts.push(entry(t(state.size === "degree" ? "legend_size_degree" : "legend_size_population")));
    document.getElementById("legend").replaceChildren(...parts);
  }

  function shapeGlyph(shape) {
    return { ellipse: "●", "round-rectangle": "▢", diamond: "◆", octagon: "⯃", star: "★", triangle: "▲", "round-triangle": "△", rectangle: "■" }[shape] || "●";
  }

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function drawTables(data) {
    const byId = new Map(data.nodes.map((n) => [String(n.id), n]));
    const inView = new Map();
    data.edges.filter((e) => !e.suggested).forEach((e) => {
      [e.source, e.target].forEach((id) => inView.set(String(id), (inView.get(String(id)) || 0) + 1));
    });
    document.querySelector("#nodes-table tbody").innerHTML = data.nodes.map((n) =>
      `<tr data-id="${escapeHtml(n.id)}"><th scope="row"><button type="button" class="link-button" data-focus="${escapeHtml(n.id)}">${escapeHtml(n.name)}</button></th>` +
      `<td>${escapeHtml(VOCAB.countries[n.country] || n.country)}</td><td>${escapeHtml(VOCAB.kinds[n.kind] || n.kind)}</td>` +
      `<td>${n.labels.map((l) => escapeHtml(VOCAB.labels[l] || l)).join(", ")}</td><td>${n.degree}</td><td>${inView.get(String(n.id)) || 0}</td></tr>`).join("");
    document.querySelector("#edges-table tbody").innerHTML = data.edges.map((e) =>
      `<tr data-id="${escapeHtml(e.id)}"><td>${escapeHtml((byId.get(String(e.source)) || {}).name)}</td><td>${escapeHtml((byId.get(String(e.target)) || {}).name)}</td>` +
      `<td>${e.suggested ? escapeHtml(t("suggested_edge", { score: Math.round(e.score * 100) })) : e.kinds.map((k) => escapeHtml(VOCAB.tie_kinds[k] || k)).join(", ")}</td>` +
      `<td>${e.since || ""}</td></tr>`).join("");
    document.getElementById("node-names").innerHTML = data.nodes.map((n) => `<option value="${escapeHtml(n.name)}">`).join("");
  }

  /* ---- base map: national borders from world-atlas, drawn once, moved with the viewport ---- */

  let basemapTopology = null;
  let basemapExtent = null;
  function drawBasemap() {
    const extent = extentOf(network.data.nodes, 4);
    if (basemapExtent && contains(basemapExtent, extent)) return Promise.resolve();
    basemapExtent = extentOf(network.data.nodes, 8);
    const topology = basemapTopology ? Promise.resolve(basemapTopology) : fetch(BASEMAP).then((r) => r.json());
    return topology.then((loaded) => {
      basemapTopology = loaded;
      const countries = loaded.objects.countries;
      const borders = topojson.mesh(loaded, countries, (a, b) => a !== b);
      const coast = topojson.mesh(loaded, countries, (a, b) => a === b);
      const layer = document.getElementById("basemap-layer");
      layer.innerHTML = `<path class="coast" d="${pathOf(coast, basemapExtent)}"></path><path class="borders" d="${pathOf(borders, basemapExtent)}"></path>`;
      syncBasemap();
    });
  }

  // Only the lines near the places shown (with a margin) are drawn: the whole world would be slow.
  function extentOf(nodes, margin) {
    const located = nodes.filter((n) => n.lat != null);
    if (!located.length) return { south: -90, north: 90, west: -180, east: 180 };
    const lats = located.map((n) => n.lat), lons = located.map((n) => n.lon);
    return { south: Math.min(...lats) - margin, north: Math.max(...lats) + margin, west: Math.min(...lons) - margin, east: Math.max(...lons) + margin };
  }

  function contains(outer, inner) {
    return outer.south <= inner.south && outer.north >= inner.north && outer.west <= inner.west && outer.east >= inner.east;
  }

  function pathOf(mesh, extent) {
    const near = ([lon, lat]) => lat >= extent.south && lat <= extent.north && lon >= extent.west && lon <= extent.east;
    return mesh.coordinates.filter((line) => line.some(near)).map((line) => line.map(([lon, lat], i) => {
      const p = project(Math.max(-85, Math.min(85, lat)), lon);
      return (i ? "L" : "M") + p.x.toFixed(1) + " " + p.y.toFixed(1);
    }).join("")).join("");
  }

  function syncBasemap() {
    if (!network.cy) return;
    const pan = network.cy.pan();
    const zoom = network.cy.zoom();
    document.getElementById("basemap-layer").setAttribute("transform",
      `translate(${pan.x},${pan.y}) scale(${zoom * geoFrame.k}) translate(${-geoFrame.x},${-geoFrame.y})`);
    document.getElementById("basemap").style.display = state.layout === "geo" ? "" : "none";
  }

  /* ---- layouts ---- */

  function applyLayout() {
    const cy = network.cy;
    const started = performance.now();
    if (state.layout === "geo") {
      cy.nodes().forEach((node) => {
        const n = network.byId.get(node.id());
        if (n && n.lat != null) node.position(toView(project(n.lat, n.lon)));
      });
      cy.fit(undefined, 30);
      network.timings.layout = performance.now() - started;
      syncBasemap();
      return Promise.resolve();
    }
    // Force-directed for the organisations that have ties; those without any go on a grid below,
    // as in Gephi: thousands of isolated nodes would only slow the force simulation down.
    const tied = cy.elements().filter((e) => e.isEdge() || e.degree() > 0);
    const isolated = cy.nodes().filter((n) => n.degree() === 0);
    const placeIsolated = () => {
      if (!isolated.length) return;
      const box = tied.nodes().length ? tied.boundingBox() : { x1: 0, y2: 0, w: 800 };
      const width = Math.max(box.w, 800);
      const columns = Math.max(1, Math.floor(width / 28));
      isolated.layout({ name: "grid", avoidOverlap: true, condense: true, cols: columns, fit: false,
                        boundingBox: { x1: box.x1, y1: box.y2 + 80, w: width, h: Math.ceil(isolated.length / columns) * 28 } }).run();
    };
    return new Promise((resolve) => {
      const finish = () => { placeIsolated(); cy.fit(undefined, 30); network.timings.layout = performance.now() - started; syncBasemap(); resolve(); };
      if (!tied.nodes().length) { finish(); return; }
      const layout = tied.layout({ name: "fcose", quality: tied.nodes().length > 600 ? "draft" : "default", randomize: true,
                                   animate: false, fit: false, nodeRepulsion: 6000, idealEdgeLength: 60, packComponents: true });
      layout.one("layoutstop", finish);
      layout.run();
    });
  }

  /* ---- panel ---- */

  function openPanel(id) {
    const panel = document.getElementById("panel");
    const node = network.byId.get(String(id));
    if (!node) return;
    network.cy.$(":selected").unselect();
    network.cy.getElementById(String(id)).select();
    panel.innerHTML = `<h2>${escapeHtml(node.name)}</h2><p>${escapeHtml(VOCAB.countries[node.country] || node.country)} · ${escapeHtml(VOCAB.kinds[node.kind] || node.kind)}</p><p>${escapeHtml(t("loading"))}</p>`;
    const organisation = fetch(ORGANISATION_API + id).then((r) => r.json());
    const suggestions = node.borders.length
      ? fetch(ORGANISATION_API + id + "/suggestions?limit=3").then((r) => (r.ok ? r.json() : { borders: [] }))
      : Promise.resolve({ borders: [] });
    return Promise.all([organisation, suggestions]).then(([org, sugg]) => {
      const ties = network.data.edges.filter((e) => !e.suggested && (String(e.source) === String(id) || String(e.target) === String(id)));
      const lists = (sugg.borders || []).map((b) =>
        `<h3>${escapeHtml(VOCAB.borders[b.border] || b.border)}</h3><ol class="counterparts">` + b.suggestions.map((s) =>
          `<li><a href="${ORGANISATION_PAGE}${s.organisation.id}">${escapeHtml(s.organisation.name)}</a> — ${PERCENT.format(s.score)}` +
          `<details><summary>${escapeHtml(t("why"))}</summary><ul>${s.factors.map((f) => `<li>${escapeHtml(f.explanation)}</li>`).join("")}</ul></details>` +
          ` <a href="${PARTNERSHIP}?partners=${id}&partners=${s.organisation.id}">${escapeHtml(t("partnership"))}</a></li>`).join("") + "</ol>").join("");
      panel.innerHTML =
        `<h2>${escapeHtml(org.name)}</h2>` +
        `<p>${escapeHtml(VOCAB.countries[org.country] || org.country)} · ${escapeHtml(VOCAB.kinds[org.kind] || org.kind)} · ${escapeHtml(VOCAB.statuses[org.status] || org.status)}</p>` +
        (org.labels.length ? `<p>${escapeHtml(t("labels", { labels: org.labels.map((l) => VOCAB.labels[l] || l).join(", ") }))}</p>` : "") +
        (org.population ? `<p>${escapeHtml(t("population", { population: org.population.toLocaleString(LOCALE) }))}</p>` : "") +
        `<p>${escapeHtml(t("ties_count", { degree: node.degree, in_view: ties.length }))}</p>` +
        (ties.length ? `<ul class="ties">${ties.map((e) => {
          const other = network.byId.get(String(String(e.source) === String(id) ? e.target : e.source));
          return `<li>${escapeHtml(other ? other.name : "?")} — ${e.kinds.map((k) => escapeHtml(VOCAB.tie_kinds[k] || k)).join(", ")}${e.since ? " (" + e.since + ")" : ""}</li>`;
        }).join("")}</ul>` : "") +
        `<p><a href="${ORGANISATION_PAGE}${org.id}">${escapeHtml(t("organisation_page"))}</a> · <a href="?center=${org.id}&depth=${state.depth}&layout=${state.layout}&size=${state.size}">${escapeHtml(t("centre_here"))}</a>` +
        ` · <a class="request-link" href="${REQUEST}${org.id}">${escapeHtml(t("request"))}</a></p>` +
        (lists ? `<h3 class="panel-section">${escapeHtml(t("suggested_heading"))}</h3>${lists}` : `<p>${escapeHtml(t("no_suggestion"))}</p>`);
      panel.dataset.node = String(id);
      panel.focus();
    }).catch(() => { panel.innerHTML = `<p class='error'>${escapeHtml(t("organisation_failed"))}</p>`; });
  }

  function focusNode(id) {
    const element = network.cy.getElementById(String(id));
    if (!element.length) return false;
    network.cy.animate({ center: { eles: element }, zoom: Math.max(network.cy.zoom(), 1.5) }, { duration: 200 });
    openPanel(id);
    return true;
  }

  /* ---- loading ---- */

  function load() {
    setStatus(t("network_loading"));
    document.body.dataset.graphReady = "false";
    const started = performance.now();
    return fetch(API + "?" + queryString().toString(), { headers: { Accept: "application/json" } }).then((response) =>
      response.json().then((body) => ({ ok: response.ok, body }))).then(({ ok, body }) => {
      network.timings.fetch = performance.now() - started;
      if (!ok) {
        setStatus(body.error ? body.error.message : t("error"));
        network.data = { nodes: [], edges: [] };
        if (network.cy) network.cy.elements().remove();
        drawTables(network.data);
        document.body.dataset.graphReady = "error";
        return;
      }
      network.data = body;
      network.byId = new Map(body.nodes.map((n) => [String(n.id), n]));
      geoFrame = frameFor(body.nodes);
      const drawStart = performance.now();
      if (!network.cy) {
        network.cy = cytoscape({ container: document.getElementById("graph"), style: STYLE, elements: [],
                                 minZoom: 0.02, maxZoom: 40, textureOnViewport: true, hideEdgesOnViewport: body.nodes.length > 1500 });
        network.cy.on("viewport", syncBasemap);
        network.cy.on("tap", "node", (event) => openPanel(event.target.id()));
      }
      network.cy.batch(() => { network.cy.elements().remove(); network.cy.add(elements(body)); });
      network.timings.draw = performance.now() - drawStart;
      drawLegend(body);
      drawTables(body);
      document.getElementById("view-title").textContent = title(body);
      return Promise.all([applyLayout(), state.layout === "geo" ? drawBasemap() : Promise.resolve()]).then(() => {
        const drawn = network.cy.nodes().length;
        const ties = network.cy.edges("[suggested = 0]").length;
        setStatus(t(body.edges.length > ties ? "drawn_with_suggestions" : "drawn",
                    { organisations: drawn, ties: ties, suggestions: body.edges.length - ties }));
        network.timings.total = performance.now() - t0;
        if (pendingSelect) { const id = pendingSelect; pendingSelect = ""; focusNode(id); writeUrl(); }
        document.body.dataset.graphReady = "true";
      });
    }).catch((error) => {
      setStatus(t("network_failed"));
      document.body.dataset.graphReady = "error";
      throw error;
    });
  }

  function title(data) {
    if (data.view === "ego") {
      const centre = data.nodes.find((n) => String(n.id) === String(data.center));
      return t("title_ego", { name: centre ? centre.name : "", depth: data.depth });
    }
    if (data.view === "border") return t("title_border", { border: VOCAB.borders[data.border] || data.border });
    return t("title_whole");
  }

  /* ---- controls ---- */

  document.getElementById("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    state.center = form.center.value.trim();
    state.depth = form.depth.value;
    state.border = state.center ? "" : form.border.value;
    state.layout = form.layout.value;
    state.size = form.size.value;
    FILTERS.forEach((name) => { state[name] = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value); });
    state.unconnected = form.querySelector('input[name="unconnected"]').checked ? "y" : "";
    writeUrl();
    network.ready = load();
  });
  ["layout", "size"].forEach((name) => document.getElementById(name).addEventListener("change", (event) => {
    state[name] = event.target.value;
    writeUrl();
    if (!network.data) return;
    if (name === "size") {
      network.cy.nodes().forEach((node) => node.data("size", nodeSize(network.byId.get(node.id()))));
      drawLegend(network.data);
    } else {
      network.ready = applyLayout().then(() => (state.layout === "geo" ? drawBasemap() : null));
    }
  }));
  document.getElementById("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = document.getElementById("search-input").value.trim().toLowerCase();
    const found = network.data && network.data.nodes.find((n) => n.name.toLowerCase() === wanted) ||
                  network.data && network.data.nodes.find((n) => n.name.toLowerCase().includes(wanted));
    setStatus(found && focusNode(found.id) ? t("centred", { name: found.name }) : t("not_found"));
  });
  document.getElementById("nodes-table").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-focus]");
    if (button) focusNode(button.dataset.focus);
  });
  document.getElementById("export-png").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = network.cy.png({ full: true, bg: "#ffffff", scale: 2 });
    link.download = "passerelle-reseau.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  syncControls();
  setExportLinks();
  if (REFUSAL) {  // the whole network, for someone who may not see it: say why, ask nothing
    setStatus(REFUSAL + " " + t("refusal_hint"));
    document.body.dataset.graphReady = "denied";
    network.ready = Promise.resolve();
  } else {
    network.ready = load();
  }
})();
