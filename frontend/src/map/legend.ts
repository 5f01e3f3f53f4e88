/** A collapsible legend of the markers' colours (themes or statuses) in a corner of the map. */
import L from "leaflet";
import { h } from "../ui/dom";

export interface LegendEntry {
  color: string;
  label: string;
}

export class Legend {
  private readonly control: L.Control;
  private readonly container: HTMLDetailsElement;
  private drawn: string | null = null;

  constructor(map: L.Map, open: boolean) {
    this.container = h("details", { class: "map-legend", open });
    L.DomEvent.disableClickPropagation(this.container);
    L.DomEvent.disableScrollPropagation(this.container);
    const container = this.container;
    const Control = L.Control.extend({ onAdd: () => container });
    this.control = new Control({ position: "topright" });
    this.control.addTo(map);
  }

  draw(title: string, entries: LegendEntry[]): void {
    const key = JSON.stringify([title, entries]);
    if (this.drawn === key) return;
    this.drawn = key;
    this.container.hidden = entries.length === 0;
    this.container.replaceChildren(
      h("summary", {}, title),
      h(
        "ul",
        {},
        ...entries.map((entry) =>
          h(
            "li",
            {},
            h("span", { class: "swatch", style: `background-color: ${entry.color}`, "aria-hidden": "true" }),
            entry.label,
          ),
        ),
      ),
    );
  }
}
