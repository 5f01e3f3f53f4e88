/** The theme and arrondissement filters above the list. */
import type { District, Theme } from "../api";
import type { Translator } from "../i18n";
import { MAP_STATUSES } from "../map/colors";
import { localTranslator } from "../i18n/local";
import { MIN_SUPPORTS, hasFilters, type ColorBy, type Filters, type ListSort, type Shown } from "../state/ui";
import { h } from "../ui/dom";
import { supportFilterMessages } from "./supports.messages";

export interface FilterView {
  themes: readonly Theme[];
  districts: readonly District[];
  filters: Filters;
  colorBy: ColorBy;
  shown: Shown;
  /** The list's order (the API's by default). */
  sort?: ListSort;
  tr: Translator;
}

export interface FilterHandlers {
  onTheme(slug: string | null): void;
  onDistrict(code: string | null): void;
  onStatus(status: string | null): void;
  onSearch(words: string | null): void;
  onColorBy(colorBy: ColorBy): void;
  onShown(shown: Shown): void;
  onReset(): void;
  onMinSupports?(count: number | null): void;
  onSort?(sort: ListSort): void;
}

export class FilterPanel {
  private readonly theme: HTMLSelectElement;
  private readonly district: HTMLSelectElement;
  private readonly themeLabel: HTMLLabelElement;
  private readonly districtLabel: HTMLLabelElement;
  private readonly reset: HTMLButtonElement;
  private readonly status: HTMLSelectElement;
  private readonly statusLabel: HTMLLabelElement;
  private readonly search: HTMLInputElement;
  private readonly searchLabel: HTMLLabelElement;
  private readonly colorBy: HTMLSelectElement;
  private readonly colorByLabel: HTMLLabelElement;
  private readonly moreLabel: HTMLElement;
  private readonly shown: HTMLSelectElement;
  private readonly shownLabel: HTMLLabelElement;
  private readonly supports: HTMLSelectElement;
  private readonly supportsLabel: HTMLLabelElement;
  private readonly sort: HTMLSelectElement;
  private readonly sortLabel: HTMLLabelElement;
  private drawn: { themes: unknown; districts: unknown; lang: string } | null = null;

  constructor(root: HTMLElement, handlers: FilterHandlers) {
    this.theme = h("select", { id: "filter-theme", name: "theme" });
    this.district = h("select", { id: "filter-district", name: "district" });
    this.themeLabel = h("label", { for: "filter-theme" });
    this.districtLabel = h("label", { for: "filter-district" });
    this.reset = h("button", { type: "button", class: "button button-quiet", id: "filter-reset" });
    this.status = h("select", { id: "filter-status", name: "status" });
    this.statusLabel = h("label", { for: "filter-status" });
    this.search = h("input", {
      id: "filter-search",
      name: "q",
      type: "search",
      maxlength: 100,
      autocomplete: "off",
    });
    this.searchLabel = h("label", { for: "filter-search" });
    this.colorBy = h("select", { id: "filter-colors", name: "colors" });
    this.colorByLabel = h("label", { for: "filter-colors" });
    this.moreLabel = h("summary", {});
    this.shown = h("select", { id: "filter-shown", name: "show" });
    this.shownLabel = h("label", { for: "filter-shown" });
    this.supports = h("select", { id: "filter-supports", name: "soutiens" });
    this.supportsLabel = h("label", { for: "filter-supports" });
    this.sort = h("select", { id: "filter-sort", name: "tri" });
    this.sortLabel = h("label", { for: "filter-sort" });
    this.supports.addEventListener("change", () => {
      handlers.onMinSupports?.(this.supports.value ? Number(this.supports.value) : null);
    });
    this.sort.addEventListener("change", () => {
      handlers.onSort?.(this.sort.value === "supports" ? "supports" : "deposit");
    });
    this.shown.addEventListener("change", () => {
      handlers.onShown(this.shown.value === "projects" ? "projects" : "proposals");
    });
    this.status.addEventListener("change", () => {
      handlers.onStatus(this.status.value || null);
    });
    // Searching as the person types, once they pause; Enter searches at once.
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        handlers.onSearch(this.search.value);
      }, 400);
    });
    this.search.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      clearTimeout(timer);
      handlers.onSearch(this.search.value);
    });
    this.colorBy.addEventListener("change", () => {
      handlers.onColorBy(this.colorBy.value === "status" ? "status" : "theme");
    });
    this.theme.addEventListener("change", () => {
      handlers.onTheme(this.theme.value || null);
    });
    this.district.addEventListener("change", () => {
      handlers.onDistrict(this.district.value || null);
    });
    this.reset.addEventListener("click", () => {
      handlers.onReset();
    });
    root.append(
      h("div", { class: "field field-wide" }, this.shownLabel, this.shown),
      h("div", { class: "field" }, this.themeLabel, this.theme),
      h("div", { class: "field" }, this.districtLabel, this.district),
      h(
        "details",
        { class: "more-filters field-wide" },
        this.moreLabel,
        h(
          "div",
          { class: "filters" },
          h("div", { class: "field" }, this.statusLabel, this.status),
          h("div", { class: "field" }, this.colorByLabel, this.colorBy),
          h("div", { class: "field" }, this.supportsLabel, this.supports),
          h("div", { class: "field" }, this.sortLabel, this.sort),
          h("div", { class: "field field-wide" }, this.searchLabel, this.search),
        ),
      ),
      this.reset,
    );
  }

  draw({ themes, districts, filters, colorBy, shown, sort = "deposit", tr }: FilterView): void {
    if (this.drawn?.themes !== themes || this.drawn.districts !== districts || this.drawn.lang !== tr.lang) {
      this.themeLabel.textContent = tr.t("filters.theme");
      this.districtLabel.textContent = tr.t("filters.district");
      this.reset.textContent = tr.t("filters.reset");
      this.statusLabel.textContent = tr.t("filters.status");
      this.searchLabel.textContent = tr.t("filters.search");
      this.colorByLabel.textContent = tr.t("filters.colorBy");
      this.moreLabel.textContent = tr.t("filters.more");
      this.shownLabel.textContent = tr.t("filters.shown");
      this.shown.replaceChildren(
        h("option", { value: "proposals" }, tr.t("filters.shown.proposals")),
        h("option", { value: "projects" }, tr.t("filters.shown.projects")),
      );
      this.status.replaceChildren(
        h("option", { value: "" }, tr.t("filters.status.all")),
        ...MAP_STATUSES.map((s) => h("option", { value: s }, tr.status(s))),
      );
      this.colorBy.replaceChildren(
        h("option", { value: "theme" }, tr.t("filters.colorBy.theme")),
        h("option", { value: "status" }, tr.t("filters.colorBy.status")),
      );
      this.theme.replaceChildren(
        h("option", { value: "" }, tr.t("filters.theme.all")),
        ...themes.map((t) => h("option", { value: t.slug }, tr.themeName(t))),
      );
      this.district.replaceChildren(
        h("option", { value: "" }, tr.t("filters.district.all")),
        ...districts.map((d) =>
          h(
            "option",
            { value: d.code },
            d.officialName
              ? `${tr.arrondissementShort(d.number)} — ${d.officialName}`
              : tr.arrondissement(d.number),
          ),
        ),
      );
      const st = localTranslator(supportFilterMessages, tr.lang);
      this.supportsLabel.textContent = st("minSupports");
      this.supports.replaceChildren(
        h("option", { value: "" }, st("anySupports")),
        ...MIN_SUPPORTS.map((n) => h("option", { value: String(n) }, st("atLeast", { count: n }))),
      );
      this.sortLabel.textContent = st("sort");
      this.sort.replaceChildren(
        h("option", { value: "deposit" }, st("sort.deposit")),
        h("option", { value: "supports" }, st("sort.supports")),
      );
      this.drawn = { themes, districts, lang: tr.lang };
    }
    // A value from the URL that is not (yet) an option is kept visible as "all" until it loads.
    this.theme.value = filters.theme ?? "";
    this.district.value = filters.district ?? "";
    // More filters stay open when one of them is in use (or the person opened them).
    const details = this.moreLabel.parentElement as HTMLDetailsElement;
    if (
      filters.status !== null ||
      filters.search !== null ||
      filters.minSupports !== null ||
      sort !== "deposit" ||
      colorBy !== "theme"
    )
      details.open = true;
    this.shown.value = shown;
    // Projects have no status of their own: the status filter is for proposals.
    this.status.disabled = shown === "projects";
    this.status.value = filters.status ?? "";
    this.colorBy.value = colorBy;
    // Supports are the proposals': projects have none.
    this.supports.disabled = shown === "projects";
    this.sort.disabled = shown === "projects";
    this.supports.value = filters.minSupports === null ? "" : String(filters.minSupports);
    if (this.supports.value === "" && filters.minSupports !== null) {
      // A value from the URL that is not one of the choices: shown as an option of its own.
      const st = localTranslator(supportFilterMessages, tr.lang);
      const value = String(filters.minSupports);
      this.supports.append(h("option", { value }, st("atLeast", { count: filters.minSupports })));
      this.supports.value = value;
    }
    this.sort.value = sort;
    if (document.activeElement !== this.search) this.search.value = filters.search ?? "";
    this.reset.hidden = !hasFilters(filters);
  }
}
