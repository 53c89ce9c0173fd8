/* The legend: one model (what each colour, ring and line means in this view), drawn in the page and in exports. */
import { COUNTRY_COLOURS, LABEL_COLOURS, SUGGESTION_COLOUR, TIE_COLOURS, VOCAB, t } from "./config.js";
import { h } from "./dom.js";
import { tieKinds } from "./data.js";

/** [{mark: "dot" | "ring" | "line" | "dash" | null, colour, text}] for the view's countries, labels and ties. */
export function legendEntries(data, size) {
  const countries = [...new Set(data.nodes.map((n) => n.country))].sort();
  const labels = [...new Set(data.nodes.flatMap((n) => n.labels || []))].sort();
  const kinds = tieKinds(data);
  return [
    ...countries.map((c) => ({ mark: "dot", colour: COUNTRY_COLOURS[c] || "#555555", text: VOCAB.countries[c] || c })),
    ...Object.keys(LABEL_COLOURS).filter((l) => labels.includes(l))
      .map((l) => ({ mark: "ring", colour: LABEL_COLOURS[l], text: VOCAB.labels[l] || l })),
    ...kinds.map((k) => ({ mark: "line", colour: TIE_COLOURS[k] || "#5a6b82", text: VOCAB.tie_kinds[k] || k })),
    { mark: "dash", colour: SUGGESTION_COLOUR, text: t("legend_suggested") },
    { mark: null, text: t(size === "degree" ? "legend_size_degree" : "legend_size_population") },
  ];
}

export function drawLegend(entries) {
  // Swatches styled through the CSSOM: CSP (style-src 'self') blocks style="" attributes in markup.
  const swatch = (entry) => {
    if (!entry.mark) return null;
    const i = h("i", { className: entry.mark });
    if (entry.mark === "dot") i.style.background = entry.colour;
    if (entry.mark === "ring") i.style.border = `3px solid ${entry.colour}`;
    if (entry.mark === "line" || entry.mark === "dash") i.style.borderTopColor = entry.colour;
    return i;
  };
  document.getElementById("legend").replaceChildren(...entries.map((entry) => h("span", {}, swatch(entry), entry.text)));
}

/** The legend's button shows or hides it; folded by default on a phone. */
export function bindLegendToggle() {
  const button = document.getElementById("legend-toggle");
  const legend = document.getElementById("legend");
  const set = (open) => { legend.hidden = !open; button.setAttribute("aria-expanded", String(open)); };
  set(!window.matchMedia("(max-width: 600px)").matches);
  button.addEventListener("click", () => set(legend.hidden));
}

/** On a phone the view's controls fold behind a button, as the legend does. */
export function bindControlsToggle() {
  const button = document.getElementById("controls-toggle");
  const form = document.getElementById("controls");
  const set = (open) => { form.classList.toggle("folded", !open); button.setAttribute("aria-expanded", String(open)); };
  set(!window.matchMedia("(max-width: 600px)").matches);
  button.addEventListener("click", () => set(form.classList.contains("folded")));
}
