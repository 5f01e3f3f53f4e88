/** A collapsible legend of theme colours in a corner of the map. */
import L from "leaflet";
import type { Theme } from "../api";
import type { Translator } from "../i18n";
import { h } from "../ui/dom";

export class Legend {
  private readonly control: L.Control;
  private readonly container: HTMLDetailsElement;
  private drawn: { themes: Theme[]; lang: string } | null = null;

  constructor(map: L.Map, open: boolean) {
    this.container = h("details", { class: "map-legend", open });
    L.DomEvent.disableClickPropagation(this.container);
    L.DomEvent.disableScrollPropagation(this.container);
    const container = this.container;
    const Control = L.Control.extend({ onAdd: () => container });
    this.control = new Control({ position: "topright" });
    this.control.addTo(map);
  }

  draw(themes: Theme[], colorOf: (slug: string) => string, tr: Translator): void {
    if (this.drawn?.themes === themes && this.drawn.lang === tr.lang) return;
    this.drawn = { themes, lang: tr.lang };
    this.container.hidden = themes.length === 0;
    this.container.replaceChildren(
      h("summary", {}, tr.t("map.legend")),
      h(
        "ul",
        {},
        ...themes.map((theme) =>
          h(
            "li",
            {},
            h("span", {
              class: "swatch",
              style: `background-color: ${colorOf(theme.slug)}`,
              "aria-hidden": "true",
            }),
            tr.themeName(theme),
          ),
        ),
      ),
    );
  }
}
