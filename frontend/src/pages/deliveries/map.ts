/**
 * The « projets réalisés » map: the arrondissements' outlines and one marker per located project,
 * coloured by status (the status is in its label too, never by colour alone). It draws what it is
 * given and holds no data; a marker's click (or Enter) goes to the project in the list.
 */
import L from "leaflet";
import type { District } from "../../api";
import { toLatLngs } from "../../map/geometry";
import { DATA_ATTRIBUTIONS } from "../../map/mapView";

const PARIS = L.latLngBounds([48.8156, 2.2242], [48.9022, 2.4699]);
const OUTLINE: L.PathOptions = {
  color: "#1d3557",
  weight: 1.2,
  opacity: 0.6,
  fillColor: "#1d3557",
  fillOpacity: 0.03,
};

export interface Point {
  project: number;
  status: string;
  latLng: [number, number];
  label: string;
}

export interface DeliveriesMap {
  outlines(districts: District[]): void;
  points(points: Point[]): void;
  remove(): void;
}

export function createDeliveriesMap(
  container: HTMLElement,
  labels: { zoomIn: string; zoomOut: string },
  onPick: (project: number) => void,
): DeliveriesMap {
  const map = L.map(container, { zoomControl: false, minZoom: 10, maxZoom: 18, zoomSnap: 0.5 });
  L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
  container.addEventListener(
    "mousedown",
    () => {
      if (!container.contains(document.activeElement)) container.focus({ preventScroll: true });
    },
    true,
  );
  map.fitBounds(PARIS);
  map.attributionControl.addAttribution(DATA_ATTRIBUTIONS[0] as string);
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
          icon: L.divIcon({ className: `delivery-marker is-${point.status}`, iconSize: [22, 22] }),
          title: point.label,
          alt: point.label,
          keyboard: true,
        });
        const tip = document.createElement("span");
        tip.textContent = point.label;
        marker.bindTooltip(tip, { direction: "top", offset: [0, -12] });
        marker.on("click", () => {
          onPick(point.project);
        });
        markerGroup.addLayer(marker);
        const element = marker.getElement();
        element?.setAttribute("aria-label", point.label);
        element?.setAttribute("data-project", String(point.project));
        element?.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            onPick(point.project);
          }
        });
      }
      const bounds = markerGroup.getLayers().length ? markerGroup.getBounds() : PARIS;
      map.invalidateSize();
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14, animate: false });
    },
    remove() {
      resize.disconnect();
      map.stop();
      map.remove();
    },
  };
}
