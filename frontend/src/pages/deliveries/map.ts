/**
 * The « projets réalisés » map: the arrondissements' outlines and one marker per located project,
 * coloured by status (the status is in its label too, never by colour alone). It draws what it is
 * given and holds no data; a marker's click (or Enter) goes to the project in the list.
 */
import L from "leaflet";
import { DATA_ATTRIBUTIONS } from "../../map/mapView";
import { PARIS_BOUNDS, statusPoints, type StatusPoint, type StatusPointsMap } from "../../map/statusPoints";

/** A project on the map, by its id. */
export type Point = StatusPoint;
export type DeliveriesMap = StatusPointsMap;

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
  map.fitBounds(PARIS_BOUNDS);
  map.attributionControl.addAttribution(DATA_ATTRIBUTIONS[0] as string);
  return statusPoints(map, container, {
    markerClass: "delivery-marker",
    size: 22,
    dataName: "project",
    maxZoom: 14,
    onPick,
  });
}
