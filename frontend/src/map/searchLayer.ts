/** Marks the address the map was centred on, with Leaflet's default pin (icons imported explicitly). */
import L from "leaflet";
import iconRetinaUrl from "leaflet/dist/images/marker-icon-2x.png";
import iconUrl from "leaflet/dist/images/marker-icon.png";
import shadowUrl from "leaflet/dist/images/marker-shadow.png";
import type { GeocodeResult } from "../api";

// Bundlers rename Leaflet's images, so its own guess of their path fails: give them explicitly.
const pin = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  tooltipAnchor: [16, -28],
  shadowSize: [41, 41],
  className: "address-pin",
});

export class SearchLayer {
  private marker: L.Marker | null = null;
  private shown: GeocodeResult | null = null;

  constructor(private readonly map: L.Map) {}

  draw(chosen: GeocodeResult | null): void {
    if (chosen === this.shown) return;
    this.shown = chosen;
    this.marker?.remove();
    this.marker = null;
    if (!chosen) return;
    const label = document.createElement("span");
    label.textContent = chosen.label;
    this.marker = L.marker(chosen.latLng, {
      icon: pin,
      keyboard: false,
      alt: chosen.label,
      zIndexOffset: 1000,
    })
      .bindTooltip(label, { direction: "right", offset: [10, -24] })
      .addTo(this.map);
  }
}
