/**
 * A map of the city's outlines and one marker per located item, its status in its class and its
 * label (never by colour alone), for the lists that sit beside such a map (the projects followed
 * until delivered, the petitions). It draws what it is given and holds no data; a marker's click,
 * Enter or Space picks its item (the list then brings it into view).
 */
import L from "leaflet";
import type { District, LatLng } from "../api";
import { toLatLngs } from "./geometry";

export const PARIS_BOUNDS = L.latLngBounds([48.8156, 2.2242], [48.9022, 2.4699]);
export const OUTLINE: L.PathOptions = {
  color: "#1d3557",
  weight: 1.2,
  opacity: 0.6,
  fillColor: "#1d3557",
  fillOpacity: 0.03,
};

export interface StatusPoint {
  id: number;
  status: string;
  latLng: LatLng;
  label: string;
}

export interface StatusPointsMap {
  outlines(districts: District[]): void;
  points(points: StatusPoint[]): void;
  remove(): void;
}

export interface StatusPointsOptions {
  /** The marker's class, followed by `is-<status>`. */
  markerClass: string;
  /** The marker's size in pixels. */
  size: number;
  /** The marker element's `data-<name>` attribute holding the item's id (the tests find it so). */
  dataName: string;
  /** The deepest zoom the markers' bounds are fitted to. */
  maxZoom: number;
  onPick: (id: number) => void;
}

/** Outlines and status markers on `map` (made and configured by the caller, in `container`). */
export function statusPoints(
  map: L.Map,
  container: HTMLElement,
  options: StatusPointsOptions,
): StatusPointsMap {
  const outlineGroup = L.featureGroup().addTo(map);
  const markerGroup = L.featureGroup().addTo(map);
  const resize = new ResizeObserver(() => {
    map.invalidateSize();
  });
  resize.observe(container);
  return {
    outlines(districts) {
      outlineGroup.clearLayers();
      for (const d of districts) {
        outlineGroup.addLayer(L.polygon(toLatLngs(d.polygons), { ...OUTLINE, interactive: false }));
      }
    },
    points(points) {
      markerGroup.clearLayers();
      for (const point of points) {
        const marker = L.marker(point.latLng, {
          icon: L.divIcon({
            className: `${options.markerClass} is-${point.status}`,
            iconSize: [options.size, options.size],
          }),
          title: point.label,
          alt: point.label,
          keyboard: true,
        });
        const tip = document.createElement("span");
        tip.textContent = point.label;
        marker.bindTooltip(tip, { direction: "top", offset: [0, -12] });
        marker.on("click", () => {
          options.onPick(point.id);
        });
        markerGroup.addLayer(marker);
        const element = marker.getElement();
        element?.setAttribute("aria-label", point.label);
        element?.setAttribute(`data-${options.dataName}`, String(point.id));
        element?.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            options.onPick(point.id);
          }
        });
      }
      const bounds = markerGroup.getLayers().length ? markerGroup.getBounds() : PARIS_BOUNDS;
      map.invalidateSize();
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: options.maxZoom, animate: false });
    },
    remove() {
      resize.disconnect();
      map.stop();
      map.remove();
    },
  };
}
