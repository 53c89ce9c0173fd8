/* What the page gives the script: URLs (the script tag's data attributes), vocabularies and words
 * (JSON blocks of the template, translated by the server's catalog: no prose is written in JS). */
const script = document.querySelector("script[data-api]");

export const API = script.dataset.api;
export const ORGANISATION_API = script.dataset.organisationApi;
export const ORGANISATION_PAGE = script.dataset.organisationPage;
export const PARTNERSHIP = script.dataset.partnership;
export const REQUEST = script.dataset.request;
export const BASEMAP = script.dataset.basemap;
export const REFUSAL = script.dataset.refusal;
export const MAP_WORKER = script.dataset.mapWorker;
export const LAYOUT_WORKER = script.dataset.layoutWorker;

export const VOCAB = JSON.parse(document.getElementById("vocabularies").textContent);
const STRINGS = JSON.parse(document.getElementById("ui-strings").textContent);

/** The translated string `key`, its {name} placeholders filled from `params`. */
export function t(key, params) {
  return STRINGS[key].replace(/\{(\w+)\}/g, (_, name) => (params && name in params ? String(params[name]) : ""));
}

export const LOCALE = document.documentElement.lang || "fr";
export const PERCENT = new Intl.NumberFormat(LOCALE, { style: "percent" }); // "60 %" in French, "60%" in English

export const COUNTRY_COLOURS = {
  FR: "#1f4e9c", BE: "#c0392b", LU: "#16a085", DE: "#4d4d4d", CH: "#d35400", IT: "#27ae60",
  MC: "#8e44ad", ES: "#b7950b", AD: "#7f8c8d", BR: "#2e86c1", SR: "#a93226", SX: "#d4ac0d",
};
export const LABEL_COLOURS = { pvd: "#7a2e8e", va: "#1e6b34", am: "#8a4b08" };
// One colour per kind of tie (an edge with several kinds takes its first); the legend names them.
export const TIE_COLOURS = {
  cooperation: "#3d5a80", twinning: "#2a9d8f", convention: "#6a4c93", membership: "#8d99ae", joint_project: "#e76f51",
};
export const SUGGESTION_COLOUR = "#b35900";
export const SELECTED_COLOUR = "#ffbf47";
