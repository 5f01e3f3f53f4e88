/** The theme and arrondissement filters above the list. */
import type { District, Theme } from "../api";
import type { Translator } from "../i18n";
import type { Filters } from "../state/ui";
import { h } from "../ui/dom";

export interface FilterView {
  themes: readonly Theme[];
  districts: readonly District[];
  filters: Filters;
  tr: Translator;
}

export interface FilterHandlers {
  onTheme(slug: string | null): void;
  onDistrict(code: string | null): void;
  onReset(): void;
}

export class FilterPanel {
  private readonly theme: HTMLSelectElement;
  private readonly district: HTMLSelectElement;
  private readonly themeLabel: HTMLLabelElement;
  private readonly districtLabel: HTMLLabelElement;
  private readonly reset: HTMLButtonElement;
  private drawn: { themes: unknown; districts: unknown; lang: string } | null = null;

  constructor(root: HTMLElement, handlers: FilterHandlers) {
    this.theme = h("select", { id: "filter-theme", name: "theme" });
    this.district = h("select", { id: "filter-district", name: "district" });
    this.themeLabel = h("label", { for: "filter-theme" });
    this.districtLabel = h("label", { for: "filter-district" });
    this.reset = h("button", { type: "button", class: "button button-quiet", id: "filter-reset" });
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
      h("div", { class: "field" }, this.themeLabel, this.theme),
      h("div", { class: "field" }, this.districtLabel, this.district),
      this.reset,
    );
  }

  draw({ themes, districts, filters, tr }: FilterView): void {
    if (this.drawn?.themes !== themes || this.drawn.districts !== districts || this.drawn.lang !== tr.lang) {
      this.themeLabel.textContent = tr.t("filters.theme");
      this.districtLabel.textContent = tr.t("filters.district");
      this.reset.textContent = tr.t("filters.reset");
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
      this.drawn = { themes, districts, lang: tr.lang };
    }
    // A value from the URL that is not (yet) an option is kept visible as "all" until it loads.
    this.theme.value = filters.theme ?? "";
    this.district.value = filters.district ?? "";
    this.reset.hidden = filters.theme === null && filters.district === null;
  }
}
