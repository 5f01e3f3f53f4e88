/**
 * The petitions' two maps. They draw what they are given and hold no data; the list beside the
 * first and the table beside the second say everything they show.
 * - the list's map: the arrondissements' outlines and one marker per located petition, its status
 *   in its label (never by colour alone); a marker's click (or Enter) goes to the petition in the
 *   list;
 * - the counts' map: each arrondissement shaded by its share of the counted signatures.
 */
import L from "leaflet";
import type { District } from "../api";
import { toLatLngs } from "../map/geometry";
import { addBaseMap, DATA_ATTRIBUTIONS } from "../map/mapView";
import {
  PARIS_BOUNDS as PARIS,
  statusPoints,
  type StatusPoint,
  type StatusPointsMap,
} from "../map/statusPoints";
import { areaOfArrondissement } from "./model";

export type MapPoint = StatusPoint;
export type PetitionsMap = StatusPointsMap;

function baseMap(
  container: HTMLElement,
  labels: { zoomIn: string; zoomOut: string },
  interactive = true,
): L.Map {
  const map = L.map(container, {
    zoomControl: false,
    minZoom: 10,
    maxZoom: 18,
    zoomSnap: 0.5,
    zoomAnimation: false,
    fadeAnimation: false,
    markerZoomAnimation: false,
    scrollWheelZoom: interactive,
  });
  L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
  for (const selector of [".leaflet-control-zoom-in", ".leaflet-control-zoom-out"]) {
    const button = container.querySelector(selector);
    button?.setAttribute("aria-label", selector.endsWith("in") ? labels.zoomIn : labels.zoomOut);
  }
  map.fitBounds(PARIS);
  map.attributionControl.setPrefix(false);
  for (const text of DATA_ATTRIBUTIONS) map.attributionControl.addAttribution(text);
  addBaseMap(map, container, 18);
  return map;
}

export function createPetitionsMap(
  container: HTMLElement,
  labels: { zoomIn: string; zoomOut: string },
  onPick: (id: number) => void,
): PetitionsMap {
  return statusPoints(baseMap(container, labels), container, {
    markerClass: "petition-marker",
    size: 20,
    dataName: "petition",
    maxZoom: 13,
    onPick,
  });
}

/** The shade of an arrondissement with `count` of the largest `most` signatures (0 → none). */
export function shade(count: number, most: number): number {
  if (count <= 0 || most <= 0) return 0;
  return 0.15 + 0.6 * (count / most);
}

export interface CountsMap {
  draw(
    districts: District[],
    counts: ReadonlyMap<string, number>,
    label: (d: District, count: number) => string,
  ): void;
  remove(): void;
}

/** Arrondissements shaded by their area's counted signatures (`counts`: area code → count). */
export function createCountsMap(
  container: HTMLElement,
  labels: { zoomIn: string; zoomOut: string },
): CountsMap {
  const map = baseMap(container, labels, false);
  const group = L.featureGroup().addTo(map);
  const resize = new ResizeObserver(() => {
    map.invalidateSize();
  });
  resize.observe(container);
  return {
    draw(districts, counts, label) {
      group.clearLayers();
      const most = Math.max(0, ...counts.values());
      for (const d of districts) {
        const area = areaOfArrondissement(d.number);
        const count = area ? (counts.get(area) ?? 0) : 0;
        const shape = L.polygon(toLatLngs(d.polygons), {
          color: "#1d3557",
          weight: 1,
          opacity: 0.8,
          fillColor: "#1d3557",
          fillOpacity: shade(count, most),
        });
        const tip = document.createElement("span");
        tip.textContent = label(d, count);
        shape.bindTooltip(tip, { sticky: true });
        group.addLayer(shape);
      }
      map.invalidateSize();
      map.fitBounds(PARIS, { animate: false });
    },
    remove() {
      resize.disconnect();
      map.stop();
      map.remove();
    },
  };
}
