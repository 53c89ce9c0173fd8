// ESLint for the front end's own scripts (make test runs it): the recommended rules, browser globals.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["static/build/**", "node_modules/**", ".venv/**", "test-artifacts/**"] },
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: { "no-unused-vars": ["error", { args: "none" }] },
  },
  {
    // Classic scripts (not modules): loaded with <script src>, their words read from the page.
    files: ["static/js/dashboard.js", "static/js/menu.js", "static/js/autocomplete.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser, Chart: "readonly" } },
  },
  {
    files: ["static/js/network/layout-worker.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
];
