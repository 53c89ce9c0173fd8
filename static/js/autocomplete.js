/* Name fields with autocomplete: the WAI-ARIA 1.2 combobox pattern (list autocomplete, no automatic selection).
 *
 * An <input data-autocomplete="/api/v1/organisations/names"> becomes a combobox over a listbox of organisations
 * (name, country, department or region). Two ways to use the choice:
 *   data-autocomplete-target="center"   the hidden input #center receives the id; the box shows the name;
 *   data-autocomplete-chips="list-id"   each choice is added to the list as a removable chip cloned from the
 *                                       <template id="data-autocomplete-template">, holding the id in a hidden input.
 * Keys: Down/Up move through the options (Alt+Down opens), Enter chooses, Escape closes (then clears).
 * The number of results and each choice are announced in a polite live region. Words come from the page
 * (<script id="autocomplete-words" type="application/json">); this script writes no prose.
 */
(function () {
  "use strict";

  const wordsElement = document.getElementById("autocomplete-words");
  const WORDS = wordsElement ? JSON.parse(wordsElement.textContent) : { counts: {}, countries: {}, kinds: {} };
  const MIN_LETTERS = 2;
  const DELAY_MS = 150;

  const fill = (text, values) => String(text || "").replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
  const folded = (text) => text.normalize("NFKD").replace(/[^\p{L}\p{N}]/gu, "").toLowerCase();
  const letters = (text) => folded(text).length;

  function detail(item) {
    return [WORDS.countries[item.country] || item.country, item.area].filter(Boolean).join(" · ");
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setUp(input) {
    const label = input.labels && input.labels[0];
    if (label && !label.id) label.id = input.id + "-label";
    const listbox = element("ul", { id: input.id + "-listbox", role: "listbox", class: "autocomplete-list" });
    if (label) listbox.setAttribute("aria-labelledby", label.id);
    listbox.hidden = true;
    const status = element("p", { id: input.id + "-status", role: "status", class: "visually-hidden" });
    input.after(listbox, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    const target = input.dataset.autocompleteTarget ? document.getElementById(input.dataset.autocompleteTarget) : null;
    const chips = input.dataset.autocompleteChips ? document.getElementById(input.dataset.autocompleteChips) : null;
    const template = input.dataset.autocompleteTemplate ? document.getElementById(input.dataset.autocompleteTemplate) : null;
    const limit = input.dataset.autocompleteLimit || "10";
    let items = [];
    let active = -1;
    let timer = null;
    let asked = 0; // answers to older requests are dropped

    const announce = (text) => { status.textContent = text; };

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!items.length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      active = index;
      [...listbox.children].forEach((option, i) => {
        const on = i === index;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("is-active", on);
        if (on) option.scrollIntoView({ block: "nearest" });
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", listbox.children[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function show(found) {
      items = found;
      listbox.replaceChildren(...found.map((item, i) => {
        const option = element("li", { id: `${input.id}-option-${i}`, role: "option", "aria-selected": "false", "data-index": i });
        option.append(element("span", { class: "autocomplete-name" }, item.name), " ",
          element("span", { class: "autocomplete-detail" }, detail(item)));
        return option;
      }));
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (found.length) open(); else close();
      const counts = WORDS.counts || {};
      announce(counts[found.length] || counts[Object.keys(counts).length - 1] || "");
    }

    async function search() {
      const query = input.value.trim();
      if (letters(query) < MIN_LETTERS) { items = []; close(); return; }
      const mine = ++asked;
      const url = `${input.dataset.autocomplete}?${new URLSearchParams({ q: query, limit })}`;
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (mine !== asked || !response.ok) return;
        const body = await response.json();
        if (mine === asked && document.activeElement === input) show(body.items || []);
      } catch {
        close(); // offline: the form still takes the typed name, resolved by the server
      }
    }

    function addChip(item) {
      const existing = chips.querySelector(`input[name][value="${item.id}"]`);
      if (!existing) {
        const chip = template.content.firstElementChild.cloneNode(true);
        chip.querySelector("input").value = item.id;
        chip.querySelector(".chip-name").textContent = item.name;
        chip.querySelector(".chip-detail").textContent = `(${detail(item)})`;
        const remove = chip.querySelector(".chip-remove");
        remove.value = item.id;
        remove.querySelector(".visually-hidden").textContent = " " + item.name;
        chips.append(chip);
      }
      input.value = "";
      announce(fill(WORDS.added, { name: item.name }));
    }

    function choose(index) {
      const item = items[index];
      if (!item) return;
      if (chips && template) addChip(item);
      if (target) {
        target.value = item.id;
        input.value = item.name;
        announce(fill(WORDS.chosen, { name: item.name }));
      }
      close();
      items = [];
      input.dispatchEvent(new CustomEvent("autocomplete:chosen", { bubbles: true, detail: item }));
    }

    input.addEventListener("input", () => {
      // A name changed by hand no longer names the chosen organisation (the page's own changes fire no input event).
      if (target) target.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const isOpen = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen) { open(); if (event.altKey) return; }
          if (items.length) highlight(active + 1 >= items.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!isOpen) open();
          if (items.length) highlight(active <= 0 ? items.length - 1 : active - 1);
          break;
        case "Enter": {
          // The highlighted option, else the only one, else the one whose name is exactly what was typed.
          const exact = items.map((item, i) => (folded(item.name) === folded(input.value) ? i : -1)).filter((i) => i >= 0);
          const index = active >= 0 ? active : items.length === 1 ? 0 : exact.length === 1 ? exact[0] : -1;
          if (isOpen && index >= 0) {
            event.preventDefault(); // chooses; the next Enter submits the form
            choose(index);
          }
          break;
        }
        case "Escape":
          if (isOpen) { event.preventDefault(); close(); }
          else if (input.value) {
            event.preventDefault();
            input.value = "";
            if (target) target.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
      }
    });

    // A pointer choice: mousedown would move the focus away before the click.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) { choose(Number(option.dataset.index)); input.focus(); }
    });
    input.addEventListener("blur", () => setTimeout(() => { if (document.activeElement !== input) close(); }, 100));

    if (chips) {
      chips.addEventListener("click", (event) => {
        const button = event.target.closest(".chip-remove");
        if (!button) return;
        event.preventDefault(); // removed here; without JavaScript, the button asks the server to remove it
        const chip = button.closest(".chip");
        const name = chip.querySelector(".chip-name").textContent;
        chip.remove();
        input.focus();
        announce(fill(WORDS.removed, { name }));
      });
    }
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(setUp);
})();
