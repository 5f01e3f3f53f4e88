/**
 * The 80 quartiers administratifs as thin outlines under the arrondissements, shown from
 * `QUARTIER_MIN_ZOOM` on (at the city's scale they would only blur the map). Decoration for
 * orientation: not interactive; each proposal's page and the list name the place in words.
 */
import L from "leaflet";
import type { District } from "../api";
import { toLatLngs } from "./geometry";

export const QUARTIER_MIN_ZOOM = 14;

const STYLE: L.PathOptions = {
  color: "#5b6b7f",
  weight: 1,
  dashArray: "4 4",
  fill: false,
  interactive: false,
};

export class QuartierLayer {
  private readonly group = L.featureGroup();
  private drawn: District[] | null = null;

  constructor(private readonly map: L.Map) {
    map.on("zoomend", () => {
      this.follow();
    });
  }

  draw(quartiers: District[]): void {
    if (this.drawn === quartiers) return;
    this.drawn = quartiers;
    this.group.clearLayers();
    for (const quartier of quartiers) {
      this.group.addLayer(
        L.polygon(toLatLngs(quartier.polygons), {
          ...STYLE,
          pane: "districts",
          className: `quartier quartier-${quartier.code}`,
        }),
      );
    }
    this.follow();
  }

  /** Whether the outlines are on the map (from QUARTIER_MIN_ZOOM on). */
  shown(): boolean {
    return this.map.hasLayer(this.group);
  }

  private follow(): void {
    const wanted = this.drawn !== null && this.map.getZoom() >= QUARTIER_MIN_ZOOM;
    if (wanted && !this.shown()) this.group.addTo(this.map);
    else if (!wanted && this.shown()) this.group.remove();
  }
}
