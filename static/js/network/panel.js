/* The side panel (a node's details, ties and suggested counterparts) and the tables, the graph's text equivalent. */
import { LOCALE, ORGANISATION_API, ORGANISATION_PAGE, PARTNERSHIP, PERCENT, REQUEST, VOCAB, t } from "./config.js";
import { h } from "./dom.js";
import { edgeAt, edgeTotal, tiesOfNode, tiesPerNode } from "./data.js";

const name = (vocabulary, code) => (VOCAB[vocabulary] && VOCAB[vocabulary][code]) || code;
const kindsOf = (edge) => edge.kinds.map((k) => name("tie_kinds", k)).join(", ");

const CHUNK = 2000;
// Beyond this many rows a table is no longer read: the rest is in the CSV exports (the note says so).
export const TABLE_MAX = 10000;

/** Fills `tbody` with `row(item)` for the first TABLE_MAX items, CHUNK rows at a time between frames,
 * then a note of how many more the CSV export has. `items`: an array, or {length, at(i)}. */
async function fillTable(tbody, items, row, columns) {
  tbody.replaceChildren();
  const shown = Array.isArray(items) ? items.slice(0, TABLE_MAX)
    : Array.from({ length: Math.min(items.length, TABLE_MAX) }, (_, i) => items.at(i));
  for (let start = 0; start < shown.length; start += CHUNK) {
    const fragment = document.createDocumentFragment();
    shown.slice(start, start + CHUNK).forEach((item) => fragment.append(row(item)));
    tbody.append(fragment);
    if (start + CHUNK < shown.length) await new Promise((resolve) => setTimeout(resolve));
  }
  if (items.length > shown.length) {
    tbody.append(h("tr", { className: "truncated" }, h("td", { colSpan: columns },
      t("table_truncated", { shown: shown.length.toLocaleString(LOCALE), total: items.length.toLocaleString(LOCALE) }))));
  }
}

/** The tables, the graph's text equivalent; resolves once every row is there. */
export function drawTables(data) {
  const byId = new Map(data.nodes.map((n) => [String(n.id), n]));
  const inView = tiesPerNode(data); // ties in the view per node id (as the data has it: a number)
  const names = document.createDocumentFragment();
  data.nodes.slice(0, TABLE_MAX).forEach((n) => names.append(h("option", { value: n.name })));
  document.getElementById("node-names").replaceChildren(names);
  return Promise.all([
    fillTable(document.querySelector("#nodes-table tbody"), data.nodes, (n) => h("tr", {},
      h("th", { scope: "row" }, h("button", { type: "button", className: "link-button", dataset: { focus: n.id } }, n.name)),
      h("td", {}, name("countries", n.country)), h("td", {}, name("kinds", n.kind)),
      h("td", {}, (n.labels || []).map((l) => name("labels", l)).join(", ")), h("td", {}, String(n.degree)),
      h("td", {}, String(inView.get(n.id) || 0))), 6),
    // The edges as objects only for the rows shown (a large view has hundreds of thousands).
    fillTable(document.querySelector("#edges-table tbody"), { length: edgeTotal(data), at: (i) => edgeAt(data, i) }, (e) => h("tr", {},
      h("td", {}, (byId.get(String(e.source)) || {}).name), h("td", {}, (byId.get(String(e.target)) || {}).name),
      h("td", {}, e.suggested ? t("suggested_edge", { score: Math.round(e.score * 100) }) : kindsOf(e)),
      h("td", {}, e.since ? String(e.since) : "")), 4),
  ]);
}

/** Fills the panel with the organisation `id` of the view (`network.data`), then moves the focus to it. */
export function openPanel(network, id, state) {
  const panel = document.getElementById("panel");
  const node = network.data.nodes.find((n) => String(n.id) === String(id));
  if (!node) return Promise.resolve();
  panel.replaceChildren(h("h2", {}, node.name), h("p", {}, `${name("countries", node.country)} · ${name("kinds", node.kind)}`),
    h("p", {}, t("loading")));
  const organisation = fetch(ORGANISATION_API + id).then((r) => r.json());
  const suggestions = (node.borders || []).length || node.borders === undefined
    ? fetch(ORGANISATION_API + id + "/suggestions?limit=3").then((r) => (r.ok ? r.json() : { borders: [] }))
    : Promise.resolve({ borders: [] });
  return Promise.all([organisation, suggestions]).then(([org, sugg]) => {
    const byId = new Map(network.data.nodes.map((n) => [String(n.id), n]));
    const ties = tiesOfNode(network.data, id);
    const lists = (sugg.borders || []).flatMap((b) => [
      h("h3", {}, name("borders", b.border)),
      h("ol", { className: "counterparts" }, b.suggestions.map((s) => h("li", {},
        h("a", { href: ORGANISATION_PAGE + s.organisation.id }, s.organisation.name), ` — ${PERCENT.format(s.score)}`,
        h("details", {}, h("summary", {}, t("why")), h("ul", {}, s.factors.map((f) => h("li", {}, f.explanation)))),
        " ", h("a", { href: `${PARTNERSHIP}?partners=${id}&partners=${s.organisation.id}` }, t("partnership"))))),
    ]);
    const centreHere = `?center=${org.id}&depth=${state.depth}&layout=${state.layout}&size=${state.size}`;
    panel.replaceChildren(...[ // (replaceChildren would write a null as the text "null")
      h("h2", {}, org.name),
      h("p", {}, `${name("countries", org.country)} · ${name("kinds", org.kind)} · ${name("statuses", org.status)}`),
      org.labels.length ? h("p", {}, t("labels", { labels: org.labels.map((l) => name("labels", l)).join(", ") })) : null,
      org.population ? h("p", {}, t("population", { population: org.population.toLocaleString(LOCALE) })) : null,
      h("p", {}, t("ties_count", { degree: node.degree, in_view: ties.length })),
      ties.length ? h("ul", { className: "ties" }, ties.map((e) => {
        const other = byId.get(String(String(e.source) === String(id) ? e.target : e.source));
        return h("li", {}, `${other ? other.name : "?"} — ${kindsOf(e)}${e.since ? " (" + e.since + ")" : ""}`);
      })) : null,
      h("p", {}, h("a", { href: ORGANISATION_PAGE + org.id }, t("organisation_page")), " · ",
        h("a", { href: centreHere }, t("centre_here")), " · ",
        h("a", { className: "request-link", href: REQUEST + org.id }, t("request"))),
      ...(lists.length ? [h("h3", { className: "panel-section" }, t("suggested_heading")), ...lists] : [h("p", {}, t("no_suggestion"))]),
    ].filter(Boolean));
    panel.dataset.node = String(id);
    panel.focus();
  }).catch(() => { panel.replaceChildren(h("p", { className: "error" }, t("organisation_failed"))); });
}
