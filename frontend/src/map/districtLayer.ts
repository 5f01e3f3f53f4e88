/** Draws arrondissement outlines with their names; the selected one stands out. */
import L from "leaflet";
import type { District } from "../api";
import type { Translator } from "../i18n";
import { labelPoint, toLatLngs } from "./geometry";

const BASE_STYLE: L.PathOptions = {
  color: "#1d3557",
  weight: 2,
  opacity: 0.8,
  fillColor: "#1d3557",
  fillOpacity: 0.03,
};
const SELECTED_STYLE: L.PathOptions = { ...BASE_STYLE, weight: 4, opacity: 1, fillOpacity: 0.08 };
const DIMMED_STYLE: L.PathOptions = { ...BASE_STYLE, opacity: 0.45, fillOpacity: 0 };

export class DistrictLayer {
  private readonly group = L.featureGroup();
  private readonly labels = L.layerGroup();
  private readonly shapes = new Map<string, L.Polygon>();
  private drawn: { districts: District[]; lang: string } | null = null;
  private selected: string | null = null;

  constructor(map: L.Map) {
    this.group.addTo(map);
    this.labels.addTo(map);
  }

  draw(districts: District[], selected: string | null, tr: Translator): void {
    if (this.drawn?.districts !== districts || this.drawn.lang !== tr.lang) {
      this.rebuild(districts, tr);
      this.drawn = { districts, lang: tr.lang };
      this.selected = null;
      this.restyle(selected);
    } else if (this.selected !== selected) {
      this.restyle(selected);
    }
  }

  boundsOf(code: string): L.LatLngBounds | null {
    return this.shapes.get(code)?.getBounds() ?? null;
  }

  private rebuild(districts: District[], tr: Translator): void {
    this.group.clearLayers();
    this.labels.clearLayers();
    this.shapes.clear();
    for (const district of districts) {
      const name = tr.arrondissement(district.number);
      const shape = L.polygon(toLatLngs(district.polygons), {
        ...BASE_STYLE,
        pane: "districts",
        className: `district district-${district.code}`,
      });
      const tooltip = document.createElement("span");
      tooltip.textContent = district.officialName ? `${name} — ${district.officialName}` : name;
      shape.bindTooltip(tooltip, { sticky: true, direction: "top", className: "district-tooltip" });
      this.group.addLayer(shape);
      shape.getElement()?.setAttribute("data-district", district.code);
      this.shapes.set(district.code, shape);

      const at = labelPoint(district.polygons);
      if (at) {
        const text = document.createElement("span");
        text.textContent = tr.arrondissementShort(district.number);
        this.labels.addLayer(
          L.marker(at, {
            pane: "districtLabels",
            interactive: false,
            keyboard: false,
            icon: L.divIcon({ className: "district-label", html: text, iconSize: [40, 20] }),
          }),
        );
      }
    }
  }

  private restyle(selected: string | null): void {
    this.selected = selected;
    for (const [code, shape] of this.shapes) {
      shape.setStyle(selected === null ? BASE_STYLE : code === selected ? SELECTED_STYLE : DIMMED_STYLE);
    }
    if (selected) this.shapes.get(selected)?.bringToFront();
  }
}
