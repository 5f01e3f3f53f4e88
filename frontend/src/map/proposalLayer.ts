/**
 * Draws proposals as circle markers coloured by theme, and the popup of the selected one.
 * Clicking a marker or closing the popup is reported to the caller, who updates the state;
 * this layer then draws the new state.
 */
import L from "leaflet";
import type { Proposal } from "../api";

export interface ProposalDrawing {
  items: Proposal[];
  colorOf: (themeSlug: string) => string;
  selected: number | null;
  /** Anything whose change must rebuild markers and popups (the language, for one). */
  version: string;
  zoom: number;
}

/** Smaller dots when the whole city is in view, so dense areas stay readable. */
export function markerRadius(zoom: number): number {
  return zoom <= 12 ? 5 : zoom <= 14 ? 7 : 9;
}
const SELECTED_EXTRA = 4;

export class ProposalLayer {
  private readonly group = L.featureGroup();
  private readonly markers = new Map<number, L.CircleMarker>();
  private readonly popup: L.Popup;
  private drawn: Omit<ProposalDrawing, "selected" | "zoom"> | null = null;
  private selected: number | null = null;
  private radius = markerRadius(12);
  private closingOnPurpose = false;

  constructor(
    private readonly map: L.Map,
    private readonly renderPopup: (proposal: Proposal) => HTMLElement,
    private readonly onSelect: (id: number | null) => void,
  ) {
    this.group.addTo(map);
    this.popup = L.popup({
      maxWidth: 320,
      minWidth: 200,
      offset: [0, -4],
      autoPanPadding: [12, 12],
      className: "proposal-popup-wrap",
    });
    map.on("popupclose", (event: L.PopupEvent) => {
      if (event.popup !== this.popup || this.closingOnPurpose) return;
      // Closed by the person. Forget the selection here, before reporting it, so the redraw that
      // follows does not close the popup a second time while Leaflet is still removing it (a
      // second removal leaves a stray fade-out timer that later removes the next popup).
      this.unmark(this.selected);
      this.selected = null;
      this.onSelect(null);
    });
  }

  draw(drawing: ProposalDrawing): void {
    const { items, colorOf, version } = drawing;
    const d = this.drawn;
    const radius = markerRadius(drawing.zoom);
    if (radius !== this.radius) {
      this.radius = radius;
      for (const [id, marker] of this.markers) {
        marker.setRadius(id === this.selected ? radius + SELECTED_EXTRA : radius);
      }
    }
    if (d?.items !== items || d.colorOf !== colorOf || d.version !== version) {
      this.rebuild(items, colorOf);
      this.drawn = { items, colorOf, version };
      this.selected = null;
      this.closePopup();
    }
    if (drawing.selected !== this.selected) this.select(drawing.selected);
  }

  private rebuild(items: Proposal[], colorOf: (slug: string) => string): void {
    this.group.clearLayers();
    this.markers.clear();
    for (const proposal of items) {
      if (!proposal.latLng) continue;
      const marker = L.circleMarker(proposal.latLng, {
        radius: this.radius,
        color: "#ffffff",
        weight: 1.5,
        fillColor: colorOf(proposal.theme.slug),
        fillOpacity: 0.95,
        className: "proposal-marker",
        bubblingMouseEvents: false,
      });
      marker.bindTooltip(
        () => {
          const span = document.createElement("span");
          span.textContent = proposal.title;
          return span;
        },
        { direction: "top", offset: [0, -6] },
      );
      marker.on("click", () => {
        this.onSelect(proposal.id);
      });
      this.group.addLayer(marker);
      marker.getElement()?.setAttribute("data-proposal-id", String(proposal.id));
      this.markers.set(proposal.id, marker);
    }
  }

  private unmark(id: number | null): void {
    const marker = id === null ? undefined : this.markers.get(id);
    marker?.setStyle({ radius: this.radius, color: "#ffffff", weight: 1.5 });
    marker?.getElement()?.classList.remove("is-selected");
  }

  private select(id: number | null): void {
    this.unmark(this.selected);
    this.selected = id;

    const marker = id === null ? undefined : this.markers.get(id);
    const proposal = id === null ? undefined : this.drawn?.items.find((p) => p.id === id);
    if (!marker || !proposal) {
      this.closePopup();
      return;
    }
    marker.setStyle({ radius: this.radius + SELECTED_EXTRA, color: "#111111", weight: 3 });
    marker.getElement()?.classList.add("is-selected");
    marker.bringToFront();
    // Narrow maps (phones) get a narrower popup, so it fits between the map's edges.
    this.popup.options.maxWidth = Math.max(180, Math.min(320, this.map.getSize().x - 80));
    this.popup.options.minWidth = Math.min(200, this.popup.options.maxWidth);
    this.popup.setLatLng(marker.getLatLng()).setContent(this.renderPopup(proposal)).openOn(this.map);
  }

  private closePopup(): void {
    if (!this.popup.isOpen()) return;
    this.closingOnPurpose = true;
    try {
      this.map.closePopup(this.popup);
    } finally {
      this.closingOnPurpose = false;
    }
  }
}
