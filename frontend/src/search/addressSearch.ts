/**
 * The address search box, an accessible combobox (WAI-ARIA "combobox with listbox popup"):
 * suggestions appear while typing (the app asks the geocoder), arrows move through them, Enter or
 * a click picks one and the map recentres on it. Submitting the form still searches at once.
 */
import type { GeocodeResult } from "../api";
import type { Translator } from "../i18n";
import type { SearchState } from "../state/data";
import { h, scrollWithin, setText } from "../ui/dom";
import { closedCombobox, combobox, keyIntent, type ComboboxAction, type ComboboxState } from "./combobox";

export const MIN_QUERY_LENGTH = 3;
const LIST_ID = "address-suggestions";
const optionId = (index: number) => `address-suggestion-${index}`;

export interface SearchHandlers {
  /** The text changed (suggestions are asked for, debounced). */
  onInput(text: string): void;
  /** The form was submitted: search now. */
  onSearch(query: string): void;
  onChoose(result: GeocodeResult): void;
}

export class AddressSearch {
  private readonly label: HTMLLabelElement;
  private readonly input: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly list: HTMLUListElement;
  private drawn: { search: SearchState; lang: string } | null = null;
  private suggestions: GeocodeResult[] = [];
  private combo: ComboboxState = closedCombobox;

  constructor(
    root: HTMLElement,
    private readonly handlers: SearchHandlers,
  ) {
    this.label = h("label", { for: "address-query" });
    this.input = h("input", {
      id: "address-query",
      type: "search",
      name: "q",
      role: "combobox",
      autocomplete: "off",
      spellcheck: "false",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": LIST_ID,
      enterkeyhint: "search",
      minlength: MIN_QUERY_LENGTH,
      required: true,
    });
    this.submit = h("button", { type: "submit", class: "button" });
    this.status = h("p", { class: "search-status", role: "status", "aria-live": "polite" });
    this.list = h("ul", { id: LIST_ID, class: "search-results", role: "listbox", hidden: true });
    const form = h(
      "form",
      { class: "address-search", role: "search" },
      this.label,
      h("div", { class: "search-row" }, this.input, this.submit),
      this.status,
      this.list,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const query = this.input.value.trim();
      if (query.length >= MIN_QUERY_LENGTH) this.handlers.onSearch(query);
    });
    this.input.addEventListener("input", () => {
      this.handlers.onInput(this.input.value);
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
      const intent = keyIntent(this.combo, event.key);
      if (!intent) return;
      event.preventDefault(); // no caret move, no submit, no clearing of the search field
      if (intent.action) this.dispatch(intent.action);
      if (intent.pick !== undefined) this.pick(intent.pick);
    });
    this.input.addEventListener("focus", () => {
      this.dispatch({ type: "open" });
    });
    this.input.addEventListener("blur", () => {
      this.dispatch({ type: "close" });
    });
    // A pointer on an option must not take the focus from the input (which would close the list).
    this.list.addEventListener("mousedown", (event) => {
      event.preventDefault();
    });
    this.list.addEventListener("click", (event) => {
      const option = (event.target as Element | null)?.closest<HTMLElement>("[role=option]");
      const index = Number(option?.dataset.index);
      if (option && Number.isInteger(index)) this.pick(index);
    });
    root.append(form);
  }

  draw(search: SearchState, tr: Translator): void {
    if (this.drawn?.search === search && this.drawn.lang === tr.lang) return;
    const langChanged = this.drawn?.lang !== tr.lang;
    const resultsChanged = this.drawn?.search.results !== search.results;
    this.drawn = { search, lang: tr.lang };
    if (langChanged) {
      this.label.textContent = tr.t("search.label");
      this.input.placeholder = tr.t("search.placeholder");
      this.submit.textContent = tr.t("search.submit");
      this.list.setAttribute("aria-label", tr.t("search.listLabel"));
    }
    const { results, chosen } = search;
    switch (results.status) {
      case "loading":
        setText(this.status, tr.t("search.searching"));
        break;
      case "error":
        setText(this.status, tr.t("search.error"));
        break;
      case "ready":
        setText(
          this.status,
          results.data.length === 0
            ? tr.t("search.none", { query: search.query })
            : tr.plural("search.suggestions", results.data.length),
        );
        break;
      case "idle":
        setText(this.status, chosen ? tr.t("search.shown", { label: chosen.label }) : "");
        break;
    }
    // While a new search runs the previous suggestions stay, so the list does not flicker.
    if (resultsChanged && results.status !== "loading") {
      this.suggestions = results.status === "ready" ? results.data : [];
      this.list.replaceChildren(...this.suggestions.map((result, index) => this.option(result, index)));
      const focused = this.input.ownerDocument.activeElement === this.input;
      // Suggestions open the list only where the person is typing.
      this.dispatch({ type: "options", count: this.suggestions.length });
      if (!focused) this.dispatch({ type: "close" });
    }
  }

  private dispatch(action: ComboboxAction): void {
    const next = combobox(this.combo, action);
    if (next === this.combo) return;
    this.combo = next;
    const { open, active } = next;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    if (open && active !== null) this.input.setAttribute("aria-activedescendant", optionId(active));
    else this.input.removeAttribute("aria-activedescendant");
    for (const [index, option] of [...this.list.children].entries()) {
      const selected = open && index === active;
      option.setAttribute("aria-selected", String(selected));
      option.classList.toggle("is-active", selected);
      if (selected && option instanceof HTMLElement) scrollWithin(this.list, option);
    }
  }

  private pick(index: number): void {
    const result = this.suggestions[index];
    if (!result) return;
    this.input.value = result.label;
    this.dispatch({ type: "close" });
    this.handlers.onChoose(result);
  }

  private option(result: GeocodeResult, index: number): HTMLLIElement {
    return h(
      "li",
      {
        id: optionId(index),
        class: "search-result",
        role: "option",
        "aria-selected": "false",
        "data-index": index,
      },
      result.label,
    );
  }
}
