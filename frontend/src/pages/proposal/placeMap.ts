/**
 * A small map of one place: the base map when the build has one and its server answers, and
 * always the city's own outlines from the API (arrondissements, named, the place's highlighted;
 * quartiers from zoom 14), so a pin is never on a bare polygon even with no tile server; and a pin.
 * The proposal page shows it; the propose page lets the pin be put down by a click and dragged.
 */
import L from "leaflet";
import iconRetinaUrl from "leaflet/dist/images/marker-icon-2x.png";
import iconUrl from "leaflet/dist/images/marker-icon.png";
import shadowUrl from "leaflet/dist/images/marker-shadow.png";
import type { District, LatLng } from "../../api";
import type { Translator } from "../../i18n";
import { DistrictLayer } from "../../map/districtLayer";
import { addBaseMap, DATA_ATTRIBUTIONS } from "../../map/mapView";
import { QuartierLayer } from "../../map/quartierLayer";

// Bundlers rename Leaflet's images, so its own guess of their path fails: give them explicitly.
const pin = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  tooltipAnchor: [16, -28],
  shadowSize: [41, 41],
  className: "place-pin",
});

/** The city itself, to fit when no place is chosen yet. */
const PARIS_BOUNDS = L.latLngBounds([48.8156, 2.2242], [48.9022, 2.4699]);
const MAX_BOUNDS = L.latLngBounds([48.7, 2.05], [49.02, 2.65]);
/** Close enough to put a pin on the right pavement, far enough to see the streets around. */
export const PLACE_ZOOM = 15;

export interface PlaceMapOptions {
  /** Clicking the map or dragging the pin moves the place (the propose page). */
  editable?: boolean;
  onPick?: (latLng: LatLng) => void;
  labels: { map: string; pin: string; zoomIn: string; zoomOut: string };
}

export class PlaceMap {
  readonly map: L.Map;
  private readonly districts: DistrictLayer;
  private readonly quartiers: QuartierLayer;
  private marker: L.Marker | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: PlaceMapOptions,
  ) {
    container.classList.add("place-map");
    container.setAttribute("role", "region");
    this.map = L.map(container, {
      minZoom: 11,
      maxZoom: 19,
      maxBounds: MAX_BOUNDS,
      maxBoundsViscosity: 0.8,
      zoomSnap: 1,
      attributionControl: true,
      // A small map of one place needs no animation; without any, no timer of Leaflet's can
      // outlive the map when the page is left at once (its "_leaflet_pos" error).
      zoomAnimation: false,
      fadeAnimation: false,
      markerZoomAnimation: false,
    });
    this.map.createPane("districts").style.zIndex = "350";
    const labels = this.map.createPane("districtLabels");
    labels.style.zIndex = "390";
    labels.style.pointerEvents = "none";
    for (const text of DATA_ATTRIBUTIONS) this.map.attributionControl.addAttribution(text);
    this.map.attributionControl.setPrefix(false);
    this.map.fitBounds(PARIS_BOUNDS, { padding: [4, 4] });
    addBaseMap(this.map, container, 19);
    this.districts = new DistrictLayer(this.map);
    this.quartiers = new QuartierLayer(this.map);
    if (options.editable) {
      this.map.on("click", (event: L.LeafletMouseEvent) => {
        options.onPick?.([event.latlng.lat, event.latlng.lng]);
      });
    }
    if (typeof ResizeObserver !== "undefined") {
      const observer = new ResizeObserver(() => this.map.invalidateSize({ pan: false }));
      observer.observe(container);
      // Once the page is left the map is removed: a last resize must not reach it.
      this.map.on("unload", () => {
        observer.disconnect();
      });
    }
    this.setLabels(options.labels);
  }

  /** The words of the map and its controls, in the page's language. */
  setLabels(labels: PlaceMapOptions["labels"]): void {
    this.options.labels = labels;
    this.container.setAttribute("aria-label", labels.map);
    for (const [selector, text] of [
      [".leaflet-control-zoom-in", labels.zoomIn],
      [".leaflet-control-zoom-out", labels.zoomOut],
    ] as const) {
      for (const element of this.container.querySelectorAll(selector)) {
        element.setAttribute("aria-label", text);
        element.setAttribute("title", text);
      }
    }
    this.marker?.getElement()?.setAttribute("alt", labels.pin);
    this.marker?.getElement()?.setAttribute("title", labels.pin);
  }

  drawDistricts(districts: District[], selected: string | null, tr: Translator): void {
    this.districts.draw(
      districts.filter((d) => d.level === "arrondissement"),
      selected,
      tr,
    );
  }

  /** The quartiers' thin outlines (shown from zoom 14 on), for orientation. */
  drawQuartiers(quartiers: District[]): void {
    this.quartiers.draw(quartiers.filter((d) => d.level === "quartier"));
  }

  /** Puts the pin at `at` (or removes it) and, when asked, centres the map on it. */
  place(at: LatLng | null, options: { centre?: boolean } = {}): void {
    if (!at) {
      this.marker?.remove();
      this.marker = null;
      return;
    }
    if (!this.marker) {
      this.marker = L.marker(at, {
        icon: pin,
        draggable: this.options.editable ?? false,
        // Without a way to move it by keyboard, the pin is not a control: the address is.
        keyboard: false,
        alt: this.options.labels.pin,
        title: this.options.labels.pin,
        zIndexOffset: 1000,
      }).addTo(this.map);
      this.marker.on("dragend", () => {
        const where = this.marker?.getLatLng();
        if (where) this.options.onPick?.([where.lat, where.lng]);
      });
    } else {
      this.marker.setLatLng(at);
    }
    if (options.centre) this.map.setView(at, Math.max(this.map.getZoom(), PLACE_ZOOM));
  }

  /** Shows the whole arrondissement `code` (with the pin, which is in it). */
  fitDistrict(code: string): boolean {
    const bounds = this.districts.boundsOf(code);
    if (!bounds) return false;
    this.map.fitBounds(bounds, { padding: [12, 12] });
    return true;
  }

  remove(): void {
    this.map.stop(); // an ongoing pan would call into the removed panes
    this.map.remove();
  }
}
