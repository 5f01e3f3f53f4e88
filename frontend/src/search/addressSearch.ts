/** The address search box: asks the geocoder, lists what it found, recentres the map on a choice. */
import type { GeocodeResult } from "../api";
import type { Translator } from "../i18n";
import type { SearchState } from "../state/data";
import { h, setText } from "../ui/dom";

export const MIN_QUERY_LENGTH = 3;

export interface SearchHandlers {
  onSearch(query: string): void;
  onChoose(result: GeocodeResult): void;
}

export class AddressSearch {
  private readonly label: HTMLLabelElement;
  private readonly input: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly results: HTMLUListElement;
  private drawn: { search: SearchState; lang: string } | null = null;

  constructor(
    root: HTMLElement,
    private readonly handlers: SearchHandlers,
  ) {
    this.label = h("label", { for: "address-query" });
    this.input = h("input", {
      id: "address-query",
      type: "search",
      name: "q",
      autocomplete: "street-address",
      enterkeyhint: "search",
      minlength: MIN_QUERY_LENGTH,
      required: true,
    });
    this.submit = h("button", { type: "submit", class: "button" });
    this.status = h("p", { class: "search-status", role: "status", "aria-live": "polite" });
    this.results = h("ul", { class: "search-results" });
    const form = h(
      "form",
      { class: "address-search", role: "search" },
      this.label,
      h("div", { class: "search-row" }, this.input, this.submit),
      this.status,
      this.results,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const query = this.input.value.trim();
      if (query.length >= MIN_QUERY_LENGTH) this.handlers.onSearch(query);
    });
    root.append(form);
  }

  draw(search: SearchState, tr: Translator): void {
    if (this.drawn?.search === search && this.drawn.lang === tr.lang) return;
    const langChanged = this.drawn?.lang !== tr.lang;
    this.drawn = { search, lang: tr.lang };
    if (langChanged) {
      this.label.textContent = tr.t("search.label");
      this.input.placeholder = tr.t("search.placeholder");
      this.submit.textContent = tr.t("search.submit");
    }
    const { results, chosen } = search;
    this.results.replaceChildren();
    switch (results.status) {
      case "loading":
        setText(this.status, tr.t("search.searching"));
        break;
      case "error":
        setText(this.status, tr.t("search.error"));
        break;
      case "ready":
        if (results.data.length === 0) {
          setText(this.status, tr.t("search.none", { query: search.query }));
        } else {
          setText(this.status, tr.t("search.results"));
          this.results.append(...results.data.map((result) => this.option(result)));
        }
        break;
      case "idle":
        setText(this.status, chosen ? tr.t("search.shown", { label: chosen.label }) : "");
        break;
    }
  }

  private option(result: GeocodeResult): HTMLLIElement {
    const button = h("button", { type: "button", class: "search-result" }, result.label);
    button.addEventListener("click", () => {
      this.handlers.onChoose(result);
    });
    return h("li", {}, button);
  }
}
